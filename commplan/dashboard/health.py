"""Plan health: the warnings that the dashboard and the weekly summary show.

Each warning links to the rows or objects to fix.
"""

from dataclasses import dataclass

from django.utils.translation import pgettext

from milestones.models import Milestone

from .checks import CHECKS
from .common import MILESTONE_FIELDS
from .figures import figures_by
from .health_warnings import Facts


@dataclass
class Health:
    """A plan's warnings, and a word and symbol for how many there are."""

    warnings: list

    GOOD, ATTENTION, RISK = "good", "attention", "risk"

    def __len__(self):
        return len(self.warnings)

    def __iter__(self):
        return iter(self.warnings)

    @property
    def level(self):
        if not self.warnings:
            return self.GOOD
        return self.ATTENTION if len(self.warnings) <= 2 else self.RISK

    @property
    def word(self):
        return {
            self.GOOD: pgettext("plan health", "On track"),
            self.ATTENTION: pgettext("plan health", "Needs attention"),
            self.RISK: pgettext("plan health", "At risk"),
        }[self.level]

    @property
    def symbol(self):
        return {self.GOOD: "✓", self.ATTENTION: "⚠", self.RISK: "✖"}[self.level]

    def get(self, kind):
        return next((w for w in self.warnings if w.kind == kind), None)

    @property
    def overdue_count(self):
        warning = self.get("overdue")
        return warning.count if warning else 0


def plans_health(
    plan_ids,
    today,
    milestones=None,
    per_milestone=None,
    stakeholders=None,
    readiness=None,
    privacy=None,
):
    """{plan id: Health} for the plans `plan_ids` on `today`, in eleven queries for any number of
    plans, rows, stakeholders and milestones. A caller that has read them already passes the
    plans' `milestones` (in planned-date order), their `per_milestone` figures (figures_by
    "milestone" with `gaps`) and, for one plan, its `stakeholders` from stakeholder_coverage
    with the window of `coverage_window_end`: three queries fewer; and its `readiness`
    (readiness.standing.standings), two fewer; and its `privacy` (understanding.privacy),
    one fewer.

    Each check in CHECKS gives its warnings, each with the rows or objects to fix.
    """
    plan_ids = list(plan_ids)
    if not plan_ids:
        return {}
    if milestones is None:
        milestones = (
            Milestone.objects.filter(plan_id__in=plan_ids)
            .only(*MILESTONE_FIELDS)
            .order_by("planned_date", "phase", "pk")
        )
    if per_milestone is None:
        per_milestone = figures_by(plan_ids, "milestone", gaps=True)
    facts = Facts(
        plan_ids, today, list(milestones), per_milestone, stakeholders, readiness, privacy
    )
    found = {plan_id: [] for plan_id in plan_ids}
    for check in CHECKS.values():
        for plan_id, warning in check.find(facts).items():
            found[plan_id].append(warning)
    return {plan_id: Health(warnings) for plan_id, warnings in found.items()}


def plan_health(plan, today):
    """The Health of one plan on `today` (see `plans_health`)."""
    return plans_health([plan.pk], today)[plan.pk]
