"""The stakeholder map: each stakeholder's coverage, and its place on the grid of importance
and involvement."""

from collections import defaultdict
from datetime import timedelta

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Value,
    When,
)
from django.utils.translation import gettext, ngettext, pgettext

from stakeholders.models import HIGH_SCORE, Approach, Stakeholder

from ..models import (
    OPEN_STATUSES,
    PlanRow,
    Review,
)
from ..prepared import NotByIndex, Param, prepared_instances, prepared_rows
from .common import COVERAGE_DAYS, NO_MILESTONE_DAYS, choice_labels, rows_links


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


def stakeholder_coverage(plan, today, window_end):
    """The plan's stakeholders, each with `row_count`, `open_count`, `upcoming_count` (open rows
    scheduled or due for review in the next 30 days), `recently_reviewed`, `coverage` and the
    words to show (`approach_label`, `coverage_label`), and `uncovered` (`is_uncovered` up to
    `window_end`: the plan health's coverage warning).

    Three queries, none asking anything per stakeholder: the stakeholders; the plan's rows
    counted per stakeholder and status (read from an index in that order, no condition to test
    per row); and the open rows dated in the coming days, found by their dates' indexes and
    counted per stakeholder. Testing each of ten thousand rows' dates in a grouping cost more
    than both (SQLite does it in the web process)."""
    horizon = today + timedelta(days=COVERAGE_DAYS)
    values = {
        "plan": plan.pk,
        "today": today,
        "since": today - timedelta(days=COVERAGE_DAYS),
        "horizon": horizon,
        "window_end": window_end,
        "last": max(horizon, window_end),
    }
    stakeholders = prepared_instances("dashboard.coverage.stakeholders", _stakeholders, values)
    row_counts, open_counts = defaultdict(int), defaultdict(int)
    _names, lines = prepared_rows(  # read by position: hundreds of lines, no dict made of each
        "dashboard.coverage.counts",
        lambda: (
            PlanRow.objects.filter(plan_id=Param("plan"))
            .order_by()
            .values("stakeholder", "status")
            .annotate(count=Count("pk"))
        ),
        values,
    )
    for stakeholder_id, status, count in lines:
        row_counts[stakeholder_id] += count
        if status in OPEN_STATUSES:
            open_counts[stakeholder_id] += count
    dated = defaultdict(lambda: [0, 0])
    _names, lines = prepared_rows("dashboard.coverage.dated", _dated, values)
    for stakeholder_id, upcoming, window in lines:
        counts = dated[stakeholder_id]
        counts[0] += upcoming
        counts[1] += window
    none = (0, 0)
    short, approaches = Coverage.short_labels(), choice_labels(Approach)
    link = rows_links(plan.pk)
    for stakeholder in stakeholders:
        key = stakeholder.id
        stakeholder.row_count = row_counts.get(key, 0)
        stakeholder.open_count = open_counts.get(key, 0)
        upcoming, window = dated.get(key, none)
        stakeholder.upcoming_count = upcoming
        # is_uncovered's rule, from the same counts.
        stakeholder.uncovered = stakeholder.importance > HIGH_SCORE and not window
        stakeholder.approach_label = approaches[stakeholder.approach]
        stakeholder.coverage = Coverage.of(
            stakeholder.upcoming_count, stakeholder.open_count, stakeholder.recently_reviewed
        )
        stakeholder.coverage_symbol = Coverage.SYMBOLS[stakeholder.coverage]
        stakeholder.coverage_label = short[stakeholder.coverage]
        stakeholder.rows_url = link(stakeholder=key)
    return stakeholders


def _dated():
    """The open rows of Param "plan" scheduled or due for review from "today" to "last", each
    with its stakeholder and whether it falls up to "horizon" (`upcoming`) and up to
    "window_end" (`window`): those scheduled then, and those due then but not scheduled then,
    each read by a range of its date's index (a UNION ALL rather than an OR, which a database may
    read by testing every row of the plan). Counted by the caller: grouped here, SQLite would
    read the rows in stakeholder order instead, testing them all."""
    rows = PlanRow.objects.filter(plan_id=Param("plan"), status__in=OPEN_STATUSES).order_by()
    scheduled = Q(scheduled_date__range=(_day("today"), _day("last")))
    # 1 or 0, not a boolean that each database driver's value would be converted to, per line.
    flags = {
        "upcoming": Case(When(_between(_day("today"), _day("horizon")), then=1), default=0),
        "window": Case(When(_between(_day("today"), _day("window_end")), then=1), default=0),
    }
    return (
        rows.filter(scheduled)
        .values("stakeholder", **flags)
        .union(
            rows.filter(next_review_date__range=(_day("today"), _day("last")))
            .exclude(scheduled)
            .values("stakeholder", **flags),
            all=True,
        )
    )


def _day(name):
    return Param(name, DateField())


def _stakeholders():
    """stakeholder_coverage's stakeholders of Param "plan", prepared (see its values). Which
    stakeholders were reviewed lately is one list made once for the query (IN a subquery that
    does not depend on the stakeholder), not a question asked again for each of them."""
    # Read from the reviews of those days (a range of their index), each row's plan checked
    # after: the plan's rows, read first, would each be looked up among the reviews.
    reviewed = (
        Review.objects.alias(row_plan=NotByIndex(F("row__plan_id")))
        .filter(
            row_plan=Param("plan"),
            reviewed_on__gte=_day("since"),
            reviewed_on__lte=_day("today"),
        )
        .values("row__stakeholder_id")
    )
    return (
        Stakeholder.objects.filter(plan_id=Param("plan"))
        .only("plan_id", "name", "importance", "involvement")
        .annotate(recently_reviewed=ExpressionWrapper(Q(pk__in=reviewed), BooleanField()))
        .order_by("-importance", "-involvement", "name", "pk")
    )


def is_uncovered(today):
    """The rule for the plan health's coverage warning, on stakeholders with a `window_end`
    alias: of high importance (manage closely, keep satisfied) and with no open row scheduled
    or due for review from `today` to `window_end`."""
    reached = PlanRow.objects.filter(stakeholder=OuterRef("pk"), status__in=OPEN_STATUSES).filter(
        Q(scheduled_date__gte=today, scheduled_date__lte=OuterRef("window_end"))
        | Q(next_review_date__gte=today, next_review_date__lte=OuterRef("window_end"))
    )
    return Q(importance__gt=HIGH_SCORE) & ~Exists(reached)


def coverage_window_end(next_milestone, today):
    """The last day that counts for the coverage warning: the next open milestone's planned
    date, or NO_MILESTONE_DAYS from `today` when none lies ahead."""
    if next_milestone is not None:
        return next_milestone.planned_date
    return today + timedelta(days=NO_MILESTONE_DAYS)


def uncovered_stakeholders(plan_ids, today, upcoming):
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
    return (
        Stakeholder.objects.filter(plan_id__in=plan_ids)
        .alias(window_end=window_end)
        .filter(is_uncovered(today))
        .order_by("-importance", "-involvement", "name", "pk")
    )


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
