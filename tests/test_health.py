"""/healthz/: database, broker and the reminder sweep's age, as JSON with 200 or 503; and the
Reminders page's warning when the sweep has stopped (issue 11 §3)."""

import socket
import threading
import time
from datetime import timedelta

import pytest
from django.db.utils import OperationalError
from django.urls import reverse
from django.utils import timezone

from commplan.models import SweepStatus
from commplan.reminders import sweep as reminders
from config import health as health_checks

URL = "/healthz/"


def health(client):
    response = client.get(URL)
    return response.status_code, response.json()


@pytest.fixture
def swept(db):
    SweepStatus.record(timezone.now() - timedelta(minutes=5))


def test_all_well_is_200_without_signing_in(client, swept):
    status, body = health(client)

    assert status == 200
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "broker": "ok",
        "reminder_sweep": "ok",
    }
    assert 290 <= body["checks"]["reminder_sweep"]["age_seconds"] <= 330


def test_the_answer_is_never_cached_and_sets_no_cookie(client, swept):
    response = client.get(URL)

    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies


def test_a_sweep_older_than_two_intervals_fails(client, db, settings):
    settings.REMINDER_SWEEP_MINUTES = 15
    SweepStatus.record(timezone.now() - timedelta(minutes=31))

    status, body = health(client)

    assert status == 503
    assert body["status"] == "fail"
    assert body["checks"]["reminder_sweep"]["status"] == "fail"
    assert body["checks"]["reminder_sweep"]["limit_seconds"] == 30 * 60
    assert body["checks"]["database"]["status"] == "ok"


def test_no_sweep_ever_fails(client, db):
    status, body = health(client)

    assert status == 503
    assert body["checks"]["reminder_sweep"] == {
        "status": "fail",
        "age_seconds": None,
        "limit_seconds": 2 * 15 * 60,
    }


def test_a_sweep_records_when_it_finished(db):
    before = timezone.now()
    reminders.sweep()

    assert SweepStatus.last_finished() >= before


def test_a_database_that_is_down_is_a_503_not_a_500(client, swept, monkeypatch):
    def down():
        raise OperationalError("connection to server at 10.0.0.5 failed: password for secret")

    monkeypatch.setitem(health_checks.CHECKS, "database", down)

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"status": "fail"}
    assert b"10.0.0.5" not in response.content
    assert b"secret" not in response.content


def test_an_unwritable_broker_folder_fails(client, swept, settings, tmp_path):
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(tmp_path / "missing")}

    status, body = health(client)

    assert status == 503
    assert body["checks"]["broker"] == {"status": "fail"}


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def silent_server():
    """A TCP server that accepts connections and never answers (a hung Redis)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


@pytest.mark.parametrize("broker", ["refusing", "silent"])
def test_a_broker_that_is_down_or_hangs_fails_within_three_seconds(
    client, swept, settings, silent_server, broker
):
    port = closed_port() if broker == "refusing" else silent_server
    settings.CELERY_BROKER_URL = f"redis://:hunter2@127.0.0.1:{port}/0"

    started = time.monotonic()
    status, body = health(client)

    assert time.monotonic() - started < 3
    assert status == 503
    assert body["checks"]["broker"] == {"status": "fail"}
    assert "hunter2" not in str(body)


def test_managers_are_told_on_the_reminders_page_when_the_sweep_stopped(
    manager_client, plan, settings
):
    settings.REMINDER_SWEEP_MINUTES = 15
    url = reverse("commplan:reminder_list", args=[plan.pk])
    SweepStatus.record(timezone.now() - timedelta(minutes=29))
    assert "have not been sent automatically" not in manager_client.get(url).content.decode()

    SweepStatus.record(timezone.now() - timedelta(minutes=31))

    html = manager_client.get(url).content.decode()
    assert "Reminders have not been sent automatically since" in html
    assert "celery beat" in html
