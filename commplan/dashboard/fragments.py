"""The dashboard's long parts written by compiled Jinja2 templates (jinja2/commplan/dashboard/),
as the plan table's rows are (issue 16): the timeline's milestones and its phone list, the
milestone table, the budget tables and the stakeholder map.

A plan of 200 milestones, 200 stakeholders and 100 channels has over a thousand lines there;
through the Django template language each cost a loop step, a `with`, several `if`s and a tag,
three quarters of the page's time. The Django templates keep the headings and the words; these
functions get every value formatted and every word translated before Jinja2 writes the lines.
"""

from django.template import engines
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from milestones.models import MilestoneStatus

from ..rows.table import ShortDates
from ..templatetags.commplan import hyphenate
from .cells import Cells

TEMPLATES = "commplan/dashboard/"


def _render(name, **context):
    template = engines["jinja2"].env.get_template(TEMPLATES + name)
    # The output of an autoescaping template whose Python-written cells escape every value.
    return mark_safe(template.render(**context))  # noqa: S308


def timeline_marks(timeline):
    """The timeline's milestones and periods (timeline.timeline_chart's `marks`, `clusters`),
    drawn inside its SVG."""
    return _render(
        "timeline_marks.jinja",
        marks=timeline["marks"],
        clusters=timeline["clusters"],
        line_height=timeline["line_height"],
        cancelled=MilestoneStatus.CANCELLED,
    )


class _DatedMilestone:
    __slots__ = ("actual", "iso_date", "milestone", "planned", "slip")


def timeline_dates(timeline, dashboard):
    """The `<li>`s of the phone's timeline: each milestone by date with its dates, phase, status
    and slip, and today's mark where it falls."""
    short, slips = ShortDates(), {0: ""}
    items = []
    for milestone in timeline["by_date"]:
        item = _DatedMilestone()
        item.milestone = milestone
        item.iso_date = milestone.planned_date.isoformat()
        item.planned = short(milestone.planned_date)
        item.actual = short(milestone.actual_date)
        slip = milestone.slip
        item.slip = slips.get(slip)
        if item.slip is None:  # the same few slips recur: each worded once
            item.slip = slips[slip] = ngettext("slip %(days)s day", "slip %(days)s days", slip) % {
                "days": slip
            }
        items.append(item)
    today = f"{gettext('Today')} {date_format(dashboard.today, 'SHORT_DATE_FORMAT')}"
    return _render(
        "timeline_dates.jinja",
        items=items,
        today_at=timeline["today_at"],
        today=today,
        current_phase=dashboard.current_phase,
    )


def milestone_groups(dashboard, currency):
    """The milestone table's `<tbody>`s: a line per phase, then one per milestone of it."""
    current_phase = dashboard.current_phase
    cells = Cells(currency)
    groups = [
        {
            "figures": figures,
            "cells": cells.figures(figures),
            # Each milestone's line with its cells written (no call from the template per line).
            "entries": [
                (entry, cells.milestone(entry.milestone) + cells.figures(entry))
                for entry in (entries if figures.key else ())
            ],
            "current": bool(figures.key) and figures.key == current_phase,
            "count": ngettext("%(counter)s milestone", "%(counter)s milestones", len(entries))
            % {"counter": len(entries)},
        }
        for figures, entries in dashboard.phase_groups
    ]
    return _render(
        "milestone_groups.jinja",
        groups=groups,
        current_phase=gettext("current phase"),
        current=gettext("current"),
    )


def budget_rows(groups, currency):
    """A budget table's lines, one per phase, owner or channel (Figures)."""
    cells = Cells(currency)
    lines = [(f, cells.budget(f), cells.burn(f)) for f in groups]
    return _render("budget_rows.jinja", lines=lines)


def stakeholder_map(grid):
    """The stakeholder map's grid (coverage.stakeholder_grid) with a chip per stakeholder."""
    cells = Cells(None)
    chips = {
        s.pk: cells.chip(s) for row in grid for cell in row["cells"] for s in cell["stakeholders"]
    }
    return _render("map.jinja", grid=grid, hyphenate=hyphenate, chips=chips)


def stakeholder_rows(stakeholders):
    """The stakeholder map's table: a line per stakeholder."""
    cells = Cells(None)
    lines = [(s, cells.stakeholder(s)) for s in stakeholders]
    return _render("map_rows.jinja", lines=lines)
