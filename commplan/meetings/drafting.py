"""Activities drafted from a decision: one per affected group, in the group's preferred
channel, owned by its default owner, due on the decision's release day."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ..history.recording import create_with_history
from ..models import OWNING_ROLES, Cadence, Membership, Message, PlanRow, RowStatus

MESSAGE_LENGTH = Message._meta.get_field("content").max_length


@dataclass
class Draft:
    """One activity to be: the group, and what the manager may change before it is saved."""

    stakeholder: object
    channel: object = None
    owner: object = None
    content: str = ""
    goal: str = ""
    due: object = None
    planned_hours: Decimal | None = None

    def initial(self):
        return {
            "keep": True,
            "stakeholder": self.stakeholder.pk,
            "channel": self.channel.pk if self.channel else None,
            "owner": self.owner.pk if self.owner else None,
            "content": self.content,
            "due": self.due,
        }


def message_text(decision):
    """The message of a decision's activities: what was decided and why, as one text."""
    text = decision.title.rstrip(".") + "."
    if decision.rationale.strip():
        text += "\n\n" + decision.rationale.strip()
    return Truncator(text).chars(MESSAGE_LENGTH)


def message_goal():
    return _("Everyone affected knows the decision and what it means for their work.")


def drafted_groups(decision):
    """The ids of the groups that already have an activity for `decision`."""
    return set(decision.rows.values_list("stakeholder_id", flat=True))


def drafts_for(decision):
    """A Draft for each affected group of `decision` that has no activity for it yet, in name
    order. Three queries, whatever the number of groups."""
    done = drafted_groups(decision)
    plan_id = decision.meeting.plan_id
    owners = set(
        Membership.objects.filter(plan_id=plan_id, role__in=OWNING_ROLES).values_list(
            "user_id", flat=True
        )
    )
    content, goal, due = message_text(decision), message_goal(), decision.release_day
    drafts = []
    groups = decision.affected.select_related("preferred_channel", "default_owner").order_by(
        "name", "pk"
    )
    for group in groups:
        if group.pk in done:
            continue
        # A default owner who left the plan (or became an executive) owns nothing.
        owner = group.default_owner if group.default_owner_id in owners else None
        drafts.append(
            Draft(group, group.preferred_channel, owner, content=content, goal=goal, due=due)
        )
    return drafts


@transaction.atomic
def create_activities(decision, drafts, user, reason=None):
    """Save `drafts` as ordinary rows of the decision's plan, linked to `decision`; drafts with
    the same text share one message. Returns the rows. Every object gets a history record by
    `user` giving `reason` (by default, the decision; '' for where the change came from)."""
    plan_id = decision.meeting.plan_id
    if reason is None:
        reason = _("Drafted from the decision “%(decision)s”") % {"decision": decision.title}
    texts = {}
    for draft in drafts:
        texts.setdefault((draft.content, draft.goal), None)
    messages = create_with_history(
        Message,
        [Message(plan_id=plan_id, content=content, goal=goal) for content, goal in texts],
        user=user,
        reason=reason,
    )
    texts = dict(zip(texts, messages, strict=True))
    rows = [
        PlanRow(
            plan_id=plan_id,
            stakeholder=draft.stakeholder,
            message=texts[(draft.content, draft.goal)],
            channel=draft.channel,
            owner=draft.owner,
            planned_hours=draft.planned_hours,
            scheduled_date=draft.due,
            next_review_date=draft.due,
            cadence=Cadence.ONCE,
            status=RowStatus.PLANNED,
            decision=decision,
        )
        for draft in drafts
    ]
    return create_with_history(PlanRow, rows, user=user, reason=reason)
