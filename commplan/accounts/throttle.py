"""How often a username may be tried: guessing is slowed, but its owner is never shut out.

Every password check for a username is first claimed here, under a lock on that username's
"everywhere" gate, so concurrent guesses are counted one at a time (no check slips through
between reading and writing the count):

- From the SIGNIN_SLOW_AFTER-th check on, each further check of the username, from any address,
  waits a doubling delay: guessing one account is slow even from many addresses.
- That delay never stops the account's owner: it does not apply to a browser that signed in
  as that person before (a signed device cookie, OWASP's "device cookie" lockout; the device
  has its own budget of SIGNIN_DEVICE_FAILURES failures, then it is trusted no more), nor to an
  address that has not failed for this username recently. An attacker who rotates addresses
  gets one try per new address and then waits like everyone else.
- django-axes keeps the per-address lock: AXES_FAILURE_LIMIT failures from one address lock the
  username at that address for AXES_COOLOFF_TIME (a trusted device is exempt).
"""

import ipaddress
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from commplan.models import SignInGate

DEVICE_COOKIE = "signin_device"
DEVICE_SALT = "commplan.accounts.device"
DEVICE_MAX_AGE = 365 * 24 * 60 * 60


@dataclass(frozen=True)
class Refusal:
    """Why a sign-in is refused before its password is checked, and until when."""

    locked: bool  # True: locked at this address for the cool-off; False: slowed down
    until: datetime

    @property
    def seconds_left(self):
        return max(1, round((self.until - timezone.now()).total_seconds()))


def slow_down_seconds(failures):
    """The wait after `failures` recent failures: 0 below SIGNIN_SLOW_AFTER, then doubling."""
    if failures < settings.SIGNIN_SLOW_AFTER:
        return 0
    doublings = min(failures - settings.SIGNIN_SLOW_AFTER, 16)
    return min(settings.SIGNIN_SLOW_SECONDS * 2**doublings, settings.SIGNIN_SLOW_MAX_SECONDS)


def _key(username):
    # Usernames differing only in case or spaces are one account to an attacker.
    return username.strip().casefold()[:150]


def device_token(request, username):
    """The device token of this browser when it signed in as `username` before, else None."""
    value = request.COOKIES.get(DEVICE_COOKIE)
    if not value or not username:
        return None
    try:
        data = signing.loads(value, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != _key(username):
        return None
    token = data.get("d")
    return token if isinstance(token, str) and token.isalnum() and len(token) <= 40 else None


def new_device_cookie(username):
    """The value of a device cookie naming `username` (set after a successful sign-in)."""
    return signing.dumps({"u": _key(username), "d": secrets.token_hex(16)}, salt=DEVICE_SALT)


def _fresh(gate, now):
    """A gate untouched for the cool-off counts from zero again."""
    if gate.updated_at and gate.updated_at < now - settings.AXES_COOLOFF_TIME:
        gate.attempts = 0
        gate.next_allowed_at = None
    return gate


def _gate(username, scope, now):
    gate, _created = SignInGate.objects.get_or_create(username=username, scope=scope)
    return _fresh(gate, now)


def _locked_here(username, ip_address, now):
    """When the per-address lock of django-axes holds `username` at `ip_address`, its end."""
    cool_off = settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(
        username=username, ip_address=ip_address, attempt_time__gte=now - cool_off
    )
    totals = attempts.aggregate(failures=Sum("failures_since_start"))
    if (totals["failures"] or 0) < settings.AXES_FAILURE_LIMIT:
        return None
    last = attempts.order_by("-attempt_time").values_list("attempt_time", flat=True).first()
    return last + cool_off


def address_lock(username, ip_address):
    """A Refusal while `username` is locked at `ip_address`, else None."""
    now = timezone.now()
    locked_until = _locked_here(username, ip_address, now)
    return Refusal(locked=True, until=locked_until) if locked_until and locked_until > now else None


def device_trusted(username, token):
    """Whether the device `token` may still sign in as `username` outside the slow-down."""
    if not token:
        return False
    gate = SignInGate.objects.filter(username=_key(username), scope=f"device:{token}").first()
    return gate is None or _fresh(gate, timezone.now()).attempts < settings.SIGNIN_DEVICE_FAILURES


def claim(username, ip_address, device=None):
    """Claim one password check of `username` from `ip_address`: a Refusal, or None to go on.

    Atomic per username: the "everywhere" gate is locked while the decision is made and the
    counts are written, so N concurrent guesses check at most as many passwords as N guesses
    one after another would.
    """
    key = _key(username)
    trusted = device_trusted(username, device)
    if not trusted and (lock := address_lock(username, ip_address)):
        return lock
    with transaction.atomic():
        everywhere = SignInGate.objects.select_for_update().get_or_create(
            username=key, scope=SignInGate.EVERYWHERE
        )[0]
        # The time is read once the lock is held, so it is later than that of every check
        # counted before: read before waiting, it could fall before the slow-down another
        # guess had just set, and a check the owner is allowed would be refused.
        now = timezone.now()
        everywhere = _fresh(everywhere, now)
        address = _gate(key, f"ip:{ip_address}", now)
        slowed = everywhere.next_allowed_at and everywhere.next_allowed_at > now
        if slowed and not trusted and address.attempts:
            return Refusal(locked=False, until=everywhere.next_allowed_at)
        everywhere.attempts += 1
        everywhere.next_allowed_at = now + timedelta(seconds=slow_down_seconds(everywhere.attempts))
        everywhere.save()
        address.attempts += 1
        address.save()
        if trusted:
            gate = _gate(key, f"device:{device}", now)
            gate.attempts += 1
            gate.save()
    return None


def signed_in(username, ip_address, device=None):
    """A correct password: this address and device are in good standing again.

    The "everywhere" count stays: an attacker's guesses elsewhere keep being slowed.
    """
    scopes = [f"ip:{ip_address}"] + ([f"device:{device}"] if device else [])
    SignInGate.objects.filter(username=_key(username), scope__in=scopes).delete()


def forget(username):
    """Lift every gate of `username` (a completed password reset proves who they are)."""
    SignInGate.objects.filter(username=_key(username)).delete()


def trusted_device(request, credentials=None):
    """AXES_WHITELIST_CALLABLE: a trusted device is exempt from the per-address lock."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return device_trusted(username, device_token(request, username))


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
