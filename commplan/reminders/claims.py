"""Emails owed to people (reminders, welcome emails) are claimed in the database before they
leave, so that each is sent once however many sweeps and workers run at the same time.

A claim is a conditional UPDATE (pending → sending, with a fresh token); the sender sends only
what still carries its token, renews the lease before each message, and records every failure:
a mail server or network problem goes back to pending with a growing pause, anything else (a
bug: a template error, bad data) is logged with its traceback and, after MAX_ATTEMPTS, marked
failed so that managers see it instead of it being retried silently for ever.
"""

import logging
import secrets
import smtplib
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from ..models import ReminderStatus

logger = logging.getLogger(__name__)

# What a later attempt may cure: the server refused, timed out, or the connection dropped.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)
MAX_ATTEMPTS = 3  # for errors a retry cannot cure


def lease():
    return timedelta(seconds=settings.REMINDER_LEASE_SECONDS)


def claim(queryset, now, retry_now=False):
    """Claim the sendable emails of `queryset`; returns the claim's token, or '' for none."""
    token = secrets.token_hex(16)
    claimed_at = timezone.now()
    claimed = queryset.sendable(now, lease(), retry_now).update(
        status=ReminderStatus.SENDING,
        claimed_at=claimed_at,
        claim_token=token,
        attempts=F("attempts") + 1,
        updated_at=claimed_at,
    )
    return token if claimed else ""


def renew(outgoing, token):
    """Restart the lease on `outgoing` just before it is sent; False when it is no longer this
    claim's (another sweep took it over after a stall, so sending it would be a second copy)."""
    now = timezone.now()
    return bool(
        type(outgoing)
        .objects.filter(pk=outgoing.pk, claim_token=token, status=ReminderStatus.SENDING)
        .update(claimed_at=now, updated_at=now)
    )


def mark_sent(outgoing, token):
    sent_at = timezone.now()
    type(outgoing).objects.filter(pk=outgoing.pk, claim_token=token).update(
        status=ReminderStatus.SENT, sent_at=sent_at, updated_at=sent_at, last_error=""
    )


def fail(outgoing, token, error):
    """Record a failed attempt at sending `outgoing` (claimed with `token`)."""
    attempts = outgoing.attempts
    now = timezone.now()
    changes = {"last_error": f"{type(error).__name__}: {error}"[:2000], "updated_at": now}
    if isinstance(error, TRANSIENT_ERRORS):
        logger.warning(
            "%s %s failed (attempt %s): %s",
            outgoing._meta.verbose_name,
            outgoing.pk,
            attempts,
            error,
        )
    else:
        logger.error(
            "%s %s could not be built or sent (attempt %s)",
            outgoing._meta.verbose_name,
            outgoing.pk,
            attempts,
            exc_info=error,
        )
    if not isinstance(error, TRANSIENT_ERRORS) and attempts >= MAX_ATTEMPTS:
        changes["status"] = ReminderStatus.FAILED
    else:
        backoff = min(2 ** (attempts - 1), settings.REMINDER_MAX_BACKOFF_MINUTES)
        changes.update(
            status=ReminderStatus.PENDING, next_attempt_at=now + timedelta(minutes=backoff)
        )
    type(outgoing).objects.filter(pk=outgoing.pk, claim_token=token).update(**changes)
