"""The plan health's checks: each a small function giving its warnings for all the plans at once,
listed once in CHECKS with the words that say it. The checks of the rows and milestones are
here; those of the audience (decisions, readiness, understanding) in audience_checks.py."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db.models import (
    Count,
    DateField,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext, ngettext, ngettext_lazy

from milestones.models import MilestoneStatus
from stakeholders.models import Approach

from ..models import (
    OPEN_STATUSES,
    Membership,
    PlanRow,
)
from ..prepared import Param, Params, prepared_values, spread
from ..templatetags.commplan import hours
from .audience_checks import _behind_message, behind, decisions_late, understanding
from .common import (
    NO_MILESTONE_DAYS,
    ZERO,
    choice_labels,
    plan_rows_url,
    slip_days,
)
from .coverage import uncovered_stakeholders
from .figures import (
    OWNER_LABELS,
    OWNER_NAME_FIELDS,
    _label,
)
from .health_warnings import Entry, Facts, HealthItem, HealthWarning, _collect, _date, month_bounds


def overdue(facts):
    """Open rows whose next review date has passed, per owner; unassigned rows last."""
    count = len(facts.plan_ids)
    groups = prepared_values(
        ("dashboard.checks.overdue", count),
        lambda: (
            PlanRow.objects.filter(plan_id__in=Params("plan", count))
            .order_by()
            .overdue(Param("today", DateField()))
            .values("plan_id", "owner", *OWNER_LABELS)
            .annotate(n=Count("pk"))
            .order_by("-n", "owner__first_name", "owner__username")
        ),
        {**spread("plan", facts.plan_ids), "today": facts.today},
    )
    # Unassigned rows are the ones nobody will pick up: name them last, not lost (a stable sort).
    groups = sorted(groups, key=lambda group: group["owner"] is None)

    def entry(group):
        plan_id, owner = group["plan_id"], group["owner"]
        if owner is None:
            label, url = gettext("No owner"), plan_rows_url(plan_id, due="overdue", missing="owner")
        else:
            label = _label(group, OWNER_LABELS)
            url = plan_rows_url(plan_id, due="overdue", owner=owner)
        return Entry(plan_id, group["n"], HealthItem(label, url, group["n"]))

    return _collect(
        "overdue",
        map(entry, groups),
        lambda plan_id: plan_rows_url(plan_id, due="overdue"),
    )


def uncovered(facts):
    """High-importance stakeholders with nothing before their plan's next milestone (the rule:
    `is_uncovered` in coverage.py)."""
    upcoming = facts.upcoming()
    if facts.stakeholders is None:
        found = uncovered_stakeholders(facts.plan_ids, facts.today, upcoming)
    else:
        found = [
            stakeholder
            for plan_stakeholders in facts.stakeholders.values()
            for stakeholder in plan_stakeholders
            if stakeholder.uncovered
        ]
    approaches = choice_labels(Approach)

    def item(stakeholder):
        return HealthItem(
            stakeholder.name,
            plan_rows_url(stakeholder.plan_id, stakeholder=stakeholder.pk),
            detail=approaches[stakeholder.approach],
        )

    def context(plan_id):
        milestone = upcoming.get(plan_id)
        if milestone is None:
            return {"days": NO_MILESTONE_DAYS}
        return {"milestone": milestone.title, "date": milestone.planned_date}

    return _collect(
        "uncovered",
        (Entry(stakeholder.plan_id, item=partial(item, stakeholder)) for stakeholder in found),
        lambda plan_id: (
            reverse("commplan:plan_dashboard", kwargs={"pk": plan_id}) + "#stakeholder-map"
        ),
        context,
    )


def _gaps(kind, missing):
    """Open rows counted in the per-milestone figures' `kind` (no_owner, no_budget)."""

    def check(facts):
        return _collect(
            kind,
            (
                Entry(plan_id, getattr(figures, kind))
                for (plan_id, _milestone_id), figures in facts.per_milestone.items()
                if getattr(figures, kind)
            ),
            lambda plan_id: plan_rows_url(plan_id, missing=missing),
        )

    check.__doc__ = f"Open rows without {missing}."
    return check


def over_capacity(facts):
    """Owners whose open rows scheduled or due for review this month plan more hours than their
    monthly capacity in the plan."""
    first, last = month_bounds(facts.today)
    count = len(facts.plan_ids)
    over = prepared_values(
        ("dashboard.checks.over_capacity", count),
        lambda: _over_capacity(
            Params("plan", count), Param("first", DateField()), Param("last", DateField())
        ),
        {**spread("plan", facts.plan_ids), "first": first, "last": last},
    )
    return _collect(
        "over_capacity",
        (
            Entry(
                membership["plan_id"],
                item=HealthItem(
                    _label(membership, USER_LABELS),
                    plan_rows_url(
                        membership["plan_id"], owner=membership["user_id"], sort="next_review"
                    ),
                    detail=gettext("%(planned)s h planned this month, capacity %(capacity)s h")
                    % {
                        "planned": hours(membership["month_hours"]),
                        "capacity": hours(membership["monthly_capacity_hours"]),
                    },
                ),
            )
            for membership in over
        ),
        lambda plan_id: reverse("commplan:member_list", kwargs={"plan_pk": plan_id}),
        lambda plan_id: {"month": first},
    )


USER_LABELS = tuple(f"user__{name}" for name in OWNER_NAME_FIELDS)


def _over_capacity(plan_ids, first, last):
    """The memberships of `plan_ids` whose owner's open rows scheduled or due for review from
    `first` to `last` plan more hours than their monthly capacity (values: the plan, the user
    and their names, the hours and the capacity)."""
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
    return (
        Membership.objects.filter(plan_id__in=plan_ids, monthly_capacity_hours__isnull=False)
        .annotate(month_hours=Coalesce(Subquery(month_hours), Value(ZERO)))
        .filter(month_hours__gt=F("monthly_capacity_hours"))
        .order_by("user__first_name", "user__username")
        .values("plan_id", "user_id", *USER_LABELS, "month_hours", "monthly_capacity_hours")
    )


def slipped(facts):
    """Milestones reached late, or still open after their planned date."""

    def detail(milestone, days):
        if milestone.actual_date:
            text = ngettext("reached %(days)d day late", "reached %(days)d days late", days)
        else:
            text = ngettext(
                "%(days)d day late, not reached yet", "%(days)d days late, not reached yet", days
            )
        return text % {"days": days}

    def item(milestone, days):
        return HealthItem(
            milestone.title,
            plan_rows_url(milestone.plan_id, milestone=milestone.pk),
            detail=detail(milestone, days),
        )

    late = (
        (milestone, slip_days(milestone, facts.today))
        for milestone in facts.milestones
        if milestone.status != MilestoneStatus.CANCELLED
    )
    return _collect(
        "slipped",
        (
            Entry(milestone.plan_id, item=partial(item, milestone, days))
            for milestone, days in late
            if days > 0
        ),
        lambda plan_id: reverse("milestones:milestone_list", kwargs={"plan_pk": plan_id}),
    )


def unreviewed(facts):
    """Rows tied to a milestone that has passed (see `unreviewed_after_milestone`, which the
    plan table's filter uses), never reviewed."""
    never_reviewed = {
        milestone_id: figures.never_reviewed
        for (_plan_id, milestone_id), figures in facts.per_milestone.items()
    }

    def item(milestone):
        return HealthItem(
            milestone.title,
            plan_rows_url(milestone.plan_id, milestone=milestone.pk, missing="review"),
            never_reviewed[milestone.pk],
        )

    passed = (
        milestone
        for milestone in facts.milestones
        if milestone.status != MilestoneStatus.CANCELLED
        and (milestone.actual_date or milestone.planned_date) < facts.today
        and never_reviewed.get(milestone.pk)
    )
    return _collect(
        "unreviewed",
        (
            Entry(milestone.plan_id, never_reviewed[milestone.pk], partial(item, milestone))
            for milestone in passed
        ),
        lambda plan_id: plan_rows_url(plan_id, missing="review"),
    )


def _counted(message):
    """A check's message that needs only the count: `message` is an `ngettext_lazy(…, "count")`
    (written out at each check so that makemessages finds it)."""
    return lambda count, context: message % {"count": count}


def _uncovered_message(count, context):
    if context.get("milestone"):
        return ngettext(
            "%(count)d stakeholder to manage closely or keep satisfied hears nothing "
            "before the next milestone, “%(milestone)s” on %(date)s",
            "%(count)d stakeholders to manage closely or keep satisfied hear nothing "
            "before the next milestone, “%(milestone)s” on %(date)s",
            count,
        ) % {"count": count, "milestone": context["milestone"], "date": _date(context["date"])}
    return ngettext(
        "%(count)d stakeholder to manage closely or keep satisfied hears nothing in the "
        "next %(days)d days",
        "%(count)d stakeholders to manage closely or keep satisfied hear nothing in the "
        "next %(days)d days",
        count,
    ) % {"count": count, "days": context["days"]}


@dataclass(frozen=True)
class Check:
    """One health check: `find` gives {plan id: HealthWarning}; `message(count, context)` says
    it, in the language active when it is read."""

    kind: str
    find: Callable[[Facts], dict[int, HealthWarning]]
    message: Callable[[int, dict], str]


# The checks, in the order the warnings are shown.
CHECKS = {
    check.kind: check
    for check in (
        Check(
            "overdue",
            overdue,
            _counted(
                ngettext_lazy(
                    "%(count)d activity is overdue for review",
                    "%(count)d activities are overdue for review",
                    "count",
                )
            ),
        ),
        Check("uncovered", uncovered, _uncovered_message),
        Check(
            "no_owner",
            _gaps("no_owner", "owner"),
            _counted(
                ngettext_lazy(
                    "%(count)d open activity has no owner",
                    "%(count)d open activities have no owner",
                    "count",
                )
            ),
        ),
        Check(
            "no_budget",
            _gaps("no_budget", "budget"),
            _counted(
                ngettext_lazy(
                    "%(count)d open activity has no budget (neither hours nor cost)",
                    "%(count)d open activities have no budget (neither hours nor cost)",
                    "count",
                )
            ),
        ),
        Check(
            "over_capacity",
            over_capacity,
            _counted(
                ngettext_lazy(
                    "%(count)d owner has more hours planned this month than their capacity",
                    "%(count)d owners have more hours planned this month than their capacity",
                    "count",
                )
            ),
        ),
        Check(
            "slipped",
            slipped,
            _counted(
                ngettext_lazy(
                    "%(count)d milestone slipped", "%(count)d milestones slipped", "count"
                )
            ),
        ),
        Check(
            "unreviewed",
            unreviewed,
            _counted(
                ngettext_lazy(
                    "%(count)d activity tied to a milestone that has passed was never reviewed",
                    "%(count)d activities tied to a milestone that has passed were never reviewed",
                    "count",
                )
            ),
        ),
        Check(
            "decisions_late",
            decisions_late,
            _counted(
                ngettext_lazy(
                    "%(count)d S&OP decision was not communicated by its release day",
                    "%(count)d S&OP decisions were not communicated by their release day",
                    "count",
                )
            ),
        ),
        Check("behind", behind, _behind_message),
        Check(
            "understanding",
            understanding,
            _counted(
                ngettext_lazy(
                    "%(count)d key stakeholder finds its messages less clear than their target",
                    "%(count)d key stakeholders find their messages less clear than their target",
                    "count",
                )
            ),
        ),
    )
}
HEALTH_KINDS = tuple(CHECKS)
