"""Real services for the reminder guarantees: PostgreSQL, Redis, Celery worker processes and an
SMTP server (aiosmtpd) in this process.

Every test here needs DATABASE_URL (PostgreSQL) and, where a worker is involved, REDIS_URL: they
skip without them and fail with REQUIRE_SERVICES=1. Data is committed (`transactional_db`) so
that worker processes see it. Each test gets its own queue, worker names and SMTP port, so the
tests also run side by side under pytest-xdist.
"""

import asyncio
import datetime
import email
import email.message
import email.policy
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from commplan.models import Role
from config.celery_app import app as celery_app
from tests.factories import MembershipFactory, PlanFactory, PlanRowFactory

POSTGRES = ("postgres", "postgresql", "pgsql")
logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command
BASE_DIR = Path(django_settings.BASE_DIR)
SITE = "https://planner.example.com"
TASK_DONE = re.compile(
    r"\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}): INFO/\w+\] "
    r"Task commplan\.sweep_reminders\[[^\]]+\] succeeded in ([\d.]+)s"
)
SWEEP_LINE = re.compile(
    r"Reminder sweep for \S+: SweepResult\(created=(\d+), sent=(\d+), failed=(\d+), skipped=(\d+)\)"
)


def wait_until(condition, timeout, interval=0.05, message="condition"):
    """Poll `condition` until it returns something truthy; fail after `timeout` seconds with
    `message` (text, or a function giving it, called only then)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            text = message() if callable(message) else message
            pytest.fail(f"Timed out after {timeout}s waiting for {text}")
        time.sleep(interval)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Services ---------------------------------------------------------------------------------------


@pytest.fixture
def postgres(service_env):
    """Requires DATABASE_URL to name PostgreSQL (skips, or fails with REQUIRE_SERVICES=1)."""
    service_env("DATABASE_URL", schemes=POSTGRES)


@pytest.fixture
def test_database_url(postgres, transactional_db):
    """The URL of pytest-django's test database (test_<name>, _gw<n> under xdist), for the
    worker processes; data the test writes is committed."""
    assert connection.vendor == "postgresql"
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{db['NAME']}"


@pytest.fixture
def redis_url(service_env):
    url = service_env("REDIS_URL", schemes=("redis", "rediss"))
    try:
        redis.Redis.from_url(url, socket_timeout=5).ping()
    except redis.RedisError as error:
        pytest.fail(f"REDIS_URL is set but Redis does not answer: {error}")
    return url


# SMTP -------------------------------------------------------------------------------------------


@dataclass
class Received:
    recipients: list
    message: email.message.EmailMessage
    accepted_at: float  # time.time() when the server answered 250


@dataclass
class Inbox:
    """The SMTP server's handler: keeps what it accepts.

    `refuse` answers RCPT with that reply instead. `slow` maps the index of a DATA command
    (0 = the first message) to seconds to wait before answering it; `in_flight` is set when such
    a slow message has arrived. With `store_then_wait` the server takes the slow message (it is
    in the inbox) before it waits, like a server that has queued a message but not yet said
    "250"; otherwise a client that goes away while the server waits takes the message with it.
    `delay_each` slows every other message down.
    """

    received: list = field(default_factory=list)
    refuse: str | None = None
    slow: dict = field(default_factory=dict)
    store_then_wait: bool = False
    delay_each: float = 0.0
    data_count: int = 0
    in_flight: threading.Event = field(default_factory=threading.Event)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        index = self.data_count
        self.data_count += 1
        slow = index in self.slow
        if slow and self.store_then_wait:
            self._store(envelope)
        if slow:
            self.in_flight.set()
        delay = self.slow.get(index, self.delay_each)
        if delay:
            await asyncio.sleep(delay)  # aiosmtpd cancels this if the client disconnects
        if not (slow and self.store_then_wait):
            self._store(envelope)
        return "250 Message accepted for delivery"

    def _store(self, envelope):
        self.received.append(
            Received(
                recipients=list(envelope.rcpt_tos),
                message=email.message_from_bytes(envelope.content, policy=email.policy.default),
                accepted_at=time.time(),
            )
        )

    def to(self, address):
        return [item for item in self.received if address in item.recipients]

    def count_by_recipient(self):
        counts = {}
        for item in self.received:
            for address in item.recipients:
                counts[address] = counts.get(address, 0) + 1
        return counts


class SMTPServer:
    """An aiosmtpd server on 127.0.0.1 and a free port that can be stopped and started again
    (the port stays the same, so a down server refuses connections)."""

    def __init__(self):
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def wait_for(self, count, timeout=15):
        wait_until(
            lambda: len(self.inbox.received) >= count,
            timeout,
            message=lambda: f"{count} messages at the SMTP server, have {len(self.inbox.received)}",
        )


@pytest.fixture
def smtp_server():
    """A running SMTP server; `smtp_server.stop()` takes it down, `.start()` brings it back."""
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_to_smtp(settings, smtp_server):
    """Django in this process sends through the SMTP server."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_TIMEOUT = 5
    settings.SITE_URL = SITE
    return smtp_server


# Celery workers ---------------------------------------------------------------------------------


class Worker:
    """A `celery worker` process consuming only this test's queue, logging to a file."""

    def __init__(self, name, command, env, log_path):
        self.name = name
        self.log_path = log_path
        self._log = open(log_path, "wb")  # closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 - our own command line
            command,
            cwd=BASE_DIR,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so teardown can end its children
        )

    @property
    def pid(self):
        return self.process.pid

    def log(self):
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout=20):
        def ready():
            if self.process.poll() is not None:
                pytest.fail(f"Worker {self.name} exited early:\n{self.log()[-3000:]}")
            return " ready." in self.log()

        wait_until(ready, timeout, interval=0.1, message=f"worker {self.name} to be ready")
        return self

    def sweeps(self):
        """The results of the sweeps this worker finished: [(created, sent, failed, skipped)]."""
        return [tuple(map(int, match)) for match in SWEEP_LINE.findall(self.log())]

    def spans(self):
        """(start, end) of each sweep task this worker finished, in seconds since the epoch."""
        spans = []
        for stamp, duration in TASK_DONE.findall(self.log()):
            end = datetime.datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S,%f").timestamp()
            spans.append((end - float(duration), end))
        return spans

    def wait_sweeps(self, count, timeout=15):
        return wait_until(
            lambda: len(self.sweeps()) >= count and self.sweeps(),
            timeout,
            interval=0.1,
            message=lambda: f"{count} sweeps in worker {self.name}:\n{self.log()[-3000:]}",
        )

    def kill(self):
        """SIGKILL: no clean-up of any kind, as when the machine or the OOM killer takes it."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        """At teardown: the whole process group at once (a warm shutdown takes seconds)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self._log.close()


@dataclass
class Celery:
    """This test's queue on the real broker, and workers consuming it."""

    token: str
    broker_url: str
    database_url: str
    smtp_port: int
    log_dir: Path
    workers: list = field(default_factory=list)

    @property
    def queue(self):
        return self.token

    def env(self, **overrides):
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PYTEST_", "CELERY_", "REMINDER_", "EMAIL_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.local",
            DATABASE_URL=self.database_url,
            REDIS_URL=self.broker_url,
            CELERY_BROKER_URL=self.broker_url,
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(self.smtp_port),
            EMAIL_TIMEOUT="5",
            SITE_URL=SITE,
            DEBUG="false",
            PYTHONUNBUFFERED="1",
        )
        env.update({key: str(value) for key, value in overrides.items()})
        return env

    def start_worker(self, pool="solo", concurrency=1, **env):
        """A worker process with settings `env` (e.g. REMINDER_LEASE_SECONDS=2) on top."""
        name = f"{self.token}-{len(self.workers)}"
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config.celery_app",
            "worker",
            "-P",
            pool,
            "-c",
            str(concurrency),
            "-Q",
            self.queue,
            "-n",
            f"{name}@localhost",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "INFO",
        ]
        worker = Worker(name, command, self.env(**env), self.log_dir / f"{name}.log")
        self.workers.append(worker)
        return worker

    def sweep(self, **kwargs):
        """Enqueue the reminder sweep on this test's queue, as beat does."""
        from commplan.tasks import sweep_reminders

        with celery_app.connection_for_write(self.broker_url) as conn:
            sweep_reminders.apply_async(kwargs=kwargs, queue=self.queue, connection=conn)

    def sweeps(self):
        """The results of every finished sweep, over all this test's workers."""
        return [result for worker in self.workers for result in worker.sweeps()]

    def wait_sweeps(self, count, timeout=15):
        """Wait until the workers have finished `count` sweeps in all; returns their results."""
        return wait_until(
            lambda: len(self.sweeps()) >= count and self.sweeps(),
            timeout,
            interval=0.1,
            message=lambda: (
                f"{count} finished sweeps:\n"
                + "\n".join(f"--- {w.name}\n{w.log()[-2000:]}" for w in self.workers)
            ),
        )

    def queued(self):
        return redis.Redis.from_url(self.broker_url).llen(self.queue)

    def cleanup(self):
        for worker in self.workers:
            worker.stop()
        # The queue, its bindings, the workers' control queues, and messages a killed worker
        # left unacknowledged: everything on the broker that carries this test's token.
        client = redis.Redis.from_url(self.broker_url)
        for key in client.scan_iter(match=f"*{self.token}*"):
            client.delete(key)
        for key in client.scan_iter(match="_kombu.binding.*"):
            stale = [m for m in client.smembers(key) if self.token.encode() in m]
            if stale:
                client.srem(key, *stale)
        for tag, payload in client.hscan_iter("unacked"):
            if self.token.encode() in payload:
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)


@pytest.fixture
def celery(redis_url, test_database_url, smtp_server, tmp_path):
    """Start workers with `celery.start_worker(...)`, enqueue with `celery.sweep()`; workers are
    stopped and the test's broker keys removed at teardown."""
    token = f"itest-{os.getpid()}-{uuid.uuid4().hex[:10]}"
    harness = Celery(token, redis_url, test_database_url, smtp_server.port, tmp_path)
    yield harness
    harness.cleanup()


# Data -------------------------------------------------------------------------------------------


@dataclass
class World:
    plan: object
    manager: object
    owners: list
    rows: list

    @property
    def addresses(self):
        return [owner.email for owner in self.owners]


def make_world(owner_count, rows_per_owner=2):
    """A plan with a manager and owners, each with rows due for review (committed).

    The rows fell due yesterday (overdue by a day, too little to escalate), so a test that runs
    across midnight still finds them due in every process.
    """
    plan = PlanFactory(name="Integration plan")
    manager = MembershipFactory(plan=plan, role=Role.MANAGER, user__username="itest_manager").user
    owners, rows = [], []
    due = timezone.localdate() - datetime.timedelta(days=1)
    for i in range(owner_count):
        owner = MembershipFactory(plan=plan, role=Role.OWNER, user__username=f"itest_owner{i}").user
        owners.append(owner)
        for _ in range(rows_per_owner):
            rows.append(
                PlanRowFactory(plan=plan, owner=owner, next_review_date=due, scheduled_date=None)
            )
    return World(plan, manager, owners, rows)


@pytest.fixture
def world_factory(test_database_url):
    return make_world
