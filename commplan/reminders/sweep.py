"""The reminder sweep: who is due a reminder today, claimed in the database, then emailed.

Guarantees, and where each comes from:
- Once per person, kind and day: `plan_reminders` inserts with the unique constraint
  (recipient, kind, due_on) and ignores conflicts, so two sweeps at once create one reminder.
- One sender: `send_pending` claims a batch with a conditional UPDATE (pending → sending, with a
  fresh claim token) and sends only what carries its token.
- Nothing lost: the sweep reads due rows from the database, so a lost task or a missed tick only
  delays a reminder. A failed send goes back to pending with a back-off (a bug, as opposed to
  a mail server or network error, fails the reminder after 3 attempts); a reminder left
  'sending' by a worker that died is claimable again once its lease has run out. A live sweep
  restarts the lease before each email (the settings make the lease outlast one email's SMTP
  exchange) and skips any reminder another sweep has taken over. A duplicate is possible only
  if a worker dies between the SMTP server accepting a message and the one-row UPDATE that
  records it.
- The welcome emails still owed (commplan/reminders/welcome.py) go out with each sweep too,
  and the Teams cards (commplan/teams/posting.py).
"""

import logging
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import timedelta
from operator import attrgetter

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import Exists, F, Min, OuterRef, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy

from ..dashboard import rollup
from ..models import (
    CommunicationPlan,
    Membership,
    PlanRow,
    Profile,
    Reminder,
    ReminderFrequency,
    ReminderItem,
    ReminderKind,
    ReminderStatus,
    Role,
    SweepStatus,
)
from ..teams import posting as teams
from . import claims, welcome
from .emails import absolute_url, build_email, unsubscribe_url

logger = logging.getLogger(__name__)


@dataclass
class SweepResult:
    """What one sweep did. `created` counts today's reminders that appeared while it planned;
    when two sweeps plan at the same moment, both may count the same ones (the database still
    holds one per person, kind and day)."""

    created: int = 0
    sent: int = 0
    failed: int = 0
    skipped: int = 0

    def as_dict(self):
        return asdict(self)


def sweep(now=None, retry_now=False):
    """Plan today's reminders and send every reminder that is due, then the welcome emails
    still owed. Returns what it did with the reminders."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = SweepResult(created=plan_reminders(today, now))
    send_pending(today, now, retry_now, result)
    SweepStatus.record(timezone.now())  # the health check's sign that beat and worker run
    logger.info("Reminder sweep for %s: %s", today, result)
    welcomed = welcome.send_pending(now, retry_now)
    if welcomed:
        logger.info("Reminder sweep sent %s welcome emails still owed", welcomed)
    teams.sweep_teams(today, now, retry_now)  # the same reminders as cards in Teams
    return result


def _frequencies_for(day):
    return [ReminderFrequency.DAILY] + ([ReminderFrequency.WEEKLY] if day.weekday() == 0 else [])


def digest_rows(today):
    """Open rows due for review by `today` whose owner wants a reminder on `today`."""
    frequency = Coalesce("owner__profile__reminder_frequency", Value(ReminderFrequency.DAILY))
    return (
        PlanRow.objects.remindable()
        .due_for_review(today)
        .filter(owner__is_active=True)
        .exclude(owner__email="")
        .alias(frequency=frequency)
        .filter(frequency__in=_frequencies_for(today))
    )


def escalating_plan_ids(today):
    """Plans with a row overdue by more than the plan's escalation days (one row per plan)."""
    oldest = (
        PlanRow.objects.remindable()
        .overdue(today)
        .order_by()
        .values("plan_id", "plan__escalation_days")
        .annotate(oldest=Min("next_review_date"))
    )
    return [
        plan["plan_id"]
        for plan in oldest
        if plan["oldest"] < today - timedelta(days=plan["plan__escalation_days"])
    ]


SUMMARY_ROLES = (Role.EXECUTIVE, Role.MANAGER)


def summary_recipients(today, now):
    """People who asked for the weekly summary, on Mondays from SUMMARY_HOUR local time."""
    if today.weekday() != 0 or timezone.localtime(now).hour < settings.SUMMARY_HOUR:
        return []
    return (
        Profile.objects.filter(
            weekly_summary=True,
            user__is_active=True,
            user__memberships__role__in=SUMMARY_ROLES,
            user__memberships__plan__archived_at__isnull=True,
        )
        .exclude(user__email="")
        .values_list("user_id", flat=True)
        .distinct()
    )


def summary_plans(batch):
    """{reminder pk: [plans with health]} for the summaries in `batch`, in a fixed number of
    queries (the dashboard's roll-up of every plan any of them follows)."""
    summaries = {r.recipient_id: r for r in batch if r.kind == ReminderKind.SUMMARY}
    if not summaries:
        return {}
    memberships = Membership.objects.filter(
        user_id__in=summaries, role__in=SUMMARY_ROLES, plan__archived_at__isnull=True
    ).values_list("user_id", "plan_id")
    plans_of = defaultdict(set)
    for user_id, plan_id in memberships:
        plans_of[user_id].add(plan_id)
    today = max(r.due_on for r in summaries.values())
    plan_ids = set().union(*plans_of.values()) if plans_of else set()
    plans = rollup(CommunicationPlan.objects.filter(pk__in=plan_ids), today)
    return {
        reminder.pk: [plan for plan in plans if plan.pk in plans_of[user_id]]
        for user_id, reminder in summaries.items()
    }


def plan_reminders(today, now):
    """Create today's reminders (the claims); returns how many were new."""
    owner_ids = set(digest_rows(today).order_by().values_list("owner_id", flat=True).distinct())
    manager_ids = set(
        Membership.objects.filter(
            plan_id__in=escalating_plan_ids(today),
            role=Role.MANAGER,
            user__is_active=True,
        )
        .exclude(user__email="")
        .values_list("user_id", flat=True)
        .distinct()
    )
    wanted = (
        [(user_id, ReminderKind.DIGEST) for user_id in owner_ids]
        + [(user_id, ReminderKind.ESCALATION) for user_id in manager_ids]
        + [(user_id, ReminderKind.SUMMARY) for user_id in summary_recipients(today, now)]
    )
    before = Reminder.objects.filter(due_on=today).count()
    Reminder.objects.bulk_create(
        [
            Reminder(recipient_id=user_id, kind=kind, due_on=today, next_attempt_at=now)
            for user_id, kind in wanted
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    # An older reminder still pending is replaced by today's, which lists everything still due.
    Reminder.objects.filter(status=ReminderStatus.PENDING, due_on__lt=today).filter(
        Exists(
            Reminder.objects.filter(
                recipient=OuterRef("recipient"), kind=OuterRef("kind"), due_on=today
            )
        )
    ).update(status=ReminderStatus.SUPERSEDED, updated_at=timezone.now())
    return Reminder.objects.filter(due_on=today).count() - before


def send_pending(today, now, retry_now, result):
    """Claim and send sendable reminders in batches, in id order (each is tried once a sweep)."""
    last_pk = 0
    while True:
        ids = list(
            Reminder.objects.sendable(now, claims.lease(), retry_now)
            .filter(pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", flat=True)[: settings.REMINDER_BATCH_SIZE]
        )
        if not ids:
            return
        last_pk = ids[-1]
        token = claims.claim(Reminder.objects.filter(pk__in=ids), now, retry_now)
        if token:
            batch = list(
                Reminder.objects.filter(claim_token=token, status=ReminderStatus.SENDING)
                .select_related("recipient", "recipient__profile")
                .order_by("pk")
            )
            _deliver(batch, token, result)


def rows_by_recipient(batch):
    """The rows each reminder in `batch` speaks of, as {reminder pk: [rows]}, in two queries."""
    # The decision and its meeting: a reminder names the decision an activity communicates.
    related = (
        "plan",
        "stakeholder",
        "message",
        "channel",
        "milestone",
        "owner",
        "decision",
        "decision__meeting",
    )
    rows = defaultdict(list)
    digests = {r.recipient_id: r for r in batch if r.kind == ReminderKind.DIGEST}
    if digests:
        days = {r.due_on for r in digests.values()}
        query = (
            PlanRow.objects.remindable()
            .due_for_review(max(days))
            .filter(owner_id__in=digests)
            .select_related(*related)
            .order_by("next_review_date", "plan__name", "pk")
        )
        for row in query:
            reminder = digests[row.owner_id]
            if row.next_review_date <= reminder.due_on:
                rows[reminder.pk].append(row)
    escalations = {r.recipient_id: r for r in batch if r.kind == ReminderKind.ESCALATION}
    if escalations:
        query = (
            PlanRow.objects.remindable()
            .overdue(max(r.due_on for r in escalations.values()))
            .filter(
                plan__memberships__user_id__in=escalations,
                plan__memberships__role=Role.MANAGER,
            )
            .annotate(manager_id=F("plan__memberships__user_id"))
            .select_related(*related)
            .order_by("plan__name", "next_review_date", "pk")
        )
        for row in query:
            reminder = escalations[row.manager_id]
            limit = reminder.due_on - timedelta(days=row.plan.escalation_days)
            if row.next_review_date < limit:
                rows[reminder.pk].append(row)
    return rows


def _build_summary(reminder, plans):
    context = {
        "reminder": reminder,
        "plans": [
            {
                "plan": plan,
                "dashboard_url": absolute_url(
                    reverse("commplan:plan_dashboard", kwargs={"pk": plan.pk})
                ),
                "warnings": [
                    # Lazy: worded when build_email renders it, in the reader's language.
                    {
                        "message": lazy(attrgetter("message"), str)(warning),
                        "url": absolute_url(warning.url),
                        # The late S&OP decisions are listed one by one.
                        "items": [
                            {
                                "label": item.label,
                                "detail": item.detail,
                                "url": absolute_url(item.url),
                            }
                            for item in warning.items
                        ]
                        if warning.kind == "decisions_late"
                        else [],
                    }
                    for warning in plan.health
                ],
            }
            for plan in plans
        ],
        "today": reminder.due_on,
        "dashboard_url": absolute_url(reverse("commplan:dashboard")),
        "settings_url": absolute_url(reverse("commplan:my_settings")),
    }
    return build_email(reminder.recipient, "executive_summary", context)


def _build(reminder, rows):
    if reminder.kind == ReminderKind.SUMMARY:
        return _build_summary(reminder, rows)
    digest = reminder.kind == ReminderKind.DIGEST
    template = "reminder_digest" if digest else "escalation_digest"
    today = reminder.due_on
    overdue_count = sum(row.next_review_date < today for row in rows)
    # An email stays readable: the first rows (most overdue first), then a link to the rest.
    shown = rows[: settings.REMINDER_EMAIL_ROWS]
    items = [
        {
            "row": row,
            "overdue": row.next_review_date < today,
            "days_overdue": (today - row.next_review_date).days,
            "review_url": absolute_url(
                reverse("commplan:review_create", kwargs={"plan_pk": row.plan_id, "pk": row.pk})
            ),
            "row_url": absolute_url(row.get_absolute_url()),
        }
        for row in shown
    ]
    more_url = reverse("commplan:my_work") if digest else reverse("commplan:plan_list")
    context = {
        "reminder": reminder,
        "items": items,
        "total": len(rows),
        "more_count": len(rows) - len(shown),
        "more_url": absolute_url(more_url),
        "overdue_count": overdue_count,
        "today": today,
        "my_url": absolute_url(reverse("commplan:my_work")),
        "settings_url": absolute_url(reverse("commplan:my_settings")),
    }
    headers = None
    if digest:
        context["unsubscribe_url"] = unsubscribe_url(reminder.recipient)
        headers = {
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",  # RFC 8058 one-click
        }
    return build_email(reminder.recipient, template, context, headers=headers)


def _fail(reminder, token, error, result):
    claims.fail(reminder, token, error)
    result.failed += 1


def _deliver(batch, token, result):
    rows = {**rows_by_recipient(batch), **summary_plans(batch)}
    skipped = [reminder.pk for reminder in batch if not rows.get(reminder.pk)]
    if skipped:
        # Everything it would have named was reviewed or closed in the meantime.
        Reminder.objects.filter(pk__in=skipped, claim_token=token).update(
            status=ReminderStatus.SKIPPED, updated_at=timezone.now()
        )
        result.skipped += len(skipped)
    outgoing = [(reminder, rows[reminder.pk]) for reminder in batch if rows.get(reminder.pk)]
    if not outgoing:
        return
    ReminderItem.objects.bulk_create(
        [
            ReminderItem(reminder=reminder, row=row, due_date=row.next_review_date)
            for reminder, reminder_rows in outgoing
            if reminder.kind != ReminderKind.SUMMARY
            for row in reminder_rows
        ],
        batch_size=1000,
        ignore_conflicts=True,  # a reclaimed reminder logged its rows the first time
    )
    done = set()  # sent or already failed by this sweep
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:  # any failure to connect leaves them pending
        for reminder, _rows in outgoing:
            _fail(reminder, token, error, result)
        return
    try:
        for reminder, reminder_rows in outgoing:
            # The lease restarts before each message, and the settings make it longer than
            # one message's SMTP exchange can take, so no other sweep takes over a message in
            # flight; one that another sweep took over after a stall is not sent twice.
            if not claims.renew(reminder, token):
                continue
            done.add(reminder.pk)
            try:
                message = _build(reminder, reminder_rows)
            except Exception as error:  # a bug, not the mail server: logged, failed after 3
                _fail(reminder, token, error, result)
                continue
            try:
                connection.send_messages([message])
            except Exception as error:  # refused, timed out, dropped: retried later
                _fail(reminder, token, error, result)
                connection.close()
                connection.open()
                continue
            # The duplicate window: between the server's acceptance above and this update.
            claims.mark_sent(reminder, token)
            result.sent += 1
    except Exception as error:  # the reconnect failed: the rest wait for later
        for reminder, _rows in outgoing:
            if reminder.pk not in done:
                _fail(reminder, token, error, result)
    finally:
        connection.close()
