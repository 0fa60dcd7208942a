"""Formatting the planner's numbers, amounts and weeks the way each language writes them."""

import datetime
from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.translation import get_language, gettext

register = template.Library()


def _danish():
    return (get_language() or "").startswith("da")


@register.filter
def money(value, currency="DKK"):
    """An amount with two decimals and its currency, as the language writes it: `1.234,50 kr.`
    (DKK) and `1.234,50 EUR` in Danish, `DKK 1,234.50` and `EUR 1,234.50` in English; empty
    for no value."""
    if value is None or value == "":
        return ""
    amount = formats.number_format(
        Decimal(value), decimal_pos=2, use_l10n=True, force_grouping=True
    )
    if _danish():
        unit = "kr." if currency == "DKK" else currency
        return f"{amount}\xa0{unit}"
    return f"{currency}\xa0{amount}"


@register.filter
def hours(value):
    """Hours with up to two decimals, localised (`1,5` in Danish); empty for no value."""
    if value is None or value == "":
        return ""
    value = Decimal(value).normalize()
    places = max(0, -value.as_tuple().exponent)
    return formats.number_format(
        value, decimal_pos=min(places, 2), use_l10n=True, force_grouping=True
    )


@register.filter
def number(value):
    """A whole number with the language's thousands separator (`1.234`, `1,234`)."""
    if value is None or value == "":
        return ""
    return formats.number_format(value, use_l10n=True, force_grouping=True)


@register.filter
def week(value):
    """The ISO week of a date, as Danes count weeks: `uge 48` / `week 48`; empty for no date.

    Around New Year the ISO week can belong to the neighbouring year (29 December 2025 is in
    week 1), which is how Danish calendars print it too.
    """
    if not isinstance(value, datetime.date):
        return ""
    return gettext("week %(number)s") % {"number": value.isocalendar().week}


@register.filter
def small_control(field):
    """A form field's widget as a small Bootstrap control (`form-select-sm` or
    `form-control-sm`), for filter bars."""
    css = "form-select" if field.widget_type in ("select", "nullbooleanselect") else "form-control"
    return field.as_widget(attrs={"class": f"{css} {css}-sm"})


@register.simple_tag
def history_url(obj):
    """The address of `obj`'s history page, or '' when it has none."""
    from commplan.history.timeline import KINDS, PAGE_KINDS, history_url

    for kind in PAGE_KINDS:
        if isinstance(obj, KINDS[kind][0]):
            plan_id = obj.pk if kind == "plan" else obj.plan_id
            return history_url(plan_id, kind, obj.pk)
    return ""
