"""Planned vs actual figures, grouped per milestone, phase, channel or owner."""

from dataclasses import dataclass
from decimal import Decimal
from operator import add

from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import (
    Count,
    F,
    Q,
    Sum,
    Value,
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
from ..prepared import Params, padded, prepared_rows, prepared_values, spread
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
        mine, theirs = vars(self), vars(other)  # the dataclass fields: no getattr per number
        for name in self.NUMBERS:
            mine[name] += theirs[name]
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
    find_names = (lambda found: {key: names(found[key])}) if names else None
    return figures_by_each(plan_ids, [key], find_names, gaps)[key]


def figures_by_each(plan_ids, keys, names=None, gaps=False):
    """Planned and actual figures of the rows of `plan_ids` grouped by each of the row fields
    `keys` in turn: {key: {(plan id, key value): Figures}}.

    One query reads the rows for all the keys (see `_each`): on PostgreSQL grouped by each key
    in turn, a hundred channels and a few owners being a hundred lines to read where grouping by
    every key together gives their product (three hundred and more).
    `names`, if given, is a function called with {key: values found} that returns
    {key: {value: label}}: the grouping queries read the rows and reviews alone, without joining the
    names' table for every row. With `gaps`, each group also counts its open rows without an
    owner or a budget, and its rows (not cancelled) with a review, for the plan health. Two
    queries, plus those of `names`, whatever the number of rows.
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
    groups = prepared_rows(
        ("dashboard.figures.rows", *shape),
        lambda: _each(
            PlanRow.objects.filter(plan_id__in=Params("plan", len(plan_ids))).filter(NOT_CANCELLED),
            "plan_id",
            keys,
            planned,
        ),
        values,
    )
    _gather(figures, groups, keys, planned)
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
    groups = prepared_rows(
        ("dashboard.figures.reviews", *shape),
        lambda: _each(
            Review.objects.filter(row__plan_id__in=Params("plan", len(plan_ids))),
            "row__plan_id",
            [f"row__{key}" for key in keys],
            actual,
        ),
        values,
    )
    _gather(figures, groups, keys, actual)
    if names:
        labels = names(
            {
                key: {entry.key for entry in found.values() if entry.key is not None}
                for key, found in figures.items()
            }
        )
        for key, found in figures.items():
            for entry in found.values():
                entry.label = labels[key].get(entry.key, "")
    return figures


def _each(queryset, plan_field, fields, numbers):
    """`queryset` grouped by plan and each of `fields`, with `numbers` as `sum_<name>`.

    On PostgreSQL one UNION ALL of a grouping per field: a line per (field's index
    `group_key`, `group_plan`, `group_value`). Each grouping's lines are few (a hundred
    channels, then a few owners) where grouping by every field together gives their product,
    each line read and summed here once per field. SQLite scans the rows in this process, where
    a second scan costs more than the lines: there, one grouping by every field together, a line
    per (`group_plan`, `group_0`, `group_1`, …)."""
    sums = {f"sum_{name}": value for name, value in numbers.items()}
    queryset = queryset.order_by()
    if len(fields) == 1 or connections[queryset.db].vendor == "sqlite":
        together = {f"group_{index}": F(field) for index, field in enumerate(fields)}
        return queryset.values(group_plan=F(plan_field), **together).annotate(**sums)
    parts = [
        queryset.values(group_plan=F(plan_field), group_value=F(field)).annotate(
            group_key=Value(index), **sums
        )
        for index, field in enumerate(fields)
    ]
    return parts[0].union(*parts[1:], all=True)


def _gather(figures, groups, keys, numbers):
    """Each group's `numbers` (annotated as `sum_<name>`) added to the Figures of its keys'
    values. `groups`: prepared_rows' (positions, lines), in one of `_each`'s two shapes.

    A line's numbers are summed per key value as lists (`map(add)`, one step for all of them)
    and added to the Figures once per value: three hundred lines of channel and owner make a
    hundred and three Figures."""
    positions, lines = groups
    names = list(numbers)
    columns = [positions[f"sum_{name}"] for name in names]
    plan_at = positions["group_plan"]
    if "group_key" in positions:  # a line per (field's index, plan, value)
        key_at, value_at = positions["group_key"], positions["group_value"]
        found_in = lambda line: ((keys[line[key_at]], line[value_at]),)  # noqa: E731
    else:  # a line per (plan, value of each field)
        group_columns = [(key, positions[f"group_{index}"]) for index, key in enumerate(keys)]
        found_in = lambda line: [(key, line[at]) for key, at in group_columns]  # noqa: E731
    sums = {key: {} for key in keys}
    for line in lines:
        plan_id = line[plan_at]
        numbers_of_line = [line[at] or 0 for at in columns]
        for key, value in found_in(line):
            per_value = sums[key]
            found = per_value.get((plan_id, value))
            per_value[(plan_id, value)] = (
                numbers_of_line if found is None else list(map(add, found, numbers_of_line))
            )
    for key, per_value in sums.items():
        per_key = figures[key]
        for group, summed in per_value.items():
            entry = per_key.get(group)
            if entry is None:
                entry = per_key[group] = Figures(key=group[1])
            counts = vars(entry)  # the dataclass fields, without getattr per number
            for name, number in zip(names, summed, strict=True):
                counts[name] += number


def channel_and_owner_names(found):
    """{"channel": {id: name}, "owner": {user id: full name, else username}} for the channels and
    owners in `found` ({"channel": ids, "owner": ids}), in one prepared query (a UNION ALL)."""
    channels, owners = padded(found["channel"]), padded(found["owner"])

    def build():
        return (
            Channel.objects.filter(pk__in=Params("channel", len(channels)))
            .annotate(name_kind=Value(0), name_a=F("name"), name_b=Value(""), name_c=Value(""))
            .values("name_kind", "pk", "name_a", "name_b", "name_c")
            .order_by()
            .union(
                get_user_model()
                .objects.filter(pk__in=Params("owner", len(owners)))
                .annotate(
                    name_kind=Value(1),
                    name_a=F("first_name"),
                    name_b=F("last_name"),
                    name_c=F("username"),
                )
                .values("name_kind", "pk", "name_a", "name_b", "name_c")
                .order_by(),
                all=True,
            )
        )

    labels = {"channel": {}, "owner": {}}
    lines = prepared_values(
        ("dashboard.names", len(channels), len(owners)),
        build,
        {**spread("channel", channels), **spread("owner", owners)},
    )
    for line in lines:
        if line["name_kind"] == 0:
            labels["channel"][line["pk"]] = line["name_a"]
        else:
            labels["owner"][line["pk"]] = _full_name(line["name_a"], line["name_b"], line["name_c"])
    return labels


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
