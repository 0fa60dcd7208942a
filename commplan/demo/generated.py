"""Generated plans of any size for benchmarks and load tests, the same for the same size and day."""

import random
from datetime import timedelta
from decimal import Decimal
from itertools import islice

from django.db import transaction
from django.utils import timezone

from milestones.models import Milestone, MilestoneStatus, Phase
from stakeholders.models import Stakeholder

from ..models import (
    Cadence,
    Channel,
    CommunicationPlan,
    Goal,
    Happened,
    Message,
    PlanRow,
    Review,
    Role,
    RowStatus,
)
from .content import (
    AGENDA,
    DEMO_CHANNELS,
    DEMO_MESSAGE_AND_TIMING,
    DEMO_MESSAGES,
    DEMO_ORGANISATION,
    DEMO_PURPOSE,
    DEMO_STAKEHOLDER_APPROACH,
    DEMO_STAKEHOLDERS,
    FOLLOW_UP,
    READ_RECEIPT,
    SIGN_OFF,
)
from .users import add_members, ensure_demo_users

BATCH_SIZE = 1000


def generated_plan_name(rows):
    return f"Benchmark plan ({rows} rows)"


def create_generated_plan(rows, milestones=None, users=None, name=None, today=None):
    """A plan of `rows` generated rows as (plan, created); an existing one is left as it is.

    Deterministic for the same arguments and day (random.Random(rows)); stakeholders, milestones,
    channels and messages grow with the row count. Everything is inserted in batches.
    """
    name = name or generated_plan_name(rows)
    existing = CommunicationPlan.objects.filter(name=name).first()
    if existing is not None:
        return existing, False
    users = users or ensure_demo_users()
    today = today or timezone.localdate()
    rng = random.Random(rows)  # noqa: S311 - demo data, not security
    start, end = today - timedelta(days=180), today + timedelta(days=365)

    with transaction.atomic():
        plan = CommunicationPlan.objects.create(
            name=name,
            organisation=DEMO_ORGANISATION,
            purpose=DEMO_PURPOSE,
            message_and_timing=DEMO_MESSAGE_AND_TIMING,
            stakeholder_approach=DEMO_STAKEHOLDER_APPROACH,
            start_date=start,
            end_date=end,
        )
        add_members(plan, users)
        stakeholders = Stakeholder.objects.bulk_create(
            numbered_stakeholders(plan, max(12, rows // 50), rng), batch_size=BATCH_SIZE
        )
        channels = Channel.objects.bulk_create(
            numbered_channels(plan, max(9, rows // 100)), batch_size=BATCH_SIZE
        )
        milestone_list = Milestone.objects.bulk_create(
            _spread_milestones(plan, milestones or max(5, rows // 50), start, end, today, rng),
            batch_size=BATCH_SIZE,
        )
        messages = Message.objects.bulk_create(
            numbered_messages(plan, max(1, rows // 4)), batch_size=BATCH_SIZE
        )
        generator = _generated_rows(
            plan, rows, users, stakeholders, channels, milestone_list, messages, today, rng
        )
        while batch := list(islice(generator, BATCH_SIZE)):
            PlanRow.objects.bulk_create(batch, batch_size=BATCH_SIZE)
    return plan, True


def numbered_stakeholders(plan, count, rng):
    for index in range(count):
        name, category, internal, _importance, _involvement, _contact = DEMO_STAKEHOLDERS[
            index % len(DEMO_STAKEHOLDERS)
        ]
        yield Stakeholder(
            plan=plan,
            name=f"{name} {index // len(DEMO_STAKEHOLDERS) + 1}",
            category=category,
            is_internal=internal,
            importance=rng.randint(1, 5),
            involvement=rng.randint(1, 5),
        )


def numbered_channels(plan, count):
    for index in range(count):
        name, kind, description = DEMO_CHANNELS[index % len(DEMO_CHANNELS)]
        yield Channel(
            plan=plan,
            name=f"{name} {index // len(DEMO_CHANNELS) + 1}",
            kind=kind,
            description=description,
        )


def numbered_messages(plan, count):
    for index in range(count):
        _key, content, goal, objective = DEMO_MESSAGES[index % len(DEMO_MESSAGES)]
        yield Message(
            plan=plan, content=f"{content} (nr. {index + 1})", goal=goal, objective=objective
        )


def _spread_milestones(plan, count, start, end, today, rng):
    """`count` milestones evenly over the plan period and the five phases, in order."""
    span = (end - start).days
    for index in range(count):
        planned = start + timedelta(days=span * (index + 1) // (count + 1))
        phase = Phase.values[index * len(Phase.values) // count]
        actual, status = None, MilestoneStatus.PLANNED
        if planned < today:
            slipped = planned + timedelta(days=rng.choice([0, 0, 0, 1, 2, 4, 7]))
            if slipped <= today:
                actual, status = slipped, MilestoneStatus.REACHED
            else:
                status = MilestoneStatus.IN_PROGRESS
        yield Milestone(
            plan=plan,
            title=f"Milepæl {index + 1}: {Phase(phase).label}",
            phase=phase,
            planned_date=planned,
            actual_date=actual,
            status=status,
        )


def _generated_rows(plan, count, users, stakeholders, channels, milestones, messages, today, rng):
    # Ids rather than instances: building 100,000 rows is dominated by model __init__.
    owner_ids = [users[Role.OWNER].pk, users[Role.MANAGER].pk]
    stakeholder_ids = [stakeholder.pk for stakeholder in stakeholders]
    channel_ids = [channel.pk for channel in channels]
    message_ids = [message.pk for message in messages]
    cadences = [Cadence.ONCE, Cadence.WEEKLY, Cadence.EVERY_N_WEEKS, Cadence.MONTHLY]
    assurances = [AGENDA, FOLLOW_UP, READ_RECEIPT, SIGN_OFF]
    for index in range(count):
        # Rows follow the milestones in order, so every milestone gets its share.
        milestone = milestones[index * len(milestones) // count]
        scheduled = milestone.planned_date + timedelta(days=rng.randint(-28, 7))
        review = scheduled + timedelta(days=rng.randint(0, 21))
        if review < today - timedelta(days=20):
            status = rng.choices(
                [RowStatus.DONE, RowStatus.CANCELLED, RowStatus.ACTIVE], [85, 5, 10]
            )[0]
        else:
            status = rng.choices(
                [RowStatus.PLANNED, RowStatus.ACTIVE, RowStatus.DONE], [55, 35, 10]
            )[0]
        cadence = rng.choices(cadences, [50, 10, 15, 25])[0]
        yield PlanRow(
            plan_id=plan.pk,
            stakeholder_id=rng.choice(stakeholder_ids),
            message_id=rng.choice(message_ids),
            channel_id=rng.choice(channel_ids),
            owner_id=None if rng.random() < 0.05 else owner_ids[index % 2],
            assurance=rng.choice(assurances),
            milestone_id=milestone.pk,
            planned_hours=Decimal(rng.randint(1, 80)) / 4,
            planned_cost=None if rng.random() < 0.05 else Decimal(rng.randint(0, 400) * 50),
            scheduled_date=scheduled,
            cadence=cadence,
            cadence_weeks=rng.randint(2, 8) if cadence == Cadence.EVERY_N_WEEKS else None,
            next_review_date=review,
            status=status,
        )


def add_generated_reviews(plan, share=0.6):
    """Reviews for about `share` of the plan's rows whose review date has passed; returns how
    many exist. Deterministic, inserted in batches; a plan that has reviews is left as it is."""
    existing = Review.objects.filter(row__plan=plan).count()
    if existing:
        return existing
    today = timezone.localdate()
    rng = random.Random(plan.pk)  # noqa: S311 - demo data, not security
    rows = (
        plan.rows.filter(next_review_date__lt=today)
        .order_by("pk")
        .values_list("pk", "next_review_date", "planned_hours", "planned_cost", "owner_id")
    )
    reviews = []
    for pk, due, hours, cost, owner_id in rows:
        if rng.random() > share:
            continue
        late = rng.choice([0, 0, 0, 1, 3])
        reviews.append(
            Review(
                row_id=pk,
                reviewed_by_id=owner_id,
                reviewed_on=min(today, due + timedelta(days=late)),
                due_date=due,
                happened=rng.choice([Happened.DONE, Happened.DONE, Happened.PARTLY]),
                goal_reached=rng.choice([Goal.YES, Goal.YES, Goal.PARTLY, Goal.NO]),
                actual_hours=(hours or Decimal(1)) * Decimal(rng.choice(["0.8", "1", "1.2"])),
                actual_cost=(cost or Decimal(0)) * Decimal(rng.choice(["0.9", "1", "1.1"])),
            )
        )
    Review.objects.bulk_create(reviews, batch_size=1000)
    return len(reviews)
