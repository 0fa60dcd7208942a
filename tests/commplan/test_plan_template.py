"""A new plan from the S&OP template: the toolkit's phases, the typical stakeholders, channels
and starter activities, in the creator's language, recorded in the history."""

import datetime
import html

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from commplan.cadence import add_working_days, is_working_day, meeting_date
from commplan.models import Cadence, CommunicationPlan, PlanRow, Role, RowStatus
from milestones.models import Phase
from stakeholders.models import Approach

URL = reverse("commplan:plan_from_template")
START = datetime.date(2026, 1, 5)  # a Monday
ISSUE_CHANNELS = {
    "Executive S&OP meeting",
    "Demand review",
    "Supply review",
    "Intranet",
    "Newsletter",
    "Town hall",
    "Workshop",
    "Email",
    "Customer letter",
}


@pytest.fixture(autouse=True)
def today():
    """A month before the start date, so the start date is a sensible one."""
    moment = datetime.datetime(2025, 12, 1, 10, tzinfo=timezone.get_default_timezone())
    with time_machine.travel(moment, tick=False):
        yield


def form(**changes):
    data = {
        "organisation": "Vestjysk Ventil A/S",
        "products": "Ball valves",
        "site": "Herning",
        "start_date": START.isoformat(),
        "meeting_week": "3",
        "meeting_weekday": "1",  # the 3rd Tuesday
        "name": "",
    }
    return data | changes


@pytest.fixture
def created(manager_client, manager):
    response = manager_client.post(URL, form())
    plan = CommunicationPlan.objects.get(organisation="Vestjysk Ventil A/S")
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    return plan


def test_the_page_says_what_the_template_creates(outsider_client):
    page = html.unescape(outsider_client.get(URL).content.decode())
    assert "New plan from the S&OP template" in page
    assert "Defining the S&OP process" in page
    assert "Customer letter" in page


def test_the_header_names_the_company_and_the_pilot(created, manager):
    assert created.name == "S&OP communication plan – Vestjysk Ventil A/S"
    assert "project at Vestjysk Ventil A/S" in created.purpose
    assert "pilot for Ball valves (Herning)" in created.message_and_timing
    assert created.stakeholder_approach
    assert (created.sop_meeting_week, created.sop_meeting_weekday) == (3, 1)
    assert created.role_for(manager) == Role.MANAGER
    assert created.memberships.count() == 1


def test_a_given_name_is_kept(manager_client):
    manager_client.post(URL, form(name="  S&OP at Herning  "))
    assert CommunicationPlan.objects.filter(name="S&OP at Herning").exists()


def test_milestones_cover_the_five_phases_in_order_from_the_start(created):
    milestones = list(created.milestones.order_by("planned_date"))
    phases = [m.phase for m in milestones]
    assert sorted(phases) == phases  # the phases follow each other in time
    assert set(phases) == set(Phase.values)
    assert all(m.planned_date > START and is_working_day(m.planned_date) for m in milestones)
    assert milestones[0].planned_date - START == datetime.timedelta(weeks=4)
    # About a year from the decision to the first annual review, which ends the plan.
    assert 300 <= (milestones[-1].planned_date - START).days <= 400
    assert (created.start_date, created.end_date) == (START, milestones[-1].planned_date)
    assert "Ball valves (Herning)" in next(m.title for m in milestones if m.phase == Phase.PILOT)


def test_the_usual_channels_are_there(created):
    names = set(created.channels.values_list("name", flat=True))
    assert ISSUE_CHANNELS <= names
    assert all(created.channels.values_list("description", flat=True))


def test_the_typical_stakeholders_fall_in_every_quadrant(created):
    stakeholders = {s.name: s for s in created.stakeholders.all()}
    assert stakeholders["Executive team"].approach == Approach.MANAGE_CLOSELY
    assert stakeholders["Operations and supply"].approach == Approach.MANAGE_CLOSELY
    assert stakeholders["Finance"].approach == Approach.KEEP_SATISFIED
    assert stakeholders["Procurement"].approach == Approach.KEEP_INFORMED
    assert stakeholders["All employees"].approach == Approach.MONITOR
    assert not stakeholders["Key customers"].is_internal
    assert {s.approach for s in stakeholders.values()} == set(Approach)


def test_the_executive_briefing_on_why_comes_first(created):
    first = created.rows.order_by("scheduled_date", "pk").select_related("milestone").first()
    assert first.stakeholder.name == "Executive team"
    assert first.message.content.startswith("Why Vestjysk Ventil A/S is implementing")
    assert first.milestone.phase == Phase.RECOGNITION
    assert first.scheduled_date < first.milestone.planned_date


def test_the_executive_meetings_decisions_go_out_the_working_day_after(created):
    rows = created.rows.filter(cadence=Cadence.SOP_CYCLE).select_related("channel", "message")
    meeting_row = rows.get(channel__name="Executive S&OP meeting")
    decisions = rows.filter(message__content__startswith="Decisions of this month's executive")
    assert meeting_row.cycle_offset == 0
    assert decisions.exists()
    # The pilot starts in late May 2026; June's meeting is the 3rd Tuesday, 16 June.
    meeting = meeting_date(2026, 6, 3, 1)
    assert meeting_row.next_review_date == meeting == datetime.date(2026, 6, 16)
    for row in decisions:
        assert row.cycle_offset == 1
        assert row.next_review_date == add_working_days(meeting, 1)
    # The cycle runs from data gathering to the meeting: inputs come before it.
    assert {row.cycle_offset for row in rows} >= {-8, -5, -3, 0, 1}


def test_every_activity_is_valid_planned_and_owned_by_the_creator(created, manager):
    rows = list(created.rows.all())
    assert len(rows) >= 25
    for row in rows:
        row.full_clean()
        assert (row.owner, row.status) == (manager, RowStatus.PLANNED)
        assert row.planned_hours > 0
        assert row.next_review_date >= row.scheduled_date
    # Every stakeholder, channel and message is used by some activity.
    for relation in ("stakeholders", "channels", "messages", "milestones"):
        assert not getattr(created, relation).filter(rows__isnull=True).exists(), relation


@pytest.mark.parametrize(
    ("language", "executive", "channel", "decisions", "phase_title"),
    [
        (
            "en",
            "Executive team",
            "Executive S&OP meeting",
            "Decisions of this month's executive S&OP meeting",
            "Pilot starts in the monthly S&OP cycle: Ball valves (Herning)",
        ),
        (
            "da",
            "Direktionen",
            "S&OP-direktionsmøde",
            "Beslutningerne fra månedens S&OP-direktionsmøde",
            "Pilotstart i den månedlige S&OP-cyklus: Ball valves (Herning)",
        ),
    ],
)
def test_the_content_is_in_the_creators_language(
    manager_client, language, executive, channel, decisions, phase_title
):
    manager_client.post(URL, form(), HTTP_ACCEPT_LANGUAGE=language)

    plan = CommunicationPlan.objects.get(organisation="Vestjysk Ventil A/S")
    assert plan.stakeholders.filter(name=executive).exists()
    assert plan.channels.filter(name=channel).exists()
    assert plan.messages.filter(content__startswith=decisions).exists()
    assert plan.milestones.filter(title=phase_title).exists()
    page = manager_client.get(plan.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)
    assert decisions in html.unescape(page.content.decode())


def test_everything_created_is_in_the_history_naming_the_creator(created, manager, assert_built_by):
    assert_built_by(created, manager, "Created from the S&OP template")


def test_creating_a_plan_takes_a_bounded_number_of_queries(
    manager_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        response = manager_client.post(URL, form())
    assert response.status_code == 302
    assert PlanRow.objects.filter(plan__organisation="Vestjysk Ventil A/S").count() >= 25


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"organisation": "  "}, "This field is required."),
        ({"products": ""}, "This field is required."),
        ({"start_date": ""}, "This field is required."),
        ({"start_date": "2026-02-30"}, "Enter a valid date."),
        ({"start_date": "1926-01-05"}, "Choose a start date from"),
        ({"meeting_week": "9"}, "Select a valid choice."),
        ({"meeting_weekday": "6"}, "Select a valid choice."),
    ],
)
def test_bad_input_says_why_and_creates_nothing(manager_client, snapshot, changes, error):
    before = snapshot()
    response = manager_client.post(URL, form(**changes))
    assert response.status_code == 200
    assert error in html.unescape(response.content.decode())
    assert snapshot() == before


# The outline beside the form: weeks after the start, and the dates they fall on ---------------


def test_the_outline_says_weeks_after_the_start_with_the_dates_in_danish(manager_client):
    manager_client.cookies["django_language"] = "da"

    page = html.unescape(manager_client.get(URL).content.decode())

    # Today is 1 December 2025 (the fixture): 4 weeks later is Monday 29 December.
    assert "Erkendelse</span> – 4 uger efter start (29.12.2025)" in page
    assert "uge 4" not in page


def test_a_new_start_date_updates_the_outlines_dates(manager_client):
    manager_client.cookies["django_language"] = "da"

    response = manager_client.get(URL, {"start_date": "2027-04-19"}, HTTP_HX_REQUEST="true")

    fragment = html.unescape(response.content.decode())
    assert fragment.startswith('<div id="template-outline"')
    # 4 weeks after Monday 19 April 2027 is Monday 17 May, Whit Monday: the Tuesday.
    assert "(18.05.2027)" in fragment
    assert "(17.05.2027)" not in fragment
    assert "en start den 19.04.2027" in fragment


def test_the_outline_follows_a_start_date_that_was_refused_or_garbled(manager_client):
    response = manager_client.post(URL, form(start_date="someday"))

    assert response.status_code == 200
    assert "2025-12-01" in html.unescape(response.content.decode())  # today's dates instead
