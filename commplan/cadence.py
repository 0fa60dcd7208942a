"""Dates of the follow-up rhythm: working days, the monthly executive S&OP meeting, and when a
row's next review falls.

All dates are plain dates in the plan's time zone. Working days are Monday to Friday except
Danish public holidays (from the `holidays` package, which knows that Store Bededag was
abolished from 2024).
"""

import calendar
import datetime
from functools import lru_cache

import holidays

from .models import Cadence


@lru_cache(maxsize=64)
def _danish_holidays(year):
    return frozenset(holidays.country_holidays("DK", years=year))


def is_working_day(day):
    return day.weekday() < 5 and day not in _danish_holidays(day.year)


def add_working_days(day, count):
    """The working day `count` working days after `day` (before it when negative).

    With count 0, `day` itself when it is a working day, otherwise the next working day.
    """
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    if remaining == 0:
        while not is_working_day(day):
            day += datetime.timedelta(days=1)
        return day
    while remaining:
        day += datetime.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def meeting_date(year, month, week, weekday):
    """The executive S&OP meeting in a month: the `week`th (1–4, or 5 for the last) `weekday`
    (0 = Monday) of the month."""
    days_in_month = calendar.monthrange(year, month)[1]
    if week == 5:
        last = datetime.date(year, month, days_in_month)
        return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week - 1))


def cycle_dates(plan, offset, start):
    """The S&OP-cycle due dates (meeting ± `offset` working days) from `start`'s month on."""
    year, month = start.year, start.month
    while True:
        meeting = meeting_date(year, month, plan.sop_meeting_week, plan.sop_meeting_weekday)
        yield add_working_days(meeting, offset)
        month += 1
        if month > 12:
            year, month = year + 1, 1


def add_months(day, months):
    """The same day `months` later, clamped to the month's last day (31 Jan → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def next_review_date(row, after):
    """The first due date of `row`'s cadence strictly after `after` and after the row's
    current review date, or None for 'once'.

    Weekly, every-N-weeks and monthly rows keep their rhythm: the next date steps on from the
    row's current review date (or `after` when it has none). S&OP-cycle rows fall on the
    meeting ± their offset in working days.
    """
    if row.cadence == Cadence.ONCE:
        return None
    if row.cadence == Cadence.SOP_CYCLE:
        if not row.plan.has_sop_cycle or row.cycle_offset is None:
            return None
        # A review before the due date covers that date, as it does for the calendar cadences.
        after = max(after, row.next_review_date or after)
        # The month before covers an offset that reaches back across a month boundary.
        for due in cycle_dates(row.plan, row.cycle_offset, add_months(after, -1)):
            if due > after:
                return due
    anchor = row.next_review_date or after
    if row.cadence == Cadence.MONTHLY:
        # Count months from the scheduled date when it is on or before the anchor, so a row
        # scheduled on the 31st comes due on the last day of short months and on the 31st again
        # after them, instead of drifting to the 28th for good.
        base = row.scheduled_date if row.scheduled_date and row.scheduled_date <= anchor else anchor
        months = 1
        while (due := add_months(base, months)) <= max(after, anchor):
            months += 1
        return due
    weeks = row.cadence_weeks if row.cadence == Cadence.EVERY_N_WEEKS else 1
    step = datetime.timedelta(weeks=weeks)
    due = anchor + step
    if due <= after:
        due += step * ((after - due) // step + 1)
    return due


def occurrences(row, start, end):
    """The dates of `row`'s scheduled communication from `start` to `end` (both included), in
    order: its scheduled date and, on its cadence, the dates after it.

    The same rhythm the reviews step on (months clamped to short months, the S&OP cycle on
    working days around the meeting). Weekly, every-N-weeks and monthly rows need a scheduled
    date to count from; S&OP-cycle rows follow the plan's meeting from their scheduled date (or
    from `start` when they have none).
    """
    first = row.scheduled_date
    if row.cadence == Cadence.SOP_CYCLE:
        if not row.plan.has_sop_cycle or row.cycle_offset is None:
            return
        begin = max(start, first or start)
        for due in cycle_dates(row.plan, row.cycle_offset, add_months(begin, -1)):
            if due > end:
                return
            if due >= begin:
                yield due
        return
    if first is None or first > end:
        return
    if row.cadence == Cadence.ONCE:
        if first >= start:
            yield first
        return
    if row.cadence == Cadence.MONTHLY:
        # Counted from the scheduled date each time, so the 31st stays the 31st after February.
        months = max(0, (start.year - first.year) * 12 + start.month - first.month - 1)
        while (due := add_months(first, months)) <= end:
            if due >= start:
                yield due
            months += 1
        return
    weeks = row.cadence_weeks if row.cadence == Cadence.EVERY_N_WEEKS else 1
    step = datetime.timedelta(weeks=weeks)
    due = first if first >= start else first + step * -(-(start - first) // step)
    while due <= end:
        yield due
        due += step
