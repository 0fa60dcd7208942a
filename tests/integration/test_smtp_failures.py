"""Not lost when SMTP fails: a refused or unreachable server leaves the reminder pending; later
sweeps retry with back-off and deliver it once the server is back; EMAIL_TIMEOUT keeps a hung
server from stalling the sweep. Real SMTP (aiosmtpd) and PostgreSQL; the sweep runs in this
process, as `manage.py send_reminders` does."""

import datetime
import socket
import threading
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from commplan.models import Reminder, ReminderStatus

pytestmark = pytest.mark.integration


def send_reminders(*args):
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_a_reminder_waits_while_the_server_is_down_and_is_sent_once_it_is_back(
    world_factory, mail_to_smtp
):
    world = world_factory(owner_count=2)
    server = mail_to_smtp
    server.stop()

    assert "failed (will retry): 2" in send_reminders()

    pending = list(Reminder.objects.all())
    assert {(r.status, r.attempts) for r in pending} == {(ReminderStatus.PENDING, 1)}
    assert all("ConnectionRefusedError" in r.last_error for r in pending)
    assert all(r.next_attempt_at > timezone.now() for r in pending)

    server.start()
    assert "sent: 0" in send_reminders()  # the back-off has not run out yet
    assert server.inbox.received == []

    assert "sent: 2" in send_reminders("--retry-now")  # the operator has fixed the server

    assert server.inbox.count_by_recipient() == dict.fromkeys(world.addresses, 1)
    sent = list(Reminder.objects.all())
    assert {(r.status, r.attempts, r.last_error) for r in sent} == {(ReminderStatus.SENT, 2, "")}
    send_reminders()
    send_reminders("--retry-now")
    assert len(server.inbox.received) == 2


def test_a_refused_reminder_is_retried_when_its_back_off_runs_out(world_factory, mail_to_smtp):
    world = world_factory(owner_count=1)
    [address] = world.addresses
    server = mail_to_smtp
    server.inbox.refuse = "451 4.3.0 Mailbox temporarily unavailable, try again later"

    send_reminders()

    reminder = Reminder.objects.get()
    assert reminder.status == ReminderStatus.PENDING
    assert "SMTPRecipientsRefused" in reminder.last_error
    assert "451" in reminder.last_error
    assert server.inbox.received == []

    server.inbox.refuse = None
    send_reminders()
    assert server.inbox.received == []  # still inside its back-off
    # The back-off runs out (one minute after the first attempt).
    Reminder.objects.filter(pk=reminder.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    send_reminders()

    [delivered] = server.inbox.received
    assert delivered.recipients == [address]
    assert delivered.message["Subject"].startswith("2 communication activities are due")
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == (ReminderStatus.SENT, 2)


def run_with_deadline(function, seconds):
    """`function()` in a thread; fails the test instead of hanging when it does not return."""
    outcome = {}

    def target():
        try:
            outcome["value"] = function()
        except BaseException as error:  # handed to the test below
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"still waiting for the mail server after {seconds}s: the worker is stalled")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.fixture
def hung_server():
    """A 'mail server' that accepts TCP connections and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)  # the kernel completes the handshakes; nobody ever reads
        yield listener.getsockname()[1]


def test_email_timeout_bounds_a_hung_server(world_factory, settings, hung_server):
    world = world_factory(owner_count=3)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", hung_server
    settings.EMAIL_TIMEOUT = 1

    started = time.monotonic()
    output = run_with_deadline(send_reminders, seconds=10)
    elapsed = time.monotonic() - started

    assert elapsed < 5, f"the sweep took {elapsed:.1f}s against a hung server"
    assert f"failed (will retry): {len(world.owners)}" in output
    reminders = list(Reminder.objects.all())
    assert {r.status for r in reminders} == {ReminderStatus.PENDING}
    assert all("timed out" in r.last_error for r in reminders)
