"""Not lost when the worker dies: a worker killed with SIGKILL in the middle of a sweep leaves
its claimed reminders 'sending'; once their lease has run out the next sweep sends them.

The duplicate window is the time between the SMTP server accepting a message and the one-row
UPDATE that records it as sent (about 2 ms on this machine, see test_once_per_due_date). The
kill is placed on either side of the server's acceptance of the second of four messages:
- killed before the server accepted it: every owner gets exactly one digest;
- killed after the server accepted it but before the database recorded it (the window): that
  owner gets two copies, and only that owner. The first owner, whose message was recorded, and
  the owners not reached yet get exactly one.
"""

import time

import pytest

from commplan.models import Reminder, ReminderStatus

pytestmark = pytest.mark.integration

# The shortest lease the settings accept (longer than EMAIL_TIMEOUT × 10 SMTP commands).
EMAIL_TIMEOUT = 1
LEASE_SECONDS = 11


@pytest.mark.parametrize(
    ("accepted_before_the_kill", "copies_of_the_message_in_flight"),
    [(False, 1), (True, 2)],
    ids=["killed-before-the-server-accepted", "killed-inside-the-duplicate-window"],
)
def test_the_next_sweep_sends_what_a_killed_worker_did_not(
    world_factory, celery, smtp_server, accepted_before_the_kill, copies_of_the_message_in_flight
):
    world_factory(owner_count=4)
    inbox = smtp_server.inbox
    inbox.slow = {1: 5.0}  # the server holds on to the second message ...
    inbox.store_then_wait = accepted_before_the_kill  # ... having queued it, or not yet
    doomed = celery.start_worker(
        REMINDER_LEASE_SECONDS=LEASE_SECONDS, EMAIL_TIMEOUT=EMAIL_TIMEOUT
    ).wait_ready()

    celery.sweep()
    assert inbox.in_flight.wait(timeout=15), doomed.log()[-3000:]
    doomed.kill()

    # A sweep sends in the order of the reminders' ids.
    in_order = list(Reminder.objects.select_related("recipient").order_by("pk"))
    by_recipient = {r.recipient.email: r for r in in_order}
    first, in_flight, *not_reached = by_recipient
    assert len(not_reached) == 2
    assert by_recipient[first].status == ReminderStatus.SENT
    for address in (in_flight, *not_reached):
        assert by_recipient[address].status == ReminderStatus.SENDING
    expected_so_far = [[first], [in_flight]] if accepted_before_the_kill else [[first]]
    assert [item.recipients for item in inbox.received] == expected_so_far

    # The next tick, once the dead worker's claim has run out.
    claimed_at = max(by_recipient[address].claimed_at for address in (in_flight, *not_reached))
    time.sleep(max(0.0, claimed_at.timestamp() + LEASE_SECONDS + 0.1 - time.time()))
    celery.start_worker(
        REMINDER_LEASE_SECONDS=LEASE_SECONDS, EMAIL_TIMEOUT=EMAIL_TIMEOUT
    ).wait_ready()
    celery.sweep()
    [(created, sent, failed, _skipped)] = celery.wait_sweeps(1)

    assert (created, sent, failed) == (0, 3, 0)
    assert inbox.count_by_recipient() == {
        first: 1,
        in_flight: copies_of_the_message_in_flight,
        **dict.fromkeys(not_reached, 1),
    }
    reminders = Reminder.objects.select_related("recipient")
    assert {r.status for r in reminders} == {ReminderStatus.SENT}
    assert {r.recipient.email: r.attempts for r in reminders} == {
        first: 1,
        in_flight: 2,
        **dict.fromkeys(not_reached, 2),
    }
