from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from stakeholders.models import Stakeholder

from .locking import VersionedFormMixin
from .models import (
    CYCLE_OFFSET_LIMIT,
    Cadence,
    Channel,
    CommunicationPlan,
    Goal,
    Happened,
    Membership,
    Message,
    PlanRow,
    Profile,
    Review,
    Role,
    RowStatus,
    display_name,
)
from .validators import PlausibleDatesMixin
from .widgets import FastSelect


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CycleOffsetInput(forms.NumberInput):
    def __init__(self, attrs=None):
        limits = {"min": -CYCLE_OFFSET_LIMIT, "max": CYCLE_OFFSET_LIMIT}
        super().__init__(limits | (attrs or {}))


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


def plan_members(plan):
    """The people who are members of `plan`, for owner choices."""
    return (
        get_user_model()
        .objects.filter(memberships__plan=plan)
        .order_by("first_name", "last_name", "username")
    )


class PlanForm(PlausibleDatesMixin, forms.ModelForm):
    class Meta:
        model = CommunicationPlan
        fields = [
            "name",
            "organisation",
            "purpose",
            "message_and_timing",
            "stakeholder_approach",
            "start_date",
            "end_date",
            "currency",
            "sop_meeting_week",
            "sop_meeting_weekday",
            "escalation_days",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "message_and_timing": forms.Textarea(attrs={"rows": 3}),
            "stakeholder_approach": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "sop_meeting_week": _(
                "When the monthly executive S&OP meeting is held, e.g. the 2nd Tuesday. "
                "Activities can then be reviewed a number of working days before or after it."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sop_meeting_week"].choices = [
            ("", _("No fixed meeting")),
            *self.fields["sop_meeting_week"].choices[1:],
        ]
        self.fields["sop_meeting_weekday"].choices = [
            ("", "—"),
            *self.fields["sop_meeting_weekday"].choices[1:],
        ]
        self.fields["escalation_days"].widget.attrs["max"] = 90
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's <form> has the token
        self.helper.layout = Layout(
            "name",
            "organisation",
            "purpose",
            "message_and_timing",
            "stakeholder_approach",
            Row(Column("start_date"), Column("end_date"), Column("currency")),
            Fieldset(
                _("Follow-up"),
                Row(Column("sop_meeting_week"), Column("sop_meeting_weekday")),
                Row(Column("escalation_days", css_class="col-md-6")),
            ),
        )

    def clean_currency(self):
        return self.cleaned_data["currency"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        plan = self.instance
        clears_meeting = cleaned.get("sop_meeting_week") is None or (
            cleaned.get("sop_meeting_weekday") is None
        )
        if plan.pk and plan.has_sop_cycle and clears_meeting and "sop_meeting_week" in cleaned:
            following = plan.rows.filter(cadence=Cadence.SOP_CYCLE).count()
            if following:
                self.add_error(
                    "sop_meeting_week",
                    ngettext(
                        "%(count)d activity follows the S&OP cycle. Give it another review "
                        "cadence before removing the meeting.",
                        "%(count)d activities follow the S&OP cycle. Give them another review "
                        "cadence before removing the meeting.",
                        following,
                    )
                    % {"count": following},
                )
        return cleaned


class CadenceFieldsMixin:
    """The review cadence's extra number is kept only for the cadence it belongs to."""

    def clean_cadence_fields(self, cleaned):
        cadence = cleaned.get("cadence")
        if cadence != Cadence.EVERY_N_WEEKS:
            cleaned.pop("cadence_weeks", None)
            self.instance.cadence_weeks = None
        if cadence != Cadence.SOP_CYCLE:
            cleaned.pop("cycle_offset", None)
            self.instance.cycle_offset = None
        return cleaned


# A row's links to the plan's objects: selects of up to hundreds of options in a large plan.
RELATED_FIELDS = ("stakeholder", "message", "channel", "owner", "milestone")


class PlanRowForm(PlausibleDatesMixin, VersionedFormMixin, CadenceFieldsMixin, forms.ModelForm):
    """The whole activity, with a stakeholder or message created on the spot when needed."""

    new_stakeholder = forms.CharField(
        label=_("…or a new stakeholder"),
        max_length=200,
        required=False,
        help_text=_("Type a name to add a stakeholder to the plan."),
    )
    new_message_content = forms.CharField(
        label=_("…or a new message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What do we want to communicate about?"),
    )
    new_message_goal = forms.CharField(
        label=_("Goal of the new message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What do we want to achieve?"),
    )

    class Meta:
        model = PlanRow
        fields = [
            "stakeholder",
            "message",
            "channel",
            "owner",
            "assurance",
            "planned_hours",
            "planned_cost",
            "milestone",
            "scheduled_date",
            "cadence",
            "cadence_weeks",
            "cycle_offset",
            "next_review_date",
            "status",
            "notes",
        ]
        field_classes = {"owner": MemberChoiceField}
        widgets = {
            **dict.fromkeys(RELATED_FIELDS, FastSelect),
            "scheduled_date": DateInput(),
            "next_review_date": DateInput(),
            "assurance": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "cycle_offset": CycleOffsetInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.instance.plan
        self.fields["stakeholder"].queryset = Stakeholder.objects.filter(plan=plan)
        self.fields["stakeholder"].required = False
        self.fields["message"].queryset = Message.objects.filter(plan=plan)
        self.fields["message"].required = False
        self.fields["channel"].queryset = Channel.objects.filter(plan=plan)
        self.fields["owner"].queryset = plan_members(plan)
        self.fields["milestone"].queryset = plan.milestones.all()
        self.fields["planned_cost"].label = _("Planned cost (%(currency)s)") % {
            "currency": plan.currency
        }
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's <form> has the token
        self.helper.render_hidden_fields = True  # the version the edit started from
        self.helper.layout = Layout(
            Fieldset(
                _("Stakeholders (target group)"),
                Row(Column("stakeholder"), Column("new_stakeholder")),
            ),
            Fieldset(
                _("Message content and goal"),
                "message",
                Row(Column("new_message_content"), Column("new_message_goal")),
            ),
            Fieldset(pgettext_lazy("toolkit column", "Channel"), "channel"),
            Fieldset(pgettext_lazy("toolkit column", "Owner"), "owner", "assurance"),
            Fieldset(
                pgettext_lazy("toolkit column", "Time and resources"),
                Row(Column("planned_hours"), Column("planned_cost")),
            ),
            Fieldset(
                _("Timing and follow-up"),
                Row(Column("milestone"), Column("scheduled_date")),
                Row(
                    Column("cadence"),
                    Column("cadence_weeks"),
                    Column("cycle_offset"),
                    Column("next_review_date"),
                ),
                Row(Column("status")),
                "notes",
            ),
        )

    def clean_new_stakeholder(self):
        return " ".join(self.cleaned_data["new_stakeholder"].split())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("stakeholder") and cleaned.get("new_stakeholder"):
            self.add_error(
                "new_stakeholder", _("Choose a stakeholder or type a new one, not both.")
            )
        elif not cleaned.get("stakeholder") and not cleaned.get("new_stakeholder"):
            if "stakeholder" not in self.errors:
                self.add_error("stakeholder", _("Choose a stakeholder or type a new one."))
        new_content = cleaned.get("new_message_content", "").strip()
        if cleaned.get("message") and new_content:
            self.add_error(
                "new_message_content", _("Choose a message or write a new one, not both.")
            )
        elif not cleaned.get("message") and not new_content:
            if "message" not in self.errors:
                self.add_error("message", _("Choose a message or write a new one."))
        if cleaned.get("new_message_goal", "").strip() and not new_content:
            self.add_error("new_message_content", _("Write the message the goal belongs to."))
        return self.clean_cadence_fields(cleaned)

    @transaction.atomic
    def save(self, commit=True):
        plan = self.instance.plan
        name = self.cleaned_data.get("new_stakeholder")
        if name:
            existing = Stakeholder.objects.filter(plan=plan, name__iexact=name).first()
            self.instance.stakeholder = existing or Stakeholder.objects.create(plan=plan, name=name)
        content = self.cleaned_data.get("new_message_content", "").strip()
        if content:
            self.instance.message = Message.objects.create(
                plan=plan, content=content, goal=self.cleaned_data.get("new_message_goal", "")
            )
        return super().save(commit=commit)


class PlanRowInlineForm(
    PlausibleDatesMixin, VersionedFormMixin, CadenceFieldsMixin, forms.ModelForm
):
    """The fields a manager edits in place in the plan table."""

    class Meta:
        model = PlanRow
        fields = [
            "stakeholder",
            "message",
            "channel",
            "owner",
            "assurance",
            "planned_hours",
            "planned_cost",
            "milestone",
            "cadence",
            "cadence_weeks",
            "cycle_offset",
            "next_review_date",
            "status",
        ]
        field_classes = {"owner": MemberChoiceField}
        widgets = {
            **dict.fromkeys(RELATED_FIELDS, FastSelect),
            "next_review_date": DateInput(),
            "assurance": forms.Textarea(attrs={"rows": 2}),
            "cycle_offset": CycleOffsetInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.instance.plan
        self.fields["stakeholder"].queryset = Stakeholder.objects.filter(plan=plan)
        self.fields["message"].queryset = Message.objects.filter(plan=plan)
        self.fields["channel"].queryset = Channel.objects.filter(plan=plan)
        self.fields["owner"].queryset = plan_members(plan)
        self.fields["milestone"].queryset = plan.milestones.all()
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            css = "form-select form-select-sm" if select else "form-control form-control-sm"
            field.widget.attrs["class"] = css

    def clean(self):
        return self.clean_cadence_fields(super().clean())

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] += " is-invalid"
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"


class AssuranceForm(VersionedFormMixin, forms.ModelForm):
    """What an owner may change on their own row: how they make sure it happens."""

    class Meta:
        model = PlanRow
        fields = ["assurance"]
        widgets = {"assurance": forms.Textarea(attrs={"rows": 4})}


class ChannelForm(forms.ModelForm):
    class Meta:
        model = Channel
        fields = ["name", "kind", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        # `plan` is not a form field, so Django leaves the plan's unique name to the database.
        taken = Channel.objects.filter(plan_id=self.instance.plan_id, name=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("The plan already has a channel with this name."))
        return name


class MessageForm(forms.ModelForm):
    class Meta:
        model = Message
        fields = ["content", "goal", "objective"]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 3}),
            "goal": forms.Textarea(attrs={"rows": 3}),
        }


class MemberAddForm(forms.ModelForm):
    """Adds an existing person to the plan, found by username or email."""

    person = forms.CharField(
        label=_("Username or email"),
        max_length=254,
        help_text=_("The person must already have an account."),
    )

    class Meta:
        model = Membership
        fields = ["role", "monthly_capacity_hours"]

    field_order = ["person", "role", "monthly_capacity_hours"]

    def clean_person(self):
        value = self.cleaned_data["person"].strip()
        users = get_user_model().objects.filter(
            Q(username__iexact=value) | Q(email__iexact=value), is_active=True
        )
        matches = list(users[:2])
        if not matches:
            raise forms.ValidationError(_("No active account has this username or email."))
        if len(matches) > 1:
            raise forms.ValidationError(
                _("More than one account has this email. Use the username instead.")
            )
        user = matches[0]
        if Membership.objects.filter(plan=self.instance.plan, user=user).exists():
            raise forms.ValidationError(_("This person is already a member of the plan."))
        self.instance.user = user
        return user


class MemberRoleForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "monthly_capacity_hours"]

    def clean_role(self):
        role = self.cleaned_data["role"]
        membership = self.instance
        if (
            membership.role == Role.MANAGER
            and role != Role.MANAGER
            and not membership.plan.memberships.filter(role=Role.MANAGER)
            .exclude(pk=membership.pk)
            .exists()
        ):
            raise forms.ValidationError(_("A plan needs at least one manager."))
        return role


class ReviewForm(PlausibleDatesMixin, forms.ModelForm):
    """A follow-up of one row, and how the row moves on."""

    next_review_date = forms.DateField(
        label=_("Next review"),
        required=False,
        widget=DateInput(),
    )
    row_status = forms.ChoiceField(
        label=_("Activity status"),
        required=False,
        choices=[("", _("Keep as it is")), *RowStatus.choices],
    )
    row_assurance = forms.CharField(
        label=_("How it is ensured"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "How do we make sure the communication happens as planned, with the desired result?"
        ),
    )

    class Meta:
        model = Review
        fields = [
            "reviewed_on",
            "happened",
            "goal_reached",
            "evidence",
            "actual_hours",
            "actual_cost",
            "notes",
            "adjustment",
        ]
        widgets = {
            "reviewed_on": DateInput(),
            "happened": forms.RadioSelect,
            "goal_reached": forms.RadioSelect,
            "evidence": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "adjustment": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, cadence_date=None, **kwargs):
        super().__init__(*args, **kwargs)
        row = self.instance.row
        self.fields["row_assurance"].initial = row.assurance
        self.fields["actual_cost"].label = _("Actual cost (%(currency)s)") % {
            "currency": row.plan.currency
        }
        self.fields["next_review_date"].help_text = self.cadence_help(row, cadence_date)
        # Radio buttons need no "---------" choice: nothing checked already means no answer.
        self.fields["happened"].choices = Happened.choices
        self.fields["goal_reached"].choices = Goal.choices
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's <form> has the token
        self.helper.layout = Layout(
            Fieldset(
                _("What happened"),
                InlineRadios("happened"),
                InlineRadios("goal_reached"),
                "evidence",
                Row(Column("reviewed_on", css_class="col-md-6")),
            ),
            Fieldset(
                _("Time and resources used"),
                Row(Column("actual_hours"), Column("actual_cost")),
            ),
            Fieldset(_("Notes and adjustment"), "notes", "adjustment"),
            Fieldset(
                _("The activity from here"),
                Row(Column("next_review_date"), Column("row_status")),
                "row_assurance",
            ),
        )

    @staticmethod
    def cadence_help(row, cadence_date):
        """What an empty next review means for this row, with the date its cadence gives."""
        if cadence_date is not None:
            return _(
                "Leave empty to follow the review cadence (%(cadence)s): %(date)s, counted "
                "from a review recorded today."
            ) % {
                "cadence": row.get_cadence_display().lower(),
                "date": date_format(cadence_date, "SHORT_DATE_FORMAT"),
            }
        if row.cadence == Cadence.ONCE:
            return _(
                "Leave empty when no further review is needed: a one-off activity whose "
                "communication happened is then marked done."
            )
        return _("Leave empty to follow the activity's review cadence.")

    def clean(self):
        cleaned = super().clean()
        row = self.instance.row
        next_date = cleaned.get("next_review_date")
        if next_date and row.scheduled_date and next_date < row.scheduled_date:
            self.add_error(
                "next_review_date", _("The next review cannot be before the scheduled date.")
            )
        reviewed_on = cleaned.get("reviewed_on")
        if reviewed_on and reviewed_on > timezone.localdate():
            self.add_error("reviewed_on", _("A review cannot be recorded for a future date."))
        return cleaned

    def row_changes(self):
        """What the review changes on its row, for services.record_review."""
        assurance = self.cleaned_data.get("row_assurance")
        return {
            "next_review_date": self.cleaned_data.get("next_review_date"),
            "status": self.cleaned_data.get("row_status") or None,
            "assurance": assurance if assurance != self.instance.row.assurance else None,
        }


class ProfileForm(forms.ModelForm):
    """A person's reminder emails and language."""

    class Meta:
        model = Profile
        fields = ["reminder_frequency", "weekly_summary", "language"]
        widgets = {"reminder_frequency": forms.RadioSelect}
        help_texts = {
            "reminder_frequency": _(
                "One email lists all your activities that are due or overdue for review. "
                "Whatever you choose here, an activity overdue by more than the plan's "
                "escalation days is still reported to the plan's managers."
            ),
            "language": _(
                "The language of these pages on every device you sign in on, and of your "
                "emails. The language menu at the top changes it too."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = dict(settings.LANGUAGES).get(settings.LANGUAGE_CODE, settings.LANGUAGE_CODE)
        self.fields["language"].choices = [
            (
                "",
                _("Not chosen: pages follow the browser; emails: %(language)s")
                % {"language": default},
            ),
            *settings.LANGUAGES,
        ]
