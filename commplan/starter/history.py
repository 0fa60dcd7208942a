"""Inserts for plans built in bulk that still leave one history record per object, naming the
person who built it and why."""

from ..history.recording import change_reason, create_with_history


def save_plan(plan, user, reason):
    """Save `plan` with a history record by `user` giving `reason`."""
    plan._history_user = user
    plan._change_reason = change_reason(reason)
    plan.save()
    return plan


def bulk_create(model, objs, user, reason):
    """Insert `objs` of `model` in a few queries, each with a history record by `user` giving
    `reason`; returns them with their primary keys, in order."""
    return create_with_history(model, objs, user=user, reason=reason)
