"""The Danish demo plan, built from its content with history, as a person would have entered it."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from milestones.models import Milestone
from stakeholders.models import Stakeholder

from ..history.recording import create_with_history
from ..models import Channel, CommunicationPlan, Message, PlanRow, Review, RowStatus
from ..readiness.demo import add_demo_readiness
from ..understanding.demo import add_demo_answers
from .content import (
    DEMO_CHANNELS,
    DEMO_MESSAGE_AND_TIMING,
    DEMO_MESSAGES,
    DEMO_MILESTONES,
    DEMO_ORGANISATION,
    DEMO_PLAN_NAME,
    DEMO_PURPOSE,
    DEMO_REVIEWS,
    DEMO_ROWS,
    DEMO_STAKEHOLDER_APPROACH,
    DEMO_STAKEHOLDERS,
)
from .users import add_members


def create_demo_plan(users, today=None):
    """The Danish demo plan as (plan, created); an existing plan of that name is left as it is."""
    existing = CommunicationPlan.objects.filter(name=DEMO_PLAN_NAME).first()
    if existing is not None:
        return existing, False
    today = today or timezone.localdate()

    def day(offset):
        return today + timedelta(days=offset)

    with transaction.atomic():
        plan = CommunicationPlan.objects.create(
            name=DEMO_PLAN_NAME,
            organisation=DEMO_ORGANISATION,
            purpose=DEMO_PURPOSE,
            message_and_timing=DEMO_MESSAGE_AND_TIMING,
            stakeholder_approach=DEMO_STAKEHOLDER_APPROACH,
            start_date=day(-120),
            end_date=day(240),
            currency="DKK",
        )
        add_members(plan, users)
        stakeholders = {
            name: Stakeholder.objects.create(
                plan=plan,
                name=name,
                category=category,
                is_internal=internal,
                importance=importance,
                involvement=involvement,
                contact_name=contact,
            )
            for name, category, internal, importance, involvement, contact in DEMO_STAKEHOLDERS
        }
        channels = {
            name: Channel.objects.create(plan=plan, name=name, kind=kind, description=description)
            for name, kind, description in DEMO_CHANNELS
        }
        milestones = {
            key: Milestone.objects.create(
                plan=plan,
                title=title,
                phase=phase,
                planned_date=day(planned),
                actual_date=None if actual is None else day(actual),
                status=status,
            )
            for key, title, phase, planned, actual, status in DEMO_MILESTONES
        }
        messages = {
            key: Message.objects.create(plan=plan, content=content, goal=goal, objective=objective)
            for key, content, goal, objective in DEMO_MESSAGES
        }
        for spec in DEMO_ROWS:
            row = PlanRow(
                plan=plan,
                stakeholder=stakeholders[spec.stakeholder],
                message=messages[spec.message],
                channel=channels[spec.channel],
                owner=users[spec.owner] if spec.owner else None,
                assurance=spec.assurance,
                milestone=milestones[spec.milestone],
                planned_hours=Decimal(spec.hours),
                planned_cost=Decimal(spec.cost),
                scheduled_date=day(spec.scheduled),
                cadence=spec.cadence,
                cadence_weeks=spec.cadence_weeks,
                next_review_date=day(spec.review),
                status=spec.status,
            )
            row.full_clean()
            row.save()
        add_demo_reviews(plan, today)
        add_demo_readiness(stakeholders, milestones, users["manager"], today)
        add_demo_answers(plan, today)
    return plan, True


def add_demo_reviews(plan, today):
    """Reviews of the demo plan's done rows, as their owners would have recorded them."""
    done = plan.rows.filter(status=RowStatus.DONE).order_by("pk")
    reviews = []
    for index, row in enumerate(done):
        happened, goal, evidence, hours, cost, late = DEMO_REVIEWS[index % len(DEMO_REVIEWS)]
        due = row.scheduled_date or today
        reviews.append(
            Review(
                row=row,
                reviewed_by=row.owner,
                reviewed_on=min(today, due + timedelta(days=late)),
                due_date=due,
                happened=happened,
                goal_reached=goal,
                evidence=evidence,
                actual_hours=(row.planned_hours or Decimal(0)) * Decimal(hours),
                actual_cost=(row.planned_cost or Decimal(0)) * Decimal(cost),
            )
        )
    create_with_history(Review, reviews)
