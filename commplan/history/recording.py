"""Recording changes that do not go through save(), and where changes without a request came
from.

simple-history records save() and delete() (also the deletes of a queryset or a cascade, which
send their signals). Queryset updates and the database's own ON DELETE actions are invisible to
it; the helpers here replace them with updates that write history records too.
"""

import sys
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models.signals import pre_delete
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

REASON_MAX_LENGTH = 100  # simple-history's history_change_reason column


def change_reason(reason):
    """`reason` as it fits the history's change reason column: cut with "…" when longer (a long
    file name, a plan's name), so recording a change never fails on its length."""
    reason = "" if reason is None else str(reason)
    if len(reason) <= REASON_MAX_LENGTH:
        return reason
    return reason[: REASON_MAX_LENGTH - 1] + "…"


def _in_request():
    return getattr(HistoricalRecords.context, "request", None) is not None


def current_source():
    """Where a change made outside a request comes from: the running Celery task or the
    management command ("task <name>", "command <name>"); None inside a request."""
    if _in_request():
        return None
    from celery import current_task

    if current_task and current_task.request.id is not None:
        return f"task {current_task.name}"
    program = sys.argv[0] if sys.argv else ""
    if program.endswith(("manage.py", "django-admin")) and len(sys.argv) > 1:
        return f"command {sys.argv[1]}"
    return None


def label_source(sender, history_instance, **kwargs):
    """Records without a person say where they came from (a command, a task)."""
    if history_instance.history_user_id is None and not history_instance.history_change_reason:
        source = current_source()
        if source:
            history_instance.history_change_reason = change_reason(source)


def update_with_history(objects: Iterable[Any], fields: Iterable[str], **values: Any) -> int:
    """Set `values` on `objects` (loaded model instances) and save them in bulk, recording a
    history entry for each; returns how many were updated. Use instead of queryset.update()."""
    objects = list(objects)
    if not objects:
        return 0
    model = type(objects[0])
    for obj in objects:
        for name, value in values.items():
            setattr(obj, name, value)
    fields = list(fields)
    if any(field.name == "updated_at" for field in model._meta.fields):
        now = timezone.now()
        for obj in objects:
            obj.updated_at = now
        fields.append("updated_at")
    return save_with_history(model, objects, fields)


def save_with_history(model, objects, fields, user=None, reason=None):
    """bulk_update() of `fields` of `objects` (changed in memory, each in its own way) that
    records a "changed" history entry for each by `user`, giving `reason` (cut to fit), or where
    it came from when there is neither; returns how many were updated."""
    objects = list(objects)
    if not objects:
        return 0
    reason = reason if reason else current_source()
    return bulk_update_with_history(
        objects, model, fields, default_user=user, default_change_reason=change_reason(reason)
    )


def create_with_history(model, objects, user=None, reason=None):
    """bulk_create() that records a "created" history entry for each object by `user`, giving
    `reason` (cut to fit), or where it came from when there is neither (a command, a task).
    The one bulk-history helper of imports, templates, copies and demo data."""
    objects = list(objects)
    if not objects:
        return []
    reason = reason if reason else current_source()
    return bulk_create_with_history(
        objects, model, default_user=user, default_change_reason=change_reason(reason)
    )


def unassign_rows_of_removed_member(sender, instance, origin=None, **kwargs):
    """A member who leaves a plan (or whose account is deleted) no longer owns its rows.

    The database unassigns them too (migration 0003), but without a history entry; doing it
    here first records it. When the whole plan is being deleted there is nothing to record.
    """
    from commplan.models import CommunicationPlan, PlanRow

    if isinstance(origin, CommunicationPlan) or (
        isinstance(origin, models.QuerySet) and origin.model is CommunicationPlan
    ):
        return
    rows = PlanRow.objects.filter(plan_id=instance.plan_id, owner_id=instance.user_id)
    update_with_history(rows, ["owner"], owner=None)


def record_reviews_losing_their_reviewer(sender, instance, **kwargs):
    """Deleting a person's account clears "reviewed by" on their reviews (SET_NULL, a queryset
    update); doing it here first records it."""
    from commplan.models import Review

    update_with_history(
        Review.objects.filter(reviewed_by=instance), ["reviewed_by"], reviewed_by=None
    )


def forget_answer_deletes():
    """Deleting answers records nothing (only hiding their text is history), and without
    receivers Django deletes a link's or a plan's answers in one statement, not one by one."""
    from django.db.models.signals import post_delete

    from commplan.models import FeedbackResponse
    from commplan.models.feedback import RESPONSE_HISTORY

    pre_delete.disconnect(RESPONSE_HISTORY.pre_delete, sender=FeedbackResponse)
    post_delete.disconnect(RESPONSE_HISTORY.post_delete, sender=FeedbackResponse)


def connect():
    from django.contrib.auth import get_user_model

    from commplan.models import Membership

    forget_answer_deletes()
    pre_create_historical_record.connect(label_source, dispatch_uid="commplan_history_source")
    pre_delete.connect(
        unassign_rows_of_removed_member,
        sender=Membership,
        dispatch_uid="commplan_unassign_removed_member",
    )
    pre_delete.connect(
        record_reviews_losing_their_reviewer,
        sender=get_user_model(),
        dispatch_uid="commplan_reviews_lose_reviewer",
    )
