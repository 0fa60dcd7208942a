"""Forms for readiness: where a group stands now, and where it must be by each milestone."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commplan.fields import DateInput

from ..models import Readiness, ReadinessRecord, ReadinessTarget
from ..validators import PlausibleDatesMixin


class ReadinessRecordForm(PlausibleDatesMixin, forms.ModelForm):
    """A manager records where a stakeholder group stands now, and why."""

    class Meta:
        model = ReadinessRecord
        fields = ["position", "recorded_on", "reason"]
        widgets = {
            "position": forms.RadioSelect,
            "recorded_on": DateInput(),
            "reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].choices = Readiness.choices

    def clean_recorded_on(self):
        recorded_on = self.cleaned_data["recorded_on"]
        if recorded_on and recorded_on > timezone.localdate():
            raise forms.ValidationError(_("A position cannot be recorded for a future date."))
        return recorded_on


class ReviewReadinessForm(forms.Form):
    """The review's optional question: where does the activity's stakeholder group stand now?"""

    position = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("What shows it?"),
        required=False,
        max_length=ReadinessRecord._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, stakeholder, **kwargs):
        kwargs.setdefault("prefix", "readiness")
        super().__init__(*args, **kwargs)
        self.stakeholder = stakeholder
        self.fields["position"].label = _("Where does “%(group)s” stand now?") % {
            "group": stakeholder.name
        }
        self.fields["position"].choices = [("", _("Not assessed this time")), *Readiness.choices]
        self.fields["position"].help_text = _(
            "Optional. Unaware → resistant → neutral → supportive → leading."
        )

    def record(self, review):
        """The record this answer makes at `review` (unsaved), or None when not answered."""
        position = self.cleaned_data.get("position")
        if position is None:
            return None
        return ReadinessRecord(
            stakeholder=self.stakeholder,
            position=position,
            recorded_on=review.reviewed_on,
            recorded_by=review.reviewed_by,
            reason=self.cleaned_data.get("reason", ""),
            review=review,
        )


class ReadinessTargetsForm(forms.Form):
    """The desired position of one stakeholder group by each of its plan's milestones; empty
    means no target at that milestone (the earlier one still holds)."""

    def __init__(self, *args, stakeholder, milestones, **kwargs):
        super().__init__(*args, **kwargs)
        self.stakeholder = stakeholder
        self.milestones = milestones
        self.targets = {
            target.milestone_id: target
            for target in ReadinessTarget.objects.filter(stakeholder=stakeholder)
        }
        choices = [("", _("No target")), *Readiness.choices]
        for milestone in milestones:
            target = self.targets.get(milestone.pk)
            self.fields[self.field_name(milestone)] = forms.TypedChoiceField(
                label=milestone.title,
                required=False,
                coerce=int,
                empty_value=None,
                choices=choices,
                initial=target.position if target else "",
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    @staticmethod
    def field_name(milestone):
        return f"milestone_{milestone.pk}"

    def rows(self):
        """(milestone, bound field) for each milestone, in order."""
        return [(milestone, self[self.field_name(milestone)]) for milestone in self.milestones]

    def save(self):
        """Creates, changes and removes targets as chosen; each change is in the history.
        Returns how many changed."""
        changed = 0
        for milestone in self.milestones:
            position = self.cleaned_data.get(self.field_name(milestone))
            target = self.targets.get(milestone.pk)
            if target is None and position is not None:
                ReadinessTarget.objects.create(
                    stakeholder=self.stakeholder, milestone=milestone, position=position
                )
            elif target is not None and position is None:
                target.delete()
            elif target is not None and target.position != position:
                target.position = position
                target.save()
            else:
                continue
            changed += 1
        return changed
