"""The stakeholder map: each stakeholder's coverage, and its place on the grid of importance
and involvement."""

from datetime import timedelta

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
)
from django.utils.translation import gettext, ngettext, pgettext

from stakeholders.models import HIGH_SCORE, Approach, Stakeholder

from ..models import (
    OPEN_STATUSES,
    PlanRow,
    Review,
)
from .common import COVERAGE_DAYS, choice_labels, rows_links


class Coverage:
    """How well a stakeholder is reached: colour, symbol, border pattern and words together."""

    GOOD, PARTLY, NONE = "good", "partly", "none"
    SYMBOLS = {GOOD: "✓", PARTLY: "◐", NONE: "✖"}

    @classmethod
    def labels(cls):
        return {
            cls.GOOD: ngettext(
                "Covered: an activity in the next %(days)d day",
                "Covered: an activity in the next %(days)d days",
                COVERAGE_DAYS,
            )
            % {"days": COVERAGE_DAYS},
            cls.PARTLY: ngettext(
                "Partly: open activities later, or reviewed in the last %(days)d day",
                "Partly: open activities later, or reviewed in the last %(days)d days",
                COVERAGE_DAYS,
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


def stakeholder_coverage(plan, today, window_end=None):
    """The plan's stakeholders, each with `row_count`, `open_count`, `upcoming_count` (open rows
    scheduled or due for review in the next 30 days), `recently_reviewed`, `coverage` and the
    words to show (`approach_label`, `coverage_label`); with `window_end`, also `window_count`:
    open rows scheduled or due for review from `today` to that day (the plan health's coverage
    warning). Two queries: the stakeholders, and their rows counted per stakeholder (grouping
    the rows alone costs less than joining them to every stakeholder's columns)."""
    horizon = today + timedelta(days=COVERAGE_DAYS)
    stakeholders = list(
        Stakeholder.objects.filter(plan=plan)
        .only("plan_id", "name", "importance", "involvement")
        .annotate(
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
    is_open = Q(status__in=OPEN_STATUSES)
    counted = {
        "row_count": Count("pk"),
        "open_count": Count("pk", filter=is_open),
        "upcoming_count": Count("pk", filter=is_open & _between(today, horizon)),
    }
    if window_end is not None:
        counted["window_count"] = Count("pk", filter=is_open & _between(today, window_end))
    counts = {
        group["stakeholder"]: group
        for group in PlanRow.objects.filter(plan=plan)
        .order_by()
        .values("stakeholder")
        .annotate(**counted)
    }
    none = dict.fromkeys(counted, 0)
    short, approaches = Coverage.short_labels(), choice_labels(Approach)
    link = rows_links(plan.pk)
    for stakeholder in stakeholders:
        group = counts.get(stakeholder.pk, none)
        stakeholder.row_count = group["row_count"]
        stakeholder.open_count = group["open_count"]
        stakeholder.upcoming_count = group["upcoming_count"]
        stakeholder.window_count = group.get("window_count")
        stakeholder.approach_label = approaches[stakeholder.approach]
        stakeholder.coverage = Coverage.of(
            stakeholder.upcoming_count, stakeholder.open_count, stakeholder.recently_reviewed
        )
        stakeholder.coverage_symbol = Coverage.SYMBOLS[stakeholder.coverage]
        stakeholder.coverage_label = short[stakeholder.coverage]
        stakeholder.rows_url = link(stakeholder=stakeholder.pk)
    return stakeholders


def _between(first, last):
    """Rows scheduled or due for review from `first` to `last`."""
    return Q(scheduled_date__range=(first, last)) | Q(next_review_date__range=(first, last))


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
