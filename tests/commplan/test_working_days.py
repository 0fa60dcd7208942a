"""Every date the product proposes or computes is a Danish working day; dates a person types are
kept as typed, with a gentle warning (issue 18, items 5–8).

Property-based over start dates across 2026–2035, with the holidays that trip plans up (Easter,
Ascension, Whitsun, Christmas, New Year) as explicit examples.
"""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from commplan.cadence import (
    cycle_dates,
    is_working_day,
    meeting_date,
    meeting_day,
    next_review_date,
    occurrences,
)
from commplan.models import Cadence, CommunicationPlan, PlanRow
from commplan.starter.build import create_plan_from_template
from commplan.starter.copying import copy_plan, shift
from milestones.models import Milestone

from ..factories import MilestoneFactory, PlanRowFactory

D = datetime.date
DAY = datetime.timedelta(days=1)
DATES = st.dates(D(2026, 1, 1), D(2035, 12, 31))
MEETING_WEEKS = st.integers(1, 5)
WEEKDAYS = st.integers(0, 4)
# Holidays of those years: a date on, just before and after each is the likeliest trouble.
HOLIDAYS = [
    D(2026, 4, 2),  # Maundy Thursday
    D(2026, 4, 6),  # Easter Monday
    D(2026, 5, 14),  # Ascension Day
    D(2026, 5, 25),  # Whit Monday
    D(2027, 5, 6),  # Ascension Day
    D(2027, 5, 17),  # Whit Monday
    D(2026, 12, 25),  # Christmas Day
    D(2027, 1, 1),  # New Year's Day
    D(2035, 3, 22),  # Maundy Thursday
]
quick = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def with_holidays(test):
    """The test, started on each holiday as well as on the dates Hypothesis draws."""
    for day in HOLIDAYS:
        test = example(start=day, week=3, weekday=1)(test)
    return test


# The rule ------------------------------------------------------------------------------------


@quick
@given(day=DATES, weeks=st.integers(-260, 260))
@example(day=D(2027, 5, 24), weeks=-1)  # the issue: a copy one week earlier, on Whit Monday
@example(day=D(2027, 1, 8), weeks=-1)  # New Year's Day
@example(day=D(2026, 12, 31), weeks=-1)  # Christmas Day
def test_a_copy_moves_every_date_onto_the_next_working_day(day, weeks):
    moved = shift(day, datetime.timedelta(weeks=weeks))
    plain = day + datetime.timedelta(weeks=weeks)

    assert is_working_day(moved)
    assert plain <= moved < plain + 6 * DAY  # the next working day, never a week later
    assert all(not is_working_day(plain + n * DAY) for n in range((moved - plain).days))


@quick
@given(month=DATES, week=MEETING_WEEKS, weekday=WEEKDAYS, offset=st.integers(-15, 15))
@example(month=D(2027, 5, 1), week=1, weekday=3, offset=1)  # Ascension Day 2027
@example(month=D(2026, 4, 1), week=1, weekday=3, offset=1)  # Maundy Thursday 2026
@example(month=D(2026, 12, 1), week=4, weekday=4, offset=-1)  # Christmas Day 2026
def test_cycle_dates_count_from_the_day_the_meeting_actually_takes_place(
    month, week, weekday, offset
):
    plan = CommunicationPlan(sop_meeting_week=week, sop_meeting_weekday=weekday)
    due = next(cycle_dates(plan, offset, month))
    meeting = meeting_day(month.year, month.month, week, weekday)

    assert is_working_day(meeting) and is_working_day(due)
    assert meeting >= meeting_date(month.year, month.month, week, weekday)
    # As many working days from the meeting as the offset says, on the right side of it.
    if offset > 0:
        assert due > meeting
    elif offset < 0:
        assert due < meeting
    else:
        assert due == meeting
    low, high = sorted([meeting, due])
    between = [low + n * DAY for n in range(1, (high - low).days + 1)]
    assert sum(map(is_working_day, between)) == abs(offset)


def test_decisions_released_the_working_day_after_a_meeting_moved_off_ascension_day():
    plan = CommunicationPlan(sop_meeting_week=1, sop_meeting_weekday=3)  # first Thursday
    may = D(2027, 5, 1)

    meeting = next(cycle_dates(plan, 0, may))
    released = next(cycle_dates(plan, 1, may))

    assert meeting_date(2027, 5, 1, 3) == D(2027, 5, 6)  # Ascension Day
    assert meeting == D(2027, 5, 7)  # takes place the Friday
    assert released == D(2027, 5, 10)  # released the Monday after, not the same Friday


@quick
@given(
    scheduled=DATES,
    cadence=st.sampled_from([Cadence.WEEKLY, Cadence.EVERY_N_WEEKS, Cadence.MONTHLY]),
    late=st.integers(0, 40),
)
@example(scheduled=D(2026, 3, 30), cadence=Cadence.WEEKLY, late=0)  # next: Easter Monday
@example(scheduled=D(2026, 11, 25), cadence=Cadence.MONTHLY, late=0)  # next: Christmas Day
def test_next_reviews_are_working_days_and_keep_the_rhythm(scheduled, cadence, late):
    row = PlanRow(
        plan=CommunicationPlan(),
        cadence=cadence,
        cadence_weeks=3 if cadence == Cadence.EVERY_N_WEEKS else None,
        scheduled_date=scheduled,
        next_review_date=scheduled,
    )
    dates = []
    after = scheduled + late * DAY
    for _ in range(4):
        due = next_review_date(row, after)
        assert due > after and is_working_day(due)
        dates.append(due)
        row.next_review_date = after = due
    if cadence == Cadence.WEEKLY and is_working_day(scheduled):
        # A holiday moves one review a day or so, not the rhythm: the rest stay on the weekday.
        assert sum(d.weekday() == scheduled.weekday() for d in dates) >= 3


@quick
@given(scheduled=DATES, cadence=st.sampled_from([Cadence.WEEKLY, Cadence.MONTHLY]))
def test_a_rows_repeats_after_the_scheduled_date_are_working_days(scheduled, cadence):
    row = PlanRow(plan=CommunicationPlan(), cadence=cadence, scheduled_date=scheduled)

    dates = list(occurrences(row, scheduled, scheduled + 120 * DAY))

    assert dates[0] == scheduled  # as typed
    assert all(map(is_working_day, dates[1:]))
    assert dates == sorted(set(dates))


# The template --------------------------------------------------------------------------------


@pytest.mark.django_db
@quick
@given(start=DATES, week=MEETING_WEEKS, weekday=WEEKDAYS)
@with_holidays
def test_every_date_of_a_plan_from_the_template_is_a_working_day(manager, start, week, weekday):
    plan = create_plan_from_template(
        manager,
        organisation="Vestjysk Ventil A/S",
        start_date=start,
        products="Ball valves",
        meeting_week=week,
        meeting_weekday=weekday,
    )

    days = list(plan.milestones.values_list("planned_date", flat=True))
    for scheduled, review in plan.rows.values_list("scheduled_date", "next_review_date"):
        days += [scheduled, review]
    assert [day for day in days if not is_working_day(day)] == []


@pytest.mark.django_db
def test_the_templates_workshops_are_first_reviewed_after_whitsun_not_on_whit_monday(manager):
    # Workshops a week before Whit Monday 2027: reviewed a week later would be 17.05.2027.
    plans = [
        create_plan_from_template(
            manager,
            organisation="Vestjysk Ventil A/S",
            start_date=start,
            products="Ball valves",
            meeting_week=3,
            meeting_weekday=1,
        )
        for start in (D(2026, 11, 2) + n * DAY for n in range(0, 21))
    ]
    once = PlanRow.objects.filter(plan__in=plans, cadence=Cadence.ONCE)

    assert once.filter(scheduled_date=D(2027, 5, 10)).exists()  # the case in the issue
    assert not once.filter(next_review_date=D(2027, 5, 17)).exists()
    assert once.filter(next_review_date=D(2027, 5, 18)).exists()


# Copies --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_copy_one_week_earlier_moves_a_milestone_off_whit_monday(manager, plan):
    MilestoneFactory(plan=plan, title="Pilot go-live", planned_date=D(2027, 5, 24))
    PlanRowFactory(plan=plan, scheduled_date=D(2027, 5, 24), next_review_date=D(2027, 5, 24))

    copy = copy_plan(
        plan,
        manager,
        name="Copy",
        organisation="",
        offset=datetime.timedelta(weeks=-1),
        copy_members=False,
    )

    assert copy.milestones.get(title="Pilot go-live").planned_date == D(2027, 5, 18)
    assert copy.rows.get().scheduled_date == D(2027, 5, 18)
    assert copy.rows.get().next_review_date == D(2027, 5, 18)


def test_the_copy_form_says_dates_move_to_working_days(manager_client, plan):
    manager_client.cookies["django_language"] = "da"
    page = manager_client.get(reverse("commplan:plan_copy", args=[plan.pk])).content.decode()

    assert "næste arbejdsdag" in page


# Dates a person types ------------------------------------------------------------------------


def milestone_data(plan, day):
    return {"title": "Go-live", "phase": 4, "planned_date": day.isoformat(), "status": "planned"}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("da", "17.05.2027 er Anden pinsedag, ikke en arbejdsdag"),
        ("en", "2027-05-17 is Pentecost Monday, not a working day"),
    ],
)
def test_a_typed_holiday_is_kept_with_a_gentle_warning(manager_client, plan, language, text):
    url = reverse("milestones:milestone_create", kwargs={"plan_pk": plan.pk})
    manager_client.cookies["django_language"] = language

    response = manager_client.post(url, milestone_data(plan, D(2027, 5, 17)))

    assert response.status_code == 302
    assert Milestone.objects.get(plan=plan, title="Go-live").planned_date == D(2027, 5, 17)
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert len(warnings) == 1 and text in warnings[0], warnings


def test_a_typed_working_day_gets_no_warning(manager_client, plan):
    url = reverse("milestones:milestone_create", kwargs={"plan_pk": plan.pk})

    response = manager_client.post(url, milestone_data(plan, D(2027, 5, 18)))

    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]
