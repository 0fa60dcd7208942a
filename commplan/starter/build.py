"""A new plan from the S&OP template (content.py), in the language that is active."""

import datetime
from decimal import Decimal

from django.db import transaction

from milestones.models import Milestone
from stakeholders.models import Stakeholder

from ..cadence import add_working_days, on_working_day
from ..meetings.cycle import cycles
from ..models import (
    Cadence,
    Channel,
    CommunicationPlan,
    Meeting,
    Membership,
    Message,
    PlanRow,
    Role,
)
from . import content
from .dates import first_cycle_date
from .history import bulk_create, save_plan


def scope_text(products, site=""):
    """The pilot's scope as the template's texts name it: 'CR pumps (Bjerringbro)'."""
    products, site = products.strip(), site.strip()
    return f"{products} ({site})" if site else products


def fill(text, context):
    """A template text in the active language, with the company and scope filled in."""
    return str(text) % context


@transaction.atomic
def create_plan_from_template(
    user, *, organisation, start_date, products, site="", name="", meeting_week, meeting_weekday
):
    """A new plan for `organisation` from the S&OP template, managed by `user`; returns it.

    Milestones of the five phases fall on working days counted from `start_date`; activities
    are placed around their milestone and owned by `user` until they delegate them. The
    executive S&OP meeting (`meeting_week`, `meeting_weekday`) sets the dates of the activities
    that follow the monthly cycle and of the S&OP meetings planned for the pilot's cycles
    (demand review, supply review, pre-S&OP and executive S&OP each month). Everything is
    inserted in bulk, each object with a history
    record naming `user`.
    """
    context = {"company": organisation.strip(), "scope": scope_text(products, site)}
    reason = content.CHANGE_REASON
    milestone_dates = {spec.key: milestone_date(spec, start_date) for spec in content.MILESTONES}
    plan = save_plan(
        CommunicationPlan(
            name=name.strip() or fill(content.NAME, context),
            organisation=context["company"],
            purpose=fill(content.PURPOSE, context),
            message_and_timing=fill(content.MESSAGE_AND_TIMING, context),
            stakeholder_approach=fill(content.STAKEHOLDER_APPROACH, context),
            start_date=start_date,
            end_date=max(milestone_dates.values()),
            sop_meeting_week=meeting_week,
            sop_meeting_weekday=meeting_weekday,
        ),
        user,
        reason,
    )
    bulk_create(Membership, [Membership(plan=plan, user=user, role=Role.MANAGER)], user, reason)

    def create(model, specs, build):
        objs = bulk_create(model, (build(spec) for spec in specs), user, reason)
        return {spec.key: obj for spec, obj in zip(specs, objs, strict=True)}

    stakeholders = create(
        Stakeholder,
        content.STAKEHOLDERS,
        lambda spec: Stakeholder(
            plan=plan,
            name=fill(spec.name, context),
            category=spec.category,
            is_internal=spec.internal,
            importance=spec.importance,
            involvement=spec.involvement,
        ),
    )
    channels = create(
        Channel,
        content.CHANNELS,
        lambda spec: Channel(
            plan=plan,
            name=fill(spec.name, context),
            kind=spec.kind,
            description=fill(spec.description, context),
        ),
    )
    milestones = create(
        Milestone,
        content.MILESTONES,
        lambda spec: Milestone(
            plan=plan,
            title=fill(spec.title, context),
            phase=spec.phase,
            planned_date=milestone_dates[spec.key],
        ),
    )
    messages = create(
        Message,
        content.MESSAGES,
        lambda spec: Message(
            plan=plan,
            content=fill(spec.content, context),
            goal=fill(spec.goal, context),
            objective=fill(spec.objective, context),
        ),
    )

    def row(spec):
        scheduled = add_working_days(
            milestone_dates[spec.milestone] + datetime.timedelta(days=spec.days), 0
        )
        return PlanRow(
            plan=plan,
            stakeholder=stakeholders[spec.stakeholder],
            message=messages[spec.message],
            channel=channels[spec.channel],
            milestone=milestones[spec.milestone],
            owner=user,
            assurance=fill(spec.assurance, context),
            planned_hours=Decimal(spec.hours),
            planned_cost=Decimal(spec.cost),
            scheduled_date=scheduled,
            cadence=spec.cadence,
            cycle_offset=spec.cycle_offset,
            next_review_date=first_review(plan, spec, scheduled),
        )

    bulk_create(PlanRow, (row(spec) for spec in content.ROWS), user, reason)
    # The monthly S&OP meetings of the pilot's cycles, each kind on its day of the cycle.
    first, last = (milestone_dates[key] for key in content.MEETINGS_BETWEEN)
    bulk_create(
        Meeting,
        (Meeting(plan=plan, kind=p.kind, date=p.date) for p in cycles(plan, first, last)),
        user,
        reason,
    )
    return plan


def milestone_date(spec, start_date):
    """When the template's milestone `spec` falls for a plan starting on `start_date`: its
    number of weeks after the start, on the next working day."""
    return on_working_day(start_date + datetime.timedelta(weeks=spec.weeks))


def first_review(plan, spec, scheduled):
    """When a starter activity is first reviewed: a one-off a few days after it happens, a
    recurring one when it first falls due."""
    if spec.cadence == Cadence.ONCE:
        return on_working_day(scheduled + datetime.timedelta(days=content.REVIEW_AFTER_DAYS))
    if spec.cadence == Cadence.SOP_CYCLE:
        return first_cycle_date(plan, spec.cycle_offset, scheduled)
    return scheduled
