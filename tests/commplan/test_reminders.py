"""The reminder sweep with Django's in-memory email: who gets which digest, when, and what is
logged; failures, back-off, leases, daylight-saving days and query counts.

The clock is frozen (time-machine) at 09:00 Copenhagen time on Friday 15 May 2026 unless a test
moves it. The guarantees against real PostgreSQL, Redis, Celery and SMTP are in
tests/integration/.
"""

import datetime
import smtplib
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from commplan.models import (
    Cadence,
    Goal,
    Happened,
    Profile,
    Reminder,
    ReminderFrequency,
    ReminderItem,
    ReminderKind,
    ReminderStatus,
    Review,
    Role,
    RowStatus,
)
from commplan.models.plans import MeetingWeek, Weekday
from commplan.reminders import sweep as reminders
from commplan.services import record_review
from commplan.tasks import sweep_reminders
from tests.factories import MembershipFactory, PlanFactory, PlanRowFactory, UserFactory

D = datetime.date
UTC = datetime.UTC
CPH = ZoneInfo("Europe/Copenhagen")
TODAY = D(2026, 5, 15)  # a Friday
MONDAY = D(2026, 5, 18)
SITE = "https://planner.example.com"


def local(day, hour=9, minute=0, second=0):
    return datetime.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=CPH)


def days(n):
    return datetime.timedelta(days=n)


@pytest.fixture(autouse=True)
def reminder_settings(settings):
    settings.SITE_URL = SITE
    settings.REMINDER_LEASE_SECONDS = 600
    settings.REMINDER_MAX_BACKOFF_MINUTES = 60
    settings.REMINDER_BATCH_SIZE = 200
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


@pytest.fixture
def clock():
    with time_machine.travel(local(TODAY), tick=False) as traveller:
        yield traveller


def due_row(plan, owner, due, **fields):
    return PlanRowFactory(
        plan=plan, owner=owner, next_review_date=due, scheduled_date=None, **fields
    )


def member(plan, user=None, role=Role.OWNER, **user_fields):
    """`user` (a new one with `user_fields` when None), made a member of `plan`."""
    user = user or UserFactory(**user_fields)
    MembershipFactory(plan=plan, role=role, user=user)
    return user


def mails_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def review_url(row):
    return f"{SITE}/plans/{row.plan_id}/rows/{row.pk}/reviews/new/"


def html_of(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def sweep():
    return reminders.sweep()


class DisconnectedBackend(BaseEmailBackend):
    """A mail server that drops the connection on every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class UnreachableBackend(BaseEmailBackend):
    """A mail server that cannot be reached at all."""

    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, email_messages):  # pragma: no cover - open() fails first
        raise AssertionError("never reached")


BACKENDS = f"{__name__}."


# Who gets what ---------------------------------------------------------------------------------


def test_owner_gets_one_digest_of_due_and_overdue_rows_across_their_plans(
    clock, plan, owner, manager
):
    other_plan = PlanFactory(name="Second plan")
    member(other_plan, owner)
    due_today = due_row(plan, owner, TODAY)
    overdue = due_row(other_plan, owner, TODAY - days(3))
    due_in_other_plan = due_row(other_plan, owner, TODAY)
    tomorrow = due_row(plan, owner, TODAY + days(1))
    done = due_row(plan, owner, TODAY - days(1), status=RowStatus.DONE)

    result = sweep()

    assert (result.created, result.sent, result.failed) == (1, 1, 0)
    [message] = mail.outbox
    assert message.to == [owner.email]
    assert message.subject == "3 communication activities are due for follow-up (1 overdue)"
    html = html_of(message)
    for listed in (due_today, overdue, due_in_other_plan):
        assert review_url(listed) in message.body
        assert f'href="{review_url(listed)}"' in html
    for left_out in (tomorrow, done):
        assert review_url(left_out) not in message.body + html
    assert "3 days overdue" in message.body
    assert f"{SITE}/my/settings/" in message.body
    assert f'href="{SITE}/my/settings/"' in html
    assert f"{SITE}/my/" in message.body

    # The log: one reminder, sent once, naming each row with the review date it had.
    reminder = Reminder.objects.get()
    assert (reminder.recipient, reminder.kind, reminder.due_on) == (
        owner,
        ReminderKind.DIGEST,
        TODAY,
    )
    assert (reminder.status, reminder.attempts, reminder.last_error) == ("sent", 1, "")
    assert reminder.sent_at == timezone.now()
    assert set(reminder.items.values_list("row_id", "due_date")) == {
        (due_today.pk, TODAY),
        (overdue.pk, TODAY - days(3)),
        (due_in_other_plan.pk, TODAY),
    }


def test_digest_is_in_the_owners_language(clock, plan, owner):
    Profile.objects.create(user=owner, language="da")
    due_row(plan, owner, TODAY)

    sweep()

    [message] = mail.outbox
    with translation.override("da"):
        subject = ngettext(
            "%(counter)s communication activity is due for follow-up",
            "%(counter)s communication activities are due for follow-up",
            1,
        ) % {"counter": 1}
        greeting = gettext("Hello %(name)s,") % {"name": owner.get_full_name()}
    assert subject != "1 communication activity is due for follow-up", "no Danish translation"
    assert message.subject == subject
    assert greeting in message.body
    assert greeting in html_of(message)


def test_weekly_digest_only_on_mondays(clock, plan, owner):
    Profile.objects.create(user=owner, reminder_frequency=ReminderFrequency.WEEKLY)
    friday = due_row(plan, owner, TODAY)
    saturday = due_row(plan, owner, TODAY + days(1))

    for day in (TODAY, TODAY + days(1), TODAY + days(2)):  # Friday, Saturday, Sunday
        clock.move_to(local(day))
        sweep()
    assert mail.outbox == []

    clock.move_to(local(MONDAY))
    sweep()

    [message] = mail.outbox
    assert review_url(friday) in message.body
    assert review_url(saturday) in message.body
    assert Reminder.objects.get().due_on == MONDAY


def test_off_stops_the_digest_but_not_the_escalation(clock, plan, owner, manager):
    Profile.objects.create(user=owner, reminder_frequency=ReminderFrequency.OFF)
    late = due_row(plan, owner, TODAY - days(8))

    sweep()

    assert mails_to(owner) == []
    [message] = mails_to(manager)
    assert late.get_absolute_url() in message.body
    assert owner.get_full_name() in message.body
    assert Reminder.objects.get().kind == ReminderKind.ESCALATION


def test_escalation_only_for_rows_overdue_by_more_than_the_plans_escalation_days(
    clock, plan, owner, manager
):
    plan.escalation_days = 7
    plan.save()
    due_row(plan, owner, TODAY - days(7))  # exactly the escalation days: not yet
    fast_plan = PlanFactory(name="Fast plan", escalation_days=2)
    member(fast_plan, manager, role=Role.MANAGER)
    fast_owner = member(fast_plan, username="fast_owner")
    two_days = due_row(fast_plan, fast_owner, TODAY - days(2))

    sweep()

    assert mails_to(manager) == []
    assert len(mails_to(owner)) == 1  # the owner's own digest still goes out
    assert len(mails_to(fast_owner)) == 1

    clock.move_to(local(TODAY + days(1)))
    mail.outbox.clear()
    sweep()

    [message] = mails_to(manager)
    assert message.subject == "2 communication activities are seriously overdue for follow-up"
    assert two_days.get_absolute_url() in message.body


def test_one_escalation_per_manager_listing_overdue_rows_and_their_owners(clock, plan, manager):
    second_manager = member(plan, role=Role.MANAGER, username="second_manager")
    other_plan = PlanFactory(name="Other plan")
    member(other_plan, manager, role=Role.MANAGER)
    alice = member(plan, username="alice", first_name="Alice", last_name="Andersen")
    bob = member(other_plan, username="bob", first_name="Bob", last_name="Bertelsen")
    Profile.objects.create(user=alice, reminder_frequency=ReminderFrequency.OFF)
    Profile.objects.create(user=bob, reminder_frequency=ReminderFrequency.OFF)
    alice_row = due_row(plan, alice, TODAY - days(10))
    bob_row = due_row(other_plan, bob, TODAY - days(20))
    due_row(plan, alice, TODAY - days(2))  # overdue, but not enough to escalate

    sweep()

    [to_manager] = mails_to(manager)
    for row in (alice_row, bob_row):
        assert f"{SITE}{row.get_absolute_url()}" in to_manager.body
        assert f"{SITE}{row.get_absolute_url()}" in html_of(to_manager)
    assert "Alice Andersen" in to_manager.body
    assert "Bob Bertelsen" in to_manager.body
    assert "10 days overdue" in to_manager.body
    [to_second] = mails_to(second_manager)  # manages only the first plan
    assert alice_row.get_absolute_url() in to_second.body
    assert bob_row.get_absolute_url() not in to_second.body
    assert len(mail.outbox) == 2
    escalation = Reminder.objects.get(recipient=manager)
    assert set(escalation.items.values_list("row_id", flat=True)) == {alice_row.pk, bob_row.pk}


@pytest.mark.parametrize("status", [RowStatus.DONE, RowStatus.CANCELLED])
def test_closed_rows_are_never_reminded(clock, plan, owner, manager, status):
    due_row(plan, owner, TODAY - days(30), status=status)

    sweep()

    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_archived_plans_are_never_reminded(clock, plan, owner, manager):
    due_row(plan, owner, TODAY - days(30))
    plan.archived_at = timezone.now() - days(1)
    plan.save()

    sweep()

    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_inactive_owner_and_owner_without_email_are_not_reminded(clock, plan, owner):
    no_email = member(plan, username="no_email", email="")
    due_row(plan, no_email, TODAY)
    due_row(plan, owner, TODAY)
    owner.is_active = False
    owner.save()

    sweep()

    assert mail.outbox == []


@pytest.mark.parametrize(
    ("cadence", "fields", "reviewed_on"),
    [
        (Cadence.ONCE, {}, TODAY),
        (Cadence.WEEKLY, {}, TODAY),
        (Cadence.MONTHLY, {}, TODAY - days(1)),  # reviewed the day before it was due
        # Due the working day after the 2nd-Tuesday meeting (12 May), reviewed a day early.
        (Cadence.SOP_CYCLE, {"cycle_offset": 3}, TODAY - days(1)),
    ],
)
def test_a_row_reviewed_before_the_sweep_is_not_reminded(
    clock, plan, owner, cadence, fields, reviewed_on
):
    plan.sop_meeting_week, plan.sop_meeting_weekday = MeetingWeek.SECOND, Weekday.TUESDAY
    plan.save()
    row = due_row(plan, owner, TODAY, cadence=cadence, **fields)
    other = due_row(plan, owner, TODAY)

    record_review(
        Review(
            row=row,
            reviewed_by=owner,
            reviewed_on=reviewed_on,
            happened=Happened.DONE,
            goal_reached=Goal.YES,
        )
    )
    sweep()

    row.refresh_from_db()
    assert row.next_review_date is None or row.next_review_date > TODAY
    [message] = mail.outbox
    assert review_url(other) in message.body
    assert review_url(row) not in message.body


def test_a_pending_reminder_whose_rows_were_reviewed_meanwhile_is_skipped(
    clock, settings, plan, owner
):
    row = due_row(plan, owner, TODAY)
    settings.EMAIL_BACKEND = BACKENDS + "DisconnectedBackend"
    sweep()
    record_review(Review(row=row, reviewed_by=owner, happened=Happened.DONE, goal_reached=Goal.YES))
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    result = reminders.sweep(retry_now=True)

    assert result.skipped == 1
    assert mail.outbox == []
    assert Reminder.objects.get().status == ReminderStatus.SKIPPED


def test_running_the_sweep_again_sends_nothing_new(clock, plan, owner, manager):
    due_row(plan, owner, TODAY)
    due_row(plan, owner, TODAY - days(9))
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "new: 2, sent: 2" in out.getvalue()
    assert len(mail.outbox) == 2

    clock.shift(datetime.timedelta(hours=3))
    out = StringIO()
    call_command("send_reminders", stdout=out)
    call_command("send_reminders", "--retry-now", stdout=StringIO())

    assert "new: 0, sent: 0" in out.getvalue()
    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 2
    assert ReminderItem.objects.count() == 3  # the overdue row is in both emails


# Failures, back-off and leases -----------------------------------------------------------------


def test_a_failing_mail_server_leaves_the_reminder_pending_with_growing_back_off(
    clock, settings, plan, owner
):
    settings.EMAIL_BACKEND = BACKENDS + "DisconnectedBackend"
    settings.REMINDER_MAX_BACKOFF_MINUTES = 5
    due_row(plan, owner, TODAY)

    for attempt, back_off in enumerate([1, 2, 4, 5, 5], start=1):
        tried_at = timezone.now()
        result = sweep()
        assert result.failed == 1
        reminder = Reminder.objects.get()
        assert reminder.status == ReminderStatus.PENDING
        assert reminder.attempts == attempt
        assert reminder.last_error.startswith("SMTPServerDisconnected:")
        assert reminder.next_attempt_at == tried_at + datetime.timedelta(minutes=back_off)
        # A sweep before the back-off has run out does not try again.
        clock.move_to(reminder.next_attempt_at - datetime.timedelta(seconds=1))
        assert sweep().failed == 0
        assert Reminder.objects.get().attempts == attempt
        clock.move_to(reminder.next_attempt_at)

    assert mail.outbox == []


def test_an_unreachable_mail_server_leaves_every_reminder_pending(clock, settings, plan, owner):
    settings.EMAIL_BACKEND = BACKENDS + "UnreachableBackend"
    due_row(plan, owner, TODAY)
    second = member(plan, username="second_owner")
    due_row(plan, second, TODAY)

    result = sweep()

    assert result.failed == 2
    assert set(Reminder.objects.values_list("status", "attempts")) == {("pending", 1)}
    assert all("ConnectionRefusedError" in r.last_error for r in Reminder.objects.all())
    assert all(r.next_attempt_at > timezone.now() for r in Reminder.objects.all())


def test_retry_now_sends_pending_reminders_before_their_back_off_runs_out(
    clock, settings, plan, owner
):
    settings.EMAIL_BACKEND = BACKENDS + "DisconnectedBackend"
    row = due_row(plan, owner, TODAY)
    sweep()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # server fixed
    clock.shift(datetime.timedelta(seconds=10))
    call_command("send_reminders", stdout=StringIO())
    assert mail.outbox == []  # the back-off has not run out

    out = StringIO()
    call_command("send_reminders", "--retry-now", stdout=out)

    assert "sent: 1" in out.getvalue()
    [message] = mail.outbox
    assert review_url(row) in message.body
    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.attempts, reminder.last_error) == ("sent", 2, "")


def test_an_older_pending_reminder_is_superseded_by_todays(clock, settings, plan, owner):
    row = due_row(plan, owner, TODAY - days(1))
    clock.move_to(local(TODAY - days(1)))
    settings.EMAIL_BACKEND = BACKENDS + "DisconnectedBackend"
    sweep()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    clock.move_to(local(TODAY))

    sweep()

    yesterday = Reminder.objects.get(due_on=TODAY - days(1))
    today = Reminder.objects.get(due_on=TODAY)
    assert yesterday.status == ReminderStatus.SUPERSEDED
    assert today.status == ReminderStatus.SENT
    [message] = mail.outbox
    assert review_url(row) in message.body
    assert "1 day overdue" in message.body


@pytest.mark.parametrize(
    ("claimed_ago", "sent"),
    [(datetime.timedelta(seconds=590), False), (datetime.timedelta(seconds=601), True)],
    ids=["inside-the-lease", "past-the-lease"],
)
def test_a_reminder_stuck_in_sending_is_sent_once_its_lease_has_run_out(
    clock, plan, owner, claimed_ago, sent
):
    row = due_row(plan, owner, TODAY)
    Reminder.objects.create(
        recipient=owner,
        kind=ReminderKind.DIGEST,
        due_on=TODAY,
        status=ReminderStatus.SENDING,
        attempts=1,
        claimed_at=timezone.now() - claimed_ago,
        claim_token="a-worker-that-died",
    )

    sweep()

    reminder = Reminder.objects.get()
    if sent:
        [message] = mail.outbox
        assert review_url(row) in message.body
        assert (reminder.status, reminder.attempts) == (ReminderStatus.SENT, 2)
    else:
        assert mail.outbox == []
        assert (reminder.status, reminder.attempts) == (ReminderStatus.SENDING, 1)


class SlowBackend(BaseEmailBackend):
    """Each message takes longer than the lease; during the first one another sweep (a second
    worker whose tick came meanwhile) runs and takes over what this one had claimed."""

    outbox = []
    clock = None

    def send_messages(self, email_messages):
        SlowBackend.outbox.extend(email_messages)
        SlowBackend.clock.shift(datetime.timedelta(seconds=601))
        if len(SlowBackend.outbox) == 1:
            reminders.sweep()
        return len(email_messages)


def test_a_slow_sweep_does_not_send_what_another_sweep_took_over(clock, settings, plan):
    settings.EMAIL_BACKEND = BACKENDS + "SlowBackend"
    SlowBackend.outbox, SlowBackend.clock = [], clock
    owners = [member(plan, username=f"slow{i}") for i in range(3)]
    for owner in owners:
        due_row(plan, owner, TODAY)

    sweep()

    recipients = [message.to[0] for message in SlowBackend.outbox]
    first = recipients[0]
    # The first message was in flight when the second sweep took it over: it is in the
    # duplicate window (accepted, not yet recorded). The others must not be sent twice.
    assert {address: recipients.count(address) for address in recipients} == {
        first: 2,
        **{owner.email: 1 for owner in owners if owner.email != first},
    }
    assert set(Reminder.objects.values_list("status", flat=True)) == {ReminderStatus.SENT}


class SlowServerBackend(BaseEmailBackend):
    """A server that takes 299 s to greet and 320 s per message (each command just inside
    EMAIL_TIMEOUT); while the first message is on its way, another sweep runs."""

    outbox = []
    clock = None

    def open(self):
        SlowServerBackend.clock.shift(datetime.timedelta(seconds=299))

    def send_messages(self, email_messages):
        SlowServerBackend.clock.shift(datetime.timedelta(seconds=320))
        SlowServerBackend.outbox.extend(email_messages)
        if len(SlowServerBackend.outbox) == 1:
            reminders.sweep()
        return len(email_messages)


def test_a_slow_smtp_exchange_renews_its_lease_so_no_other_sweep_resends_it(clock, settings, plan):
    settings.EMAIL_BACKEND = BACKENDS + "SlowServerBackend"
    SlowServerBackend.outbox, SlowServerBackend.clock = [], clock
    owners = [member(plan, username=f"slow{i}") for i in range(3)]
    for owner in owners:
        due_row(plan, owner, TODAY)

    sweep()

    # The message on its way kept its lease (600 s) and was not sent again; the other sweep
    # may take over the ones still waiting, and the first sweep then leaves them alone.
    recipients = sorted(message.to[0] for message in SlowServerBackend.outbox)
    assert recipients == sorted(owner.email for owner in owners)
    assert set(Reminder.objects.values_list("status", flat=True)) == {ReminderStatus.SENT}


class BrokenTemplate(Exception):
    pass


@pytest.fixture
def broken_digest_template(monkeypatch):
    """Rendering the digest fails, as a template bug would; other emails still render."""
    real = reminders.build_email

    def build_email(recipient, template, context, **kwargs):
        if template == "reminder_digest" and recipient.username.startswith("broken"):
            raise BrokenTemplate("Invalid filter: 'no_such_filter'")
        return real(recipient, template, context, **kwargs)

    monkeypatch.setattr(reminders, "build_email", build_email)


def test_a_programming_error_fails_the_reminder_after_three_attempts_and_managers_see_it(
    clock, plan, manager, manager_client, broken_digest_template, caplog
):
    broken = member(plan, username="broken_owner")
    fine = member(plan, username="fine_owner")
    due_row(plan, broken, TODAY)
    due_row(plan, fine, TODAY)

    results = [reminders.sweep(retry_now=True) for _attempt in range(4)]

    assert [(r.sent, r.failed) for r in results] == [(1, 1), (0, 1), (0, 1), (0, 0)]
    # The bug is logged with its traceback; nobody got a half-built email.
    records = [r for r in caplog.records if r.exc_info and r.exc_info[0] is BrokenTemplate]
    assert len(records) == 3
    assert [m.to for m in mail.outbox] == [[fine.email]]
    reminder = Reminder.objects.get(recipient=broken)
    assert (reminder.status, reminder.attempts) == (ReminderStatus.FAILED, 3)
    assert reminder.last_error == "BrokenTemplate: Invalid filter: 'no_such_filter'"
    page = manager_client.get(reverse("commplan:reminder_list", args=[plan.pk]))
    html = page.content.decode()
    assert "Failed, not retried" in html and "Invalid filter" in html


def test_a_mail_server_error_is_retried_beyond_three_attempts(clock, settings, plan, owner):
    settings.EMAIL_BACKEND = BACKENDS + "DisconnectedBackend"
    due_row(plan, owner, TODAY)

    for _attempt in range(4):
        reminders.sweep(retry_now=True)

    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.attempts) == (ReminderStatus.PENDING, 4)


# Daylight saving ------------------------------------------------------------------------------

# Instants around the changes in Europe/Copenhagen: 29 March 2026 (02:00 CET → 03:00 CEST) and
# 25 October 2026 (03:00 CEST → 02:00 CET; 02:00–02:59 happens twice). In UTC, with local times.
SPRING = D(2026, 3, 29)
AUTUMN = D(2026, 10, 25)
DST_SWEEPS = {
    SPRING: [
        (datetime.datetime(2026, 3, 28, 22, 59, tzinfo=UTC), D(2026, 3, 28)),  # 23:59 CET
        (datetime.datetime(2026, 3, 28, 23, 30, tzinfo=UTC), SPRING),  # 00:30 CET
        (datetime.datetime(2026, 3, 29, 0, 59, tzinfo=UTC), SPRING),  # 01:59 CET
        (datetime.datetime(2026, 3, 29, 1, 1, tzinfo=UTC), SPRING),  # 03:01 CEST
        (datetime.datetime(2026, 3, 29, 12, 0, tzinfo=UTC), SPRING),  # 14:00 CEST
        (datetime.datetime(2026, 3, 29, 21, 59, tzinfo=UTC), SPRING),  # 23:59 CEST
    ],
    AUTUMN: [
        (datetime.datetime(2026, 10, 24, 21, 59, tzinfo=UTC), D(2026, 10, 24)),  # 23:59 CEST
        (datetime.datetime(2026, 10, 24, 22, 30, tzinfo=UTC), AUTUMN),  # 00:30 CEST
        (datetime.datetime(2026, 10, 24, 23, 59, tzinfo=UTC), AUTUMN),  # 01:59 CEST
        (datetime.datetime(2026, 10, 25, 0, 30, tzinfo=UTC), AUTUMN),  # 02:30 CEST
        (datetime.datetime(2026, 10, 25, 1, 30, tzinfo=UTC), AUTUMN),  # 02:30 CET, again
        (datetime.datetime(2026, 10, 25, 2, 1, tzinfo=UTC), AUTUMN),  # 03:01 CET
        (datetime.datetime(2026, 10, 25, 22, 59, tzinfo=UTC), AUTUMN),  # 23:59 CET
    ],
}


@pytest.mark.parametrize("day", [SPRING, AUTUMN], ids=["march", "october"])
def test_each_row_is_reminded_once_on_its_local_date_across_daylight_saving(
    clock, plan, owner, manager, day
):
    row = due_row(plan, owner, day)
    day_before = member(plan, username="day_before_owner")
    earlier = due_row(plan, day_before, day - days(1))

    for instant, local_date in DST_SWEEPS[day]:
        clock.move_to(instant)
        assert timezone.localdate() == local_date
        sweep()
        assert len(mails_to(owner)) == (0 if local_date < day else 1)

    [message] = mails_to(owner)
    assert review_url(row) in message.body
    reminder = Reminder.objects.get(recipient=owner)
    assert reminder.due_on == day
    assert list(reminder.items.values_list("row_id", "due_date")) == [(row.pk, day)]
    # The other owner's row, due the day before, was reminded on that day and, overdue, on
    # this day: once per local date.
    assert sorted(
        Reminder.objects.filter(recipient=day_before).values_list("due_on", flat=True)
    ) == [day - days(1), day]
    assert ReminderItem.objects.filter(row=earlier).count() == 2

    # Local midnight, not UTC midnight, starts the next day's reminders.
    next_midnight = local(day + days(1), 0, 0, 30)
    clock.move_to(next_midnight)
    sweep()
    assert Reminder.objects.filter(recipient=owner, due_on=day + days(1)).exists()


# Query counts ---------------------------------------------------------------------------------


def test_sweep_queries_grow_with_owners_not_with_rows(clock, plan, manager):
    owners = [member(plan, username=f"q_owner{i}") for i in range(3)]
    second_plan = PlanFactory(name="Second plan")
    member(second_plan, manager, role=Role.MANAGER)
    for owner in owners:
        member(second_plan, owner)

    def add_rows(count):
        for i in range(count):
            target = plan if i % 2 else second_plan
            overdue = days(10) if i % 3 == 0 else days(i % 3)
            due_row(target, owners[i % len(owners)], TODAY - overdue)

    def queries_of_a_sweep():
        Reminder.objects.all().delete()
        mail.outbox.clear()
        with CaptureQueriesContext(connection) as context:
            result = sweep()
        assert result.sent == len(owners) + 1  # a digest per owner, an escalation
        assert ReminderItem.objects.count() == expected_items()
        return len(context.captured_queries)

    def expected_items():
        return (
            sum(
                r.rows.count()
                for r in Reminder.objects.filter(kind=ReminderKind.DIGEST).prefetch_related("rows")
            )
            + Reminder.objects.get(kind=ReminderKind.ESCALATION).rows.count()
        )

    add_rows(10)
    with_10 = queries_of_a_sweep()
    add_rows(30)
    with_40 = queries_of_a_sweep()

    assert with_40 == with_10
    # A fixed number, plus two per email: its lease renewed just before it leaves, and it
    # recorded as sent. The fixed part includes one query each for the SweepStatus upsert the
    # health check reads, the SELECT of welcome emails still owed and whether any Teams webhook
    # is set (none here); measured 17 with 3 or 7 owners.
    assert with_10 <= 17 + 2 * (len(owners) + 1), with_10


# Tasks are enqueued on commit -----------------------------------------------------------------


def test_send_now_enqueues_the_sweep_only_when_the_request_commits(
    manager_client, plan, monkeypatch, django_capture_on_commit_callbacks
):
    task = sweep_reminders._get_current_object()
    enqueued = []
    monkeypatch.setattr(type(task), "apply_async", lambda self, *a, **kw: enqueued.append(a))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = manager_client.post(
            reverse("commplan:reminder_send", kwargs={"plan_pk": plan.pk})
        )
        assert response.status_code == 302
        assert enqueued == []  # nothing leaves while the transaction is open

    assert len(callbacks) == 1
    callbacks[0]()
    assert len(enqueued) == 1


def test_a_long_digest_lists_the_most_overdue_rows_and_links_to_the_rest(
    clock, plan, owner, settings
):
    settings.REMINDER_EMAIL_ROWS = 3
    rows = [due_row(plan, owner, TODAY - datetime.timedelta(days=n)) for n in range(5)]

    sweep()

    [message] = mails_to(owner)
    assert message.subject.startswith("5 communication activities are due")
    oldest_three, newest_two = rows[2:], rows[:2]  # row n is n days overdue
    for row in oldest_three:
        assert review_url(row) in message.body
    for row in newest_two:
        assert review_url(row) not in message.body
    assert f"…and 2 more activities: {SITE}/my/" in message.body
    assert f'href="{SITE}/my/"' in html_of(message)
    # The log still names every row the reminder covered.
    assert Reminder.objects.get(recipient=owner).items.count() == 5
