"""Readiness by phase: where each stakeholder group stood at the end of each phase of the
implementation against where it had to be, for the dashboard.

A phase ends at its last milestone (actual date, else planned). For a phase that is over, a
group's position is the newest one recorded by that day; for the current phase, its newest
position; later phases show only where the group must be.
"""

from dataclasses import dataclass, field

from milestones.models import Phase

from ..dashboard.common import choice_labels
from .standing import Standing, by_plan, desired_by

PAST, CURRENT, FUTURE = "past", "current", "future"


@dataclass
class PhaseReadiness:
    """One phase's column: how many groups with a target stood where they had to."""

    phase: int
    label: str
    when: str  # PAST, CURRENT or FUTURE
    reached: int = 0
    behind: int = 0
    unknown: int = 0

    @property
    def with_target(self):
        return self.reached + self.behind + self.unknown

    def bar(self, width=100):
        """The widths of the reached, behind and not-assessed parts of a bar `width` long."""
        total = self.with_target
        if not total or self.when == FUTURE:
            return None
        reached = round(width * self.reached / total)
        behind = round(width * self.behind / total)
        return {
            "reached": reached,
            "behind": behind,
            "behind_x": reached,
            "unknown": width - reached - behind,
            "unknown_x": reached + behind,
        }


@dataclass
class ReadinessLine:
    stakeholder: object
    cells: list = field(default_factory=list)  # a Standing per phase column


def readiness_by_phase(plan, milestones, stakeholders, data, current_phase):
    """(phase columns, lines): the phases that have milestones, and a line per stakeholder that
    has a target or a record. `milestones` in planned-date order; `stakeholders` in the map's
    order; `data`: the plan's ReadinessData with its whole history; `current_phase`: the phase
    of the milestone the implementation works towards."""
    ordered = by_plan(milestones).get(plan.pk, [])
    last_of_phase = {}
    for milestone in ordered:
        last_of_phase[milestone.phase] = milestone
    names = choice_labels(Phase)
    columns = []
    for phase in sorted(last_of_phase):
        if current_phase is None or phase < current_phase:
            when = PAST
        else:
            when = CURRENT if phase == current_phase else FUTURE
        columns.append(PhaseReadiness(phase, f"{phase}. {names[phase]}", when))
    lines = []
    for stakeholder in stakeholders:
        targets = data.targets.get(stakeholder.id, {})
        history = data.history.get(stakeholder.id, [])
        if not targets and not history:
            continue
        line = ReadinessLine(stakeholder)
        for column in columns:
            end = last_of_phase[column.phase]
            desired, _milestone = desired_by(targets, ordered, end)
            position = position_at(history, column.when, end.actual_date or end.planned_date)
            cell = Standing(current=position, desired=desired)
            if column.when != FUTURE:
                status = cell.status
                if status == Standing.REACHED:
                    column.reached += 1
                elif status == Standing.BEHIND:
                    column.behind += 1
                elif status == Standing.UNKNOWN:
                    column.unknown += 1
            cell.when = column.when
            line.cells.append(cell)
        lines.append(line)
    return columns, lines


def position_at(history, when, end):
    """The position a phase ended at: the newest recorded by its `end` for a past phase, the
    newest of all for the current one, none for a later one. `history` newest first."""
    if when == FUTURE:
        return None
    for recorded_on, position in history:
        if when == CURRENT or recorded_on <= end:
            return position
    return None
