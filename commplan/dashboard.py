"""The numbers behind the executive dashboard: where the implementation stands, what is late,
and whether the people who matter are being reached.

Every function works from querysets with aggregates, in a fixed number of queries whatever the
size of the plan. Planned figures come from the rows (cancelled rows left out), actual figures
from the reviews, aggregated on the review side so that a row with several reviews never counts
its plan twice. `plans_health` is shared by the dashboard pages and the executive summary email.
"""

import calendar
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from functools import lru_cache
from urllib.parse import urlencode

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import get_script_prefix, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, pgettext

from milestones.models import Milestone, MilestoneStatus, Phase
from stakeholders.models import HIGH_SCORE, Approach, Stakeholder

from .models import (
    OPEN_STATUSES,
    CommunicationPlan,
    Goal,
    Membership,
    PlanRow,
    Review,
    RowStatus,
    display_name,
)
from .templatetags.commplan import hours

COVERAGE_DAYS = 30  # a stakeholder is covered by an activity in this many days from today
NO_MILESTONE_DAYS = 30  # the horizon for the coverage warning when no milestone lies ahead
OPEN_MILESTONE_STATUSES = (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS)
ZERO = Decimal(0)

# Conditions on rows, shared with the plan table's "Missing" filter so that a warning's link
# shows exactly the rows it counts.
NO_OWNER = Q(owner__isnull=True)
NO_BUDGET = Q(planned_hours__isnull=True, planned_cost__isnull=True)
NOT_CANCELLED = ~Q(status=RowStatus.CANCELLED)


def unreviewed_after_milestone(today):
    """Rows (not cancelled) tied to a milestone whose date (actual, else planned) is before
    `today`, and that have never been reviewed."""
    return (
        NOT_CANCELLED
        & ~Q(milestone__status=MilestoneStatus.CANCELLED)
        & (
            Q(milestone__actual_date__lt=today)
            | Q(milestone__actual_date__isnull=True, milestone__planned_date__lt=today)
        )
        & ~Exists(Review.objects.filter(row=OuterRef("pk")))
    )


def slip_days(milestone, today):
    """Days `milestone` is late on `today`: actual vs planned, or today vs planned while open."""
    if milestone.actual_date:
        return (milestone.actual_date - milestone.planned_date).days
    if milestone.status in OPEN_MILESTONE_STATUSES:
        return max(0, (today - milestone.planned_date).days)
    return 0


def percent(part, whole):
    """`part` of `whole` in whole percent, or None when there is nothing to divide by."""
    if not whole:
        return None
    return round(Decimal(part) * 100 / Decimal(whole))


def percent_text(value):
    """A percentage as the language writes it (`17%`, `17 %`), or a dash for None."""
    if value is None:
        return "—"
    return gettext("%(percent)s%%") % {"percent": value}


def plan_rows_url(plan_id, **filters):
    """The plan table showing only the rows that match `filters` (PlanRowFilter's names)."""
    url = _plan_table_path(get_script_prefix(), plan_id)
    return f"{url}?{urlencode(filters)}" if filters else url


@lru_cache(maxsize=1024)
def _plan_table_path(script_prefix, plan_id):
    # A dashboard links hundreds of times to the same plan table; reverse() once per plan.
    return reverse("commplan:plan_detail", kwargs={"pk": plan_id})


# Planned vs actual.


@dataclass
class Figures:
    """Planned (rows) and actual (reviews) figures for one group of rows."""

    key: object = None
    label: str = ""
    url: str = ""
    rows: int = 0
    done: int = 0
    planned_hours: Decimal = ZERO
    planned_cost: Decimal = ZERO
    reviews: int = 0
    on_time: int = 0
    goal_reached: int = 0
    actual_hours: Decimal = ZERO
    actual_cost: Decimal = ZERO

    NUMBERS = (
        "rows",
        "done",
        "planned_hours",
        "planned_cost",
        "reviews",
        "on_time",
        "goal_reached",
        "actual_hours",
        "actual_cost",
    )

    def add(self, other):
        for name in self.NUMBERS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    @property
    def on_time_share(self):
        return percent(self.on_time, self.reviews)

    @property
    def goal_share(self):
        return percent(self.goal_reached, self.reviews)

    @property
    def cost_burn(self):
        """Actual cost as a share of planned cost, in percent (None without a planned cost)."""
        return percent(self.actual_cost, self.planned_cost)

    @property
    def hours_burn(self):
        return percent(self.actual_hours, self.planned_hours)

    # Formatted here, not by a template include per cell: a plan has hundreds of milestones.
    @property
    def on_time_text(self):
        return percent_text(self.on_time_share)

    @property
    def goal_text(self):
        return percent_text(self.goal_share)

    @property
    def cost_burn_text(self):
        return percent_text(self.cost_burn)

    @property
    def cost_bar(self):
        """The actual cost's bar width, 0–100 (a burn over 100 % fills the bar)."""
        return min(self.cost_burn or 0, 100)


def figures_by(plan_ids, key, labels=()):
    """Planned and actual figures of the rows of `plan_ids`, grouped by the row field `key`
    (e.g. "milestone", "channel", "owner"): {(plan id, key value): Figures}.

    `labels` are further row fields to read with each group (e.g. "channel__name"); they are
    returned in `Figures.label` parts via `_label`. Two queries, whatever the number of rows.
    """
    figures = {}
    planned = (
        PlanRow.objects.filter(plan_id__in=plan_ids)
        .filter(NOT_CANCELLED)
        .order_by()
        .values("plan_id", key, *labels)
        .annotate(
            n=Count("pk"),
            n_done=Count("pk", filter=Q(status=RowStatus.DONE)),
            hours=Sum("planned_hours"),
            cost=Sum("planned_cost"),
        )
    )
    for group in planned:
        entry = figures.setdefault((group["plan_id"], group[key]), Figures(key=group[key]))
        entry.rows, entry.done = group["n"], group["n_done"]
        entry.planned_hours = group["hours"] or ZERO
        entry.planned_cost = group["cost"] or ZERO
        entry.label = _label(group, labels)
    actual = (
        Review.objects.filter(row__plan_id__in=plan_ids)
        .order_by()
        .values("row__plan_id", f"row__{key}", *(f"row__{label}" for label in labels))
        .annotate(
            n=Count("pk"),
            n_on_time=Count(
                "pk", filter=Q(due_date__isnull=True) | Q(reviewed_on__lte=F("due_date"))
            ),
            n_reached=Count("pk", filter=Q(goal_reached=Goal.YES)),
            hours=Sum("actual_hours"),
            cost=Sum("actual_cost"),
        )
    )
    for group in actual:
        value = group[f"row__{key}"]
        entry = figures.setdefault((group["row__plan_id"], value), Figures(key=value))
        entry.reviews, entry.on_time, entry.goal_reached = (
            group["n"],
            group["n_on_time"],
            group["n_reached"],
        )
        entry.actual_hours = group["hours"] or ZERO
        entry.actual_cost = group["cost"] or ZERO
        if not entry.label:
            entry.label = _label({k[5:]: v for k, v in group.items()}, labels)
    return figures


def _label(group, labels):
    if not labels:
        return ""
    if labels[0].startswith("owner__"):
        first, last, username = (group.get(f"owner__{f}") for f in OWNER_NAME_FIELDS)
        return f"{first or ''} {last or ''}".strip() or (username or "")
    return group.get(labels[0]) or ""


OWNER_NAME_FIELDS = ("first_name", "last_name", "username")
OWNER_LABELS = tuple(f"owner__{name}" for name in OWNER_NAME_FIELDS)


def _sorted_groups(figures, plan_id, none_label, url_filter):
    """One plan's groups sorted by label, the group without a value (if any) last."""
    groups = [entry for (pid, _key), entry in figures.items() if pid == plan_id]
    for entry in groups:
        if entry.key is None:
            entry.label = none_label
            entry.url = ""
        else:
            entry.url = plan_rows_url(plan_id, **{url_filter: entry.key})
    return sorted(groups, key=lambda e: (e.key is None, str(e.label).casefold()))


def total(groups):
    """The sum of `groups` (Figures)."""
    result = Figures(label=gettext("Total"))
    for entry in groups:
        result.add(entry)
    return result


# Plan health.


@dataclass
class HealthItem:
    """One thing a warning names: a person, a stakeholder, a milestone; with the rows to fix."""

    label: str
    url: str
    count: int | None = None
    detail: str = ""


@dataclass
class HealthWarning:
    """One condition that needs attention, how many things it concerns, and where to fix them.

    `message` is rendered when it is read, in the language active then (a page or an email).
    """

    kind: str
    count: int
    url: str
    items: list = field(default_factory=list)
    context: dict = field(default_factory=dict)

    @property
    def message(self):
        count = self.count
        if self.kind == "overdue":
            return ngettext(
                "%(count)d activity is overdue for review",
                "%(count)d activities are overdue for review",
                count,
            ) % {"count": count}
        if self.kind == "uncovered":
            milestone = self.context.get("milestone")
            if milestone:
                return ngettext(
                    "%(count)d stakeholder to manage closely or keep satisfied hears nothing "
                    "before the next milestone, “%(milestone)s” on %(date)s",
                    "%(count)d stakeholders to manage closely or keep satisfied hear nothing "
                    "before the next milestone, “%(milestone)s” on %(date)s",
                    count,
                ) % {
                    "count": count,
                    "milestone": milestone,
                    "date": _date(self.context["date"]),
                }
            return ngettext(
                "%(count)d stakeholder to manage closely or keep satisfied hears nothing in the "
                "next %(days)d days",
                "%(count)d stakeholders to manage closely or keep satisfied hear nothing in the "
                "next %(days)d days",
                count,
            ) % {"count": count, "days": self.context["days"]}
        if self.kind == "no_owner":
            return ngettext(
                "%(count)d open activity has no owner",
                "%(count)d open activities have no owner",
                count,
            ) % {"count": count}
        if self.kind == "no_budget":
            return ngettext(
                "%(count)d open activity has no budget (neither hours nor cost)",
                "%(count)d open activities have no budget (neither hours nor cost)",
                count,
            ) % {"count": count}
        if self.kind == "over_capacity":
            return ngettext(
                "%(count)d owner has more hours planned this month than their capacity",
                "%(count)d owners have more hours planned this month than their capacity",
                count,
            ) % {"count": count}
        if self.kind == "slipped":
            return ngettext(
                "%(count)d milestone slipped",
                "%(count)d milestones slipped",
                count,
            ) % {"count": count}
        if self.kind == "unreviewed":
            return ngettext(
                "%(count)d activity tied to a milestone that has passed was never reviewed",
                "%(count)d activities tied to a milestone that has passed were never reviewed",
                count,
            ) % {"count": count}
        raise ValueError(self.kind)


def _date(value):
    return date_format(value, "SHORT_DATE_FORMAT")


HEALTH_KINDS = (
    "overdue",
    "uncovered",
    "no_owner",
    "no_budget",
    "over_capacity",
    "slipped",
    "unreviewed",
)


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


def month_bounds(today):
    first = today.replace(day=1)
    return first, today.replace(day=calendar.monthrange(today.year, today.month)[1])


def next_milestones(today):
    """The open milestones from `today` on, soonest first."""
    return Milestone.objects.filter(
        status__in=OPEN_MILESTONE_STATUSES, planned_date__gte=today
    ).order_by("planned_date", "pk")


def plans_health(plan_ids, today):
    """{plan id: Health} for the plans `plan_ids` on `today`, in seven queries for any number of
    plans, rows, stakeholders and milestones.

    The warnings, each with the rows or objects to fix:
    - overdue: open rows whose next review date has passed, per owner;
    - uncovered: stakeholders of high importance (manage closely, keep satisfied) with no open
      row scheduled or due for review from today until the next open milestone (or in the next
      30 days when none lies ahead);
    - no_owner, no_budget: open rows without an owner, or with neither hours nor cost;
    - over_capacity: owners whose open rows scheduled or due for review this month plan more
      hours than their monthly capacity in the plan;
    - slipped: milestones reached late, or still open after their planned date;
    - unreviewed: rows tied to a milestone that has passed that were never reviewed.
    """
    plan_ids = list(plan_ids)
    found = {plan_id: {} for plan_id in plan_ids}
    rows = PlanRow.objects.filter(plan_id__in=plan_ids).order_by()

    # Overdue reviews, per owner.
    overdue = (
        rows.overdue(today)
        .values("plan_id", "owner", *OWNER_LABELS)
        .annotate(n=Count("pk"))
        .order_by("-n", "owner__first_name", "owner__username")
    )
    for group in overdue:
        plan_id = group["plan_id"]
        warning = found[plan_id].setdefault(
            "overdue", HealthWarning("overdue", 0, plan_rows_url(plan_id, due="overdue"))
        )
        warning.count += group["n"]
        if group["owner"] is None:
            item = HealthItem(
                gettext("No owner"),
                plan_rows_url(plan_id, due="overdue", missing="owner"),
                group["n"],
            )
        else:
            item = HealthItem(
                _label(group, OWNER_LABELS),
                plan_rows_url(plan_id, due="overdue", owner=group["owner"]),
                group["n"],
            )
        warning.items.append(item)
    for warnings in found.values():
        if "overdue" in warnings:
            # Unassigned rows are the ones nobody will pick up: name them last, not lost.
            warnings["overdue"].items.sort(key=lambda item: item.url.endswith("missing=owner"))

    # High-importance stakeholders with nothing before the next milestone. Each plan's window
    # ends on a date known before the stakeholder query, so the rows' dates are compared with
    # a constant rather than a subquery evaluated per row.
    soonest = next_milestones(today).filter(plan=OuterRef("pk"))
    upcoming = {
        plan["pk"]: plan
        for plan in CommunicationPlan.objects.filter(pk__in=plan_ids)
        .annotate(
            next_title=Subquery(soonest.values("title")[:1]),
            next_date=Subquery(soonest.values("planned_date")[:1]),
        )
        .values("pk", "next_title", "next_date")
    }
    window_end = Case(
        *[
            When(plan_id=pk, then=Value(plan["next_date"]))
            for pk, plan in upcoming.items()
            if plan["next_date"]
        ],
        default=Value(today + timedelta(days=NO_MILESTONE_DAYS)),
        output_field=DateField(),
    )
    communication = PlanRow.objects.filter(
        stakeholder=OuterRef("pk"), status__in=OPEN_STATUSES
    ).filter(
        Q(scheduled_date__gte=today, scheduled_date__lte=OuterRef("window_end"))
        | Q(next_review_date__gte=today, next_review_date__lte=OuterRef("window_end"))
    )
    uncovered = (
        Stakeholder.objects.filter(plan_id__in=plan_ids, importance__gt=HIGH_SCORE)
        .alias(window_end=window_end)
        .filter(~Exists(communication))
        .order_by("-importance", "-involvement", "name", "pk")
    )
    for stakeholder in uncovered:
        plan_id = stakeholder.plan_id
        upcoming_milestone = upcoming[plan_id]
        context = (
            {"milestone": upcoming_milestone["next_title"], "date": upcoming_milestone["next_date"]}
            if upcoming_milestone["next_date"]
            else {"days": NO_MILESTONE_DAYS}
        )
        warning = found[plan_id].setdefault(
            "uncovered",
            HealthWarning(
                "uncovered",
                0,
                reverse("commplan:plan_dashboard", kwargs={"pk": plan_id}) + "#stakeholder-map",
                context=context,
            ),
        )
        warning.count += 1
        warning.items.append(
            HealthItem(
                stakeholder.name,
                plan_rows_url(plan_id, stakeholder=stakeholder.pk),
                detail=stakeholder.get_approach_display(),
            )
        )

    # Open rows without an owner or a budget.
    gaps = (
        rows.open()
        .values("plan_id")
        .annotate(
            no_owner=Count("pk", filter=NO_OWNER),
            no_budget=Count("pk", filter=NO_BUDGET),
        )
    )
    for group in gaps:
        plan_id = group["plan_id"]
        for kind, missing in (("no_owner", "owner"), ("no_budget", "budget")):
            if group[kind]:
                found[plan_id][kind] = HealthWarning(
                    kind, group[kind], plan_rows_url(plan_id, missing=missing)
                )

    # Owners planned beyond their monthly capacity.
    first, last = month_bounds(today)
    month_hours = (
        PlanRow.objects.filter(
            plan=OuterRef("plan"), owner=OuterRef("user"), status__in=OPEN_STATUSES
        )
        .filter(Q(scheduled_date__range=(first, last)) | Q(next_review_date__range=(first, last)))
        .order_by()
        .values("owner")
        .annotate(hours=Sum("planned_hours"))
        .values("hours")
    )
    over = (
        Membership.objects.filter(plan_id__in=plan_ids, monthly_capacity_hours__isnull=False)
        .annotate(month_hours=Coalesce(Subquery(month_hours), Value(ZERO)))
        .filter(month_hours__gt=F("monthly_capacity_hours"))
        .select_related("user")
        .order_by("user__first_name", "user__username")
    )
    for membership in over:
        plan_id = membership.plan_id
        warning = found[plan_id].setdefault(
            "over_capacity",
            HealthWarning(
                "over_capacity",
                0,
                reverse("commplan:member_list", kwargs={"plan_pk": plan_id}),
                context={"month": first},
            ),
        )
        warning.count += 1
        warning.items.append(
            HealthItem(
                display_name(membership.user),
                plan_rows_url(plan_id, owner=membership.user_id, sort="next_review"),
                detail=gettext("%(planned)s h planned this month, capacity %(capacity)s h")
                % {
                    "planned": hours(membership.month_hours),
                    "capacity": hours(membership.monthly_capacity_hours),
                },
            )
        )

    # Milestones that slipped.
    slipped = (
        Milestone.objects.filter(plan_id__in=plan_ids)
        .exclude(status=MilestoneStatus.CANCELLED)
        .filter(
            Q(actual_date__gt=F("planned_date"))
            | Q(
                actual_date__isnull=True,
                status__in=OPEN_MILESTONE_STATUSES,
                planned_date__lt=today,
            )
        )
        .order_by("planned_date", "pk")
    )
    for milestone in slipped:
        plan_id = milestone.plan_id
        warning = found[plan_id].setdefault(
            "slipped",
            HealthWarning(
                "slipped", 0, reverse("milestones:milestone_list", kwargs={"plan_pk": plan_id})
            ),
        )
        warning.count += 1
        days = slip_days(milestone, today)
        if milestone.actual_date:
            detail = ngettext("reached %(days)d day late", "reached %(days)d days late", days) % {
                "days": days
            }
        else:
            detail = ngettext(
                "%(days)d day late, not reached yet", "%(days)d days late, not reached yet", days
            ) % {"days": days}
        warning.items.append(
            HealthItem(
                milestone.title, plan_rows_url(plan_id, milestone=milestone.pk), detail=detail
            )
        )

    # Rows tied to a passed milestone, never reviewed.
    unreviewed = (
        rows.filter(unreviewed_after_milestone(today))
        .values("plan_id", "milestone", "milestone__title", "milestone__planned_date")
        .annotate(n=Count("pk"))
        .order_by("milestone__planned_date", "milestone")
    )
    for group in unreviewed:
        plan_id = group["plan_id"]
        warning = found[plan_id].setdefault(
            "unreviewed",
            HealthWarning("unreviewed", 0, plan_rows_url(plan_id, missing="review")),
        )
        warning.count += group["n"]
        warning.items.append(
            HealthItem(
                group["milestone__title"],
                plan_rows_url(plan_id, milestone=group["milestone"], missing="review"),
                group["n"],
            )
        )

    return {
        plan_id: Health([warnings[kind] for kind in HEALTH_KINDS if kind in warnings])
        for plan_id, warnings in found.items()
    }


def plan_health(plan, today):
    """The Health of one plan on `today` (see `plans_health`)."""
    return plans_health([plan.pk], today)[plan.pk]


# The milestones and the current phase.


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
    return f"{phase}. {Phase(phase).label}" if phase else ""


# The stakeholder map.


class Coverage:
    """How well a stakeholder is reached: colour, symbol, border pattern and words together."""

    GOOD, PARTLY, NONE = "good", "partly", "none"
    SYMBOLS = {GOOD: "✓", PARTLY: "◐", NONE: "✖"}

    @classmethod
    def labels(cls):
        return {
            cls.GOOD: gettext("Covered: an activity in the next %(days)d days")
            % {"days": COVERAGE_DAYS},
            cls.PARTLY: gettext(
                "Partly: open activities later, or reviewed in the last %(days)d days"
            )
            % {"days": COVERAGE_DAYS},
            cls.NONE: gettext("Not covered: no open activity and no recent review"),
        }

    @classmethod
    def short_labels(cls):
        return {
            cls.GOOD: pgettext("coverage", "Covered"),
            cls.PARTLY: pgettext("coverage", "Partly"),
            cls.NONE: pgettext("coverage", "Not covered"),
        }

    @classmethod
    def of(cls, upcoming, open_rows, recently_reviewed):
        if upcoming:
            return cls.GOOD
        if open_rows or recently_reviewed:
            return cls.PARTLY
        return cls.NONE


def stakeholder_coverage(plan, today):
    """The plan's stakeholders, each with `row_count`, `open_count`, `upcoming_count` (open rows
    scheduled or due for review in the next 30 days), `recently_reviewed` and `coverage`. One
    query; the rows are its only join, so nothing is counted twice."""
    horizon = today + timedelta(days=COVERAGE_DAYS)
    open_rows = Q(rows__status__in=OPEN_STATUSES)
    stakeholders = (
        Stakeholder.objects.filter(plan=plan)
        .annotate(
            row_count=Count("rows"),
            open_count=Count("rows", filter=open_rows),
            upcoming_count=Count(
                "rows",
                filter=open_rows
                & (
                    Q(rows__scheduled_date__range=(today, horizon))
                    | Q(rows__next_review_date__range=(today, horizon))
                ),
            ),
            recently_reviewed=Exists(
                Review.objects.filter(
                    row__stakeholder=OuterRef("pk"),
                    reviewed_on__gte=today - timedelta(days=COVERAGE_DAYS),
                    reviewed_on__lte=today,
                )
            ),
        )
        .order_by("-importance", "-involvement", "name", "pk")
    )
    result = list(stakeholders)
    short = Coverage.short_labels()
    for stakeholder in result:
        stakeholder.coverage = Coverage.of(
            stakeholder.upcoming_count, stakeholder.open_count, stakeholder.recently_reviewed
        )
        stakeholder.coverage_symbol = Coverage.SYMBOLS[stakeholder.coverage]
        stakeholder.coverage_label = short[stakeholder.coverage]
        stakeholder.rows_url = plan_rows_url(plan.pk, stakeholder=stakeholder.pk)
    return result


QUADRANT_CORNERS = {
    # The top-left cell of each quadrant on the grid (importance, involvement) carries its name.
    (5, HIGH_SCORE + 1): Approach.MANAGE_CLOSELY,
    (5, 1): Approach.KEEP_SATISFIED,
    (HIGH_SCORE, HIGH_SCORE + 1): Approach.KEEP_INFORMED,
    (HIGH_SCORE, 1): Approach.MONITOR,
}


def stakeholder_grid(stakeholders):
    """The 5×5 importance × involvement grid, importance 5 at the top: a list of rows, each a
    list of cells {importance, involvement, approach, name, stakeholders}."""
    by_cell = {}
    for stakeholder in stakeholders:
        by_cell.setdefault((stakeholder.importance, stakeholder.involvement), []).append(
            stakeholder
        )
    grid = []
    for importance in range(5, 0, -1):
        cells = []
        for involvement in range(1, 6):
            approach = Approach.for_scores(importance, involvement)
            corner = QUADRANT_CORNERS.get((importance, involvement))
            cells.append(
                {
                    "importance": importance,
                    "involvement": involvement,
                    "approach": approach.value,
                    "name": corner.label if corner else "",
                    "stakeholders": sorted(
                        by_cell.get((importance, involvement), []), key=lambda s: s.name
                    ),
                }
            )
        grid.append({"importance": importance, "cells": cells})
    return grid


# Everything for one plan's page, and the roll-up of several plans.


@dataclass
class PlanDashboard:
    """All the numbers of one plan's dashboard."""

    plan: CommunicationPlan
    today: object
    milestones: list
    current: object
    by_milestone: list
    by_phase: list
    by_channel: list
    by_owner: list
    totals: Figures
    health: Health
    stakeholders: list
    grid: list

    @property
    def current_phase(self):
        return self.current.phase if self.current else None

    @property
    def next_milestone(self):
        return next(
            (
                m
                for m in self.milestones
                if m.status in OPEN_MILESTONE_STATUSES and m.planned_date >= self.today
            ),
            None,
        )


def plan_dashboard(plan, today):
    """Every section of `plan`'s dashboard on `today`, in a fixed number of queries."""
    milestones = list(Milestone.objects.filter(plan=plan).order_by("planned_date", "phase", "pk"))
    for milestone in milestones:
        milestone.slip = slip_days(milestone, today)
        milestone.rows_url = plan_rows_url(plan.pk, milestone=milestone.pk)

    per_milestone = figures_by([plan.pk], "milestone")
    by_milestone = []
    for milestone in milestones:
        entry = per_milestone.get((plan.pk, milestone.pk), Figures(key=milestone.pk))
        entry.label, entry.url, entry.milestone = milestone.title, milestone.rows_url, milestone
        by_milestone.append(entry)
    unplanned = per_milestone.get((plan.pk, None))
    if unplanned:
        unplanned.label, unplanned.milestone = gettext("No milestone"), None
        by_milestone.append(unplanned)
    totals = total(by_milestone)

    phases = {phase: Figures(key=phase, label=phase_label(phase)) for phase in Phase.values}
    for entry in by_milestone:
        phase = entry.milestone.phase if entry.milestone else None
        if phase is None:
            phases.setdefault(None, Figures(key=None, label=gettext("No milestone")))
        phases[phase].add(entry)
    for phase, entry in phases.items():
        entry.url = plan_rows_url(plan.pk, phase=phase) if phase else ""

    stakeholders = stakeholder_coverage(plan, today)
    return PlanDashboard(
        plan=plan,
        today=today,
        milestones=milestones,
        current=current_milestone(milestones),
        by_milestone=by_milestone,
        by_phase=list(phases.values()),
        by_channel=_sorted_groups(
            figures_by([plan.pk], "channel", ("channel__name",)),
            plan.pk,
            gettext("No channel"),
            "channel",
        ),
        by_owner=_sorted_groups(
            figures_by([plan.pk], "owner", OWNER_LABELS),
            plan.pk,
            gettext("No owner"),
            "owner",
        ),
        totals=totals,
        health=plan_health(plan, today),
        stakeholders=stakeholders,
        grid=stakeholder_grid(stakeholders),
    )


def rollup(plans, today):
    """`plans` (a CommunicationPlan queryset) with, on each, `current_phase`, `planned_cost`,
    `actual_cost`, `cost_burn` (percent) and `health`. One query plus `plans_health`'s."""
    planned = (
        PlanRow.objects.filter(plan=OuterRef("pk"))
        .filter(NOT_CANCELLED)
        .order_by()
        .values("plan")
        .annotate(total=Sum("planned_cost"))
        .values("total")
    )
    actual = (
        Review.objects.filter(row__plan=OuterRef("pk"))
        .order_by()
        .values("row__plan")
        .annotate(total=Sum("actual_cost"))
        .values("total")
    )
    result = list(
        plans.annotate(
            current_phase=current_phase_subquery(),
            planned_cost=Coalesce(Subquery(planned), Value(ZERO)),
            actual_cost=Coalesce(Subquery(actual), Value(ZERO)),
        ).order_by("name", "pk")
    )
    health = plans_health([plan.pk for plan in result], today)
    for plan in result:
        plan.health = health[plan.pk]
        plan.cost_burn = percent(plan.actual_cost, plan.planned_cost)
        plan.cost_burn_text = percent_text(plan.cost_burn)
        plan.phase_label = phase_label(plan.current_phase)
    return result
