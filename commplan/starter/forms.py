"""The forms of a new plan from the S&OP template and of a copied plan."""

import datetime

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..fields import DateInput
from ..models.plans import MeetingWeek, Weekday

# A start date further away than this is almost surely a typing error.
START_YEARS_BACK, START_YEARS_AHEAD = 1, 3
MAX_OFFSET_WEEKS = 260  # five years, earlier or later


def _helper(*layout):
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the page's <form> has the token
    helper.layout = Layout(*layout)
    return helper


class TemplatePlanForm(forms.Form):
    """What the S&OP template needs to know to build a plan."""

    organisation = forms.CharField(
        label=_("Company"),
        max_length=200,
        help_text=_("Named in the plan's purpose and first messages."),
    )
    products = forms.CharField(
        label=_("Product family of the pilot"),
        max_length=100,
        help_text=_("What the pilot runs the monthly S&OP cycle for, e.g. “CR pumps”."),
    )
    site = forms.CharField(
        label=_("Site of the pilot"),
        max_length=100,
        required=False,
        help_text=_("E.g. “Bjerringbro plant”. Leave empty when the pilot covers every site."),
    )
    start_date = forms.DateField(
        label=_("Start date"),
        widget=DateInput(),
        help_text=_("When the project starts: the milestones are placed from this date."),
    )
    meeting_week = forms.TypedChoiceField(
        label=_("Executive S&OP meeting: week"),
        choices=MeetingWeek.choices,
        coerce=int,
        initial=MeetingWeek.THIRD,
        help_text=_(
            "Activities of the monthly cycle fall a number of working days before or after it."
        ),
    )
    meeting_weekday = forms.TypedChoiceField(
        label=_("Executive S&OP meeting: weekday"),
        choices=Weekday.choices,
        coerce=int,
        initial=Weekday.TUESDAY,
    )
    name = forms.CharField(
        label=_("Name of the plan"),
        max_length=200,
        required=False,
        help_text=_("Leave empty for “S&OP communication plan – company”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_date"].initial = timezone.localdate()
        # A new start date updates the outline's milestone dates beside the form (htmx).
        self.fields["start_date"].widget.attrs.update(
            {
                "data-hx-get": reverse("commplan:plan_from_template"),
                "data-hx-trigger": "change",
                "data-hx-target": "#template-outline",
                "data-hx-swap": "outerHTML",
            }
        )
        self.helper = _helper(
            "organisation",
            Fieldset(_("The pilot's scope"), Row(Column("products"), Column("site"))),
            Fieldset(
                _("Timing"),
                Row(Column("start_date", css_class="col-md-6")),
                Row(Column("meeting_week"), Column("meeting_weekday")),
            ),
            "name",
        )

    def clean_start_date(self):
        day = self.cleaned_data["start_date"]
        today = timezone.localdate()
        earliest = today.replace(year=today.year - START_YEARS_BACK, day=min(today.day, 28))
        latest = today.replace(year=today.year + START_YEARS_AHEAD, day=min(today.day, 28))
        if not earliest <= day <= latest:
            raise forms.ValidationError(
                _("Choose a start date from %(earliest)s to %(latest)s.")
                % {
                    "earliest": date_format(earliest, "SHORT_DATE_FORMAT"),
                    "latest": date_format(latest, "SHORT_DATE_FORMAT"),
                }
            )
        return day


UNITS = {"weeks": 7, "days": 1}


class CopyPlanForm(forms.Form):
    """The copy's name, and how far its dates move."""

    name = forms.CharField(label=_("Name of the new plan"), max_length=200)
    organisation = forms.CharField(label=_("Company"), max_length=200, required=False)
    offset = forms.IntegerField(
        label=_("Move every date by"),
        initial=0,
        help_text=_(
            "A negative number moves the dates earlier. A date that lands on a weekend or a "
            "Danish holiday moves on to the next working day."
        ),
    )
    unit = forms.ChoiceField(
        label=_("Unit"),
        choices=[("weeks", _("weeks")), ("days", _("days"))],
        initial="weeks",
        widget=forms.RadioSelect,
    )
    copy_members = forms.BooleanField(
        label=_("Copy the members and their roles"),
        required=False,
        initial=True,
        help_text=_(
            "Otherwise you are the new plan's only member, and activities owned by others "
            "have no owner."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "name",
            "organisation",
            Row(Column("offset", css_class="col-sm-6"), Column(InlineRadios("unit"))),
            "copy_members",
        )

    def clean(self):
        cleaned = super().clean()
        offset, unit = cleaned.get("offset"), cleaned.get("unit")
        if offset is not None and unit:
            days = offset * UNITS[unit]
            if abs(days) > MAX_OFFSET_WEEKS * 7:
                self.add_error(
                    "offset",
                    ngettext(
                        "Move the dates by at most %(weeks)d week (%(days)s days), earlier or "
                        "later.",
                        "Move the dates by at most %(weeks)d weeks (%(days)s days), earlier or "
                        "later.",
                        MAX_OFFSET_WEEKS,
                    )
                    % {"weeks": MAX_OFFSET_WEEKS, "days": MAX_OFFSET_WEEKS * 7},
                )
            else:
                cleaned["delta"] = datetime.timedelta(days=days)
        return cleaned
