"""Dates of the follow-up rhythm: working days, the monthly executive S&OP meeting, and when a
row's next review falls.

All dates are plain dates in the plan's time zone. Working days are Monday to Friday except
Danish public holidays (from the `holidays` package, which knows that Store Bededag was
abolished from 2024).

The rule, kept here for the whole product: every date the product proposes or computes (review
dates, the template's milestones and activities, a copy's shifted dates, the S&OP cycle) is a
working day, the next one when the arithmetic lands on a weekend or holiday (`on_working_day`).
Dates a person types are kept as typed; `not_working_day` says why one is not a working day, so
the page can warn gently.
"""

import calendar
import datetime
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, overload

import holidays
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from .models import Cadence

if TYPE_CHECKING:
    from django import forms

    from .models import CommunicationPlan, PlanRow


@lru_cache(maxsize=64)
def _holiday_names(year: int, language: str) -> dict[datetime.date, str]:
    return dict(holidays.country_holidays("DK", years=year, language=language))


def _danish_holidays(year: int) -> dict[datetime.date, str]:
    return _holiday_names(year, "da")


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _danish_holidays(day.year)


@overload
def on_working_day(day: datetime.date) -> datetime.date: ...
@overload
def on_working_day(day: None) -> None: ...
def on_working_day(day: datetime.date | None) -> datetime.date | None:
    """`day` when it is a working day, otherwise the next working day (None stays None)."""
    return None if day is None else add_working_days(day, 0)


def not_working_day(day: datetime.date | None) -> str:
    """Why `day` is not a working day in Denmark, in the active language ('Whit Monday',
    'a Saturday'), or '' when it is one."""
    if day is None or is_working_day(day):
        return ""
    language = "da" if (translation.get_language() or "").startswith("da") else "en_US"
    name = _holiday_names(day.year, language).get(day)
    if name:
        return name
    return gettext("a Saturday") if day.weekday() == 5 else gettext("a Sunday")


def working_day_warning(label: object, day: datetime.date | None) -> str:
    """A gentle note that a typed date (of the field `label`) is not a working day, or '' when
    it is one. The date is kept: a person may mean it."""
    reason = not_working_day(day)
    if day is None or not reason:
        return ""
    return gettext(
        "%(field)s: %(date)s is %(reason)s, not a working day in Denmark. The date was kept as "
        "you entered it."
    ) % {"field": label, "date": date_format(day, "SHORT_DATE_FORMAT"), "reason": reason}


def typed_date_warnings(form: "forms.BaseForm") -> list[str]:
    """The working-day notes for the dates a person entered or changed in a valid `form`."""
    notes = []
    for name in form.changed_data:
        field = form.fields[name]
        value = form.cleaned_data.get(name)
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            note = working_day_warning(field.label, value)
            if note:
                notes.append(note)
    return notes


def add_working_days(day: datetime.date, count: int) -> datetime.date:
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


def meeting_date(year: int, month: int, week: int, weekday: int) -> datetime.date:
    """The executive S&OP meeting in a month: the `week`th (1–4, or 5 for the last) `weekday`
    (0 = Monday) of the month."""
    days_in_month = calendar.monthrange(year, month)[1]
    if week == 5:
        last = datetime.date(year, month, days_in_month)
        return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week - 1))


def meeting_day(year: int, month: int, week: int, weekday: int) -> datetime.date:
    """The day the executive S&OP meeting actually takes place: its weekday in the month
    (`meeting_date`), moved to the next working day when that is a holiday."""
    return on_working_day(meeting_date(year, month, week, weekday))


def cycle_dates(
    plan: "CommunicationPlan", offset: int, start: datetime.date
) -> Iterator[datetime.date]:
    """The S&OP-cycle due dates (the meeting's actual day ± `offset` working days) from
    `start`'s month on. With the meeting on Ascension Day (moved to the Friday), the day after
    the meeting is the Monday, not the same Friday."""
    week, weekday = plan.sop_meeting_week, plan.sop_meeting_weekday
    if week is None or weekday is None:  # no meeting, no cycle
        return
    year, month = start.year, start.month
    while True:
        meeting = meeting_day(year, month, week, weekday)
        yield add_working_days(meeting, offset)
        month += 1
        if month > 12:
            year, month = year + 1, 1


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the month's last day (31 Jan → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def next_review_date(row: "PlanRow", after: datetime.date) -> datetime.date | None:
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
        while (due := on_working_day(add_months(base, months))) <= max(after, anchor):
            months += 1
        return due
    step = _week_step(row)
    base = _rhythm_base(row.scheduled_date, anchor, step)
    limit = max(after, anchor)
    due = base + step
    if due <= limit:
        due += step * ((limit - due) // step + 1)
    return on_working_day(due)


def _week_step(row: "PlanRow") -> datetime.timedelta:
    """The step of a weekly or every-N-weeks row (N is required by a constraint)."""
    weeks = (row.cadence_weeks or 1) if row.cadence == Cadence.EVERY_N_WEEKS else 1
    return datetime.timedelta(weeks=weeks)


def _rhythm_base(
    scheduled: datetime.date | None, anchor: datetime.date, step: datetime.timedelta
) -> datetime.date:
    """The date of the rhythm that `anchor` stands for: a review moved off a holiday (Easter
    Monday → Tuesday) counts on from the Monday, so the row does not drift to Tuesdays."""
    if scheduled and scheduled <= anchor:
        candidate = scheduled + step * ((anchor - scheduled) // step)
        if on_working_day(candidate) == anchor:
            return candidate
    return anchor


def occurrences(
    row: "PlanRow", start: datetime.date, end: datetime.date
) -> Iterator[datetime.date]:
    """The dates of `row`'s scheduled communication from `start` to `end` (both included), in
    order: its scheduled date and, on its cadence, the dates after it.

    The same rhythm the reviews step on (months clamped to short months, the dates after the
    scheduled one on working days, the S&OP cycle on working days around the meeting). Weekly,
    every-N-weeks and monthly rows need a scheduled date to count from; S&OP-cycle rows follow
    the plan's meeting from their scheduled date (or from `start` when they have none).
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
            day = due if months == 0 else on_working_day(due)
            if start <= day <= end:
                yield day
            months += 1
        return
    step = _week_step(row)
    due = first if first >= start else first + step * -(-(start - first) // step)
    while due <= end:
        day = due if due == first else on_working_day(due)  # the scheduled date as typed
        if day <= end:
            yield day
        due += step
