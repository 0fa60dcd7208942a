"""A dataset for benchmarking the reminder sweep: many owners, plans and rows, some of them due."""

import random
from collections import defaultdict
from datetime import datetime, time, timedelta
from decimal import Decimal
from itertools import islice
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from stakeholders.models import Stakeholder

from ..models import (
    OPEN_STATUSES,
    Cadence,
    Channel,
    CommunicationPlan,
    Membership,
    Message,
    PlanRow,
    Profile,
    Reminder,
    ReminderFrequency,
    ReminderItem,
    ReminderKind,
    ReminderStatus,
    Role,
    RowStatus,
)
from .content import DEMO_ORGANISATION, DEMO_PURPOSE, DEMO_STAKEHOLDERS, FOLLOW_UP
from .generated import BATCH_SIZE, numbered_channels, numbered_messages, numbered_stakeholders


class ReminderDataset(NamedTuple):
    """What `create_reminder_dataset` built."""

    plans: int
    owners: int
    managers: int
    rows: int
    due: int
    overdue: int


def create_reminder_dataset(owners, rows, due, plans=10, today=None, prefix="sweep"):
    """Rows for the reminder sweep: `due` of `rows` are open and due for review by `today`.

    `owners` users (`<prefix>-owner-00001`…, with a profile: daily digest, every fourth one in
    Danish) share `plans` plans, each with one manager of its own (`<prefix>-manager-001`…) who
    receives the plan's escalations. Every owner owns `due // owners` or one more of the due rows,
    due today or up to 30 days ago (overdue); the other rows are open with a future review date
    (or none), done or cancelled, so no sweep on `today` names them. Deterministic for the same
    arguments and day (random.Random(rows + due + owners)); everything is inserted in batches.
    """
    if not 1 <= owners <= due <= rows:
        raise ValueError("Need 1 <= owners <= due <= rows.")
    plans = min(plans, owners)
    today = today or timezone.localdate()
    rng = random.Random(rows + due + owners)  # noqa: S311 - demo data, not security
    user_model = get_user_model()
    password = make_password(None)  # unusable; hashing a real one a thousand times is slow

    def people(kind, count, width):
        for index in range(1, count + 1):
            username = f"{prefix}-{kind}-{index:0{width}d}"
            yield user_model(
                username=username,
                email=f"{username}@example.com",
                first_name=kind.capitalize(),
                last_name=f"{index:0{width}d}",
                password=password,
            )

    with transaction.atomic():
        managers = user_model.objects.bulk_create(
            people("manager", plans, 3), batch_size=BATCH_SIZE
        )
        owner_users = user_model.objects.bulk_create(
            people("owner", owners, 5), batch_size=BATCH_SIZE
        )
        Profile.objects.bulk_create(
            (
                Profile(
                    user=user,
                    reminder_frequency=ReminderFrequency.DAILY,
                    language="da" if index % 4 == 3 else "",
                )
                for index, user in enumerate(owner_users)
            ),
            batch_size=BATCH_SIZE,
        )
        plan_list = CommunicationPlan.objects.bulk_create(
            CommunicationPlan(
                name=f"Reminder benchmark {prefix} {index + 1}",
                organisation=DEMO_ORGANISATION,
                purpose=DEMO_PURPOSE,
                start_date=today - timedelta(days=180),
                end_date=today + timedelta(days=365),
            )
            for index in range(plans)
        )
        # Owner i is a member of plan i % plans; each plan has its own manager.
        Membership.objects.bulk_create(
            [
                Membership(plan=plan, user=manager, role=Role.MANAGER)
                for plan, manager in zip(plan_list, managers, strict=True)
            ]
            + [
                Membership(plan=plan_list[index % plans], user=user, role=Role.OWNER)
                for index, user in enumerate(owner_users)
            ],
            batch_size=BATCH_SIZE,
        )
        stakeholders, channels, messages = {}, {}, {}
        for plan in plan_list:
            stakeholders[plan.pk] = [
                s.pk
                for s in Stakeholder.objects.bulk_create(
                    numbered_stakeholders(plan, len(DEMO_STAKEHOLDERS), rng)
                )
            ]
            channels[plan.pk] = [
                c.pk for c in Channel.objects.bulk_create(numbered_channels(plan, 9))
            ]
            messages[plan.pk] = [
                m.pk for m in Message.objects.bulk_create(numbered_messages(plan, 20))
            ]
        owner_plans = [
            (user.pk, plan_list[index % plans].pk) for index, user in enumerate(owner_users)
        ]
        generator = _reminder_rows(
            rows, due, owner_plans, stakeholders, channels, messages, today, rng
        )
        overdue = 0
        while batch := list(islice(generator, BATCH_SIZE)):
            overdue += sum(
                row.status in OPEN_STATUSES
                and row.next_review_date is not None
                and row.next_review_date < today
                for row in batch
            )
            PlanRow.objects.bulk_create(batch, batch_size=BATCH_SIZE)
    return ReminderDataset(plans, owners, len(managers), rows, due, overdue)


def _reminder_rows(count, due, owner_plans, stakeholders, channels, messages, today, rng):
    """`due` open rows due by `today` (round-robin over the owners), then `count - due` that
    are not: open with a later or no review date, done, or cancelled (any date)."""
    for index in range(count):
        owner_id, plan_id = (
            owner_plans[index % len(owner_plans)] if index < due else rng.choice(owner_plans)
        )
        if index < due:
            # About a third due today, the rest overdue by 1-30 days.
            status = rng.choice([RowStatus.PLANNED, RowStatus.ACTIVE])
            review = today - timedelta(days=0 if rng.random() < 0.35 else rng.randint(1, 30))
        else:
            status = rng.choices(
                [RowStatus.PLANNED, RowStatus.ACTIVE, RowStatus.DONE, RowStatus.CANCELLED],
                [35, 25, 30, 10],
            )[0]
            if status in OPEN_STATUSES:
                review = (
                    None if rng.random() < 0.03 else today + timedelta(days=rng.randint(1, 180))
                )
            else:
                review = today + timedelta(days=rng.randint(-180, 180))
        scheduled = review - timedelta(days=rng.randint(0, 14)) if review else None
        yield PlanRow(
            plan_id=plan_id,
            stakeholder_id=rng.choice(stakeholders[plan_id]),
            message_id=rng.choice(messages[plan_id]),
            channel_id=rng.choice(channels[plan_id]),
            owner_id=owner_id,
            assurance=FOLLOW_UP,
            planned_hours=Decimal(rng.randint(1, 80)) / 4,
            scheduled_date=scheduled,
            cadence=Cadence.ONCE,
            next_review_date=review,
            status=status,
        )


def add_reminder_history(plan, days, today=None):
    """`days` days of sent reminders about `plan`, ending `today`, in a database that has none
    for those days: each day a digest to every owner naming their open rows and an escalation to
    the plan's managers naming every open row (the Reminders page's worst case: one reminder
    naming thousands of rows). Returns how many reminders were added."""
    today = today or timezone.localdate()
    open_rows = defaultdict(list)
    for pk, owner_id in plan.rows.filter(status__in=OPEN_STATUSES).values_list("pk", "owner_id"):
        if owner_id:
            open_rows[owner_id].append(pk)
    everything = [pk for pks in open_rows.values() for pk in pks]
    managers = plan.memberships.filter(role=Role.MANAGER).values_list("user_id", flat=True)
    recipients = [(owner, ReminderKind.DIGEST, pks) for owner, pks in open_rows.items()] + [
        (manager, ReminderKind.ESCALATION, everything) for manager in managers
    ]
    with transaction.atomic():
        for offset in range(days):
            day = today - timedelta(days=offset)
            sent_at = timezone.make_aware(datetime.combine(day, time(7)))
            reminders = Reminder.objects.bulk_create(
                Reminder(
                    recipient_id=user_id,
                    kind=kind,
                    due_on=day,
                    status=ReminderStatus.SENT,
                    attempts=1,
                    sent_at=sent_at,
                )
                for user_id, kind, _pks in recipients
            )
            ReminderItem.objects.bulk_create(
                (
                    ReminderItem(reminder=reminder, row_id=pk, due_date=day)
                    for reminder, (_user, _kind, pks) in zip(reminders, recipients, strict=True)
                    for pk in pks
                ),
                batch_size=BATCH_SIZE,
            )
    return days * len(recipients)
