"""Reminders in Microsoft Teams, against a local HTTP server standing in for Teams
(tests/fake_teams.py): the cards (language, links), posting once, and what happens when Teams
is down, slow, busy (429) or refuses the address (400). The address is a secret: it is never
logged, stored in clear or shown back.

The clock is frozen at 09:00 Copenhagen time on Friday 15 May 2026 unless a test moves it. Two
sweeps at once on PostgreSQL are in tests/integration/test_teams_once.py.
"""

import datetime
import json
import logging
import time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commplan.models import (
    Profile,
    ReminderStatus,
    Role,
    TeamsPost,
    TeamsWebhook,
)
from commplan.reminders import sweep as reminders
from commplan.teams import crypto, posting
from tests.factories import MembershipFactory, PlanRowFactory
from tests.fake_teams import SECRET, FakeTeams, closed_port_url

CPH = ZoneInfo("Europe/Copenhagen")
TODAY = datetime.date(2026, 5, 15)  # a Friday
SITE = "https://planner.example.com"
ADAPTIVE = "application/vnd.microsoft.card.adaptive"


def local(day, hour=9, minute=0, second=0):
    return datetime.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=CPH)


@pytest.fixture(autouse=True)
def teams_settings(settings):
    settings.SITE_URL = SITE
    settings.REMINDER_LEASE_SECONDS = 600
    settings.REMINDER_MAX_BACKOFF_MINUTES = 60
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TEAMS_CONNECT_TIMEOUT = 2
    settings.TEAMS_READ_TIMEOUT = 1
    return settings


@pytest.fixture
def clock():
    with time_machine.travel(local(TODAY), tick=False) as traveller:
        yield traveller


@pytest.fixture
def teams():
    with FakeTeams() as server:
        yield server


def connect(url, **owner):
    """A webhook stored as the pages store it (the form would refuse the test's http://)."""
    return TeamsWebhook.objects.create(
        url_encrypted=crypto.encrypt(url), hint=crypto.hint(url), **owner
    )


def due_row(plan, owner, due):
    return PlanRowFactory(plan=plan, owner=owner, next_review_date=due, scheduled_date=None)


def card(payload):
    """The Adaptive Card inside a Workflows message."""
    assert payload["type"] == "message"
    [attachment] = payload["attachments"]
    assert attachment["contentType"] == ADAPTIVE
    content = attachment["content"]
    assert (content["type"], content["version"]) == ("AdaptiveCard", "1.4")
    return content


def texts(content, kinds=("TextBlock", "TextRun")):
    found = []

    def walk(element):
        if isinstance(element, dict):
            if element.get("type") in kinds:
                found.append(element["text"])
            for value in element.values():
                walk(value)
        elif isinstance(element, list):
            for value in element:
                walk(value)

    walk(content)
    return found


def links(content):
    found = {}

    def walk(element):
        if isinstance(element, dict):
            if element.get("type") == "Action.OpenUrl":
                found[element["url"]] = element["title"]
            for value in element.values():
                walk(value)
        elif isinstance(element, list):
            for value in element:
                walk(value)

    walk(content)
    return found


def review_url(row):
    return SITE + reverse("commplan:review_create", args=[row.plan_id, row.pk])


# Posted once, in the reader's language, with the links ----------------------------------------


def test_an_owners_digest_is_posted_once_in_their_language_with_review_links(
    clock, teams, plan, owner
):
    Profile.objects.create(user=owner, language="da")
    connect(teams.url("owner"), user=owner)
    row = due_row(plan, owner, TODAY - datetime.timedelta(days=2))

    reminders.sweep()
    reminders.sweep()  # the next tick posts nothing new

    [payload] = teams.cards_to("owner")
    content = card(payload)
    assert content["lang"] == "da"
    words = " ".join(texts(content))
    assert "1 kommunikationsaktivitet skal følges op" in words
    assert "Forfaldt 13.05.2026, 2 dage forsinket" in words
    assert links(content)[review_url(row)] == "Registrér opfølgningen"
    assert TeamsPost.objects.get().status == ReminderStatus.SENT
    assert len(mail.outbox) == 1  # the email still goes out


def test_a_plans_channel_gets_the_plans_activities_in_the_channels_language(
    clock, teams, plan, owner, manager
):
    connect(teams.url("plan"), plan=plan, language="en")
    Profile.objects.create(user=owner, language="da")
    late = due_row(plan, owner, TODAY - datetime.timedelta(days=plan.escalation_days + 3))
    due = due_row(plan, manager, TODAY)

    reminders.sweep()

    cards = {card(payload)["body"][1]["text"]: card(payload) for payload in teams.cards_to("plan")}
    assert set(cards) == {
        "2 communication activities are due for follow-up",
        "1 communication activity is seriously overdue for follow-up",
    }
    digest = cards["2 communication activities are due for follow-up"]
    assert digest["lang"] == "en" and texts(digest)[0] == plan.name
    assert {review_url(late), review_url(due)} <= set(links(digest))
    assert any(f"Owner: {owner.get_full_name()}" in text for text in texts(digest))
    escalation = cards["1 communication activity is seriously overdue for follow-up"]
    assert SITE + late.get_absolute_url() in links(escalation)


def test_the_weekly_summary_reaches_the_plans_channel_on_monday_morning(teams, plan, owner):
    connect(teams.url("plan"), plan=plan, language="da")
    monday = datetime.date(2026, 5, 18)

    with time_machine.travel(local(monday, 8), tick=False):
        reminders.sweep()

    [payload] = teams.cards_to("plan")
    content = card(payload)
    assert content["body"][0]["text"].startswith("S&OP-kommunikation, uge 21")
    dashboard = SITE + reverse("commplan:plan_dashboard", args=[plan.pk])
    assert links(content)[dashboard] == "Åbn overblikket"


def test_nothing_is_posted_for_an_archived_plan_or_when_nothing_is_due(clock, teams, plan, owner):
    connect(teams.url("plan"), plan=plan)
    connect(teams.url("owner"), user=owner)

    reminders.sweep()

    assert teams.requests == []


# Down, slow, busy, refused ---------------------------------------------------------------------


def test_a_teams_that_is_down_is_tried_again_with_a_growing_pause(clock, plan, owner):
    hook = connect(closed_port_url(), user=owner)
    due_row(plan, owner, TODAY)

    reminders.sweep()
    post = TeamsPost.objects.get()
    assert (post.status, post.attempts, post.last_error) == (
        ReminderStatus.PENDING,
        1,
        "TeamsUnavailable: connection refused",
    )
    assert post.next_attempt_at == local(TODAY) + datetime.timedelta(minutes=1)

    clock.shift(datetime.timedelta(minutes=1))
    reminders.sweep()
    post.refresh_from_db()
    assert post.attempts == 2
    assert post.next_attempt_at == local(TODAY, 9, 1) + datetime.timedelta(minutes=2)
    hook.refresh_from_db()
    assert not hook.broken  # down is not refused: nobody is told to change the address


def test_a_slow_teams_times_out_quickly_and_is_tried_again(clock, plan, owner):
    with FakeTeams([(202, {}, 10)]) as slow:
        connect(slow.url("owner"), user=owner)
        due_row(plan, owner, TODAY)
        started = time.monotonic()

        reminders.sweep()

        waited = time.monotonic() - started  # wall clock: the read timeout is 1 s, Teams 10 s
    post = TeamsPost.objects.get()
    assert post.status == ReminderStatus.PENDING
    assert post.last_error == "TeamsUnavailable: Teams did not answer within 1 s"
    assert waited < 6  # generous: the machine is shared


def test_429_waits_as_long_as_retry_after_asks(clock, plan, owner):
    with FakeTeams([(429, {"Retry-After": "120"}, 0), (202, {}, 0)]) as busy:
        connect(busy.url("owner"), user=owner)
        due_row(plan, owner, TODAY)

        reminders.sweep()
        post = TeamsPost.objects.get()
        assert post.status == ReminderStatus.PENDING
        assert post.next_attempt_at == local(TODAY) + datetime.timedelta(seconds=120)

        clock.shift(datetime.timedelta(seconds=90))
        reminders.sweep()
        assert len(busy.requests) == 1  # not before the time Teams asked for

        clock.shift(datetime.timedelta(seconds=31))
        reminders.sweep()
        assert len(busy.cards) == 1
    post.refresh_from_db()
    assert post.status == ReminderStatus.SENT


def test_a_refused_address_is_marked_broken_the_managers_are_told_and_it_is_left_alone(
    clock, plan, owner, manager, manager_client
):
    Profile.objects.create(user=manager, language="da")
    with FakeTeams([(400, {}, 0), (202, {}, 0)]) as teams:
        hook = connect(teams.url("plan"), plan=plan)
        due_row(plan, owner, TODAY)

        reminders.sweep()

        hook.refresh_from_db()
        assert (hook.broken, hook.broken_reason) == (True, "HTTP 400")
        [told] = [message for message in mail.outbox if message.to == [manager.email]]
        assert told.subject == f"Teams afviste påmindelserne for »{plan.name}«"
        change_url = SITE + reverse("commplan:plan_teams", args=[plan.pk])
        assert change_url in told.body
        page = manager_client.get(reverse("commplan:reminder_list", args=[plan.pk]))
        assert "Teams refused the address" in page.content.decode()

        # Not tried again, the next sweep or the next day, while the address is unchanged.
        clock.shift(datetime.timedelta(days=1))
        reminders.sweep()
        assert len(teams.requests) == 1
        assert len([m for m in mail.outbox if "Teams" in m.subject]) == 1

        # A new address: the card held back goes out with the next sweep.
        hook.url_encrypted = crypto.encrypt(teams.url("fixed"))
        hook.broken_at = None
        hook.save()
        reminders.sweep()
        assert len(teams.cards_to("fixed")) == 1


def test_an_owners_refused_address_is_reported_to_them(clock, plan, owner):
    with FakeTeams([(404, {}, 0)]) as teams:
        connect(teams.url("owner"), user=owner)
        due_row(plan, owner, TODAY)

        reminders.sweep()

    [told] = [message for message in mail.outbox if "Teams" in message.subject]
    assert told.to == [owner.email]
    assert SITE + reverse("commplan:my_teams") in told.body


# The address is a secret -----------------------------------------------------------------------


def test_the_address_never_appears_in_logs_errors_or_pages(
    clock, caplog, plan, owner, manager, manager_client
):
    caplog.set_level(logging.DEBUG)
    due_row(plan, owner, TODAY)
    with FakeTeams([(500, {}, 0), (429, {}, 0), (400, {}, 0)]) as teams:
        hook = connect(teams.url("plan"), plan=plan)
        for _ in range(3):
            reminders.sweep(retry_now=True)
            TeamsPost.objects.update(next_attempt_at=local(TODAY))
        page = manager_client.get(reverse("commplan:plan_teams", args=[plan.pk]))
    connect(closed_port_url(), user=owner)
    reminders.sweep(retry_now=True)

    assert len(teams.requests) == 3
    hook.refresh_from_db()
    errors = TeamsPost.objects.values_list("last_error", flat=True)
    stored = [*errors, hook.broken_reason, hook.url_encrypted, hook.hint]
    secret = SECRET.split("=")[1]
    assert caplog.records  # the failures were logged, without the address
    assert secret not in caplog.text
    assert not any(secret in value for value in stored)
    assert secret not in page.content.decode()
    assert "…" + SECRET[-4:] in page.content.decode()  # the host and last four only
    assert not any(secret in message.body for message in mail.outbox)


def test_the_address_is_stored_encrypted_and_survives_a_rotated_secret_key(
    clock, settings, teams, plan, owner
):
    hook = connect(teams.url("plan"), plan=plan)
    with connection.cursor() as cursor:
        cursor.execute("SELECT url_encrypted FROM commplan_teamswebhook WHERE id = %s", [hook.pk])
        [raw] = cursor.fetchone()
    assert "127.0.0.1" not in raw and SECRET not in raw
    due_row(plan, owner, TODAY)

    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    reminders.sweep()
    assert len(teams.cards_to("plan")) == 1

    settings.SECRET_KEY_FALLBACKS = []
    assert crypto.decrypt(hook.url_encrypted) is None


def test_an_address_no_key_can_read_is_reported_as_unreadable(clock, settings, plan, owner):
    hook = connect("https://prod-01.westeurope.logic.azure.com/workflows/x?sig=abc", plan=plan)
    due_row(plan, owner, TODAY)
    settings.SECRET_KEY = "another-secret-key-" + "y" * 40

    reminders.sweep()

    hook.refresh_from_db()
    assert hook.broken_reason == "unreadable"
    assert TeamsPost.objects.get().status == ReminderStatus.PENDING


def test_a_site_without_teams_webhooks_costs_the_sweep_one_query(
    clock, plan, owner, django_assert_num_queries
):
    due_row(plan, owner, TODAY)

    with django_assert_num_queries(1):
        result = posting.sweep_teams(TODAY, local(TODAY))

    assert result == posting.TeamsResult()


def test_the_sweeps_queries_grow_with_cards_not_with_rows(clock, teams, plan):
    """A fixed number, plus two per card (its lease renewed just before it is posted, and it
    recorded as posted), however many activities each card names."""
    owners = [MembershipFactory(plan=plan, role=Role.OWNER).user for _ in range(3)]
    for i, owner in enumerate(owners):
        connect(teams.url(f"owner{i}"), user=owner)
    connect(teams.url("plan"), plan=plan)

    def queries_with(rows_each):
        TeamsPost.objects.all().delete()
        for owner in owners:
            for _ in range(rows_each):
                due_row(plan, owner, TODAY)
        reminders.sweep()  # today's reminders, which the people's cards follow
        TeamsPost.objects.all().delete()
        with CaptureQueriesContext(connection) as context:
            result = posting.sweep_teams(TODAY, local(TODAY))
        assert result.sent == len(owners) + 1
        return len(context.captured_queries)

    few, more = queries_with(2), queries_with(6)

    assert few == more
    assert few <= 15 + 2 * (len(owners) + 1), few  # measured: 15 fixed


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120),
        ("Fri, 15 May 2026 07:05:00 GMT", 300),  # 09:00 in Copenhagen is 07:00 GMT
        ("Fri, 15 May 2026 06:00:00 GMT", 0),  # already past
        ("999999", 6 * 3600),  # within reason
        ("soon", 60),
        (None, 60),
    ],
)
def test_retry_after_is_read_as_seconds_or_a_date(clock, header, seconds):
    from commplan.teams.delivery import retry_after

    assert retry_after(header) == datetime.timedelta(seconds=seconds)


def test_a_card_teams_finds_too_large_fails_without_blaming_the_address(clock, plan, owner):
    with FakeTeams([(413, {}, 0)]) as teams:
        hook = connect(teams.url("owner"), user=owner)
        due_row(plan, owner, TODAY)

        for _ in range(3):
            reminders.sweep(retry_now=True)

    post = TeamsPost.objects.get()
    assert (post.status, post.attempts) == (ReminderStatus.FAILED, 3)
    assert post.last_error.startswith("TeamsTooLarge: HTTP 413")
    hook.refresh_from_db()
    assert not hook.broken


def test_a_card_stays_small_however_long_the_activities(clock, teams, plan, owner):
    for _ in range(40):
        row = due_row(plan, owner, TODAY)
        row.message.content = "Lang tekst " * 400
        row.message.save()
    connect(teams.url("owner"), user=owner)

    reminders.sweep()

    [payload] = teams.cards_to("owner")
    assert len(json.dumps(payload).encode()) < 24_000
    assert any("…and 25 more activities:" in text for text in texts(card(payload)))


def test_names_people_typed_are_never_read_as_markdown(clock, teams, plan, owner):
    """Teams reads Markdown in a TextBlock: a stakeholder named like a link would become one."""
    row = due_row(plan, owner, TODAY)
    row.stakeholder.name = "[Klik her](https://evil.example)"
    row.stakeholder.save()
    connect(teams.url("owner"), user=owner)

    reminders.sweep()

    [payload] = teams.cards_to("owner")
    content = card(payload)
    markdown = [t for t in texts(content) if "evil.example" in t]
    assert markdown, "the name is on the card"
    markdown_read = texts(content, kinds=("TextBlock",))
    assert not any("evil.example" in t for t in markdown_read)  # only in TextRuns, as typed
    assert "https://evil.example" not in links(content)
