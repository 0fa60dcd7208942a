"""Inserts for plans built in bulk that still leave one history record per object, naming the
person who built it and why."""

from simple_history.utils import bulk_create_with_history

REASON_LENGTH = 100  # django-simple-history's change reason column


def save_plan(plan, user, reason):
    """Save `plan` with a history record by `user` giving `reason`."""
    plan._history_user = user
    plan._change_reason = str(reason)[:REASON_LENGTH]
    plan.save()
    return plan


def bulk_create(model, objs, user, reason):
    """Insert `objs` of `model` in a few queries, each with a history record by `user` giving
    `reason`; returns them with their primary keys, in order."""
    objs = list(objs)
    if not objs:
        return []
    return bulk_create_with_history(
        objs, model, default_user=user, default_change_reason=str(reason)[:REASON_LENGTH]
    )
