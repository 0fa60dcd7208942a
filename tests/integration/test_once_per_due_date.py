"""Once per due date: two sweeps at the same moment (two workers, or beat firing twice) send one
digest per owner; the claim is made in PostgreSQL, not in a worker's memory."""

import pytest

from commplan.models import Reminder, ReminderStatus

pytestmark = pytest.mark.integration


def test_two_workers_sweeping_at_once_send_one_digest_per_owner(world_factory, celery, smtp_server):
    world = world_factory(owner_count=6)
    inbox = smtp_server.inbox
    # A slow server and one reminder per claim keep both sweeps busy at the same time, so they
    # compete for every reminder rather than one finishing before the other starts.
    inbox.delay_each = 0.25
    workers = [celery.start_worker(REMINDER_BATCH_SIZE=1) for _ in range(2)]
    for worker in workers:
        worker.wait_ready()

    celery.sweep()
    celery.sweep()
    for worker in workers:
        worker.wait_sweeps(1)

    [(start_a, end_a)], [(start_b, end_b)] = (worker.spans() for worker in workers)
    assert start_a < end_b and start_b < end_a, "the two sweeps did not run at the same time"
    assert inbox.count_by_recipient() == dict.fromkeys(world.addresses, 1)
    assert sum(worker.sweeps()[0][1] for worker in workers) == len(world.owners)
    reminders = list(Reminder.objects.select_related("recipient"))
    assert len(reminders) == len(world.owners)
    assert {(r.status, r.attempts) for r in reminders} == {(ReminderStatus.SENT, 1)}
    # The duplicate window, measured: from the server's "250" to the row that records it.
    accepted = {item.recipients[0]: item.accepted_at for item in inbox.received}
    window = max(r.sent_at.timestamp() - accepted[r.recipient.email] for r in reminders)
    assert window < 1.0
    print(f"duplicate window (server accepted → recorded as sent): max {window * 1000:.1f} ms")

    # Beat fires again: nothing new for the same day.
    celery.sweep()
    results = celery.wait_sweeps(3)
    created, sent, failed, skipped = (sum(column) for column in zip(*results, strict=True))
    assert (sent, failed, skipped) == (6, 0, 0)
    # Each of two overlapping sweeps may count the other's inserts as new (see SweepResult).
    assert 6 <= created <= 12
    assert len(inbox.received) == len(world.owners)
