"""Formatting the planner's numbers, amounts and weeks the way each language writes them."""

import datetime
import functools
from decimal import Decimal
from html import escape

import pyphen
from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import formats
from django.utils.translation import get_language, gettext

register = template.Library()

SOFT_HYPHEN = "\u00ad"


@functools.cache
def _dictionary(language):
    fallback = pyphen.language_fallback(language or "en")
    return pyphen.Pyphen(lang=fallback) if fallback else None


@register.filter
def hyphenate(text, language=None):
    """`text` with soft hyphens at the syllable breaks of its words, from the hyphenation
    dictionary of `language` (the page's by default): a long Danish compound in a narrow box
    breaks as "Efterspørgsels-planlægning", never at a random letter. Plain text, not escaped."""
    return _hyphenated(language or get_language(), str(text))


@functools.lru_cache(maxsize=4096)
def _hyphenated(language, text):
    # The same names on every view of a dashboard (hundreds of stakeholders): once each.
    dictionary = _dictionary(language)
    if dictionary is None:
        return text
    return " ".join(dictionary.inserted(word, hyphen=SOFT_HYPHEN) for word in text.split(" "))


# language -> (translate table to its separators, its grouping): see _number_format
_separators: dict[str, tuple[dict[int, str], int]] = {}


@receiver(setting_changed)
def _forget_separators(**kwargs):
    _separators.clear()


def _number_format(language):
    """(a str.translate table from Python's "," and "." to the language's thousand and decimal
    separators, the language's NUMBER_GROUPING), read once per language."""
    separators = _separators.get(language)
    if separators is None:
        decimal_separator, thousand_separator, grouping = (
            formats.get_format(name, lang=language, use_l10n=True)
            for name in ("DECIMAL_SEPARATOR", "THOUSAND_SEPARATOR", "NUMBER_GROUPING")
        )
        table = {ord(","): thousand_separator, ord("."): decimal_separator}
        separators = _separators[language] = (table, grouping)
    return separators


def grouped(value, decimal_pos, language=None):
    """`value` with `decimal_pos` decimals and its thousands grouped, as the active language writes
    it (formats.number_format with force_grouping). The language's separators are read once, not
    three times per number: a dashboard writes over a thousand numbers."""
    table, grouping = _number_format(language or get_language())
    if grouping != 3:  # Django knows the other groupings (none of the product's languages)
        return formats.number_format(
            value, decimal_pos=decimal_pos, use_l10n=True, force_grouping=True
        )
    return f"{value:,.{decimal_pos}f}".translate(table)


@register.filter
def money(value: object, currency: str = "DKK") -> str:
    """An amount with two decimals and its currency, as the language writes it: `1.234,50 kr.`
    (DKK) and `1.234,50 EUR` in Danish, `DKK 1,234.50` and `EUR 1,234.50` in English; empty
    for no value."""
    return _money(value, currency, get_language())


def _money(value, currency, language):
    if value is None or value == "":
        return ""
    amount = grouped(Decimal(value), 2, language)
    if (language or "").startswith("da"):
        unit = "kr." if currency == "DKK" else currency
        return f"{amount}\xa0{unit}"
    return f"{currency}\xa0{amount}"


@register.filter
def hours(value: object) -> str:
    """Hours with up to two decimals, localised (`1,5` in Danish); empty for no value."""
    return _hours(value, get_language())


def _hours(value, language):
    if value is None or value == "":
        return ""
    value = Decimal(value)
    table, grouping = _number_format(language)
    if grouping != 3:
        value = value.normalize()
        return grouped(value, min(max(0, -value.as_tuple().exponent), 2), language)
    # Two decimals, then the zeros that end them dropped: "456", "440,5", "270,35". A string's
    # last characters cost less to look at than the Decimal's own digits (a dashboard writes a
    # thousand of these).
    text = f"{value:,.2f}"
    if text[-1] == "0":
        text = text[:-3] if text[-2] == "0" else text[:-1]
    return text.translate(table)


def card_labels(*headings):
    """` data-label="…"` attributes for a table's cells, each naming its column: on a phone the
    table is a stack of cards and the stylesheet shows the label above the value (app.css,
    .table-cards). Written here, not by a script, so the page needs no layout pass to get them."""
    return tuple(f' data-label="{escape(str(heading))}"' for heading in headings)


@register.simple_tag(takes_context=True)
def plan_rows(context, rows, saved=False):
    """The plan table's <tr>s for `rows` (commplan.rows.table.TableRow), written by Jinja2."""
    from ..rows.table import render_rows

    return render_rows(context, rows, saved=saved)


@register.simple_tag(takes_context=True)
def my_rows(context, rows, kind, cards=False):
    """The <tr>s of one group of /my/ (commplan.rows.my_table.MyRow), or with `cards` the cards
    phones show, written by Jinja2."""
    from ..rows.my_table import render_my_rows

    return render_my_rows(context, rows, kind, cards=cards)


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
    from ..history.timeline import KINDS, PAGE_KINDS, history_url

    for kind in PAGE_KINDS:
        if isinstance(obj, KINDS[kind][0]):
            if kind == "plan":
                plan_id = obj.pk
            elif kind == "decision":
                plan_id = obj.meeting.plan_id
            else:
                plan_id = obj.plan_id
            return history_url(plan_id, kind, obj.pk)
    return ""


@register.simple_tag
def form_layout(form):
    """`form` laid out by its FormHelper's layout, written by Jinja2 (commplan.formlayout)."""
    from commplan.formlayout import render_layout

    return render_layout(form)
