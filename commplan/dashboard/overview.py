"""One plan's dashboard and the roll-up of several plans, assembled from the other modules."""

from dataclasses import dataclass

from django.db.models import (
    OuterRef,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext

from milestones.models import Milestone, MilestoneStatus, Phase

from ..models import (
    CommunicationPlan,
)
from ..prepared import Param, prepared_instances
from ..readiness.phases import readiness_by_phase
from ..readiness.standing import Standing, read, standings
from ..understanding.figures import plan_landing, plans_landing
from ..understanding.privacy import Privacy, protect_plan_landing, protect_plans
from .common import (
    MILESTONE_FIELDS,
    OPEN_MILESTONE_STATUSES,
    choice_labels,
    percent,
    percent_text,
    rows_links,
    slip_days,
)
from .coverage import coverage_window_end, stakeholder_coverage, stakeholder_grid
from .figures import (
    Figures,
    _sorted_groups,
    channel_and_owner_names,
    figures_by,
    figures_by_each,
    total,
)
from .health import Health, plans_health


def current_milestone(milestones):
    """The milestone the implementation works towards: the earliest open one (by planned date),
    else the last one reached; None without milestones. `milestones` in planned-date order."""
    live = [m for m in milestones if m.status != MilestoneStatus.CANCELLED]
    open_ones = [m for m in live if m.status in OPEN_MILESTONE_STATUSES]
    if open_ones:
        return open_ones[0]
    return live[-1] if live else None


def current_phase_subquery():
    """The current phase of the outer query's plan (see `current_milestone`), for annotating
    plans."""
    in_plan = Milestone.objects.filter(plan=OuterRef("pk"))
    return Coalesce(
        Subquery(
            in_plan.filter(status__in=OPEN_MILESTONE_STATUSES)
            .order_by("planned_date", "phase", "pk")
            .values("phase")[:1]
        ),
        Subquery(
            in_plan.filter(status=MilestoneStatus.REACHED)
            .order_by("-planned_date", "-phase", "-pk")
            .values("phase")[:1]
        ),
    )


def phase_label(phase):
    """`4. Pilot`, in the language active when it is read (a page, or a reader's email)."""
    return format_lazy("{}. {}", phase, Phase(phase).label) if phase else ""


@dataclass
class PlanDashboard:
    """All the numbers of one plan's dashboard."""

    plan: CommunicationPlan
    today: object
    milestones: list
    current: object
    by_milestone: list
    by_phase: list
    phase_groups: list  # [(the phase's Figures, [its milestones' Figures])]
    by_channel: list
    by_owner: list
    totals: Figures
    health: Health
    stakeholders: list
    grid: list
    readiness_phases: list  # readiness.phases.PhaseReadiness per phase with milestones
    readiness_lines: list  # readiness.phases.ReadinessLine per group with a target or record
    landing: object  # understanding.figures.PlanLanding: how the communication landed

    @property
    def current_phase(self):
        return self.current.phase if self.current else None

    @property
    def next_milestone(self):
        return next_open_milestone(self.milestones, self.today)


def next_open_milestone(milestones, today):
    """The first open milestone planned for `today` or later; `milestones` in planned-date
    order."""
    return next(
        (m for m in milestones if m.status in OPEN_MILESTONE_STATUSES and m.planned_date >= today),
        None,
    )


def plan_dashboard(plan, today):
    """Every section of `plan`'s dashboard on `today`, in a fixed number of queries.

    Each figure is computed once: the phases' figures are sums of their milestones', the totals
    the sum of the phases', and `phase_groups` pairs each phase with its milestones' figures so
    that one table shows both (it is also the timeline's table alternative).
    """
    milestones = prepared_instances(
        "dashboard.milestones",
        lambda: (
            Milestone.objects.filter(plan_id=Param("plan"))
            .only(*MILESTONE_FIELDS)
            .order_by("planned_date", "phase", "pk")
        ),
        {"plan": plan.pk},
    )
    phase_names, status_labels = choice_labels(Phase), choice_labels(MilestoneStatus)
    plan_id = plan.pk  # read once: hundreds of lines below use it (as `id`, not the `pk` property)
    link = rows_links(plan_id)
    for milestone in milestones:
        milestone.slip = slip_days(milestone, today)
        milestone.rows_url = link(milestone=milestone.id)
        milestone.phase_name = phase_names[milestone.phase]
        milestone.status_label = status_labels[milestone.status]

    per_milestone = figures_by([plan_id], "milestone", gaps=True)
    by_milestone = []
    for milestone in milestones:
        entry = per_milestone.get((plan_id, milestone.id)) or Figures(key=milestone.id)
        entry.label, entry.url, entry.milestone = milestone.title, milestone.rows_url, milestone
        by_milestone.append(entry)
    unplanned = per_milestone.get((plan_id, None))
    if unplanned:
        unplanned.label, unplanned.milestone = gettext("No milestone"), None
        by_milestone.append(unplanned)

    phases = {
        phase: Figures(key=phase, label=f"{phase}. {name}") for phase, name in phase_names.items()
    }
    members = {phase: [] for phase in phases}
    for entry in by_milestone:
        phase = entry.milestone.phase if entry.milestone else None
        if phase is None:
            phases.setdefault(None, Figures(key=None, label=gettext("No milestone")))
            members.setdefault(None, [])
        phases[phase].add(entry)
        members[phase].append(entry)
    for phase, entry in phases.items():
        entry.url = link(phase=phase) if phase else ""
    by_phase = list(phases.values())

    current = current_milestone(milestones)
    for milestone in milestones:
        milestone.is_current = milestone is current
    upcoming = next_open_milestone(milestones, today)
    stakeholders = stakeholder_coverage(plan, today, coverage_window_end(upcoming, today))
    readiness_data = read([plan_id], whole_history=True)
    readiness = standings(
        [plan_id], milestones, {plan_id: upcoming} if upcoming else {}, readiness_data
    )
    # One reverse() for hundreds of links: only the stakeholder's id differs.
    readiness_url = reverse("commplan:readiness_detail", kwargs={"plan_pk": plan_id, "pk": 0})
    for stakeholder in stakeholders:
        stakeholder.readiness = readiness.get(stakeholder.id) or Standing()
        stakeholder.readiness_url = readiness_url.replace(
            "/0/readiness/", f"/{stakeholder.id}/readiness/"
        )
    readiness_phases, readiness_lines = readiness_by_phase(
        plan, milestones, stakeholders, readiness_data, current.phase if current else None
    )
    # Channels and owners from one reading of the rows.
    by_key = figures_by_each([plan_id], ["channel", "owner"], channel_and_owner_names)
    by_channel = _sorted_groups(by_key["channel"], plan_id, gettext("No channel"), "channel")
    privacy = Privacy([plan_id], today)  # what the figures withhold: one reading for all
    landing = protect_plan_landing(
        plan,
        today,
        plan_landing(
            plan,
            today,
            stakeholders,
            {entry.key: entry.label for entry in by_channel},
            {entry.key: entry.label for entry in by_phase},
            privacy.atoms.get(plan_id, {}),
        ),
        privacy,
    )
    return PlanDashboard(
        plan=plan,
        today=today,
        milestones=milestones,
        current=current,
        by_milestone=by_milestone,
        by_phase=by_phase,
        phase_groups=[(entry, members[entry.key]) for entry in by_phase],
        by_channel=by_channel,
        by_owner=_sorted_groups(by_key["owner"], plan_id, gettext("No owner"), "owner"),
        totals=total(by_phase),
        health=plans_health(
            [plan_id],
            today,
            milestones,
            per_milestone,
            {plan_id: stakeholders},
            readiness,
            privacy,
        )[plan_id],
        stakeholders=stakeholders,
        grid=stakeholder_grid(stakeholders),
        readiness_phases=readiness_phases,
        readiness_lines=readiness_lines,
        landing=landing,
    )


def rollup(plans, today):
    """`plans` (a CommunicationPlan queryset) with, on each, `current_phase`, `planned_cost`,
    `actual_cost`, `cost_burn` (percent), `health` and `landing` (understanding and support
    of all the plan's counted answers). Two queries plus `plans_health`'s; the
    costs are the sums of the per-milestone figures that the health reads too."""
    result = list(plans.annotate(current_phase=current_phase_subquery()).order_by("name", "pk"))
    plan_ids = [plan.pk for plan in result]
    per_milestone = figures_by(plan_ids, "milestone", gaps=True)
    privacy = Privacy(plan_ids, today)  # what the figures withhold: one reading for all
    health = plans_health(plan_ids, today, per_milestone=per_milestone, privacy=privacy)
    costs = {plan_id: Figures() for plan_id in plan_ids}
    for (plan_id, _milestone), figures in per_milestone.items():
        costs[plan_id].add(figures)
    landing = plans_landing(plan_ids, privacy.atoms)
    for plan in result:
        plan.landing = landing[plan.pk]
    protect_plans(result, today, privacy)
    for plan in result:
        plan.health = health[plan.pk]
        plan.planned_cost = costs[plan.pk].planned_cost
        plan.actual_cost = costs[plan.pk].actual_cost
        plan.cost_burn = percent(plan.actual_cost, plan.planned_cost)
        # Lazy: the weekly summary renders the roll-up in each reader's language.
        plan.cost_burn_text = lazy(percent_text, str)(plan.cost_burn)
        plan.phase_label = phase_label(plan.current_phase)
    return result
