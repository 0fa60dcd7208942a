"""Forms of meetings and decisions, and the one-screen review of the drafted activities."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from commplan.fields import DateInput
from stakeholders.models import Stakeholder

from ..locking import VersionedFormMixin
from ..models import Decision, Meeting, Message, display_name
from ..validators import PlausibleDatesMixin, plausible_date
from .files import check_minutes_file


class MemberMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


class MeetingForm(PlausibleDatesMixin, VersionedFormMixin, forms.ModelForm):
    """A meeting: kind, day, who attended (any member), the minutes as text or a file."""

    minutes_upload = forms.FileField(
        label=_("Minutes as a file"),
        required=False,
        help_text=_("PDF, Word, OpenDocument or plain text, up to 5 MB."),
    )
    remove_file = forms.BooleanField(label=_("Remove the attached file"), required=False)

    class Meta:
        model = Meeting
        fields = ["kind", "date", "attendees", "minutes"]
        field_classes = {"attendees": MemberMultipleChoiceField}
        widgets = {
            "date": DateInput(),
            "attendees": forms.CheckboxSelectMultiple,
            "minutes": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = (
            get_user_model()
            .objects.filter(memberships__plan_id=self.instance.plan_id)
            .order_by("first_name", "last_name", "username")
        )
        if not self.instance.minutes_file_name:
            del self.fields["remove_file"]

    def clean_minutes_upload(self):
        upload = self.cleaned_data.get("minutes_upload")
        if upload:
            self.minutes_type = check_minutes_file(upload)
        return upload

    def save(self, commit=True):
        upload = self.cleaned_data.get("minutes_upload")
        if upload:
            upload.seek(0)
            self.instance.minutes_file = upload.read()
            self.instance.minutes_file_name = upload.name[-200:]
            self.instance.minutes_file_type = self.minutes_type
        elif self.cleaned_data.get("remove_file"):
            self.instance.minutes_file = None
            self.instance.minutes_file_name = self.instance.minutes_file_type = ""
        return super().save(commit)


class DecisionForm(PlausibleDatesMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["title", "rationale", "affected", "urgency", "release_date", "confidential_until"]
        widgets = {
            "rationale": forms.Textarea(attrs={"rows": 4}),
            "affected": forms.CheckboxSelectMultiple,
            "release_date": DateInput(),
            "confidential_until": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan_id = self.instance.meeting.plan_id if self.instance.meeting_id else None
        self.fields["affected"].queryset = Stakeholder.objects.filter(plan_id=plan_id)
        self.fields["affected"].help_text = _(
            "One activity is drafted for each group, in its preferred channel, owned by its "
            "default owner."
        )

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())


def _choices(objects, label, empty=None):
    choices = [(str(pk), label(obj)) for pk, obj in objects.items()]
    return [("", empty), *choices] if empty is not None else choices


class DraftForm(forms.Form):
    """One drafted activity: keep it or drop it, and change its channel, owner, text or day.

    The choices come from objects loaded once for the whole formset (`groups`, `channels`,
    `owners`: {pk: object}), so a screen of many drafts costs no query per draft.
    """

    keep = forms.BooleanField(label=_("Create this activity"), required=False, initial=True)
    stakeholder = forms.ChoiceField(widget=forms.HiddenInput)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    content = forms.CharField(
        label=_("Message"),
        max_length=Message._meta.get_field("content").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    due = forms.DateField(label=_("Due"), widget=DateInput(), validators=[plausible_date])

    def __init__(self, *args, decision, groups, channels, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = decision
        self.objects = {"stakeholder": groups, "channel": channels, "owner": owners}
        self.fields["stakeholder"].choices = _choices(groups, str)
        self.fields["channel"].choices = _choices(channels, str, _("No channel yet"))
        self.fields["owner"].choices = _choices(owners, display_name, _("No owner yet"))

    @property
    def group(self):
        key = self["stakeholder"].value()
        return self.objects["stakeholder"].get(int(key)) if str(key).isdigit() else None

    def clean(self):
        cleaned = super().clean()
        for name, objects in self.objects.items():
            key = cleaned.get(name)
            cleaned[name] = objects[int(key)] if key else None
        return cleaned

    def clean_due(self):
        due = self.cleaned_data["due"]
        until = self.decision.confidential_until
        if until and due < until:
            raise forms.ValidationError(
                _("The decision is confidential until %(date)s: nothing goes out before then."),
                params={"date": date_format(until, "SHORT_DATE_FORMAT")},
            )
        return due


class BaseDraftFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            group = form.cleaned_data.get("stakeholder")
            if group is not None and group.pk in seen:
                raise forms.ValidationError(_("Each group gets one drafted activity."))
            seen.add(getattr(group, "pk", None))

    @property
    def kept(self):
        return [form for form in self.forms if form.cleaned_data.get("keep")]


DraftFormSet = forms.formset_factory(
    DraftForm, formset=BaseDraftFormSet, extra=0, max_num=500, validate_max=True
)
