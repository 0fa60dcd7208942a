"""The dashboard's table cells and long parts.

The cells are written by commplan.dashboard.cells, the long parts (timeline, milestone table,
budget tables, stakeholder map, the things each health warning names) by
commplan.dashboard.fragments (issue 16); these tags hand them to the Django templates around
them.
"""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.safestring import mark_safe

from ..dashboard import fragments
from ..dashboard.cells import Cells, forget_formats

register = template.Library()


@receiver(setting_changed)
def _forget_formats(**kwargs):
    forget_formats()


def _html(text):
    return mark_safe(text)  # noqa: S308 - every value in it went through escape()


# The lines of a table's foot, once per table.
@register.simple_tag
def figure_cells(figures, currency):
    """A Figures line's cells (commplan.dashboard.cells.Cells.figures)."""
    return Cells(currency).figures(figures)


@register.simple_tag
def budget_cells(figures, currency):
    """A Figures line's budget cells and its burn (commplan.dashboard.cells.Cells.budget)."""
    cells = Cells(currency)
    return _html(
        cells.budget(figures) + f'<td class="burn-col text-nowrap">{cells.burn(figures)}</td>'
    )


# The dashboard's long parts.
for _part in (
    fragments.timeline_marks,
    fragments.timeline_dates,
    fragments.milestone_groups,
    fragments.budget_rows,
    fragments.stakeholder_map,
    fragments.stakeholder_rows,
    fragments.warning_items,
):
    register.simple_tag(_part)
