"""The stakeholder map: each stakeholder's coverage, and its place on the grid of importance
and involvement."""

from datetime import timedelta

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
)
from django.utils.translation import gettext, pgettext

from stakeholders.models import HIGH_SCORE, Approach, Stakeholder

from ..models import (
    OPEN_STATUSES,
    Review,
)
from .common import COVERAGE_DAYS, plan_rows_url


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
