"""The forms of an import in the browser: the upload, the decisions about owners who are not
members of the plan, and when the plan's executive S&OP meeting is held."""

import hashlib

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..models import CommunicationPlan, display_name
from ..models.plans import MeetingWeek, Weekday
from .reading import MAX_BYTES, Refused, read_table
from .saving import INVITE, MEMBER, UNASSIGNED, Resolution


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("An Excel workbook (.xlsx) or a CSV file, at most 5 MB and 5,000 activities."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 5 MB. Split it, or remove pictures and sheets.")
            )
        self.content = upload.read()
        try:
            self.table = read_table(self.content)
        except Refused as refused:
            raise forms.ValidationError(refused.message) from refused
        return upload


def _field_id(key):
    return hashlib.sha256(key.encode()).hexdigest()[:12]


class OwnerChoicesForm(forms.Form):
    """One choice per person the file names who is not a member: give their activities to a
    member, invite them as a communication owner, or leave the activities without an owner."""

    def __init__(self, unknown_owners, members, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.unknown_owners = list(unknown_owners.values())
        member_choices = [
            (f"{MEMBER}:{user.pk}", display_name(user))
            for user in sorted(members, key=lambda u: display_name(u).casefold())
        ]
        choices = [
            (UNASSIGNED, _("Leave the activities without an owner")),
            (INVITE, _("Invite: add to the plan as communication owner")),
            (_("Give the activities to a member"), member_choices),
        ]
        for unknown in self.unknown_owners:
            field_id = _field_id(unknown.key)
            self.fields[f"owner_{field_id}"] = forms.ChoiceField(
                label=_("What to do with %(person)s") % {"person": unknown.label},
                choices=choices,
                initial=UNASSIGNED,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.fields[f"email_{field_id}"] = forms.EmailField(
                label=_("Email of the person to invite"),
                required=False,
                initial=unknown.email,
                widget=forms.EmailInput(
                    attrs={
                        "class": "form-control form-control-sm",
                        "placeholder": "name@example.com",
                        "autocomplete": "off",
                    }
                ),
            )

    def people(self):
        """(unknown owner, choice field, email field) for the template."""
        for unknown in self.unknown_owners:
            field_id = _field_id(unknown.key)
            yield unknown, self[f"owner_{field_id}"], self[f"email_{field_id}"]

    def clean(self):
        cleaned = super().clean()
        for unknown in self.unknown_owners:
            field_id = _field_id(unknown.key)
            if cleaned.get(f"owner_{field_id}") == INVITE and not cleaned.get(f"email_{field_id}"):
                if f"email_{field_id}" not in self.errors:
                    self.add_error(
                        f"email_{field_id}", _("Give the email address of the person to invite.")
                    )
        return cleaned

    def resolutions(self):
        """{unknown owner key: Resolution} from the valid form."""
        result = {}
        for unknown in self.unknown_owners:
            field_id = _field_id(unknown.key)
            choice = self.cleaned_data[f"owner_{field_id}"]
            if choice.startswith(f"{MEMBER}:"):
                result[unknown.key] = Resolution(MEMBER, user_id=int(choice.split(":", 1)[1]))
            elif choice == INVITE:
                result[unknown.key] = Resolution(
                    INVITE, email=self.cleaned_data[f"email_{field_id}"]
                )
            else:
                result[unknown.key] = Resolution(UNASSIGNED)
        return result


def _cycle_field(name, choices):
    return forms.TypedChoiceField(
        label=capfirst(CommunicationPlan._meta.get_field(name).verbose_name),
        choices=[("", "---------"), *choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


class CycleForm(forms.Form):
    """When the executive S&OP meeting is held, for a plan that has not said yet: activities
    that follow the S&OP cycle need it. Filled in from the file when it says."""

    sop_meeting_week = _cycle_field("sop_meeting_week", MeetingWeek.choices)
    sop_meeting_weekday = _cycle_field("sop_meeting_weekday", Weekday.choices)

    def clean(self):
        cleaned = super().clean()
        week, weekday = cleaned.get("sop_meeting_week"), cleaned.get("sop_meeting_weekday")
        if (week is None) != (weekday is None) and not self.errors:
            raise forms.ValidationError(
                _("Give both the week and the weekday of the executive S&OP meeting, or neither.")
            )
        return cleaned

    def chosen(self):
        """{plan field: value} the person chose; empty when they chose nothing."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value is not None}
