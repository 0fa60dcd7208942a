"""The dashboard's repeated table cells, written in Python.

A large plan's dashboard has a line per milestone, stakeholder and channel (hundreds each): one
tag per line writes its cells, where template variables, filters and an include per cell would
cost more than the rest of the page. Every value is escaped here.
"""

from functools import lru_cache
from html import escape

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, pgettext

from .commplan import card_labels, hyphenate, week
from .readiness import gap_html

register = template.Library()


@receiver(setting_changed)
def _forget_dates(**kwargs):
    _dated_text.cache_clear()
    _milestone_labels.cache_clear()


def _html(text):
    return mark_safe(text)  # noqa: S308 - every value in it went through escape()


def _date_cell(value, label):
    return f'<td{label} class="text-nowrap">{_dated_text(get_language(), value)}</td>'


@lru_cache(maxsize=4096)
def _dated_text(language, value):
    # Milestone dates repeat on every reading of a dashboard: format each once per language.
    if not value:
        return "—"
    return (
        f"{escape(date_format(value, 'SHORT_DATE_FORMAT'))} "
        f'<span class="small text-body-secondary">{escape(week(value))}</span>'
    )


@lru_cache(maxsize=8)
def _milestone_labels(language):
    return card_labels(
        gettext("Planned date"), gettext("Actual date"), gettext("Status"), gettext("Slip (days)")
    )


@register.simple_tag
def milestone_cells(milestone):
    """A milestone's planned and actual dates with their weeks, its status and its slip in days
    (late ones marked)."""
    slip = milestone.slip
    slip_text = f'<span class="late">+{slip}</span>' if slip > 0 else str(slip)
    planned, actual, status, slip_label = _milestone_labels(get_language())
    return _html(
        _date_cell(milestone.planned_date, planned)
        + _date_cell(milestone.actual_date, actual)
        + f"<td{status}>{escape(str(milestone.status_label))}</td>"
        + f'<td{slip_label} class="text-end">{slip_text}</td>'
    )


@register.simple_tag
def map_chip(stakeholder):
    """A stakeholder on the map: its coverage (colour, symbol and words) and name, linking to
    its activities."""
    s = stakeholder
    chip = (
        f'<a class="map-chip coverage-{s.coverage}" href="{escape(s.rows_url)}">'
        f'<span aria-hidden="true">{s.coverage_symbol}</span> {escape(hyphenate(s.name))}'
        f'<span class="visually-hidden"> ({escape(str(s.coverage_label))})</span></a>'
    )
    readiness = getattr(s, "readiness", None)
    if readiness is not None and (readiness.current or readiness.desired):
        # Beside the chip, not in it: the chip's link leads to the activities.
        chip += f'<span class="map-readiness">{gap_html(readiness, hyphenated=True)}</span>'
    return _html(chip)


@register.simple_tag
def stakeholder_cells(stakeholder):
    """A stakeholder's line in the stakeholder map's table, after its name: importance,
    involvement, engagement approach, coverage, activities in the next 30 days, readiness (a
    link to its page), and all its activities (a link to them)."""
    s = stakeholder
    # Translated outside the f-string: makemessages does not look inside one.
    activities_of = gettext("activities of")
    return _html(
        f'<td class="text-end">{s.importance}</td>'
        f'<td class="text-end">{s.involvement}</td>'
        f"<td>{escape(str(s.approach_label))}</td>"
        f'<td class="text-nowrap"><span aria-hidden="true">{s.coverage_symbol}</span> '
        f"{escape(str(s.coverage_label))}</td>"
        f'<td class="text-end">{s.upcoming_count}</td>'
        f"<td>{readiness_cell(s)}</td>"
        f'<td class="text-end"><a href="{escape(s.rows_url)}">{s.row_count}'
        f'<span class="visually-hidden"> {escape(activities_of)} '
        f"{escape(s.name)}</span></a></td>"
    )


def readiness_cell(stakeholder):
    """The stakeholder's readiness gap, linking to its readiness page."""
    readiness = getattr(stakeholder, "readiness", None)
    if readiness is None:
        return "—"
    return f'<a href="{escape(stakeholder.readiness_url)}">{gap_html(readiness)}</a>'


@register.simple_tag
def burn(figures):
    """How much of the planned cost is used: a bar (over 100 % in red, with the word "over")
    and the percentage; a dash without a planned cost."""
    if figures.cost_burn is None:
        return "—"
    over = figures.cost_burn > 100
    bar = (
        f'<svg class="burn-bar{" burn-over" if over else ""}" width="60" height="10" '
        'viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">'
        '<rect class="burn-track" x="0" y="0" width="100" height="10"/>'
        f'<rect class="burn-fill" x="0" y="0" width="{figures.cost_bar}" height="10"/></svg>'
    )
    text = f"{bar} {escape(figures.cost_burn_text)}"
    if over:
        word = pgettext("over budget", "over")
        text += f' <span class="burn-over-text">{escape(word)}</span>'
    return _html(text)
