"""Plan health: the warnings that the dashboard and the weekly summary show.

Each warning links to the rows or objects to fix.
"""

import calendar
from dataclasses import dataclass, field
from datetime import timedelta

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
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, pgettext

from milestones.models import Milestone, MilestoneStatus
from stakeholders.models import HIGH_SCORE, Approach, Stakeholder

from ..models import (
    OPEN_STATUSES,
    Membership,
    PlanRow,
    display_name,
)
from ..readiness.standing import standings
from ..templatetags.commplan import hours
from ..understanding.figures import below_target
from .common import (
    MILESTONE_FIELDS,
    NO_MILESTONE_DAYS,
    OPEN_MILESTONE_STATUSES,
    ZERO,
    choice_labels,
    percent_text,
    plan_rows_url,
    slip_days,
)
from .figures import (
    OWNER_LABELS,
    _label,
    figures_by,
)


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

    def _with_milestone(self):
        """The values of a message naming the next milestone and its date."""
        return {
            "count": self.count,
            "milestone": self.context["milestone"],
            "date": _date(self.context["date"]),
        }

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
                text = ngettext(
                    "%(count)d stakeholder to manage closely or keep satisfied hears nothing "
                    "before the next milestone, “%(milestone)s” on %(date)s",
                    "%(count)d stakeholders to manage closely or keep satisfied hear nothing "
                    "before the next milestone, “%(milestone)s” on %(date)s",
                    count,
                )
                return text % self._with_milestone()
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
        if self.kind == "behind":
            milestone = self.context.get("milestone")
            if milestone:
                text = ngettext(
                    "%(count)d key stakeholder is behind its desired readiness for the next "
                    "milestone, “%(milestone)s” on %(date)s",
                    "%(count)d key stakeholders are behind their desired readiness for the next "
                    "milestone, “%(milestone)s” on %(date)s",
                    count,
                )
                return text % self._with_milestone()
            return ngettext(
                "%(count)d key stakeholder is behind its desired readiness",
                "%(count)d key stakeholders are behind their desired readiness",
                count,
            ) % {"count": count}
        if self.kind == "understanding":
            return ngettext(
                "%(count)d key stakeholder finds its messages less clear than their target",
                "%(count)d key stakeholders find their messages less clear than their target",
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
    "behind",
    "understanding",
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


def plans_health(
    plan_ids, today, milestones=None, per_milestone=None, stakeholders=None, readiness=None
):
    """{plan id: Health} for the plans `plan_ids` on `today`, in ten queries for any number of
    plans, rows, stakeholders and milestones. A caller that has read them already passes the
    plans' `milestones` (in planned-date order), their `per_milestone` figures (figures_by
    "milestone" with `gaps`) and, for one plan, its `stakeholders` from stakeholder_coverage
    with the window of `coverage_window_end`: three queries fewer; and its `readiness`
    (readiness.standing.standings), two fewer.

    The warnings, each with the rows or objects to fix:
    - overdue: open rows whose next review date has passed, per owner;
    - uncovered: stakeholders of high importance (manage closely, keep satisfied) with no open
      row scheduled or due for review from today until the next open milestone (or in the next
      30 days when none lies ahead);
    - no_owner, no_budget: open rows without an owner, or with neither hours nor cost;
    - over_capacity: owners whose open rows scheduled or due for review this month plan more
      hours than their monthly capacity in the plan;
    - slipped: milestones reached late, or still open after their planned date;
    - unreviewed: rows tied to a milestone that has passed that were never reviewed;
    - behind: key stakeholders (high importance) behind their desired readiness at the next
      milestone, or never assessed though they have a target (two queries more);
    - understanding: key stakeholders whose pulse answers of the last weeks find their
      messages less clear than the messages' targets (one query more).
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

    # The next open milestone of each plan, the milestones that slipped and those passed.
    if milestones is None:
        milestones = (
            Milestone.objects.filter(plan_id__in=plan_ids)
            .only(*MILESTONE_FIELDS)
            .order_by("planned_date", "phase", "pk")
        )
    upcoming, slipped, passed = {}, [], []
    for milestone in milestones:
        if milestone.status != MilestoneStatus.CANCELLED and (
            (milestone.actual_date or milestone.planned_date) < today
        ):
            passed.append(milestone)
        if milestone.status in OPEN_MILESTONE_STATUSES and milestone.planned_date >= today:
            upcoming.setdefault(milestone.plan_id, milestone)
        if milestone.status != MilestoneStatus.CANCELLED and slip_days(milestone, today) > 0:
            slipped.append(milestone)

    # High-importance stakeholders with nothing before the next milestone.
    if stakeholders is None:
        uncovered = _uncovered_stakeholders(plan_ids, today, upcoming)
    else:
        uncovered = [
            stakeholder
            for plan_stakeholders in stakeholders.values()
            for stakeholder in plan_stakeholders
            if stakeholder.importance > HIGH_SCORE and not stakeholder.window_count
        ]
    approaches = choice_labels(Approach)
    for stakeholder in uncovered:
        plan_id = stakeholder.plan_id
        upcoming_milestone = upcoming.get(plan_id)
        context = (
            {"milestone": upcoming_milestone.title, "date": upcoming_milestone.planned_date}
            if upcoming_milestone
            else {"days": NO_MILESTONE_DAYS}
        )
        if "uncovered" not in found[plan_id]:
            found[plan_id]["uncovered"] = HealthWarning(
                "uncovered",
                0,
                reverse("commplan:plan_dashboard", kwargs={"pk": plan_id}) + "#stakeholder-map",
                context=context,
            )
        warning = found[plan_id]["uncovered"]
        warning.count += 1
        warning.items.append(
            HealthItem(
                stakeholder.name,
                plan_rows_url(plan_id, stakeholder=stakeholder.pk),
                detail=approaches[stakeholder.approach],
            )
        )

    # Open rows without an owner or a budget, and rows never reviewed, from the per-milestone
    # figures (read with the dashboard's, or here).
    if per_milestone is None:
        per_milestone = figures_by(plan_ids, "milestone", gaps=True)
    never_reviewed = {}
    for (plan_id, milestone_id), figures in per_milestone.items():
        for kind, missing in (("no_owner", "owner"), ("no_budget", "budget")):
            count = getattr(figures, kind)
            if count:
                if kind not in found[plan_id]:
                    found[plan_id][kind] = HealthWarning(
                        kind, 0, plan_rows_url(plan_id, missing=missing)
                    )
                found[plan_id][kind].count += count
        never_reviewed[milestone_id] = figures.never_reviewed

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
        if "over_capacity" not in found[plan_id]:
            found[plan_id]["over_capacity"] = HealthWarning(
                "over_capacity",
                0,
                reverse("commplan:member_list", kwargs={"plan_pk": plan_id}),
                context={"month": first},
            )
        warning = found[plan_id]["over_capacity"]
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
    for milestone in slipped:
        plan_id = milestone.plan_id
        if "slipped" not in found[plan_id]:
            found[plan_id]["slipped"] = HealthWarning(
                "slipped", 0, reverse("milestones:milestone_list", kwargs={"plan_pk": plan_id})
            )
        warning = found[plan_id]["slipped"]
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

    # Rows tied to a milestone that has passed (see `unreviewed_after_milestone`, which the plan
    # table's filter uses), never reviewed.
    for milestone in passed:
        count = never_reviewed.get(milestone.pk)
        if not count:
            continue
        plan_id = milestone.plan_id
        if "unreviewed" not in found[plan_id]:
            found[plan_id]["unreviewed"] = HealthWarning(
                "unreviewed", 0, plan_rows_url(plan_id, missing="review")
            )
        warning = found[plan_id]["unreviewed"]
        warning.count += count
        warning.items.append(
            HealthItem(
                milestone.title,
                plan_rows_url(plan_id, milestone=milestone.pk, missing="review"),
                count,
            )
        )

    if readiness is None:
        readiness = standings(plan_ids, milestones, upcoming)
    _behind_readiness(found, readiness, upcoming)
    _below_understanding_target(found, plan_ids, today)

    return {
        plan_id: Health([warnings[kind] for kind in HEALTH_KINDS if kind in warnings])
        for plan_id, warnings in found.items()
    }


def _behind_readiness(found, readiness, upcoming):
    """Adds the "behind" warning to `found` ({plan id: {kind: warning}}): key stakeholders
    (high importance) not known to stand where they must by the next open milestone
    (`upcoming`: {plan id: milestone}; `readiness`: {stakeholder id: Standing} against it),
    each linking to its readiness page."""
    for stakeholder_id, standing in sorted(
        readiness.items(), key=lambda item: (-item[1].importance, item[1].name, item[0])
    ):
        if standing.importance <= HIGH_SCORE or not standing.behind:
            continue
        plan_id = standing.plan_id
        if "behind" not in found[plan_id]:
            milestone = upcoming.get(plan_id)
            found[plan_id]["behind"] = HealthWarning(
                "behind",
                0,
                reverse("commplan:plan_dashboard", kwargs={"pk": plan_id}) + "#readiness",
                context=(
                    {"milestone": milestone.title, "date": milestone.planned_date}
                    if milestone
                    else {}
                ),
            )
        warning = found[plan_id]["behind"]
        warning.count += 1
        warning.items.append(
            HealthItem(
                standing.name,
                reverse(
                    "commplan:readiness_detail",
                    kwargs={"plan_pk": plan_id, "pk": stakeholder_id},
                ),
                detail=standing.summary,
            )
        )


def _below_understanding_target(found, plan_ids, today):
    """Adds the "understanding" warning to `found`: key stakeholders whose recent answers are
    less often clear than their messages aim at, each linking to its activities."""
    for group in below_target(plan_ids, today, HIGH_SCORE):
        plan_id = group.plan_id
        if "understanding" not in found[plan_id]:
            found[plan_id]["understanding"] = HealthWarning(
                "understanding",
                0,
                reverse("commplan:plan_dashboard", kwargs={"pk": plan_id}) + "#understanding",
            )
        warning = found[plan_id]["understanding"]
        warning.count += 1
        warning.items.append(
            HealthItem(
                group.name,
                plan_rows_url(plan_id, stakeholder=group.stakeholder_id),
                detail=ngettext(
                    "%(share)s clear or very clear, target %(target)s (%(count)d answer)",
                    "%(share)s clear or very clear, target %(target)s (%(count)d answers)",
                    group.landing.clarity_answered,
                )
                % {
                    "share": percent_text(group.landing.understanding),
                    "target": percent_text(group.target),
                    "count": group.landing.clarity_answered,
                },
            )
        )


def coverage_window_end(next_milestone, today):
    """The last day that counts for the coverage warning: the next open milestone's planned
    date, or NO_MILESTONE_DAYS from `today` when none lies ahead."""
    if next_milestone is not None:
        return next_milestone.planned_date
    return today + timedelta(days=NO_MILESTONE_DAYS)


def _uncovered_stakeholders(plan_ids, today, upcoming):
    """The high-importance stakeholders of `plan_ids` with no open row scheduled or due for
    review from `today` to their plan's window end (`upcoming`: {plan id: next milestone}).

    Each plan's window ends on a date known before the query, so the rows' dates are compared
    with a constant rather than a subquery evaluated per row.
    """
    window_end = Case(
        *[
            When(plan_id=pk, then=Value(coverage_window_end(milestone, today)))
            for pk, milestone in upcoming.items()
        ],
        default=Value(coverage_window_end(None, today)),
        output_field=DateField(),
    )
    communication = PlanRow.objects.filter(
        stakeholder=OuterRef("pk"), status__in=OPEN_STATUSES
    ).filter(
        Q(scheduled_date__gte=today, scheduled_date__lte=OuterRef("window_end"))
        | Q(next_review_date__gte=today, next_review_date__lte=OuterRef("window_end"))
    )
    return (
        Stakeholder.objects.filter(plan_id__in=plan_ids, importance__gt=HIGH_SCORE)
        .alias(window_end=window_end)
        .filter(~Exists(communication))
        .order_by("-importance", "-involvement", "name", "pk")
    )


def plan_health(plan, today):
    """The Health of one plan on `today` (see `plans_health`)."""
    return plans_health([plan.pk], today)[plan.pk]
