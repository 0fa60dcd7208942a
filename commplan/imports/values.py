"""Reading one cell's value: numbers in Danish and English form, dates, free-text time and
resources, and names of choices in either language.

Every parser takes what a spreadsheet cell holds (text, a number, a date) and returns the value,
or raises ValueError when it cannot be read.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import translation
from openpyxl.utils.datetime import from_excel

from .headings import key

HOURS_PER_DAY = Decimal("7.4")  # a Danish working day: 37 hours a week
HOURS_PER_WEEK = Decimal("37")
TWO_PLACES = Decimal("0.01")

# Digits with "." or "," between groups: 2 · 1,5 · 1.200 · 1.200,50 · 1,200.50
NUMBER = r"\d+(?:[.,\u00a0\u202f]\d+)*"


def parse_number(text, decimal_comma=None):
    """The number in `text`, read the Danish or the English way.

    With both "." and "," the last one is the decimal mark (1.200,50 and 1,200.50). In a file
    that writes decimal commas (`decimal_comma` True) "," is the decimal mark and "." groups
    thousands (1,250 is 1.25; 1.250 is 1250); in one that writes decimal points (False) it is the
    other way round. When the file does not say (None): with one of them once and exactly three
    digits after it, it separates thousands (1.200 and 1,200); otherwise it is the decimal mark
    (1,5 and 2.25). Spaces between groups are ignored.
    """
    digits = re.sub(r"[\s\u00a0\u202f']", "", str(text))
    if not re.fullmatch(r"-?\d+(?:[.,]\d+)*", digits):
        raise ValueError(text)
    if "," in digits and "." in digits:
        decimal_mark = "," if digits.rfind(",") > digits.rfind(".") else "."
        digits = digits.replace("." if decimal_mark == "," else ",", "")
        digits = digits.replace(decimal_mark, ".")
    elif "," in digits or "." in digits:
        mark = "," if "," in digits else "."
        parts = digits.split(mark)
        if len(parts) == 2 and decimal_comma is not None and _is_decimal(mark, decimal_comma):
            digits = ".".join(parts)
        elif len(parts) > 2 or (len(parts) == 2 and len(parts[1]) == 3 and parts[0] != "0"):
            digits = "".join(parts)  # thousands
        else:
            digits = ".".join(parts)
    try:
        return Decimal(digits)
    except InvalidOperation as error:
        raise ValueError(text) from error


def _is_decimal(mark, decimal_comma):
    return (mark == ",") == decimal_comma


def is_ambiguous(text):
    """True when `text` reads as a different number with "," or "." as the decimal mark:
    one mark, once, with three digits after it (1,250 or 1.250)."""
    digits = re.sub(r"[\s\u00a0\u202f']", "", str(text))
    return bool(re.fullmatch(r"-?[1-9]\d{0,2}[.,]\d{3}", digits))


def decimal_mark_of(texts):
    """True when `texts` (a column's cells written as text) show a decimal comma, False when
    they show a decimal point, None when they do not say."""
    comma = point = False
    for text in texts:
        digits = re.sub(r"[\s\u00a0\u202f']", "", str(text))
        if re.fullmatch(
            r"-?\d+,\d{1,2}|-?\d{1,3}(?:\.\d{3})+,\d+|-?\d{1,3}(?:\.\d{3}){2,}", digits
        ):
            comma = True
        elif re.fullmatch(
            r"-?\d+\.\d{1,2}|-?\d{1,3}(?:,\d{3})+\.\d+|-?\d{1,3}(?:,\d{3}){2,}", digits
        ):
            point = True
    if comma != point:
        return comma
    return None


def to_decimal(value, decimal_comma=None):
    """A cell holding a number (typed, or as text) as a Decimal with two places."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        number = parse_number(str(value).strip().removesuffix(",-"), decimal_comma)
    return number.quantize(TWO_PLACES)


# Dates

ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]*)?")
# dd-mm-yyyy, dd.mm.yyyy, d/m-yyyy, d/m/yyyy (day first, as in Denmark); two-digit years too.
DANISH_DATE = re.compile(r"(\d{1,2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{4}|\d{2})")


def parse_date(value, *, serial_numbers=False):
    """A date from an Excel date cell, an Excel serial number (when `serial_numbers`), or text
    as 2026-05-01, 01-05-2026, 01.05.2026, 1/5-2026 or 1/5/2026."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and serial_numbers:
        try:
            return from_excel(value).date()
        except (OverflowError, ValueError, TypeError) as error:
            raise ValueError(value) from error
    text = str(value).strip()
    if match := ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    elif match := DANISH_DATE.fullmatch(text):
        day, month, year = match.groups()
        if len(year) == 2:
            year = f"20{year}"
    else:
        raise ValueError(value)
    return datetime.date(int(year), int(month), int(day))


# "uge 12", "week 12 2026", "Q2", "2. kvartal 2026": a week's Monday, a quarter's first day
WEEK = re.compile(r"(?:uge|week|wk|w|u)\.?\s*(\d{1,2})(?:\s*[,/-]?\s*(\d{4}))?", re.I)
QUARTER = re.compile(
    r"(?:q\s*([1-4])|([1-4])\s*\.?\s*(?:kvartal|quarter|kvt\.?))(?:\s*[,/-]?\s*(\d{4}))?", re.I
)


def parse_period(text, year):
    """(the first day, whether the text gave its year) of a week or quarter written as text
    ("uge 12", "week 12 2026", "Q2", "2. kvartal 2026"), in `year` when the text has none;
    ValueError otherwise."""
    text = " ".join(str(text).split())
    if match := WEEK.fullmatch(text):
        week, given = int(match[1]), match[2]
        try:
            return datetime.date.fromisocalendar(int(given or year), week, 1), bool(given)
        except ValueError as error:
            raise ValueError(text) from error
    if match := QUARTER.fullmatch(text):
        quarter, given = int(match[1] or match[2]), match[3]
        return datetime.date(int(given or year), 3 * quarter - 2, 1), bool(given)
    raise ValueError(text)


# Time and resources written as free text

HOUR_UNITS = r"timer|time|tim\.?|t\.?|hours?|hrs?\.?|h"
MINUTE_UNITS = r"minutter|minut|min\.?|minutes?|mins?"
DAY_UNITS = r"arbejdsdage|arbejdsdag|dage|dag|working days?|work ?days?|days?"
WEEK_UNITS = r"uger|uge|weeks?"
UNIT_HOURS = [
    (HOUR_UNITS, Decimal(1)),
    (MINUTE_UNITS, Decimal(1) / 60),
    (DAY_UNITS, HOURS_PER_DAY),
    (WEEK_UNITS, HOURS_PER_WEEK),
]
WORD_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "en": 1,
    "et": 1,
    "én": 1,
    "two": 2,
    "to": 2,
    "three": 3,
    "tre": 3,
    "half": Decimal("0.5"),
    "halv": Decimal("0.5"),
    "½": Decimal("0.5"),
    "halvanden": Decimal("1.5"),
}
HALF = r"(?:(?:a|an|en|et)\s+)?(?:half|halv|½)(?:\s+(?:a|an|en|et))?"
QUANTITY = rf"(?P<qty>{NUMBER}(?:\s*½)?|{HALF}|halvanden|one|two|three|an|a|en|et|én|to|tre)"
DURATION = re.compile(
    rf"(?<![\w.,]){QUANTITY}\s*(?P<unit>{'|'.join(u for u, _ in UNIT_HOURS)})(?![\w])", re.I
)
CURRENCIES = {
    "kr": "DKK",
    "kr.": "DKK",
    "kroner": "DKK",
    "dkk": "DKK",
    ",-": "DKK",
    "eur": "EUR",
    "euro": "EUR",
    "€": "EUR",
    "usd": "USD",
    "$": "USD",
    "sek": "SEK",
    "nok": "NOK",
}
CURRENCY = r"kroner|kr\.?|dkk|eur|euro|€|usd|\$|sek|nok"
MONEY = re.compile(
    rf"(?<![\w.,])(?:(?P<before>{CURRENCY})\s*(?P<amount1>{NUMBER})(?:,-)?"
    rf"|(?P<amount2>{NUMBER})\s*(?:,-\s*)?(?P<after>{CURRENCY}|,-)(?![\w]))",
    re.I,
)
# Words that join the parts of a budget and say nothing themselves.
FILLER = re.compile(
    r"\b(?:og|and|plus|samt|ca|cirka|approx|approximately|about|omkring|i alt|total|"
    r"max|maks|højst|at most|op til|up to|budget)\b|[+/,;:&()\-–—~.]",
    re.I,
)


@dataclass
class Resources:
    """Hours and cost read from a text; `complete` when nothing else was written."""

    hours: Decimal | None = None
    cost: Decimal | None = None
    complete: bool = False
    other_currency: str = ""


def _quantity(text, decimal_comma=None):
    text = " ".join(text.casefold().split())
    if text in WORD_NUMBERS:
        return Decimal(WORD_NUMBERS[text])
    if re.fullmatch(HALF, text):
        return Decimal("0.5")
    if text.endswith("½"):  # 1½
        return parse_number(text[:-1].strip(), decimal_comma) + Decimal("0.5")
    return parse_number(text, decimal_comma)


def _unit_hours(unit):
    for pattern, hours in UNIT_HOURS:
        if re.fullmatch(pattern, unit, re.I):
            return hours
    raise ValueError(unit)  # pragma: no cover - DURATION only matches these units


def parse_resources(text, currency="DKK", decimal_comma=None):
    """Hours and cost from free text such as "2 t / 1.200 DKK", "half a day, 800 kr" or
    "1,5 timer"; a day is 7.4 hours, a week 37. Amounts in another currency than `currency` are
    not taken."""
    result = Resources()
    rest = str(text)
    for match in MONEY.finditer(rest):
        amount = parse_number(match["amount1"] or match["amount2"], decimal_comma)
        code = CURRENCIES[(match["before"] or match["after"]).casefold()]
        if code != currency.upper():
            result.other_currency = code
            continue
        result.cost = (result.cost or 0) + amount
    rest = MONEY.sub(" ", rest)
    for match in DURATION.finditer(rest):
        hours = _quantity(match["qty"], decimal_comma) * _unit_hours(match["unit"])
        result.hours = (result.hours or 0) + hours
    rest = DURATION.sub(" ", rest)
    if result.hours is not None:
        result.hours = result.hours.quantize(TWO_PLACES)
    if result.cost is not None:
        result.cost = result.cost.quantize(TWO_PLACES)
    leftover = FILLER.sub(" ", rest)
    found = result.hours is not None or result.cost is not None
    result.complete = found and not leftover.strip() and not result.other_currency
    return result


# Choices named in either language


def choice_lookup(choices, languages, extra=None):
    """{key(name): value} for every value and label of `choices` in each of `languages`."""
    lookup = {key(value): value for value in choices.values}
    for language in languages:
        with translation.override(language):
            lookup |= {key(str(label)): value for value, label in choices.choices}
    for name, value in (extra or {}).items():
        lookup[key(name)] = value
    return lookup


def parse_choice(text, lookup):
    """The choice `text` names, or ValueError."""
    try:
        return lookup[key(str(text))]
    except KeyError as error:
        raise ValueError(text) from error
