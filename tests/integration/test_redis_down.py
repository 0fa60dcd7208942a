"""Redis down at a tick: the tick is lost, nothing is sent and nothing is half-done; the next tick
with Redis up catches up, because the sweep reads what is due from the database."""

import contextlib
import socket
import threading
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from kombu.exceptions import OperationalError

from commplan.models import Reminder, Role
from commplan.tasks import sweep_reminders
from config.celery_app import app
from tests.factories import UserFactory

pytestmark = pytest.mark.integration

UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def send_reminders_command():
    call_command("send_reminders", stdout=StringIO())


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


# A web request that enqueues while the broker is down, or up but silent, answers at once and
# loses nothing: the sweep finds the work in the database.


class SilentServer:
    """Accepts TCP connections on a free port and never says a word, like a hung Redis."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.port = self.sock.getsockname()[1]
        self.held = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        with contextlib.suppress(OSError):  # closed at teardown
            while True:
                self.held.append(self.sock.accept()[0])

    def close(self):
        for conn in self.held:
            conn.close()
        self.sock.close()


@pytest.fixture
def silent_port():
    server = SilentServer()
    yield server.port
    server.close()


@pytest.fixture(params=["dead-port", "silent-tcp"])
def broken_broker(request, redis_url):
    """The web side's broker is unreachable (nothing listens) or hangs (accepts, never answers).
    `redis_url` makes sure the settings carry the Redis transport's timeouts."""
    port = 1 if request.param == "dead-port" else request.getfixturevalue("silent_port")
    url = f"redis://127.0.0.1:{port}/0"
    before = app.conf.broker_url
    app.conf.broker_url = url
    app._pool = app.amqp._producer_pool = None  # connections are pooled per app
    yield url
    app.conf.broker_url = before
    app._pool = app.amqp._producer_pool = None


def timed_post(client, url, data=None):
    started = time.monotonic()
    response = client.post(url, data or {}, follow=True)
    return response, time.monotonic() - started


def test_send_now_answers_quickly_when_the_broker_is_broken(
    world_factory, broken_broker, mail_to_smtp
):
    world = world_factory(owner_count=2)
    client = Client()
    client.force_login(world.manager)

    response, seconds = timed_post(
        client, reverse("commplan:reminder_send", kwargs={"plan_pk": world.plan.pk})
    )

    assert response.status_code == 200
    assert seconds < 5, seconds
    assert "queued for the next sweep" in response.content.decode()
    assert mail_to_smtp.inbox.received == []

    send_reminders_command()  # the next sweep (beat, or the command) sends them

    assert mail_to_smtp.inbox.count_by_recipient() == dict.fromkeys(world.addresses, 1)


def test_a_member_added_while_the_broker_is_broken_is_welcomed_by_the_next_sweep(
    world_factory, broken_broker, mail_to_smtp
):
    world = world_factory(owner_count=0)
    person = UserFactory(username="kim", email="kim@example.com")
    client = Client()
    client.force_login(world.manager)

    response, seconds = timed_post(
        client,
        reverse("commplan:member_create", args=[world.plan.pk]),
        {"person": "kim", "role": Role.OWNER},
    )

    assert response.status_code == 200
    assert seconds < 5, seconds
    html = response.content.decode()
    assert "was added to the plan" in html and "goes with the next sweep" in html
    assert world.plan.memberships.filter(user=person).exists()
    assert mail_to_smtp.inbox.received == []

    send_reminders_command()

    [welcome] = mail_to_smtp.inbox.to(person.email)
    assert "You were added to the plan" in welcome.message["Subject"]
    send_reminders_command()  # once only
    assert len(mail_to_smtp.inbox.to(person.email)) == 1
