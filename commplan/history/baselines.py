"""Baselines: a named snapshot of a plan's activities and milestone dates, and how the plan now
differs from it.

A snapshot keeps each activity's fields as JSON values, with the names of what it links to, so a
comparison can still name a stakeholder or owner that has since been renamed or deleted. Taking
a snapshot and comparing with one cost two queries each, however big the plan.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model

from commplan.models import PlanRow, display_name
from milestones.models import Milestone

from .display import Change, field_label, format_value

SNAPSHOT_VERSION = 1
# Next review and actuals move with every review; a baseline is about what was planned.
ROW_FIELDS = (
    "stakeholder",
    "message",
    "channel",
    "owner",
    "assurance",
    "milestone",
    "planned_hours",
    "planned_cost",
    "scheduled_date",
    "cadence",
    "cadence_weeks",
    "cycle_offset",
    "status",
    "notes",
)
MILESTONE_FIELDS = ("title", "phase", "planned_date", "actual_date")
MILESTONE_DATES = ("planned_date", "actual_date")
LINKS = ("stakeholder", "message", "channel", "owner", "milestone")


def _json(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _name(obj):
    return display_name(obj) if isinstance(obj, get_user_model()) else str(obj)


def _fields(model, names):
    return [model._meta.get_field(name) for name in names]


def _current_rows(plan):
    return plan.rows.select_related(*LINKS)


def row_state(row):
    """One activity as a snapshot keeps it."""
    state = {f.name: _json(getattr(row, f.attname)) for f in _fields(PlanRow, ROW_FIELDS)}
    state["names"] = {
        name: _name(getattr(row, name)) for name in LINKS if getattr(row, f"{name}_id") is not None
    }
    return state


def milestone_state(milestone):
    return {
        f.name: _json(getattr(milestone, f.attname)) for f in _fields(Milestone, MILESTONE_FIELDS)
    }


def take_snapshot(plan):
    """The plan's activities and milestones now, as a baseline keeps them."""
    return {
        "version": SNAPSHOT_VERSION,
        "currency": plan.currency,
        "rows": {str(row.pk): row_state(row) for row in _current_rows(plan)},
        "milestones": {str(m.pk): milestone_state(m) for m in plan.milestones.all()},
    }


@dataclass
class Difference:
    """An activity or milestone that was added, removed or changed, with its changes."""

    label: str
    url: str = ""
    changes: list = field(default_factory=list)


@dataclass
class Comparison:
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    unchanged: int = 0
    milestones_moved: list = field(default_factory=list)
    milestones_added: list = field(default_factory=list)
    milestones_removed: list = field(default_factory=list)

    @property
    def has_differences(self):
        return any(
            [
                self.added,
                self.removed,
                self.changed,
                self.milestones_moved,
                self.milestones_added,
                self.milestones_removed,
            ]
        )


def _row_label(state):
    names = state.get("names", {})
    return f"{names.get('stakeholder', '')} – {names.get('message', '')}"


def _changes(fields, then, now, currencies):
    """Field by field, what differs between two states (as `row_state` gives them)."""
    changes = []
    for model_field in fields:
        old = model_field.to_python(then.get(model_field.name))
        new = model_field.to_python(now.get(model_field.name))
        if old == new:
            continue
        if model_field.name in LINKS:
            shown = (
                then["names"].get(model_field.name, ""),
                now["names"].get(model_field.name, ""),
            )
        else:
            shown = (
                format_value(model_field, old, currencies[0]),
                format_value(model_field, new, currencies[1]),
            )
        changes.append(Change(field_label(model_field), *shown))
    return changes


def compare(snapshot, plan):
    """How `plan` now differs from `snapshot`: activities added, removed and changed (field
    by field), and milestones added, removed or moved."""
    result = Comparison()
    currencies = (snapshot.get("currency", plan.currency), plan.currency)
    then_rows = snapshot.get("rows", {})
    row_fields = _fields(PlanRow, ROW_FIELDS)
    seen = set()
    for row in _current_rows(plan):
        now = row_state(row)
        then = then_rows.get(str(row.pk))
        seen.add(str(row.pk))
        difference = Difference(_row_label(now), row.get_absolute_url())
        if then is None:
            result.added.append(difference)
            continue
        difference.changes = _changes(row_fields, then, now, currencies)
        if difference.changes:
            result.changed.append(difference)
        else:
            result.unchanged += 1
    result.removed = sorted(
        (Difference(_row_label(state)) for pk, state in then_rows.items() if pk not in seen),
        key=lambda difference: difference.label,
    )
    _compare_milestones(result, snapshot.get("milestones", {}), plan, currencies)
    return result


def _compare_milestones(result, then_milestones, plan, currencies):
    dates = _fields(Milestone, MILESTONE_DATES)
    seen = set()
    for milestone in plan.milestones.all():
        seen.add(str(milestone.pk))
        then = then_milestones.get(str(milestone.pk))
        difference = Difference(milestone.title, milestone.get_absolute_url())
        if then is None:
            result.milestones_added.append(difference)
            continue
        difference.changes = _changes(dates, then, milestone_state(milestone), currencies)
        if difference.changes:
            result.milestones_moved.append(difference)
    result.milestones_removed = [
        Difference(state["title"]) for pk, state in then_milestones.items() if pk not in seen
    ]
