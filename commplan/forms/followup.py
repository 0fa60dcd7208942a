"""Forms for following up: a row's review, and a person's reminder settings."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ..models import (
    Cadence,
    Goal,
    Happened,
    PlanRow,
    Profile,
    Review,
    RowStatus,
)
from ..validators import PlausibleDatesMixin
from .fields import DateInput


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
        max_length=PlanRow._meta.get_field("assurance").max_length,
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
                # What the audience answered, and the answer it suggests (the row's pulse).
                HTML('{% if evidence %}{% include "commplan/feedback/evidence.html" %}{% endif %}'),
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
