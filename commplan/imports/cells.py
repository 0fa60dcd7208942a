"""Reading one cell of an imported row: text, names, amounts, dates and choices, each turned
into a value or into a row-numbered error or warning on the row being read (`current`)."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from .headings import LABELS
from .values import (
    decimal_mark_of,
    is_ambiguous,
    parse_choice,
    parse_date,
    parse_period,
    parse_resources,
    to_decimal,
)

LIMITS = {"planned_hours": Decimal("99999.99"), "planned_cost": Decimal("9999999999.99")}
NUMBER_COLUMNS = ("planned_hours", "planned_cost")


class CellReader:
    """The cells of `row` in `table`, read for `plan`; problems go to the Draft `current`."""

    def __init__(self, plan, table):
        self.plan, self.table = plan, table
        self.row = self.current = None
        self.decimal_comma = table.decimal_comma
        if self.decimal_comma is None:
            self.decimal_comma = decimal_mark_of(
                value
                for row in table.rows
                for name in NUMBER_COLUMNS
                if isinstance(value := table.value(row, name), str)
            )

    def where(self, column):
        return self.table.cell(self.row, column)

    def raw(self, name):
        return self.table.value(self.row, name)

    def text(self, name):
        value = self.raw(name)
        if isinstance(value, datetime.datetime | datetime.date):
            return value.isoformat()[:10]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None else str(value).strip()

    def name(self, column, required=False):
        value = " ".join(self.text(column).split())
        if required and not value:
            self.current.errors.append(_("%(column)s is empty.") % {"column": LABELS[column]})
        return value

    def error(self, column, message, value=None):
        self.current.errors.append(
            message % {"column": LABELS[column], "value": value if value is not None else ""}
        )

    def amount(self, column):
        value = self.raw(column)
        if value is None:
            return None
        try:
            amount = to_decimal(value, self.decimal_comma)
        except ValueError:
            found = parse_resources(str(value), self.plan.currency, self.decimal_comma)
            amount = found.hours if column == "planned_hours" else found.cost
            if amount is None or not found.complete:
                self.error(column, _("%(column)s: “%(value)s” is not a number."), value)
                return None
        if isinstance(value, str) and self.decimal_comma is None and is_ambiguous(value):
            self.current.warnings.append(
                _(
                    "%(column)s: “%(value)s” was read as %(number)s. The file does not show "
                    "whether “,” or “.” is its decimal mark; check the figure."
                )
                % {
                    "column": LABELS[column],
                    "value": value,
                    "number": format(amount.normalize(), "f"),
                }
            )
        if amount > LIMITS[column]:
            self.error(column, _("%(column)s: “%(value)s” is too large."), value)
            return None
        return amount  # a negative one is refused by the activity's own rules (checks.py)

    def date(self, column):
        value = self.raw(column)
        if value is None:
            return None
        try:
            return parse_date(value, serial_numbers=self.table.typed)
        except ValueError:
            pass
        try:
            return self.period(column, value)
        except ValueError:
            self.error(
                column,
                _(
                    "%(column)s: “%(value)s” is not a date. Write it as 2026-05-01, 01-05-2026 "
                    "or uge 18."
                ),
                value,
            )
            return None

    def period(self, column, value):
        """A week or quarter written as text: its first day, said in a warning."""
        year = (self.plan.start_date or timezone.localdate()).year
        day, year_given = parse_period(value, year)
        self.current.warnings.append(
            _("%(column)s: “%(value)s” was read as %(date)s.")
            % {"column": LABELS[column], "value": value, "date": day.strftime("%d-%m-%Y")}
            if year_given
            else _(
                "%(column)s: “%(value)s” was read as %(date)s: the cell gives no year, so the "
                "plan's year was taken."
            )
            % {"column": LABELS[column], "value": value, "date": day.strftime("%d-%m-%Y")}
        )
        return day

    def choice(self, column, lookup, choices, value=None, reader=parse_choice, also=""):
        value = self.text(column) if value is None else value
        if not value:
            return None
        try:
            return reader(value, lookup)
        except ValueError:
            accepted = ", ".join(str(label) for label in choices.labels)
            self.current.errors.append(
                _("%(column)s: “%(value)s” is not one of: %(choices)s.")
                % {
                    "column": LABELS[column],
                    "value": value,
                    "choices": f"{accepted}; {also}" if also else accepted,
                }
            )
            return None
