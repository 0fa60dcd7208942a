"""Where each stakeholder group stands against where it must be at the next milestone.

A target holds from its milestone on until a later milestone's target replaces it: a group that
must support the pilot must still support it at the go-live unless the plan says otherwise.
Cancelled milestones set no target.
"""

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext, ngettext

from milestones.models import MilestoneStatus

from ..models import Readiness, ReadinessRecord, ReadinessTarget
from ..prepared import Params, prepared_values, spread


@dataclass
class Standing:
    """A group's current position (None: never assessed) and its desired position at a
    milestone (None: no target by then)."""

    current: int | None = None
    desired: int | None = None
    milestone: object = None  # the milestone the desired position is for
    recorded_on: object = None
    name: str = ""
    importance: int = 0
    plan_id: int | None = None

    REACHED, BEHIND, UNKNOWN, NO_TARGET = "reached", "behind", "unknown", "no_target"

    @property
    def status(self):
        if self.desired is None:
            return self.NO_TARGET
        if self.current is None:
            return self.UNKNOWN
        return self.REACHED if self.current >= self.desired else self.BEHIND

    @property
    def behind(self):
        """Not known to be where it must be: behind its desired position, or never assessed."""
        return self.status in (self.BEHIND, self.UNKNOWN)

    @property
    def steps(self):
        """How many rungs of the ladder the group still has to climb (0 when there)."""
        if self.status != self.BEHIND:
            return 0
        return self.desired - self.current

    @property
    def current_label(self):
        return label(self.current) if self.current else gettext("Not assessed")

    @property
    def desired_label(self):
        return label(self.desired) if self.desired else ""

    @property
    def summary(self):
        """What a person reads about the gap, in words (the arrow is only decoration)."""
        status = self.status
        if status == self.NO_TARGET:
            return self.current_label if self.current else ""
        if status == self.REACHED:
            return gettext("%(current)s, at its desired position (%(desired)s)") % {
                "current": self.current_label,
                "desired": self.desired_label,
            }
        if status == self.UNKNOWN:
            return gettext("Not assessed; desired: %(desired)s") % {"desired": self.desired_label}
        return ngettext(
            "%(current)s, %(steps)d step behind its desired position (%(desired)s)",
            "%(current)s, %(steps)d steps behind its desired position (%(desired)s)",
            self.steps,
        ) % {"current": self.current_label, "steps": self.steps, "desired": self.desired_label}


def current_position():
    """For annotating stakeholders: the position of their newest readiness record, or None."""
    return Subquery(
        ReadinessRecord.objects.filter(stakeholder=OuterRef("pk"))
        .order_by("-recorded_on", "-pk")
        .values("position")[:1]
    )


def label(position):
    return str(Readiness(position).label)


GROUP_FIELDS = ("stakeholder__plan_id", "stakeholder__name", "stakeholder__importance")


def live(milestones):
    """The milestones that can carry a target, in planned-date order."""
    return [m for m in milestones if m.status != MilestoneStatus.CANCELLED]


def desired_by(targets, ordered, until=None):
    """(position, milestone) a group must have reached by `until` (a milestone of `ordered`,
    the plan's live milestones in order; None: after the last one), from its `targets`
    ({milestone id: position}); (None, None) when no target applies yet."""
    found = (None, None)
    for milestone in ordered:
        if milestone.pk in targets:
            found = (targets[milestone.pk], milestone)
        if until is not None and milestone.pk == until.pk:
            break
    return found


@dataclass
class ReadinessData:
    """The targets and records of some plans' stakeholders, as read in two queries."""

    targets: dict  # {stakeholder id: {milestone id: position}}
    history: dict  # {stakeholder id: [(recorded_on, position)], newest first}
    groups: dict  # {stakeholder id: its plan id, name and importance (GROUP_FIELDS)}


def read(plan_ids, whole_history=False):
    """ReadinessData of the stakeholders of `plan_ids`: every record with `whole_history`,
    else each group's newest only. Two queries."""
    plan_ids = list(plan_ids)
    history, groups, targets = {}, {}, {}
    if not plan_ids:
        return ReadinessData(targets=targets, history=history, groups=groups)
    count, values = len(plan_ids), spread("plan", plan_ids)

    def records():
        found = ReadinessRecord.objects.filter(stakeholder__plan_id__in=Params("plan", count))
        if not whole_history:
            found = found.latest_per_stakeholder()
        return found.order_by("-recorded_on", "-pk").values(
            "stakeholder_id", *GROUP_FIELDS, "position", "recorded_on"
        )

    for record in prepared_values(("readiness.records", count, whole_history), records, values):
        stakeholder_id = record["stakeholder_id"]
        history.setdefault(stakeholder_id, []).append((record["recorded_on"], record["position"]))
        groups[stakeholder_id] = record
    for target in prepared_values(
        ("readiness.targets", count),
        lambda: (
            ReadinessTarget.objects.filter(stakeholder__plan_id__in=Params("plan", count))
            .order_by()
            .values("stakeholder_id", *GROUP_FIELDS, "milestone_id", "position")
        ),
        values,
    ):
        stakeholder_id = target["stakeholder_id"]
        targets.setdefault(stakeholder_id, {})[target["milestone_id"]] = target["position"]
        groups[stakeholder_id] = target
    return ReadinessData(targets=targets, history=history, groups=groups)


def by_plan(milestones):
    """{plan id: its live milestones in order}."""
    found = {}
    for milestone in live(milestones):
        found.setdefault(milestone.plan_id, []).append(milestone)
    return found


def standings(plan_ids, milestones, upcoming, data=None):
    """{stakeholder id: Standing} of every stakeholder of `plan_ids` that has a target or a
    record, against its plan's next open milestone (`upcoming`: {plan id: milestone}; a plan
    with none is measured against its last target). `milestones`: the plans' milestones in
    planned-date order; `data`: their ReadinessData when read already (else two queries)."""
    data = data or read(plan_ids)
    ordered = by_plan(milestones)
    found = {}
    for stakeholder_id, group in data.groups.items():
        plan_id = group["stakeholder__plan_id"]
        desired, milestone = desired_by(
            data.targets.get(stakeholder_id, {}), ordered.get(plan_id, []), upcoming.get(plan_id)
        )
        newest = data.history.get(stakeholder_id, [(None, None)])[0]
        found[stakeholder_id] = Standing(
            current=newest[1],
            desired=desired,
            milestone=milestone,
            recorded_on=newest[0],
            name=group["stakeholder__name"],
            importance=group["stakeholder__importance"],
            plan_id=plan_id,
        )
    return found
