"""The parsers of one cell: numbers, dates, free-text time and resources, headings (issue 5 §1)."""

import datetime
from decimal import Decimal

import pytest

from commplan.imports.headings import find_heading_row, key, match_headings
from commplan.imports.values import (
    parse_date,
    parse_number,
    parse_period,
    parse_resources,
    to_decimal,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", "12"),
        ("1,5", "1.5"),
        ("2.25", "2.25"),
        ("1.200", "1200"),  # Danish thousands
        ("1,200", "1200"),  # English thousands
        ("1.200,50", "1200.50"),
        ("1,200.50", "1200.50"),
        ("1.234.567,89", "1234567.89"),
        ("1,234,567.89", "1234567.89"),
        ("1 200", "1200"),
        ("1\u00a0200,5", "1200.5"),
        ("0,500", "0.500"),
    ],
)
def test_numbers_in_danish_and_english_form(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3a", "1..2", "two"])
def test_what_is_not_a_number(text):
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(2, "2.00"), (2.5, "2.50"), ("1.200,-", "1200.00"), (" 3,75 ", "3.75")],
)
def test_cells_become_decimals_with_two_places(value, expected):
    assert to_decimal(value) == Decimal(expected)


MAY_1 = datetime.date(2026, 5, 1)


@pytest.mark.parametrize(
    "value",
    [
        MAY_1,
        datetime.datetime(2026, 5, 1, 0, 0),
        "2026-05-01",
        "2026-05-01 00:00:00",
        "01-05-2026",
        "1-5-2026",
        "01.05.2026",
        "1.5.2026",
        "1/5-2026",
        "1/5/2026",
        "01.05.26",
    ],
)
def test_dates_as_excel_cells_iso_and_danish_text(value):
    assert parse_date(value) == MAY_1


def test_excel_serial_numbers_only_from_typed_cells():
    assert parse_date(46143, serial_numbers=True) == MAY_1
    with pytest.raises(ValueError):
        parse_date(46143)


@pytest.mark.parametrize("value", ["31-02-2026", "2026-13-01", "next week", "05/2026", ""])
def test_what_is_not_a_date(value):
    with pytest.raises(ValueError):
        parse_date(value)


@pytest.mark.parametrize(
    ("text", "hours", "cost"),
    [
        ("2 t / 1.200 DKK", "2", "1200"),
        ("half a day, 800 kr", "3.70", "800"),
        ("1,5 timer", "1.5", None),
        ("en halv dag", "3.70", None),
        ("2 dage", "14.80", None),
        ("1 uge", "37", None),
        ("30 min", "0.50", None),
        ("1½ time", "1.5", None),
        ("3h", "3", None),
        ("2 hours and 1,200.50 DKK", "2", "1200.50"),
        ("DKK 5.000", None, "5000"),
        ("ca. 4 timer + 2.500 kr.", "4", "2500"),
        ("500,- kr", None, "500"),
    ],
)
def test_free_text_time_and_resources(text, hours, cost):
    found = parse_resources(text, "DKK")

    assert found.complete
    assert found.hours == (Decimal(hours) if hours else None)
    assert found.cost == (Decimal(cost) if cost else None)


@pytest.mark.parametrize(
    ("text", "hours", "cost"),
    [
        ("frokost til 20 personer", None, None),
        ("2 t + forplejning", "2", None),
        ("afhænger af budget", None, None),
        ("12", None, None),
    ],
)
def test_text_that_is_not_only_time_and_cost_is_incomplete(text, hours, cost):
    found = parse_resources(text, "DKK")

    assert not found.complete
    assert found.hours == (Decimal(hours) if hours else None)
    assert found.cost == (Decimal(cost) if cost else None)


def test_an_amount_in_another_currency_is_not_taken():
    found = parse_resources("3 t / 500 EUR", "DKK")

    assert (found.hours, found.cost, found.other_currency) == (Decimal("3"), None, "EUR")
    assert not found.complete
    assert parse_resources("500 EUR", "EUR").cost == Decimal("500")


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Interessenter (målgruppe)", "stakeholder"),
        ("INTERESSENTER  (MÅLGRUPPE)", "stakeholder"),
        ("Stakeholders (target group)", "stakeholder"),
        ("Budskabsindhold og mål", "message"),
        ("Medie – kommunikationskanal", "channel"),
        ("Medie - kommunikations-kanal", "channel"),
        ("Medie—kommunikationskanal", "channel"),
        ("Hvem har ansvaret for kommunika-tionen og at målet opnås?", "owner"),
        ("Owner (responsible for the communication and for reaching the goal)", "owner"),
        ("Hvor meget tid og ressourcer må der anvendes", "resources"),
        ("Time and resources", "resources"),
        ("Planned cost (DKK)", "planned_cost"),
        ("Planlagte omkostninger (EUR)", "planned_cost"),
        ("Ansvarliges e-mail", "owner_email"),
        ("Næste opfølgning", "next_review_date"),
        ("Milepæl", "milestone"),
        ("Fase", "phase"),
        ("Status", "status"),
    ],
)
def test_headings_in_both_languages_tolerate_case_spacing_and_dashes(heading, field):
    columns, unknown = match_headings(["", heading])

    assert columns == {field: 1}
    assert unknown == []


def test_the_heading_row_may_be_below_a_title_and_unknown_headings_are_listed():
    rows = [
        ["Kommunikationsplan 2026"],
        [],
        ["Interessenter (målgruppe)", "Budskabsindhold og mål", "Farve"],
        ["Salg", "Ny proces", "blå"],
    ]

    index, columns, unknown = find_heading_row(rows)

    assert index == 2
    assert columns == {"stakeholder": 0, "message": 1}
    assert unknown == ["Farve"]


def test_key_ignores_case_spaces_dashes_and_a_currency_code():
    assert key("Planned  cost (DKK)") == key("planned-cost") == "plannedcost"


@pytest.mark.parametrize(
    ("text", "day", "year_given"),
    [
        ("uge 12", datetime.date(2026, 3, 16), False),
        ("Uge 1 2027", datetime.date(2027, 1, 4), True),
        ("week 53, 2026", datetime.date(2026, 12, 28), True),
        ("W18", datetime.date(2026, 4, 27), False),
        ("Q2", datetime.date(2026, 4, 1), False),
        ("4. kvartal 2027", datetime.date(2027, 10, 1), True),
    ],
)
def test_weeks_and_quarters_written_as_text_are_their_first_day(text, day, year_given):
    assert parse_period(text, 2026) == (day, year_given)


@pytest.mark.parametrize("text", ["uge 54", "week 53 2027", "Q5", "uge", "snart"])
def test_what_is_not_a_week_or_quarter_is_refused(text):
    with pytest.raises(ValueError):
        parse_period(text, 2026)
