"""The dashboard's long parts, written outside the Django template language (issue 16): the
timeline's milestones by a compiled Jinja2 template (jinja2/commplan/dashboard/), as the plan
table's rows are; the phone's timeline list, the stakeholder map and its table, the milestone
table's lines and the budget tables' lines by one f-string per line (Jinja2's escape of each
chip, already escaped, cost more than the chip).

A plan of 200 milestones, 200 stakeholders and 100 channels has over a thousand lines there;
through the Django template language each cost a loop step, a `with`, several `if`s and a tag,
three quarters of the page's time, and even Jinja2's lookups and escapes per value cost more
than the text of a line of a few numbers. The Django templates keep the headings and the words;
these functions get every value formatted, escaped and every word translated first.
"""

from django.template import engines
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from milestones.models import MilestoneStatus

from ..templatetags.commplan import hyphenate
from .cells import Cells, escape, short_date

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


def timeline_dates(timeline, dashboard):
    """The `<li>`s of the phone's timeline: each milestone by date with its dates, phase, status
    and slip, and today's mark where it falls.

    Written here, one f-string per milestone, rather than by a template: two hundred lines of a
    few values each, where a template's attribute lookups and escapes cost more than the text.
    """
    language, slips = get_language(), {0: ""}
    current_phase = dashboard.current_phase
    # Translated outside the f-strings: makemessages does not look inside one.
    today_word = gettext("Today")
    today = escape(f"{today_word} {date_format(dashboard.today, 'SHORT_DATE_FORMAT')}")
    today_line = f'\n<li class="tv-today"><span>{today}</span></li>'
    today_at, words = timeline["today_at"], {}

    def word(text):  # a phase's name or a status: a few words every line repeats
        escaped = words.get(text)
        if escaped is None:
            escaped = words[text] = escape(text)
        return escaped

    lines = []
    for position, m in enumerate(timeline["by_date"]):
        if position == today_at:
            lines.append(today_line)
        slip = m.slip
        slip_text = slips.get(slip)
        if slip_text is None:  # the same few slips recur: each worded once
            slip_text = slips[slip] = escape(
                ngettext("slip %(days)s day", "slip %(days)s days", slip) % {"days": slip}
            )
        actual = short_date(language, m.actual_date)
        lines.append(
            f'\n<li class="tv-item tv-{escape(m.status)}{" tv-late" if slip > 0 else ""}'
            f'{" tv-current" if m.phase == current_phase else ""}">'
            f'\n<time class="tv-date" datetime="{m.planned_date.isoformat()}">'
            f"{short_date(language, m.planned_date)}</time>"
            f'\n<a class="tv-title" href="{escape(m.rows_url)}">{escape(m.title)}</a>'
            f'\n<span class="tv-meta">{m.phase}. {word(m.phase_name)} · {word(m.status_label)}'
            f"{f' {actual}' if actual else ''}"
            + (
                f' · <span class="{"tv-slip" if slip > 0 else "tv-early"}">{slip_text}</span>'
                if slip
                else ""
            )
            + "</span>\n</li>"
        )
    if today_at == len(timeline["by_date"]):
        lines.append(today_line)
    return SafeString("".join(lines))  # every value from the plan in it went through escape()


def milestone_groups(dashboard, currency):
    """The milestone table's `<tbody>`s: a line per phase, then one per milestone of it."""
    current_phase = dashboard.current_phase
    cells = Cells(currency)
    current_word = gettext("current")
    current = f' <span class="badge text-bg-light border">{escape(current_word)}</span>'
    groups = [
        {
            "figures": figures,
            "cells": cells.figures(figures),
            # Each milestone's line written here (no template step per line).
            "lines": SafeString(
                "".join(
                    _milestone_line(entry, cells, current)
                    for entry in (entries if figures.key else ())
                )
            ),
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
    )


def _milestone_line(entry, cells, current):
    """A milestone's `<tr>` in the milestone table: its name (a link to its activities, "current"
    beside the current one), dates, status and slip, then its figures."""
    return (
        f'\n<tr>\n<th scope="row" class="fw-normal milestone-name"><a href="{escape(entry.url)}">'
        f"{escape(entry.label)}</a>{current if entry.milestone.is_current else ''}</th>\n"
        f"{cells.milestone(entry.milestone)}{cells.figures(entry)}\n</tr>"
    )


def budget_rows(groups, currency):
    """A budget table's lines, one per phase, owner or channel (Figures), written here: a
    hundred channels' lines of a few cells each."""
    cells = Cells(currency)
    lines = []
    for f in groups:
        label = escape(f.label)
        name = f'<a href="{escape(f.url)}">{label}</a>' if f.url else label
        lines.append(
            f'\n<tr>\n<th scope="row" class="fw-normal">{name}</th>\n{cells.budget(f)}'
            f'\n<td class="burn-col text-nowrap">{cells.burn(f)}</td>\n</tr>'
        )
    return SafeString("".join(lines))  # every value from the plan in it went through escape()


def stakeholder_map(grid):
    """The stakeholder map's grid (coverage.stakeholder_grid) with a chip per stakeholder: five
    rows of five cells, each cell's chips in a list."""
    cells, language = Cells(None), get_language()
    html = []
    for row in grid:
        html.append(
            f'\n<div class="map-score map-score-y" aria-hidden="true">{row["importance"]}</div>'
        )
        for cell in row["cells"]:
            classes = f"map-cell quadrant-{cell['approach']}"
            if cell["involvement"] == 4:
                classes += " split-left"
            if cell["importance"] == 3:
                classes += " split-top"
            html.append(f'\n<div class="{classes}">')
            if cell["name"]:
                name = escape(hyphenate(cell["name"], language))
                html.append(f'<span class="quadrant-name">{name}</span>')
            if cell["stakeholders"]:
                html.append('\n<ul class="list-unstyled mb-0">')
                html.extend(f"\n<li>{cells.chip(s)}</li>" for s in cell["stakeholders"])
                html.append("\n</ul>")
            html.append("\n</div>")
    return SafeString("".join(html))  # every value from the plan in it went through escape()


def stakeholder_rows(stakeholders):
    """The stakeholder map's table: a line per stakeholder."""
    cells = Cells(None)
    return SafeString(
        "".join(
            f'\n<tr>\n<th scope="row">{escape(s.name)}</th>\n{cells.stakeholder(s)}\n</tr>'
            for s in stakeholders
        )
    )  # every value from the plan in it went through escape()


def warning_items(warning):
    """The `<li>`s naming the things a health warning is about (its first SHOWN_ITEMS), each
    linking to the rows to fix, and "and N more" linking to all of them."""
    lines = []
    for item in warning.shown_items:
        count = f" ({item.count})" if item.count else ""
        detail = (
            f' <span class="text-body-secondary">– {escape(str(item.detail))}</span>'
            if item.detail
            else ""
        )
        lines.append(
            f'\n<li><a href="{escape(item.url)}">{escape(str(item.label))}</a>{count}{detail}</li>'
        )
    if more := warning.more_items:
        words = ngettext("and %(counter)s more", "and %(counter)s more", more) % {"counter": more}
        lines.append(f'\n<li><a href="{escape(warning.url)}">{escape(words)}</a></li>')
    return SafeString("".join(lines))  # every value in it went through escape()
