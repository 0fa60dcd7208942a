"""Celery tasks: thin wrappers that call plain functions a management command can call too."""

from celery import shared_task

from . import reminders


@shared_task(name="commplan.sweep_reminders", ignore_result=True)
def sweep_reminders(retry_now=False):
    """Send the reminders that are due (beat runs this every REMINDER_SWEEP_MINUTES)."""
    return reminders.sweep(retry_now=retry_now).as_dict()
