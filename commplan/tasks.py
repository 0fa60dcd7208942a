"""Celery tasks: thin wrappers that call plain functions a management command can call too."""

from celery import shared_task

from . import reminders, welcome


@shared_task(name="commplan.sweep_reminders", ignore_result=True)
def sweep_reminders(retry_now=False):
    """Send the reminders that are due (beat runs this every REMINDER_SWEEP_MINUTES)."""
    return reminders.sweep(retry_now=retry_now).as_dict()


@shared_task(
    name="commplan.send_welcome",
    ignore_result=True,
    autoretry_for=(OSError,),  # SMTP errors included
    retry_backoff=True,
    max_retries=3,
)
def send_welcome(membership_id, added_by_id, new_account, language):
    """Tell a person they were added to a plan (queued by welcome.announce on commit)."""
    welcome.send(membership_id, added_by_id, new_account, language)
