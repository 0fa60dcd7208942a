"""Calendar feeds: what Outlook or Google shows a person who subscribes, read back with the
`icalendar` package, and turning the feed on, renewing and off on the settings page."""

import datetime
import zoneinfo
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from commplan.cadence import next_review_date, occurrences
from commplan.models import Cadence, Profile, Role, RowStatus
from milestones.models import MilestoneStatus

from ..factories import (
    MembershipFactory,
    MilestoneFactory,
    PlanFactory,
    PlanRowFactory,
    StakeholderFactory,
)

TODAY = datetime.date(2026, 5, 10)


@pytest.fixture(autouse=True)
def today():
    """Noon in Copenhagen on TODAY, so the feed's window is known."""
    moment = datetime.datetime(2026, 5, 10, 12, tzinfo=zoneinfo.ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(moment, tick=False):
        yield TODAY


def token_for(user, token=None, language=""):
    token = token or f"secret-of-{user.username}"
    Profile.objects.update_or_create(
        user=user, defaults={"calendar_token": token, "language": language}
    )
    return token


def feed_url(token):
    return reverse("commplan:calendar_feed", args=[token])


def plan_feed_url(token, plan):
    return reverse("commplan:calendar_plan_feed", args=[token, plan.pk])


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar):
    """{summary: [start dates]} of the calendar's events."""
    found = {}
    for event in calendar.walk("VEVENT"):
        found.setdefault(str(event["SUMMARY"]), []).append(event.decoded("DTSTART"))
    return found


def absolute(path):
    return settings.SITE_URL + path


# The person's own feed.


def test_feed_lists_each_scheduled_communication_and_the_review_as_all_day_events(
    anonymous_client, plan, owner
):
    channel_row = PlanRowFactory(
        plan=plan,
        owner=owner,
        stakeholder__name="Sales team",
        message__content="Why S&OP matters",
        message__goal="Sales knows the monthly cycle",
        channel__name="Town hall",
        cadence=Cadence.EVERY_N_WEEKS,
        cadence_weeks=4,
        scheduled_date=datetime.date(2026, 3, 2),
        next_review_date=datetime.date(2026, 5, 20),
    )

    calendar = fetch(anonymous_client, feed_url(token_for(owner)))

    found = events(calendar)
    # Every fourth week from 2 March, from a month back to half a year ahead (plan ends 31 Dec);
    # Whit Monday 25 May moves to the Tuesday.
    assert found["Communication: Sales team – Why S&OP matters"] == [
        datetime.date(2026, 4, 27),
        datetime.date(2026, 5, 26),
        datetime.date(2026, 6, 22),
        datetime.date(2026, 7, 20),
        datetime.date(2026, 8, 17),
        datetime.date(2026, 9, 14),
        datetime.date(2026, 10, 12),
        datetime.date(2026, 11, 9),
    ]
    assert found["Review: Sales team – Why S&OP matters"] == [datetime.date(2026, 5, 20)]
    row_url = absolute(channel_row.get_absolute_url())
    for event in calendar.walk("VEVENT"):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        # Dates, not midnight in some zone: the same day in every calendar.
        assert type(start) is datetime.date and end == start + datetime.timedelta(days=1)
        assert event["DTSTART"].params["VALUE"] == "DATE"
        assert event["DTSTAMP"].to_ical().endswith(b"Z")  # UTC, as RFC 5545 requires
        assert str(event["URL"]) == row_url
        description = str(event["DESCRIPTION"])
        for text in ("Why S&OP matters", "Sales knows the monthly cycle", "Sales team"):
            assert text in description
        assert "Channel: Town hall" in description
        assert row_url in description


def test_event_ids_are_unique_and_stay_the_same_between_fetches(anonymous_client, plan, owner):
    PlanRowFactory(plan=plan, owner=owner, cadence=Cadence.WEEKLY)
    PlanRowFactory(plan=plan, owner=owner, cadence=Cadence.MONTHLY)
    url = feed_url(token_for(owner))

    first = [str(e["UID"]) for e in fetch(anonymous_client, url).walk("VEVENT")]
    again = [str(e["UID"]) for e in fetch(anonymous_client, url).walk("VEVENT")]

    assert len(first) == len(set(first)) > 2
    assert first == again
    assert all(uid.endswith(f"@{urlsplit(settings.SITE_URL).hostname}") for uid in first)


def test_calendar_names_the_copenhagen_time_zone(anonymous_client, plan, owner):
    PlanRowFactory(plan=plan, owner=owner)

    calendar = fetch(anonymous_client, feed_url(token_for(owner)))

    assert calendar["X-WR-TIMEZONE"] == "Europe/Copenhagen"
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Copenhagen"
    offsets = {
        (part.name, part.decoded("TZOFFSETTO")) for part in zone.walk() if part.name != "VTIMEZONE"
    }
    hour = datetime.timedelta(hours=1)
    assert offsets == {("STANDARD", hour), ("DAYLIGHT", 2 * hour)}
    # Summer time in Copenhagen as the client will compute it from the VTIMEZONE.
    assert zone.to_tz().utcoffset(datetime.datetime(2026, 7, 1, 12)) == 2 * hour


def test_summaries_are_in_the_persons_language(anonymous_client, plan, owner):
    PlanRowFactory(plan=plan, owner=owner, stakeholder__name="Salg", message__content="Piloten")

    calendar = fetch(anonymous_client, feed_url(token_for(owner, language="da")))

    assert set(events(calendar)) == {"Kommunikation: Salg – Piloten", "Opfølgning: Salg – Piloten"}
    assert "Interessenter (målgruppe): Salg" in str(calendar.walk("VEVENT")[0]["DESCRIPTION"])


def test_only_the_persons_open_rows_on_active_plans(anonymous_client, plan, owner, manager):
    mine = PlanRowFactory(plan=plan, owner=owner, stakeholder__name="Mine")
    PlanRowFactory(plan=plan, owner=manager, stakeholder__name="Someone else's")
    PlanRowFactory(plan=plan, owner=owner, status=RowStatus.DONE, stakeholder__name="Done")
    PlanRowFactory(
        plan=plan, owner=owner, status=RowStatus.CANCELLED, stakeholder__name="Cancelled"
    )
    archived = PlanFactory(archived_at=timezone.now())
    MembershipFactory(plan=archived, user=owner)
    PlanRowFactory(plan=archived, owner=owner, stakeholder__name="Archived")

    calendar = fetch(anonymous_client, feed_url(token_for(owner)))

    assert {str(e["URL"]) for e in calendar.walk("VEVENT")} == {absolute(mine.get_absolute_url())}


def test_repeats_stop_at_the_plans_end(anonymous_client, owner):
    plan = PlanFactory(end_date=datetime.date(2026, 6, 1))
    MembershipFactory(plan=plan, user=owner)
    PlanRowFactory(
        plan=plan,
        owner=owner,
        stakeholder__name="Sales",
        message__content="Weekly",
        cadence=Cadence.WEEKLY,
        scheduled_date=datetime.date(2026, 5, 11),
        next_review_date=None,
    )

    calendar = fetch(anonymous_client, feed_url(token_for(owner)))

    assert events(calendar) == {
        "Communication: Sales – Weekly": [
            datetime.date(2026, 5, 11),
            datetime.date(2026, 5, 18),
            datetime.date(2026, 5, 26),  # Whit Monday moves to the Tuesday
            datetime.date(2026, 6, 1),
        ]
    }


@pytest.mark.parametrize("token", ["never-issued", "secret-of-owner-x"])
def test_a_token_nobody_has_is_404(anonymous_client, plan, owner, token):
    token_for(owner)

    assert anonymous_client.get(feed_url(token)).status_code == 404
    assert anonymous_client.get(plan_feed_url(token, plan)).status_code == 404


def test_a_deactivated_persons_feed_is_404(anonymous_client, owner):
    token = token_for(owner)
    owner.is_active = False
    owner.save()

    assert anonymous_client.get(feed_url(token)).status_code == 404


def test_the_feed_takes_no_post(anonymous_client, owner):
    assert anonymous_client.post(feed_url(token_for(owner))).status_code == 405


# A plan's milestones.


def test_plan_feed_has_the_milestones_for_any_member(anonymous_client, plan, executive):
    pilot = MilestoneFactory(plan=plan, title="Pilot starts", planned_date=TODAY)
    MilestoneFactory(
        plan=plan,
        title="Kick-off",
        planned_date=datetime.date(2026, 2, 1),
        actual_date=datetime.date(2026, 2, 3),
        status=MilestoneStatus.REACHED,
    )
    MilestoneFactory(plan=plan, title="Dropped", status=MilestoneStatus.CANCELLED)

    calendar = fetch(anonymous_client, plan_feed_url(token_for(executive), plan))

    assert events(calendar) == {
        "Milestone: Pilot starts": [TODAY],
        "Milestone reached: Kick-off": [datetime.date(2026, 2, 3)],
    }
    event = next(e for e in calendar.walk("VEVENT") if "Pilot" in e["SUMMARY"])
    assert str(event["URL"]) == absolute(f"{plan.get_absolute_url()}?milestone={pilot.pk}")
    assert "Phase: Pilot" in str(event["DESCRIPTION"])
    assert str(calendar["X-WR-CALNAME"]) == f"Milestones – {plan.name}"


def test_plan_feed_is_404_for_someone_not_on_the_plan(anonymous_client, plan, outsider):
    MilestoneFactory(plan=plan)

    response = anonymous_client.get(plan_feed_url(token_for(outsider), plan))

    assert response.status_code == 404


def test_archived_plans_feed_is_empty(anonymous_client, plan, executive):
    MilestoneFactory(plan=plan)
    plan.archived_at = timezone.now()
    plan.save()

    calendar = fetch(anonymous_client, plan_feed_url(token_for(executive), plan))

    assert calendar.walk("VEVENT") == []


# Constant queries.


def grow(plan, person, n):
    for _ in range(n):
        other = PlanFactory()
        MembershipFactory(plan=other, user=person, role=Role.OWNER)
        PlanRowFactory(plan=other, owner=person, cadence=Cadence.WEEKLY)
        PlanRowFactory(plan=plan, owner=person, stakeholder=StakeholderFactory(plan=plan))
        MilestoneFactory(plan=plan)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(Calendar.from_ical(response.content).walk("VEVENT"))


@pytest.mark.parametrize("feed", ["person", "plan"])
def test_feeds_cost_the_same_queries_for_n_and_2n(anonymous_client, plan, owner, feed):
    token = token_for(owner)
    url = feed_url(token) if feed == "person" else plan_feed_url(token, plan)
    grow(plan, owner, 3)
    few, few_events = count_queries(anonymous_client, url)
    grow(plan, owner, 3)
    many, many_events = count_queries(anonymous_client, url)

    assert many_events > few_events
    # The plan's feed reads its S&OP meetings too (issue 15): one query more.
    assert many == few <= (3 if feed == "person" else 4)


# Turning the feed on, renewing and off.


def calendar_action(client, action):
    return client.post(reverse("commplan:calendar_key"), {"action": action})


def test_turning_on_shows_the_absolute_addresses_to_copy(owner_client, owner, plan):
    archived = PlanFactory(name="Old plan", archived_at=timezone.now())
    MembershipFactory(plan=archived, user=owner)

    response = calendar_action(owner_client, "renew")

    assert response.status_code == 302
    assert response["Location"] == reverse("commplan:my_settings") + "#calendar"
    token = Profile.objects.get(user=owner).calendar_token
    assert len(token) >= 40
    page = owner_client.get(reverse("commplan:my_settings")).content.decode()
    assert f'value="{absolute(feed_url(token))}"' in page
    assert f'value="{absolute(plan_feed_url(token, plan))}"' in page
    assert "Old plan" not in page
    assert "Subscribe from web" in page and "From URL" in page
    assert owner_client.get(feed_url(token)).status_code == 200


def test_renewing_replaces_the_address_and_the_old_one_stops_working(owner_client, owner, plan):
    old = token_for(owner)

    calendar_action(owner_client, "renew")

    new = Profile.objects.get(user=owner).calendar_token
    assert new != old
    assert owner_client.get(feed_url(old)).status_code == 404
    assert owner_client.get(plan_feed_url(old, plan)).status_code == 404
    assert owner_client.get(feed_url(new)).status_code == 200


def test_turning_off_stops_the_feed(owner_client, owner):
    old = token_for(owner)

    calendar_action(owner_client, "off")

    assert Profile.objects.get(user=owner).calendar_token is None
    assert owner_client.get(feed_url(old)).status_code == 404
    page = owner_client.get(reverse("commplan:my_settings")).content.decode()
    assert "Turn the calendar feed on" in page and f"/calendar/{old}" not in page
    assert 'id="feed-url"' not in page


def test_an_unknown_action_says_so_and_changes_nothing(owner_client, owner, snapshot):
    token_for(owner)
    before = snapshot()

    response = owner_client.post(reverse("commplan:calendar_key"), {"action": "share"}, follow=True)

    assert "That calendar action is not known" in response.content.decode()
    assert snapshot() == before


def test_saving_the_settings_keeps_the_feed(owner_client, owner):
    token = token_for(owner)

    owner_client.post(
        reverse("commplan:my_settings"), {"reminder_frequency": "weekly", "language": ""}
    )

    assert Profile.objects.get(user=owner).calendar_token == token


# The dates behind the feed: the cadence, expanded.


def dates_of(row, start, end):
    return list(occurrences(row, start, end))


def test_monthly_on_the_31st_falls_on_short_months_last_day(plan):
    row = PlanRowFactory.build(
        plan=plan, cadence=Cadence.MONTHLY, scheduled_date=datetime.date(2026, 1, 31)
    )

    # Saturday 28 February moves to Monday 2 March; Sunday 31 May to 1 June, after the end.
    assert dates_of(row, datetime.date(2026, 2, 1), datetime.date(2026, 5, 31)) == [
        datetime.date(2026, 3, 2),
        datetime.date(2026, 3, 31),
        datetime.date(2026, 4, 30),
    ]


def test_sop_cycle_dates_are_the_dates_reviews_step_on(plan):
    plan.sop_meeting_week, plan.sop_meeting_weekday = 1, 3  # first Thursday
    row = PlanRowFactory.build(
        plan=plan,
        cadence=Cadence.SOP_CYCLE,
        cycle_offset=2,
        scheduled_date=datetime.date(2026, 3, 1),
        next_review_date=None,
    )

    dates = dates_of(row, datetime.date(2026, 1, 1), datetime.date(2026, 7, 31))

    stepped, day = [], datetime.date(2026, 2, 28)
    while (day := next_review_date(row, after=day)) <= datetime.date(2026, 7, 31):
        stepped.append(day)
        row.next_review_date = day
    assert dates == stepped
    # The April meeting falls on Maundy Thursday and takes place on Tuesday 7 April (after Good
    # Friday, the weekend and Easter Monday): two working days after it is the Thursday.
    assert dates[:2] == [datetime.date(2026, 3, 9), datetime.date(2026, 4, 9)]


@pytest.mark.parametrize(
    ("cadence", "weeks", "expected"),
    [
        (Cadence.ONCE, None, []),
        (Cadence.WEEKLY, None, [datetime.date(2026, 5, 6), datetime.date(2026, 5, 13)]),
        # 15 and 29 April, then 13 May.
        (Cadence.EVERY_N_WEEKS, 2, [datetime.date(2026, 5, 13)]),
    ],
)
def test_calendar_cadences_count_from_the_scheduled_date(plan, cadence, weeks, expected):
    row = PlanRowFactory.build(
        plan=plan, cadence=cadence, cadence_weeks=weeks, scheduled_date=datetime.date(2026, 4, 1)
    )

    assert dates_of(row, datetime.date(2026, 5, 1), datetime.date(2026, 5, 14)) == expected
