"""Shared pieces of the dashboard: constants, row conditions, percentages and links."""

import re
from decimal import Decimal
from functools import lru_cache
from urllib.parse import urlencode

from django.db.models import (
    Exists,
    OuterRef,
    Q,
)
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext

from milestones.models import MilestoneStatus

from ..models import (
    Review,
    RowStatus,
)

COVERAGE_DAYS = 30  # a stakeholder is covered by an activity in this many days from today
NO_MILESTONE_DAYS = 30  # the horizon for the coverage warning when no milestone lies ahead
OPEN_MILESTONE_STATUSES = (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS)
# The milestone fields the dashboard reads (a plan can have hundreds of milestones).
MILESTONE_FIELDS = ("plan_id", "title", "phase", "planned_date", "actual_date", "status")
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


def choice_labels(choices):
    """{value: label} of a Choices class in the active language, to look up per item instead of
    calling get_FOO_display() (which hashes every choice) hundreds of times a page."""
    return {value: str(label) for value, label in choices.choices}


def percent(part, whole):
    """`part` of `whole` in whole percent, halves to the even one, or None when there is
    nothing to divide by."""
    if not whole:
        return None
    if type(part) is int and type(whole) is int:  # counts: whole numbers, no Decimal needed
        quotient, remainder = divmod(part * 100, whole)
        if 2 * remainder > whole or (2 * remainder == whole and quotient % 2):
            quotient += 1
        return quotient
    return round(Decimal(part) * 100 / Decimal(whole))


def percent_text(value):
    """A percentage as the language writes it (`17%`, `17 %`), or a dash for None."""
    if value is None:
        return "—"
    return gettext("%(percent)s%%") % {"percent": value}


def plan_rows_url(plan_id, **filters):
    """The plan table showing only the rows that match `filters` (PlanRowFilter's names)."""
    return rows_links(plan_id)(**filters)


def rows_links(plan_id):
    """`plan_rows_url` for one plan, looking the plan table's address up once: a dashboard
    builds hundreds of these links."""
    url = _plan_table_path(get_script_prefix(), plan_id)

    def link(**filters):
        if not filters:
            return url
        if len(filters) == 1:  # the common case: one id (a milestone, a stakeholder, a channel)
            [(name, value)] = filters.items()
            if isinstance(value, int):
                return f"{url}?{name}={value}"
        # Ids and filter words need no quoting.
        if all(isinstance(v, int) or _PLAIN.fullmatch(v) for v in filters.values()):
            return url + "?" + "&".join(f"{name}={value}" for name, value in filters.items())
        return f"{url}?{urlencode(filters)}"

    return link


_PLAIN = re.compile(r"[a-z_]+")


@lru_cache(maxsize=1024)
def _plan_table_path(script_prefix, plan_id):
    # A dashboard links hundreds of times to the same plan table; reverse() once per plan.
    return reverse("commplan:plan_detail", kwargs={"pk": plan_id})
