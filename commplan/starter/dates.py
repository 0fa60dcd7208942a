"""Dates of the monthly S&OP cycle that the template and copies need."""

from ..cadence import add_months, cycle_dates


def first_cycle_date(plan, offset, day):
    """The first date on or after `day` that falls `offset` working days from one of `plan`'s
    executive S&OP meetings."""
    # Start a month early: an offset can reach back across a month boundary.
    for due in cycle_dates(plan, offset, add_months(day, -1)):
        if due >= day:
            return due
    return None  # pragma: no cover - the generator never ends
