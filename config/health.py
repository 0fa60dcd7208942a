"""/healthz/ for load balancers and uptime monitors: database, broker and reminder sweep.

No sign-in, nothing sensitive (each check says ok or fail, the sweep also its age), never a 500,
and cheap: one trivial query, one read by primary key and one broker ping of at most
BROKER_TIMEOUT seconds.
"""

import logging
import os
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from kombu import Connection

from commplan.models import SweepStatus

logger = logging.getLogger(__name__)
BROKER_TIMEOUT = 2  # seconds; a broker slower than this counts as down


def check_database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def check_broker() -> dict[str, Any]:
    url = settings.CELERY_BROKER_URL
    scheme = urlsplit(url).scheme
    if scheme == "filesystem":
        # The file-based broker is up when its folder can be written to.
        folder = str(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
        if not os.access(folder, os.W_OK):
            raise OSError("broker folder not writable")
    elif scheme in {"redis", "rediss"}:
        client = redis.Redis.from_url(
            url, socket_connect_timeout=BROKER_TIMEOUT, socket_timeout=BROKER_TIMEOUT
        )
        try:
            client.ping()
        finally:
            client.close()
    else:
        with Connection(url, connect_timeout=BROKER_TIMEOUT) as broker:
            broker.ensure_connection(max_retries=1)
    return {}


def check_reminder_sweep() -> dict[str, Any]:
    late, finished_at = SweepStatus.late_since()
    age = None if finished_at is None else int((timezone.now() - finished_at).total_seconds())
    details = {"age_seconds": age, "limit_seconds": 2 * settings.REMINDER_SWEEP_MINUTES * 60}
    if late:
        raise LateError(details)
    return details


class LateError(Exception):
    """The check ran but its answer is bad; carries the details to show."""

    def __init__(self, details: dict[str, Any]) -> None:
        super().__init__("late")
        self.details = details


CHECKS: dict[str, Callable[[], dict[str, Any]]] = {
    "database": check_database,
    "broker": check_broker,
    "reminder_sweep": check_reminder_sweep,
}


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 {"status": "ok", "checks": {...}} when every check passes, else 503 with "fail"."""
    checks: dict[str, dict[str, Any]] = {}
    for name, check in CHECKS.items():
        try:
            checks[name] = {"status": "ok", **check()}
        except LateError as late:
            checks[name] = {"status": "fail", **late.details}
        except Exception:
            # Logged for the operator; the answer never shows why (hosts, users, versions).
            logger.warning("Health check %s failed", name, exc_info=True)
            checks[name] = {"status": "fail"}
    healthy = all(check["status"] == "ok" for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503
    )
