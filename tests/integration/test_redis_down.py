"""Redis down at a tick: the tick is lost, nothing is sent and nothing is half-done; the next tick
with Redis up catches up, because the sweep reads what is due from the database."""

import time

import pytest
from kombu.exceptions import OperationalError

from commplan.models import Reminder
from commplan.tasks import sweep_reminders
from config.celery_app import app

pytestmark = pytest.mark.integration

UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_the_next_tick_catches_up_after_redis_was_down(world_factory, celery, smtp_server):
    world = world_factory(owner_count=3)
    celery.start_worker().wait_ready()

    started = time.monotonic()
    with pytest.raises(OperationalError), app.connection_for_write(UNREACHABLE_BROKER) as conn:
        sweep_reminders.apply_async(
            queue=celery.queue,
            connection=conn,
            retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.1},
        )
    assert time.monotonic() - started < 5  # a down broker does not hang the caller

    # The tick was lost: the worker got nothing, nothing was claimed or sent.
    assert celery.queued() == 0
    assert not Reminder.objects.exists()
    assert smtp_server.inbox.received == []

    celery.sweep()  # the next tick, Redis up

    [(created, sent, failed, _skipped)] = celery.wait_sweeps(1)
    assert (created, sent, failed) == (3, 3, 0)
    assert smtp_server.inbox.count_by_recipient() == dict.fromkeys(world.addresses, 1)
