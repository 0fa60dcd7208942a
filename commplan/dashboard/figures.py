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
    OPEN_STATUSES,
    Channel,
    Goal,
    PlanRow,
    Review,
    RowStatus,
)
from ..prepared import Params, prepared_values, spread
from .common import (
    NO_BUDGET,
    NO_OWNER,
    NOT_CANCELLED,
    ZERO,
    percent,
    percent_text,
    rows_links,
)


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
    # Counted only for the plan health (figures_by's `gaps`).
    no_owner: int = 0
    no_budget: int = 0
    reviewed_rows: int = 0

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
        "no_owner",
        "no_budget",
        "reviewed_rows",
    )

    def add(self, other):
        for name in self.NUMBERS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    @property
    def never_reviewed(self):
        """Rows (not cancelled) without a review; counted with figures_by's `gaps`."""
        return self.rows - self.reviewed_rows

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


def figures_by(plan_ids, key, names=None, gaps=False):
    """Planned and actual figures of the rows of `plan_ids`, grouped by the row field `key`
    (e.g. "milestone", "channel", "owner"): {(plan id, key value): Figures}. Two queries (three
    with `names`), whatever the number of rows; see `figures_by_each`."""
    return figures_by_each(plan_ids, [key], {key: names} if names else None, gaps)[key]


def figures_by_each(plan_ids, keys, names=None, gaps=False):
    """Planned and actual figures of the rows of `plan_ids` grouped by each of the row fields
    `keys` in turn: {key: {(plan id, key value): Figures}}.

    The rows are read once for all the keys: grouped by every key together, then summed per key
    here (channels × owners are a few hundred groups, where each scan of the rows costs more).
    `names`, if given, maps a key to a function called with the values found that returns
    {value: label}: the grouping queries read the rows and reviews alone, without joining the
    names' table for every row. With `gaps`, each group also counts its open rows without an
    owner or a budget, and its rows (not cancelled) with a review, for the plan health. Two
    queries, plus one per `names` function, whatever the number of rows.
    """
    figures = {key: {} for key in keys}
    planned = {
        "rows": Count("pk"),
        "done": Count("pk", filter=Q(status=RowStatus.DONE)),
        "planned_hours": Sum("planned_hours"),
        "planned_cost": Sum("planned_cost"),
    }
    if gaps:
        is_open = Q(status__in=OPEN_STATUSES)
        planned["no_owner"] = Count("pk", filter=is_open & NO_OWNER)
        planned["no_budget"] = Count("pk", filter=is_open & NO_BUDGET)
    plan_ids = list(plan_ids)
    if not plan_ids:
        return figures
    shape = (len(plan_ids), tuple(keys), gaps)
    values = spread("plan", plan_ids)
    groups = prepared_values(
        ("dashboard.figures.rows", *shape),
        lambda: (
            PlanRow.objects.filter(plan_id__in=Params("plan", len(plan_ids)))
            .filter(NOT_CANCELLED)
            .order_by()
            .values("plan_id", *keys)
            .annotate(**{f"sum_{name}": value for name, value in planned.items()})
        ),
        values,
    )
    _gather(figures, groups, "plan_id", keys, planned)
    actual = {
        "reviews": Count("pk"),
        "on_time": Count("pk", filter=Q(due_date__isnull=True) | Q(reviewed_on__lte=F("due_date"))),
        "goal_reached": Count("pk", filter=Q(goal_reached=Goal.YES)),
        "actual_hours": Sum("actual_hours"),
        "actual_cost": Sum("actual_cost"),
    }
    if gaps:
        actual["reviewed_rows"] = Count(
            "row", distinct=True, filter=~Q(row__status=RowStatus.CANCELLED)
        )
    groups = prepared_values(
        ("dashboard.figures.reviews", *shape),
        lambda: (
            Review.objects.filter(row__plan_id__in=Params("plan", len(plan_ids)))
            .order_by()
            .values("row__plan_id", *(f"row__{key}" for key in keys))
            .annotate(**{f"sum_{name}": value for name, value in actual.items()})
        ),
        values,
    )
    _gather(figures, groups, "row__plan_id", [f"row__{key}" for key in keys], actual, keys)
    for key, find_names in (names or {}).items():
        found = figures[key].values()
        labels = find_names({entry.key for entry in found if entry.key is not None})
        for entry in found:
            entry.label = labels.get(entry.key, "")
    return figures


def _gather(figures, groups, plan_field, fields, numbers, keys=None):
    """Adds each group's `numbers` (annotated as `sum_<name>`) to its Figures under each key."""
    names = list(numbers)
    for group in groups:
        plan_id = group[plan_field]
        values = [group[f"sum_{name}"] or 0 for name in names]
        for key, field in zip(keys or fields, fields, strict=True):
            value = group[field]
            entry = figures[key].get((plan_id, value))
            if entry is None:
                entry = figures[key][(plan_id, value)] = Figures(key=value)
            counts = vars(entry)  # the dataclass fields, without getattr per number
            for name, number in zip(names, values, strict=True):
                counts[name] += number


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
    link = rows_links(plan_id)
    for entry in groups:
        if entry.key is None:
            entry.label = none_label
            entry.url = ""
        else:
            entry.url = link(**{url_filter: entry.key})
    return sorted(groups, key=lambda e: (e.key is None, str(e.label).casefold()))


def total(groups):
    """The sum of `groups` (Figures)."""
    result = Figures(label=gettext("Total"))
    for entry in groups:
        result.add(entry)
    return result
