"""A new plan from an existing one, e.g. for the roll-out to the next site."""

from django.db import transaction
from django.utils.translation import gettext as _

from milestones.models import Milestone, MilestoneStatus
from stakeholders.models import Stakeholder

from ..cadence import on_working_day
from ..models import Cadence, Channel, Membership, Message, PlanRow, Role, RowStatus
from .dates import first_cycle_date
from .history import bulk_create, save_plan

NOT_COPIED = {"id", "created_at", "updated_at"}


def clone(obj, **changes):
    """An unsaved copy of `obj` with `changes`: every field but its id and timestamps."""
    values = {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if field.attname not in NOT_COPIED
    }
    return type(obj)(**(values | changes))


def shift(day, offset):
    """`day` moved by `offset`, on the next working day when it lands on a weekend or holiday."""
    return None if day is None else on_working_day(day + offset)


def unchanged(obj, offset, links, owners):
    return {}


def stakeholder_changes(stakeholder, offset, links, owners):
    """A group keeps its preferred channel (the copy's) and its default owner while they are
    a member of the copy."""
    owner = stakeholder.default_owner_id
    return {
        "preferred_channel_id": links["channel_id"].get(stakeholder.preferred_channel_id),
        "default_owner_id": owner if owner in owners else None,
    }


def milestone_changes(milestone, offset, links, owners):
    return {
        "planned_date": shift(milestone.planned_date, offset),
        "actual_date": None,
        "status": MilestoneStatus.PLANNED,
    }


# What rows link to, in the order it is copied, with what changes in the copy.
CHILDREN = [
    ("channel_id", "channels", Channel, unchanged),
    ("stakeholder_id", "stakeholders", Stakeholder, stakeholder_changes),
    ("message_id", "messages", Message, unchanged),
    ("milestone_id", "milestones", Milestone, milestone_changes),
]


@transaction.atomic
def copy_plan(source, user, *, name, organisation, offset, copy_members):
    """A new plan with `source`'s header, stakeholders, channels, messages, milestones and
    activities, every date moved by `offset` (a timedelta); returns it.

    The copy starts over: milestones and activities are planned again, without reviews or
    reminders, and an activity that was closed comes due at its scheduled date. `user` manages
    the copy; with `copy_members` the other members keep their roles and their activities,
    otherwise activities owned by others have no owner. Everything is inserted in bulk, each
    object with a history record naming `user`. A moved date that lands on a weekend or a Danish
    holiday moves on to the next working day. When `offset` moves a date out of the calendar,
    OverflowError is raised and nothing is saved.
    """
    reason = _("Copied from “%(plan)s”") % {"plan": source.name}
    plan = save_plan(
        clone(
            source,
            name=name,
            organisation=organisation,
            start_date=shift(source.start_date, offset),
            end_date=shift(source.end_date, offset),
            archived_at=None,
        ),
        user,
        reason,
    )
    memberships = [Membership(plan=plan, user=user, role=Role.MANAGER)]
    if copy_members:
        others = source.memberships.exclude(user=user).order_by("pk")
        memberships += [clone(member, plan_id=plan.pk) for member in others]
    bulk_create(Membership, memberships, user, reason)

    links = {}
    owners = {member.user_id for member in memberships}
    for link, relation, model, changes in CHILDREN:
        originals = list(getattr(source, relation).order_by("pk"))
        copies = bulk_create(
            model,
            (
                clone(obj, plan_id=plan.pk, **changes(obj, offset, links, owners))
                for obj in originals
            ),
            user,
            reason,
        )
        links[link] = {old.pk: new.pk for old, new in zip(originals, copies, strict=True)}

    rows = (copy_row(row, plan, offset, links, owners) for row in source.rows.order_by("pk"))
    bulk_create(PlanRow, rows, user, reason)
    return plan


def copy_row(row, plan, offset, links, owners):
    """`row` in the copy `plan`: linked to the copies of its stakeholder, message, channel and
    milestone, planned again from its shifted dates."""
    scheduled = shift(row.scheduled_date, offset)
    review = shift(row.next_review_date, offset) or scheduled
    if review is not None and row.cadence == Cadence.SOP_CYCLE and plan.has_sop_cycle:
        # A shifted date is rarely a meeting date: keep the activity on the cycle.
        review = first_cycle_date(plan, row.cycle_offset, review)
    return clone(
        row,
        plan_id=plan.pk,
        **{link: ids.get(getattr(row, link)) for link, ids in links.items()},
        owner_id=row.owner_id if row.owner_id in owners else None,
        scheduled_date=scheduled,
        next_review_date=review,
        status=RowStatus.PLANNED,
        decision_id=None,  # the source's S&OP meetings and decisions are not copied
    )
