"""Which Adaptive Cards are owed to Teams today, and posting them once each.

The guarantees are the emails' (commplan/reminders/sweep.py, claims.py):
- Once per webhook, kind and day: `plan_posts` inserts under the unique constraint and ignores
  conflicts, so two sweeps at once create one card.
- One sender: a batch is claimed with a conditional UPDATE on the listed ids (pending → sending
  with a fresh token), and only what carries the token is posted; the lease restarts before each
  card, and the timeouts keep one POST shorter than the lease.
- Retries: a Teams that is down, slow or answers 5xx is tried again with a growing pause
  (claims.fail); a 429 waits as long as its Retry-After asks; a bug fails the card after three
  attempts.
- A refusal (any other 4xx): the address is marked broken, the plan's managers (or the person)
  are told in the app and by email, and nothing is posted to it until the address is changed.

What a person's webhook gets follows their emails: one card for each reminder they have today.
A plan's channel gets the plan's due activities every day there are any, its escalation, and its
summary on Monday mornings, in the language chosen for the channel.
"""

import logging
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import timedelta
from types import SimpleNamespace

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from ..dashboard import rollup
from ..models import (
    CommunicationPlan,
    PlanRow,
    Reminder,
    ReminderKind,
    ReminderStatus,
    TeamsPost,
    TeamsWebhook,
)
from ..reminders import claims
from ..reminders import sweep as reminder_sweep
from . import cards, crypto, delivery, notices

logger = logging.getLogger(__name__)

ROW_RELATED = ("plan", "stakeholder", "message", "owner", "decision", "decision__meeting")


@dataclass
class TeamsResult:
    created: int = 0
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    refused: int = 0

    def as_dict(self):
        return asdict(self)


def sweep_teams(today, now, retry_now=False):
    """Plan today's cards and post every card that is due; returns what it did."""
    result = TeamsResult()
    if not TeamsWebhook.objects.filter(broken_at__isnull=True).exists():
        return result  # one query when nobody uses Teams (cards to broken ones wait)
    result.created = plan_posts(today, now)
    send_pending(now, retry_now, result)
    if result != TeamsResult():
        logger.info("Teams sweep for %s: %s", today, result)
    return result


def summary_due(today, now):
    return today.weekday() == 0 and timezone.localtime(now).hour >= settings.SUMMARY_HOUR


def plan_posts(today, now):
    """Create today's cards (the claims); returns how many were new."""
    working = TeamsWebhook.objects.filter(broken_at__isnull=True)
    wanted = list(
        Reminder.objects.filter(
            due_on=today, recipient__teams_webhook__in=working.filter(user__isnull=False)
        ).values_list("recipient__teams_webhook", "kind")
    )
    hooks = dict(
        working.filter(plan__isnull=False, plan__archived_at__isnull=True).values_list(
            "plan_id", "pk"
        )
    )
    if hooks:
        due = (
            PlanRow.objects.remindable()
            .due_for_review(today)
            .filter(plan_id__in=hooks)
            .order_by()
            .values_list("plan_id", flat=True)
            .distinct()
        )
        wanted += [(hooks[plan_id], ReminderKind.DIGEST) for plan_id in due]
        escalating = reminder_sweep.escalating_plan_ids(today)
        wanted += [(hooks[pk], ReminderKind.ESCALATION) for pk in escalating if pk in hooks]
        if summary_due(today, now):
            wanted += [(hook, ReminderKind.SUMMARY) for hook in hooks.values()]
    before = TeamsPost.objects.filter(due_on=today).count()
    TeamsPost.objects.bulk_create(
        [
            TeamsPost(webhook_id=hook, kind=kind, due_on=today, next_attempt_at=now)
            for hook, kind in wanted
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    # An older card still pending is replaced by today's, which lists everything still due.
    TeamsPost.objects.filter(status=ReminderStatus.PENDING, due_on__lt=today).filter(
        Exists(
            TeamsPost.objects.filter(
                webhook=OuterRef("webhook"), kind=OuterRef("kind"), due_on=today
            )
        )
    ).update(status=ReminderStatus.SUPERSEDED, updated_at=timezone.now())
    return TeamsPost.objects.filter(due_on=today).count() - before


def send_pending(now, retry_now, result):
    """Claim and post sendable cards in batches, in id order, skipping broken addresses."""
    last_pk = 0
    while True:
        ids = list(
            TeamsPost.objects.sendable(now, claims.lease(), retry_now)
            .filter(pk__gt=last_pk, webhook__broken_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[: settings.REMINDER_BATCH_SIZE]
        )
        if not ids:
            return
        last_pk = ids[-1]
        # The claim names the ids, with no join: two sweeps' UPDATEs then lock and re-check
        # the same rows on PostgreSQL, so only one of them gets each card.
        token = claims.claim(TeamsPost.objects.filter(pk__in=ids), now, retry_now)
        if token:
            batch = list(
                TeamsPost.objects.filter(claim_token=token, status=ReminderStatus.SENDING)
                .select_related("webhook", "webhook__plan", "webhook__user__profile")
                .order_by("pk")
            )
            _deliver(batch, token, result)


def _person_contents(posts):
    """{post pk: rows or plans} for cards to people, read as their reminders are."""
    stand_ins = [
        SimpleNamespace(
            pk=post.pk, kind=post.kind, recipient_id=post.webhook.user_id, due_on=post.due_on
        )
        for post in posts
    ]
    return {
        **reminder_sweep.rows_by_recipient(stand_ins),
        **reminder_sweep.summary_plans(stand_ins),
    }


def _plan_contents(posts):
    """{post pk: rows or [plan]} for cards to plans' channels, one query per kind."""
    contents = defaultdict(list)
    by_kind = defaultdict(list)
    for post in posts:
        by_kind[post.kind].append(post)
    for kind in (ReminderKind.DIGEST, ReminderKind.ESCALATION):
        if not by_kind[kind]:
            continue
        posts_of = {post.webhook.plan_id: post for post in by_kind[kind]}
        day = max(post.due_on for post in by_kind[kind])
        rows = PlanRow.objects.remindable().filter(plan_id__in=posts_of)
        rows = rows.due_for_review(day) if kind == ReminderKind.DIGEST else rows.overdue(day)
        order = ("next_review_date", "pk")
        for row in rows.select_related(*ROW_RELATED).order_by(*order):
            post = posts_of[row.plan_id]
            limit = post.due_on
            if kind == ReminderKind.ESCALATION:
                limit -= timedelta(days=row.plan.escalation_days + 1)
            if row.next_review_date <= limit:
                contents[post.pk].append(row)
    summaries = {post.webhook.plan_id: post for post in by_kind[ReminderKind.SUMMARY]}
    if summaries:
        day = max(post.due_on for post in summaries.values())
        for plan in rollup(CommunicationPlan.objects.filter(pk__in=summaries), day):
            contents[summaries[plan.pk].pk] = [plan]
    return contents


def _build(post, content):
    hook = post.webhook
    language = hook.card_language()
    if post.kind == ReminderKind.SUMMARY:
        return cards.summary_card(content, post.due_on, language, for_person=hook.plan is None)
    return cards.rows_card(post.kind, content, post.due_on, language, plan=hook.plan)


def _deliver(batch, token, result):
    people = [post for post in batch if post.webhook.user_id is not None]
    contents = {
        **_person_contents(people),
        **_plan_contents([post for post in batch if post.webhook.plan_id is not None]),
    }
    empty = [post.pk for post in batch if not contents.get(post.pk)]
    if empty:
        # Everything it would have named was reviewed or closed in the meantime.
        TeamsPost.objects.filter(pk__in=empty, claim_token=token).update(
            status=ReminderStatus.SKIPPED, updated_at=timezone.now()
        )
        result.skipped += len(empty)
    held = {}  # webhook pk → why the rest of its cards in this batch wait
    for post in batch:
        if post.pk in empty or not claims.renew(post, token):
            continue
        if post.webhook.broken:  # refused after this batch was chosen, before its claim
            held.setdefault(post.webhook_id, delivery.TeamsRefused(post.webhook.broken_reason))
        if post.webhook_id in held:
            _hold(post, token, held[post.webhook_id], result)
            continue
        try:
            payload = _build(post, contents[post.pk])
        except Exception as error:  # a bug, not Teams: logged, failed after 3 attempts
            claims.fail(post, token, error)
            result.failed += 1
            continue
        outcome = deliver_one(post.webhook, payload)
        if outcome is None:
            claims.mark_sent(post, token)
            result.sent += 1
            continue
        held[post.webhook_id] = outcome
        _hold(post, token, outcome, result)


def deliver_one(hook, payload):
    """Post `payload` to `hook`; None when Teams took it, else the error. A refusal marks the
    address broken and tells the managers (once, whoever saw it first)."""
    url = crypto.decrypt(hook.url_encrypted)
    if url is None:  # SECRET_KEY changed without the old one in SECRET_KEY_FALLBACKS
        error = delivery.TeamsRefused(delivery.UNREADABLE)
    else:
        try:
            delivery.post_card(url, payload)
        except delivery.TeamsRefused as refused:
            error = refused
        except (
            delivery.TeamsThrottled,
            delivery.TeamsUnavailable,
            delivery.TeamsTooLarge,
        ) as waiting:
            return waiting
        else:
            return None
    logger.warning("Teams webhook %s refused (%s): not tried again until changed", hook.pk, error)
    if hook.mark_broken(str(error)):
        notices.tell_broken(hook)
    return error


def _hold(post, token, error, result):
    """A card whose address refused, throttled or failed: it waits, as the error says."""
    if isinstance(error, delivery.TeamsRefused):
        # Kept for when the address is changed: pending, but never claimed while it is broken.
        TeamsPost.objects.filter(pk=post.pk, claim_token=token).update(
            status=ReminderStatus.PENDING, last_error=str(error), updated_at=timezone.now()
        )
        result.refused += 1
    elif isinstance(error, delivery.TeamsThrottled):
        now = timezone.now()
        logger.warning("Teams webhook %s asked to wait %s", post.webhook_id, error.retry_after)
        TeamsPost.objects.filter(pk=post.pk, claim_token=token).update(
            status=ReminderStatus.PENDING,
            next_attempt_at=now + error.retry_after,
            last_error=str(error),
            updated_at=now,
        )
        result.failed += 1
    else:
        claims.fail(post, token, error)
        result.failed += 1
