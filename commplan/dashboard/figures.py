"""Planned vs actual figures, grouped per milestone, phase, channel or owner."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    F,
    Q,
    Sum,
)
from django.utils.translation import gettext

from ..models import (
    Channel,
    Goal,
    PlanRow,
    Review,
    RowStatus,
)
from .common import NOT_CANCELLED, ZERO, percent, percent_text, plan_rows_url


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


def figures_by(plan_ids, key, names=None):
    """Planned and actual figures of the rows of `plan_ids`, grouped by the row field `key`
    (e.g. "milestone", "channel", "owner"): {(plan id, key value): Figures}.

    `names`, if given, is called with the key values found and returns {key value: label}. The
    grouping queries read the rows and reviews alone, without joining the names' table for
    every row. Two queries (three with `names`), whatever the number of rows.
    """
    figures = {}
    planned = (
        PlanRow.objects.filter(plan_id__in=plan_ids)
        .filter(NOT_CANCELLED)
        .order_by()
        .values("plan_id", key)
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
    actual = (
        Review.objects.filter(row__plan_id__in=plan_ids)
        .order_by()
        .values("row__plan_id", f"row__{key}")
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
    if names is not None:
        labels = names({entry.key for entry in figures.values() if entry.key is not None})
        for entry in figures.values():
            entry.label = labels.get(entry.key, "")
    return figures


def channel_names(ids):
    """{channel id: name} for `figures_by`."""
    return dict(Channel.objects.filter(pk__in=ids).values_list("pk", "name"))


def owner_names(ids):
    """{user id: full name, else username} for `figures_by`."""
    users = get_user_model().objects.filter(pk__in=ids).values_list("pk", *OWNER_NAME_FIELDS)
    return {pk: _full_name(first, last, username) for pk, first, last, username in users}


def _full_name(first, last, username):
    return f"{first or ''} {last or ''}".strip() or (username or "")


def _label(group, labels):
    """The owner's name from a values() group that read the owner's `labels` (OWNER_LABELS)."""
    return _full_name(*(group.get(label) for label in labels))


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
