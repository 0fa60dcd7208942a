"""Formatting the planner's numbers the way each language writes them."""

from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.translation import get_language

register = template.Library()


@register.filter
def money(value, currency="DKK"):
    """`1.234,50 kr.` in Danish for DKK, `DKK 1,234.50` otherwise; empty for no value."""
    if value is None or value == "":
        return ""
    amount = formats.number_format(
        Decimal(value), decimal_pos=2, use_l10n=True, force_grouping=True
    )
    if (get_language() or "").startswith("da") and currency == "DKK":
        return f"{amount}\xa0kr."
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


@register.simple_tag
def history_url(obj):
    """The address of `obj`'s history page, or '' when it has none."""
    from commplan.history.timeline import KINDS, PAGE_KINDS, history_url

    for kind in PAGE_KINDS:
        if isinstance(obj, KINDS[kind][0]):
            plan_id = obj.pk if kind == "plan" else obj.plan_id
            return history_url(plan_id, kind, obj.pk)
    return ""
