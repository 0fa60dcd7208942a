from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stakeholders.models import Stakeholder

from .models import (
    Cadence,
    Channel,
    CommunicationPlan,
    Membership,
    Message,
    PlanRow,
    Role,
    display_name,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


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


class PlanForm(forms.ModelForm):
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
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "message_and_timing": forms.Textarea(attrs={"rows": 3}),
            "stakeholder_approach": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_currency(self):
        return self.cleaned_data["currency"].strip().upper()


class PlanRowForm(forms.ModelForm):
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
            "next_review_date",
            "status",
            "notes",
        ]
        field_classes = {"owner": MemberChoiceField}
        widgets = {
            "scheduled_date": DateInput(),
            "next_review_date": DateInput(),
            "assurance": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
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
                Row(Column("cadence"), Column("cadence_weeks"), Column("next_review_date")),
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
        if cleaned.get("cadence") != Cadence.EVERY_N_WEEKS:
            cleaned.pop("cadence_weeks", None)
            self.instance.cadence_weeks = None
        return cleaned

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


class PlanRowInlineForm(forms.ModelForm):
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
            "next_review_date",
            "status",
        ]
        field_classes = {"owner": MemberChoiceField}
        widgets = {
            "next_review_date": DateInput(),
            "assurance": forms.Textarea(attrs={"rows": 2}),
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
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{css} form-control-sm"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] += " is-invalid"
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"


class AssuranceForm(forms.ModelForm):
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
        fields = ["role"]

    field_order = ["person", "role"]

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
        fields = ["role"]

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
