"""The plan health's checks: each a small function giving its warnings for all the plans at once,
listed once in CHECKS with the words that say it."""

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext, ngettext_lazy

from milestones.models import MilestoneStatus
from stakeholders.models import HIGH_SCORE, Approach

from ..meetings.follow import late_decisions
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
    NO_MILESTONE_DAYS,
    OPEN_MILESTONE_STATUSES,
    ZERO,
    choice_labels,
    percent_text,
    plan_rows_url,
    slip_days,
)
from .coverage import uncovered_stakeholders
from .figures import (
    OWNER_LABELS,
    _label,
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

    @property
    def message(self):
        return CHECKS[self.kind].message(self.count, self.context)


def _date(value):
    return date_format(value, "SHORT_DATE_FORMAT")


def month_bounds(today):
    first = today.replace(day=1)
    return first, today.replace(day=calendar.monthrange(today.year, today.month)[1])


@dataclass
class Facts:
    """What the checks read, each fetched once for all the plans (see `plans_health`)."""

    plan_ids: list
    today: object
    milestones: list
    per_milestone: dict
    stakeholders: dict | None
    readiness: dict | None = None

    def upcoming(self):
        """{plan id: its next open milestone}."""
        upcoming = {}
        for milestone in self.milestones:
            if milestone.status in OPEN_MILESTONE_STATUSES and milestone.planned_date >= self.today:
                upcoming.setdefault(milestone.plan_id, milestone)
        return upcoming


@dataclass
class Entry:
    """One finding of a check: `count` more of its kind in `plan_id`, named by `item`."""

    plan_id: int
    count: int = 1
    item: HealthItem | None = None


def _collect(kind, entries, url, context=lambda plan_id: {}):
    """{plan id: HealthWarning of `kind`} from a check's entries, in their order."""
    warnings = {}
    for entry in entries:
        warning = warnings.get(entry.plan_id)
        if warning is None:
            warning = warnings[entry.plan_id] = HealthWarning(
                kind, 0, url(entry.plan_id), context=context(entry.plan_id)
            )
        warning.count += entry.count
        if entry.item is not None:
            warning.items.append(entry.item)
    return warnings


def overdue(facts):
    """Open rows whose next review date has passed, per owner; unassigned rows last."""
    groups = (
        PlanRow.objects.filter(plan_id__in=facts.plan_ids)
        .order_by()
        .overdue(facts.today)
        .values("plan_id", "owner", *OWNER_LABELS)
        .annotate(n=Count("pk"))
        .order_by("-n", "owner__first_name", "owner__username")
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

    def context(plan_id):
        milestone = upcoming.get(plan_id)
        if milestone is None:
            return {"days": NO_MILESTONE_DAYS}
        return {"milestone": milestone.title, "date": milestone.planned_date}

    return _collect(
        "uncovered",
        (
            Entry(
                stakeholder.plan_id,
                item=HealthItem(
                    stakeholder.name,
                    plan_rows_url(stakeholder.plan_id, stakeholder=stakeholder.pk),
                    detail=approaches[stakeholder.approach],
                ),
            )
            for stakeholder in found
        ),
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
        Membership.objects.filter(plan_id__in=facts.plan_ids, monthly_capacity_hours__isnull=False)
        .annotate(month_hours=Coalesce(Subquery(month_hours), Value(ZERO)))
        .filter(month_hours__gt=F("monthly_capacity_hours"))
        .select_related("user")
        .order_by("user__first_name", "user__username")
    )
    return _collect(
        "over_capacity",
        (
            Entry(
                membership.plan_id,
                item=HealthItem(
                    display_name(membership.user),
                    plan_rows_url(membership.plan_id, owner=membership.user_id, sort="next_review"),
                    detail=gettext("%(planned)s h planned this month, capacity %(capacity)s h")
                    % {
                        "planned": hours(membership.month_hours),
                        "capacity": hours(membership.monthly_capacity_hours),
                    },
                ),
            )
            for membership in over
        ),
        lambda plan_id: reverse("commplan:member_list", kwargs={"plan_pk": plan_id}),
        lambda plan_id: {"month": first},
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

    late = (
        (milestone, slip_days(milestone, facts.today))
        for milestone in facts.milestones
        if milestone.status != MilestoneStatus.CANCELLED
    )
    return _collect(
        "slipped",
        (
            Entry(
                milestone.plan_id,
                item=HealthItem(
                    milestone.title,
                    plan_rows_url(milestone.plan_id, milestone=milestone.pk),
                    detail=detail(milestone, days),
                ),
            )
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
            Entry(
                milestone.plan_id,
                never_reviewed[milestone.pk],
                HealthItem(
                    milestone.title,
                    plan_rows_url(milestone.plan_id, milestone=milestone.pk, missing="review"),
                    never_reviewed[milestone.pk],
                ),
            )
            for milestone in passed
        ),
        lambda plan_id: plan_rows_url(plan_id, missing="review"),
    )


def _release_text(day):
    return gettext("to go out on %(date)s") % {"date": _date(day)}


def decisions_late(facts):
    """S&OP decisions not communicated by their release day (one query), each with the day it
    was to go out."""
    return _collect(
        "decisions_late",
        (
            Entry(
                decision.meeting.plan_id,
                1,
                HealthItem(
                    decision.title,
                    decision.get_absolute_url(),
                    # Lazy: the weekly summary words it in each reader's language.
                    detail=lazy(_release_text, str)(decision.release_day),
                ),
            )
            for decision in late_decisions(facts.plan_ids, facts.today)
        ),
        lambda plan_id: reverse("commplan:meeting_list", kwargs={"plan_pk": plan_id}),
    )


def behind(facts):
    """Key stakeholders (high importance) not known to stand where they must by the next open
    milestone, or never assessed though they have a target (two queries, none when the caller
    passed `readiness`), each linking to its readiness page."""
    upcoming = facts.upcoming()
    readiness = facts.readiness
    if readiness is None:
        readiness = standings(facts.plan_ids, facts.milestones, upcoming)
    late = sorted(
        (
            (stakeholder_id, standing)
            for stakeholder_id, standing in readiness.items()
            if standing.importance > HIGH_SCORE and standing.behind
        ),
        key=lambda item: (-item[1].importance, item[1].name, item[0]),
    )
    return _collect(
        "behind",
        (
            Entry(
                standing.plan_id,
                1,
                HealthItem(
                    standing.name,
                    reverse(
                        "commplan:readiness_detail",
                        kwargs={"plan_pk": standing.plan_id, "pk": stakeholder_id},
                    ),
                    detail=standing.summary,
                ),
            )
            for stakeholder_id, standing in late
        ),
        lambda plan_id: reverse("commplan:plan_dashboard", kwargs={"pk": plan_id}) + "#readiness",
        lambda plan_id: (
            {"milestone": upcoming[plan_id].title, "date": upcoming[plan_id].planned_date}
            if plan_id in upcoming
            else {}
        ),
    )


def understanding(facts):
    """Key stakeholders whose pulse answers of the last weeks find their messages less clear
    than the messages' targets (one query), each linking to its activities."""
    return _collect(
        "understanding",
        (
            Entry(
                group.plan_id,
                1,
                HealthItem(
                    group.name,
                    plan_rows_url(group.plan_id, stakeholder=group.stakeholder_id),
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
                ),
            )
            for group in below_target(facts.plan_ids, facts.today, HIGH_SCORE)
        ),
        lambda plan_id: (
            reverse("commplan:plan_dashboard", kwargs={"pk": plan_id}) + "#understanding"
        ),
    )


def _behind_message(count, context):
    if context.get("milestone"):
        return ngettext(
            "%(count)d key stakeholder is behind its desired readiness for the next "
            "milestone, “%(milestone)s” on %(date)s",
            "%(count)d key stakeholders are behind their desired readiness for the next "
            "milestone, “%(milestone)s” on %(date)s",
            count,
        ) % {"count": count, "milestone": context["milestone"], "date": _date(context["date"])}
    return ngettext(
        "%(count)d key stakeholder is behind its desired readiness",
        "%(count)d key stakeholders are behind their desired readiness",
        count,
    ) % {"count": count}


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
