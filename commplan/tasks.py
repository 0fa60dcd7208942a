"""Celery tasks: thin wrappers that call plain functions a management command can call too."""

import logging

from celery import shared_task
from django.db import transaction

from . import reminders, welcome

logger = logging.getLogger(__name__)


@shared_task(name="commplan.sweep_reminders", ignore_result=True)
def sweep_reminders(retry_now=False):
    """Send the reminders and welcome emails that are due (beat runs this every
    REMINDER_SWEEP_MINUTES)."""
    return reminders.sweep(retry_now=retry_now).as_dict()


@shared_task(name="commplan.forget_feedback_text", ignore_result=True)
def forget_feedback_text():
    """Delete the free text of pulse answers older than FEEDBACK_TEXT_MONTHS (beat: daily)."""
    from .feedback.services import forget_text

    return forget_text()


@shared_task(name="commplan.send_welcome", ignore_result=True)
def send_welcome(welcome_id):
    """The fast path for one welcome email (queued by welcome.announce on commit); when it
    fails or never runs, the next sweep sends it."""
    welcome.send_pending(pk=welcome_id)


def enqueue(task, *args, **kwargs):
    """Send `task` to the broker now; False, logged, when the broker is down or does not answer
    (its timeouts in settings keep that to a few seconds). Callers only enqueue work the sweep
    also finds in the database, so a False delays it and loses nothing."""
    try:
        task.delay(*args, **kwargs)
    except Exception:  # kombu's OperationalError, or whatever else the transport raises
        logger.exception("Could not queue %s; the next sweep does the work", task.name)
        return False
    return True


def enqueue_on_commit(task, *args, **kwargs):
    """enqueue() once the current transaction commits. Returns a dict whose "queued" is
    enqueue()'s answer once it has run (at once outside a transaction)."""
    outcome = {}
    transaction.on_commit(lambda: outcome.update(queued=enqueue(task, *args, **kwargs)))
    return outcome
