"""How often a username may be tried: slowed after a few failures, then locked for a while.

django-axes records the failures (one AccessAttempt per username, address and browser) and
locks a username at one address after AXES_FAILURE_LIMIT failures. This module adds the slowing
down across all addresses, says until when a person must wait, and reads the client's address.
"""

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone


@dataclass(frozen=True)
class Refusal:
    """Why a sign-in is refused before its password is checked, and until when."""

    locked: bool  # True: locked at this address for the cool-off; False: slowed down
    until: datetime

    @property
    def seconds_left(self):
        return max(1, round((self.until - timezone.now()).total_seconds()))


def _failures(attempts):
    totals = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    return totals["failures"] or 0, totals["last"]


def slow_down_seconds(failures):
    """The wait after `failures` recent failures: 0 below SIGNIN_SLOW_AFTER, then doubling."""
    if failures < settings.SIGNIN_SLOW_AFTER:
        return 0
    doublings = min(failures - settings.SIGNIN_SLOW_AFTER, 16)
    return min(settings.SIGNIN_SLOW_SECONDS * 2**doublings, settings.SIGNIN_SLOW_MAX_SECONDS)


def refusal(username, ip_address):
    """A Refusal when `username` may not be tried from `ip_address` now, else None."""
    now = timezone.now()
    cool_off = settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(username=username, attempt_time__gte=now - cool_off)
    failures, last = _failures(recent.filter(ip_address=ip_address))
    if failures >= settings.AXES_FAILURE_LIMIT:
        return Refusal(locked=True, until=last + cool_off)
    failures, last = _failures(recent)
    until = last + timedelta(seconds=slow_down_seconds(failures)) if last else now
    if until > now:
        return Refusal(locked=False, until=until)
    return None


def client_ip(request):
    """The client's address (AXES_CLIENT_IP_CALLABLE).

    REMOTE_ADDR when clients connect directly. Behind PROXY_COUNT proxies, the entry that the
    outermost of our proxies appended to X-Forwarded-For, counted from the right: entries left
    of it were sent by the client and may be forged.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.PROXY_COUNT
    if not count:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
    if len(entries) < count:
        return remote
    try:
        return str(ipaddress.ip_address(entries[-count]))
    except ValueError:
        return remote
