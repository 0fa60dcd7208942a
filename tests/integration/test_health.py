"""/healthz/ against the real PostgreSQL and Redis: ok when they are up, a 503 within three
seconds when the broker's address answers nothing (issue 11 §3)."""

import time

from django.utils import timezone

from commplan.models import SweepStatus
from tests.integration.conftest import free_port


def test_healthy_with_the_real_database_and_broker(client, postgres, redis_url, settings, db):
    settings.CELERY_BROKER_URL = redis_url
    SweepStatus.record(timezone.now())

    response = client.get("/healthz/")

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "ok"


def test_a_dead_broker_is_a_503_within_three_seconds(client, postgres, redis_url, settings, db):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"
    SweepStatus.record(timezone.now())

    started = time.monotonic()
    response = client.get("/healthz/")

    assert time.monotonic() - started < 3
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": {"status": "ok"},
        "broker": {"status": "fail"},
        "reminder_sweep": {"status": "ok", "age_seconds": 0, "limit_seconds": 1800},
    }
