"""The follow-up rhythm: working days, the monthly executive S&OP meeting, next review dates.

Plain dates, no database: the rows and plans here are unsaved instances.
"""

import datetime

import pytest

from commplan.cadence import add_months, add_working_days, is_working_day, meeting_date
from commplan.cadence import next_review_date as cadence_next
from commplan.models import Cadence, CommunicationPlan, PlanRow
from commplan.models.plans import MeetingWeek, Weekday

D = datetime.date


def row(cadence, next_review=None, weeks=None, offset=None, plan=None):
    return PlanRow(
        plan=plan or CommunicationPlan(name="Plan"),
        cadence=cadence,
        cadence_weeks=weeks,
        cycle_offset=offset,
        next_review_date=next_review,
    )


def sop_plan(week, weekday):
    return CommunicationPlan(name="Plan", sop_meeting_week=week, sop_meeting_weekday=weekday)


# Working days -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 4, 1), True),  # Wednesday before Easter
        (D(2026, 4, 2), False),  # Maundy Thursday (skærtorsdag)
        (D(2026, 4, 3), False),  # Good Friday (langfredag)
        (D(2026, 4, 4), False),  # Saturday
        (D(2026, 4, 5), False),  # Easter Sunday
        (D(2026, 4, 6), False),  # Easter Monday (2. påskedag)
        (D(2026, 4, 7), True),
        (D(2026, 5, 14), False),  # Ascension Day (Kristi himmelfartsdag)
        (D(2026, 5, 15), True),  # the Friday after Ascension is an ordinary working day
        (D(2026, 5, 25), False),  # Whit Monday (2. pinsedag)
        (D(2026, 12, 24), True),  # Christmas Eve is not a public holiday
        (D(2026, 12, 25), False),  # Christmas Day
        (D(2027, 1, 1), False),  # New Year's Day
        (D(2023, 5, 5), False),  # Store Bededag, still a holiday in 2023
        (D(2024, 4, 26), True),  # Store Bededag, abolished from 2024
        (D(2026, 5, 1), True),  # ... and in 2026
        (D(2026, 6, 5), True),  # Constitution Day is not a public holiday
    ],
)
def test_working_days_skip_weekends_and_danish_public_holidays(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        (D(2026, 4, 1), 1, D(2026, 4, 7)),  # over Easter: Thu, Fri, weekend, Mon are off
        (D(2026, 4, 7), -1, D(2026, 4, 1)),
        (D(2026, 4, 1), 0, D(2026, 4, 1)),  # a working day itself
        (D(2026, 4, 2), 0, D(2026, 4, 7)),  # a holiday moves to the next working day
        (D(2026, 5, 16), 0, D(2026, 5, 18)),  # Saturday → Monday
        (D(2026, 5, 13), 1, D(2026, 5, 15)),  # over Ascension
        (D(2026, 5, 22), 1, D(2026, 5, 26)),  # over Whitsun
        (D(2026, 12, 23), 2, D(2026, 12, 28)),  # Christmas Eve counts, 25th–27th do not
        (D(2026, 12, 31), 1, D(2027, 1, 4)),  # New Year's Day and the weekend, into a new year
        (D(2026, 5, 8), -10, D(2026, 4, 24)),
    ],
)
def test_add_working_days(day, count, expected):
    assert add_working_days(day, count) == expected


# The executive S&OP meeting ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "month", "week", "weekday", "expected"),
    [
        (2026, 1, MeetingWeek.FIRST, Weekday.TUESDAY, D(2026, 1, 6)),
        (2026, 1, MeetingWeek.SECOND, Weekday.TUESDAY, D(2026, 1, 13)),
        (2026, 1, MeetingWeek.THIRD, Weekday.TUESDAY, D(2026, 1, 20)),
        (2026, 1, MeetingWeek.FOURTH, Weekday.TUESDAY, D(2026, 1, 27)),
        (2026, 1, MeetingWeek.LAST, Weekday.TUESDAY, D(2026, 1, 27)),
        # March 2026 has five Tuesdays: the 4th and the last differ.
        (2026, 3, MeetingWeek.FOURTH, Weekday.TUESDAY, D(2026, 3, 24)),
        (2026, 3, MeetingWeek.LAST, Weekday.TUESDAY, D(2026, 3, 31)),
        # A month that starts on the meeting's weekday.
        (2026, 9, MeetingWeek.FIRST, Weekday.TUESDAY, D(2026, 9, 1)),
        (2026, 9, MeetingWeek.LAST, Weekday.WEDNESDAY, D(2026, 9, 30)),
        (2026, 2, MeetingWeek.FIRST, Weekday.MONDAY, D(2026, 2, 2)),
        (2026, 2, MeetingWeek.LAST, Weekday.FRIDAY, D(2026, 2, 27)),
        (2028, 2, MeetingWeek.LAST, Weekday.TUESDAY, D(2028, 2, 29)),  # leap year
    ],
)
def test_meeting_date(year, month, week, weekday, expected):
    assert meeting_date(year, month, week, weekday) == expected
    assert expected.weekday() == weekday


# S&OP-cycle due dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("week", "weekday", "offset", "after", "expected"),
    [
        # 2nd Tuesday of February 2026 is the 10th; one working day after is Wednesday the 11th.
        (MeetingWeek.SECOND, Weekday.TUESDAY, 1, D(2026, 2, 1), D(2026, 2, 11)),
        # Strictly after: on the due date itself the next one is next month's.
        (MeetingWeek.SECOND, Weekday.TUESDAY, 1, D(2026, 2, 11), D(2026, 3, 11)),
        (MeetingWeek.SECOND, Weekday.TUESDAY, 1, D(2026, 2, 10), D(2026, 2, 11)),
        # 1st Tuesday of September 2026 is the 1st: two working days before is Friday 28 August,
        # in the month before, across a weekend.
        (MeetingWeek.FIRST, Weekday.TUESDAY, -2, D(2026, 8, 20), D(2026, 8, 28)),
        # ... and after it, October's meeting (the 6th) minus two working days: Friday the 2nd.
        (MeetingWeek.FIRST, Weekday.TUESDAY, -2, D(2026, 8, 28), D(2026, 10, 2)),
        # 1st Tuesday of April 2026 is the 7th: the working day before skips Easter Monday,
        # the Easter weekend, Good Friday and Maundy Thursday.
        (MeetingWeek.FIRST, Weekday.TUESDAY, -1, D(2026, 3, 20), D(2026, 4, 1)),
        # 2nd Wednesday of May 2026 is the 13th: the day after is Ascension Day, skipped.
        (MeetingWeek.SECOND, Weekday.WEDNESDAY, 1, D(2026, 5, 1), D(2026, 5, 15)),
        # The last Thursday of 2026 is New Year's Eve: the day after is in the next year and a
        # holiday, so Monday 4 January.
        (MeetingWeek.LAST, Weekday.THURSDAY, 1, D(2026, 12, 10), D(2027, 1, 4)),
        # The meeting day itself.
        (MeetingWeek.THIRD, Weekday.THURSDAY, 0, D(2026, 6, 1), D(2026, 6, 18)),
    ],
)
def test_sop_cycle_due_dates(week, weekday, offset, after, expected):
    due = cadence_next(row(Cadence.SOP_CYCLE, offset=offset, plan=sop_plan(week, weekday)), after)

    assert due == expected
    assert is_working_day(due)


def test_sop_cycle_dates_follow_the_meeting_month_after_month():
    r = row(Cadence.SOP_CYCLE, offset=1, plan=sop_plan(MeetingWeek.SECOND, Weekday.TUESDAY))
    dates, after = [], D(2026, 1, 1)
    for _ in range(6):
        after = cadence_next(r, after)
        dates.append(after)

    assert dates == [
        D(2026, 1, 14),
        D(2026, 2, 11),
        D(2026, 3, 11),
        D(2026, 4, 15),
        D(2026, 5, 13),
        D(2026, 6, 10),
    ]


@pytest.mark.parametrize(
    ("current", "after", "expected"),
    [
        # Reviewed the day before it was due: that due date is covered, the next is March's.
        (D(2026, 2, 11), D(2026, 2, 10), D(2026, 3, 11)),
        # Reviewed weeks late: the next meeting after the review, not the missed ones.
        (D(2026, 1, 14), D(2026, 2, 12), D(2026, 3, 11)),
    ],
)
def test_sop_cycle_steps_on_from_the_rows_current_review_date(current, after, expected):
    plan = sop_plan(MeetingWeek.SECOND, Weekday.TUESDAY)
    r = row(Cadence.SOP_CYCLE, next_review=current, offset=1, plan=plan)

    assert cadence_next(r, after) == expected


def test_sop_cycle_without_a_meeting_in_the_plan_has_no_next_date():
    assert cadence_next(row(Cadence.SOP_CYCLE, offset=1), D(2026, 2, 1)) is None


# Calendar cadences keep their rhythm ----------------------------------------------------------


@pytest.mark.parametrize(
    ("cadence", "weeks", "current", "after", "expected"),
    [
        # Reviewed on time: one step on.
        (Cadence.WEEKLY, None, D(2026, 1, 5), D(2026, 1, 5), D(2026, 1, 12)),
        # Reviewed two days late: still Mondays.
        (Cadence.WEEKLY, None, D(2026, 1, 5), D(2026, 1, 7), D(2026, 1, 12)),
        # Reviewed three weeks late: the next Monday of the rhythm, not three weeks of backlog.
        (Cadence.WEEKLY, None, D(2026, 1, 5), D(2026, 1, 27), D(2026, 2, 2)),
        # Exactly on a later date of the rhythm: strictly after it.
        (Cadence.WEEKLY, None, D(2026, 1, 5), D(2026, 1, 19), D(2026, 1, 26)),
        (Cadence.EVERY_N_WEEKS, 2, D(2026, 1, 5), D(2026, 1, 5), D(2026, 1, 19)),
        (Cadence.EVERY_N_WEEKS, 2, D(2026, 1, 5), D(2026, 1, 20), D(2026, 2, 2)),
        (Cadence.EVERY_N_WEEKS, 4, D(2026, 1, 5), D(2026, 2, 2), D(2026, 3, 2)),
        # 15 February 2026 is a Sunday: the Monday.
        (Cadence.MONTHLY, None, D(2026, 1, 15), D(2026, 1, 15), D(2026, 2, 16)),
        (Cadence.MONTHLY, None, D(2026, 1, 15), D(2026, 3, 1), D(2026, 3, 16)),
        # 28 February 2026 is a Saturday: Monday 2 March.
        (Cadence.MONTHLY, None, D(2026, 1, 31), D(2026, 1, 31), D(2026, 3, 2)),
        (Cadence.MONTHLY, None, D(2028, 1, 31), D(2028, 1, 31), D(2028, 2, 29)),
        (Cadence.MONTHLY, None, D(2026, 12, 10), D(2026, 12, 10), D(2027, 1, 11)),
        # No review date yet: counted from `after`.
        (Cadence.WEEKLY, None, None, D(2026, 3, 4), D(2026, 3, 11)),
        # Saturday 4 April 2026, then Easter Monday: Tuesday 7 April.
        (Cadence.MONTHLY, None, None, D(2026, 3, 4), D(2026, 4, 7)),
    ],
)
def test_calendar_cadences_keep_their_rhythm(cadence, weeks, current, after, expected):
    due = cadence_next(row(cadence, next_review=current, weeks=weeks), after)

    assert due == expected
    assert due > after


def test_once_has_no_next_date():
    assert cadence_next(row(Cadence.ONCE, next_review=D(2026, 1, 5)), D(2026, 1, 5)) is None


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2026, 1, 31), 2, D(2026, 3, 31)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2026, 1, 15), -1, D(2025, 12, 15)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


def test_a_monthly_row_scheduled_on_the_31st_does_not_drift_after_a_short_month():
    monthly = row(Cadence.MONTHLY, next_review=datetime.date(2026, 1, 31))
    monthly.scheduled_date = datetime.date(2026, 1, 31)
    dates = []
    for _ in range(3):
        monthly.next_review_date = cadence_next(monthly, after=monthly.next_review_date)
        dates.append(monthly.next_review_date)
    assert dates == [
        datetime.date(2026, 3, 2),  # 28 February is a Saturday
        datetime.date(2026, 3, 31),
        datetime.date(2026, 4, 30),
    ]
