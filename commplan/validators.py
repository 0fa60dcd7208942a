"""Checks shared by the forms of every app."""

import datetime
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Any date a plan can mean; far-off years would only break date arithmetic (timeline, cadence).
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2199, 12, 31)


def plausible_date(value):
    """Refuses a date outside EARLIEST_DATE…LATEST_DATE."""
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s."),
            code="implausible_date",
            params={"first": EARLIEST_DATE.year, "last": LATEST_DATE.year},
        )


class PlausibleDatesMixin:
    """Every date field of the form accepts only plausible dates (see `plausible_date`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.validators.append(plausible_date)


# Line breaks and other control characters: what a one-line field (a name, a title) never holds.
# They would break the one-line formats the text goes into (calendar feeds, email subjects,
# spreadsheet cells) and are invisible to the person reading the page.
_NOT_ON_ONE_LINE = {"Cc", "Zl", "Zp"}


def one_line(value):
    """Refuses text with a line break, tab or other control character."""
    if value and any(unicodedata.category(char) in _NOT_ON_ONE_LINE for char in value):
        raise ValidationError(
            _("Write this on one line, without line breaks, tabs or control characters."),
            code="not_one_line",
        )
