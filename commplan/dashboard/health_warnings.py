"""What the plan health says: a warning with the things it names, and the facts the checks read.
The checks themselves are in checks.py (the rows and milestones) and audience_checks.py (the
decisions, readiness and understanding of the groups)."""

import calendar
from dataclasses import dataclass, field

from django.utils.formats import date_format

from .common import OPEN_MILESTONE_STATUSES


@dataclass
class HealthItem:
    """One thing a warning names: a person, a stakeholder, a milestone; with the rows to fix."""

    label: str
    url: str
    count: int | None = None
    detail: str = ""


SHOWN_ITEMS = 8  # the things a warning names on the dashboard; "and N more" for the rest


@dataclass
class HealthWarning:
    """One condition that needs attention, how many things it concerns, and where to fix them.

    `message` is rendered when it is read, in the language active then (a page or an email).
    The things it names are made when they are read: a check may find two hundred late
    milestones where the dashboard names eight (`shown_items`), each with its link and words.
    """

    kind: str
    count: int
    url: str
    context: dict = field(default_factory=dict)
    # HealthItems, or functions that make one when called.
    found: list = field(default_factory=list)

    @property
    def items(self):
        """Every thing the warning names (HealthItems)."""
        return [self._item(index) for index in range(len(self.found))]

    @property
    def shown_items(self):
        return [self._item(index) for index in range(min(len(self.found), SHOWN_ITEMS))]

    @property
    def more_items(self):
        """How many things the dashboard does not name."""
        return max(0, len(self.found) - SHOWN_ITEMS)

    def _item(self, index):
        item = self.found[index]
        if callable(item):
            item = self.found[index] = item()
        return item

    @property
    def message(self):
        from .checks import CHECKS  # the registry names the checks, which make warnings

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
    privacy: object = None  # understanding.privacy.Privacy of the plans, when read already

    def upcoming(self):
        """{plan id: its next open milestone}."""
        upcoming = {}
        for milestone in self.milestones:
            if milestone.status in OPEN_MILESTONE_STATUSES and milestone.planned_date >= self.today:
                upcoming.setdefault(milestone.plan_id, milestone)
        return upcoming


@dataclass
class Entry:
    """One finding of a check: `count` more of its kind in `plan_id`, named by `item` (a
    HealthItem, or a function that makes it when the warning is read)."""

    plan_id: int
    count: int = 1
    item: object = None


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
            warning.found.append(entry.item)
    return warnings
