"""Forms for a plan's header, its channels and messages, and its members."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import (
    Cadence,
    Channel,
    CommunicationPlan,
    Membership,
    Message,
    Role,
)
from ..validators import PlausibleDatesMixin
from .fields import DateInput


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
        fields = ["content", "goal", "objective", "pulse", "target_share", "target_responses"]
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owned = self.instance.plan.rows.filter(owner=self.instance.user_id).count()
        if owned:
            self.fields["role"].help_text = ngettext(
                "Executives read the plan and cannot own activities: choosing Executive "
                "leaves this person's %(count)d activity without an owner.",
                "Executives read the plan and cannot own activities: choosing Executive "
                "leaves this person's %(count)d activities without an owner.",
                owned,
            ) % {"count": owned}

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
