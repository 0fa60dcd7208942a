"""Follow-through of decisions: which affected groups have heard (their activity is done),
whether a decision is communicated, and which are late. Each function reads any number of
decisions in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import DateField, Exists, F, OuterRef, Prefetch
from django.utils.translation import gettext_lazy as _

from stakeholders.models import Stakeholder

from ..models import Decision, Meeting, PlanRow, RowStatus
from ..prepared import Param, Params, prepared_instances, spread

RECENT_MEETINGS = 3
ROW_FIELDS = ("pk", "plan_id", "decision_id", "stakeholder_id", "status", "owner_id")


class Status:
    """Where a decision's communication stands, from the first that applies."""

    NO_GROUPS = "no_groups"
    COMMUNICATED = "communicated"
    CONFIDENTIAL = "confidential"
    LATE = "late"
    TO_DRAFT = "to_draft"
    UNDER_WAY = "under_way"

    LABELS = {
        NO_GROUPS: _("No groups affected"),
        COMMUNICATED: _("Communicated"),
        CONFIDENTIAL: _("Confidential"),
        LATE: _("Late"),
        TO_DRAFT: _("Activities to draft"),
        UNDER_WAY: _("Under way"),
    }
    BADGES = {
        NO_GROUPS: "text-bg-light border",
        COMMUNICATED: "text-bg-success",
        CONFIDENTIAL: "text-bg-secondary",
        LATE: "text-bg-danger",
        TO_DRAFT: "text-bg-warning",
        UNDER_WAY: "text-bg-info",
    }


@dataclass
class GroupReach:
    """One affected group of a decision and its activities for it."""

    stakeholder: object
    rows: list

    @property
    def heard(self):
        return any(row.status == RowStatus.DONE for row in self.rows)

    @property
    def drafted(self):
        return bool(self.rows)


def with_reach(decisions, today, related=()):
    """`decisions` (loaded with their meeting and prefetched `affected`) with `groups` (a
    GroupReach per affected group), `heard_count`, `communicated`, `release` and `status`.
    One query for the rows of them all, with their `related` objects."""
    decisions = list(decisions)
    rows = defaultdict(list)
    query = PlanRow.objects.filter(decision__in=[d.pk for d in decisions])
    query = query.select_related(*related) if related else query.only(*ROW_FIELDS)
    for row in query.order_by("pk"):
        rows[(row.decision_id, row.stakeholder_id)].append(row)
    for decision in decisions:
        decision.groups = [
            GroupReach(group, rows.get((decision.pk, group.pk), []))
            for group in decision.affected.all()
        ]
        decision.heard_count = sum(group.heard for group in decision.groups)
        decision.communicated = bool(decision.groups) and decision.heard_count == len(
            decision.groups
        )
        decision.to_draft = not all(group.drafted for group in decision.groups)
        decision.release = decision.release_day
        decision.status = status_of(decision, today)
        decision.status_label = Status.LABELS[decision.status]
        decision.status_badge = Status.BADGES[decision.status]
    return decisions


def status_of(decision, today):
    if not decision.groups:
        return Status.NO_GROUPS
    if decision.communicated:
        return Status.COMMUNICATED
    if decision.confidential_until and today < decision.confidential_until:
        return Status.CONFIDENTIAL
    if decision.release < today:
        return Status.LATE
    if decision.to_draft:
        return Status.TO_DRAFT
    return Status.UNDER_WAY


def affected_prefetch():
    return Prefetch("affected", queryset=Stakeholder.objects.order_by("name", "pk"))


def decisions_of(meetings, today, owner=None):
    """{meeting id: [decisions with reach]} for `meetings`, in three queries; with `owner`,
    only the decisions behind the activities they own."""
    decisions = Decision.objects.filter(meeting__in=[m.pk for m in meetings])
    if owner is not None:
        decisions = decisions.filter(behind_rows_of(owner))
    decisions = with_reach(
        decisions.select_related("meeting")
        .prefetch_related(affected_prefetch())
        .order_by("meeting", "pk"),
        today,
    )
    found = defaultdict(list)
    for decision in decisions:
        found[decision.meeting_id].append(decision)
    return found


def behind_rows_of(user):
    """Decisions with an activity owned by `user`: what an owner may see of the meetings."""
    return Exists(PlanRow.objects.filter(decision=OuterRef("pk"), owner=user))


def recent_meetings(plan, today, user=None, owner=None):
    """The last RECENT_MEETINGS meetings of `plan` held by `today` that took decisions, each
    with `decisions` (with reach) and `attended` (whether `user` attended); with `owner`, only
    the decisions behind that owner's activities. Five queries; one when no meeting took any."""

    def build():
        decisions = Decision.objects.filter(meeting=OuterRef("pk"))
        if owner is not None:
            decisions = decisions.filter(behind_rows_of(Param("owner")))
        return (
            Meeting.objects.filter(plan_id=Param("plan"), date__lte=Param("today", DateField()))
            .filter(Exists(decisions))
            .order_by("-date", "-pk")[:RECENT_MEETINGS]
        )

    meetings = prepared_instances(
        ("meetings.recent", owner is not None),
        build,
        {"plan": plan.pk, "today": today, "owner": owner.pk if owner is not None else None},
    )
    if not meetings:  # a plan without meetings that took decisions: nothing more to read
        return meetings
    decisions = decisions_of(meetings, today, owner)
    attended = set()
    if user is not None and meetings:
        attended = set(
            Meeting.attendees.through.objects.filter(
                meeting__in=meetings, user_id=user.pk
            ).values_list("meeting_id", flat=True)
        )
    for meeting in meetings:
        meeting.recent_decisions = decisions[meeting.pk]
        meeting.attended = meeting.pk in attended
    return meetings


def unheard_groups():
    """A subquery: an affected group of the outer decision without a done activity for it."""
    through = Decision.affected.through
    done = PlanRow.objects.filter(
        decision_id=OuterRef("decision_id"),
        stakeholder_id=OuterRef("stakeholder_id"),
        status=RowStatus.DONE,
    )
    return through.objects.filter(decision_id=OuterRef("pk")).filter(~Exists(done))


def late_decisions(plan_ids, today):
    """The decisions of `plan_ids` not communicated by their release day (before `today`), in
    release order. One query."""
    plan_ids = list(plan_ids)
    if not plan_ids:
        return []
    count = len(plan_ids)
    candidates = prepared_instances(
        ("meetings.late_decisions", count),
        lambda: (
            Decision.objects.filter(
                meeting__plan_id__in=Params("plan", count),
                meeting__date__lt=Param("today", DateField()),
            )
            .filter(Exists(unheard_groups()))
            .annotate(meeting_plan_id=F("meeting__plan_id"), meeting_date=F("meeting__date"))
            .order_by("meeting__date", "pk")
        ),
        {**spread("plan", plan_ids), "today": today},
    )
    for decision in candidates:
        # The meeting's plan and day, read with the decision (its other fields load if used).
        decision.meeting = Meeting.from_db(
            decision._state.db,
            ["id", "plan_id", "date"],
            [decision.meeting_id, decision.meeting_plan_id, decision.meeting_date],
        )
    return [decision for decision in candidates if decision.release_day < today]
