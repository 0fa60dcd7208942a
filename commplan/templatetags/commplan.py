"""Formatting the planner's numbers the way each language writes them."""

from decimal import Decimal
from html import escape

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

_separators = {}  # language -> (decimal separator, thousand separator, grouping)


@receiver(setting_changed)
def _forget_separators(**kwargs):
    _separators.clear()


def grouped(value, decimal_pos, language=None):
    """`value` with `decimal_pos` decimals and its thousands grouped, as the active language writes
    it (formats.number_format with force_grouping). The language's separators are read once, not
    three times per number: a dashboard writes over a thousand numbers."""
    language = language or get_language()
    separators = _separators.get(language)
    if separators is None:
        separators = _separators[language] = tuple(
            formats.get_format(name, use_l10n=True)
            for name in ("DECIMAL_SEPARATOR", "THOUSAND_SEPARATOR", "NUMBER_GROUPING")
        )
    decimal_separator, thousand_separator, grouping = separators
    if grouping != 3:  # Django knows the other groupings (none of the product's languages)
        return formats.number_format(
            value, decimal_pos=decimal_pos, use_l10n=True, force_grouping=True
        )
    return f"{value:,.{decimal_pos}f}".translate(
        {ord(","): thousand_separator, ord("."): decimal_separator}
    )


@register.filter
def money(value, currency="DKK"):
    """`1.234,50 kr.` in Danish for DKK, `DKK 1,234.50` otherwise; empty for no value."""
    if value is None or value == "":
        return ""
    language = get_language()
    amount = grouped(Decimal(value), 2, language)
    if (language or "").startswith("da") and currency == "DKK":
        return f"{amount}\xa0kr."
    return f"{currency}\xa0{amount}"


@register.filter
def hours(value):
    """Hours with up to two decimals, localised (`1,5` in Danish); empty for no value."""
    if value is None or value == "":
        return ""
    value = Decimal(value).normalize()
    places = max(0, -value.as_tuple().exponent)
    return grouped(value, min(places, 2))


def _cells(values):
    # Every value is escaped here; format_html_join would cost more than the rest of the row.
    cells = "".join(f'<td class="text-end text-nowrap">{escape(str(v))}</td>' for v in values)
    return mark_safe(cells)  # noqa: S308


# A dashboard table has a row per milestone, channel or owner (hundreds in a large plan): one tag
# per row writes its number cells, instead of a template variable and a filter per cell.
@register.simple_tag
def figure_cells(figures, currency):
    """A Figures row's cells: activities planned and done; reviews recorded, on time and with the
    goal reached; hours and cost, planned and actual."""
    return _cells(
        (
            figures.rows,
            figures.done,
            figures.reviews,
            figures.on_time_text,
            figures.goal_text,
            hours(figures.planned_hours),
            hours(figures.actual_hours),
            money(figures.planned_cost, currency),
            money(figures.actual_cost, currency),
        )
    )


@register.simple_tag
def budget_cells(figures, currency):
    """A Figures row's budget cells: activities; hours and cost, planned and actual."""
    return _cells(
        (
            figures.rows,
            hours(figures.planned_hours),
            hours(figures.actual_hours),
            money(figures.planned_cost, currency),
            money(figures.actual_cost, currency),
        )
    )
