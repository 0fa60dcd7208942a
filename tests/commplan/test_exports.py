"""A plan leaves as a spreadsheet that looks right and runs nothing (issue 5 §2)."""

import csv
import datetime
import io
import itertools
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from commplan.exports import writing as exports
from commplan.models import Goal, Happened, Review, Role, RowStatus

from ..factories import MembershipFactory, PlanRowFactory, StakeholderFactory

EVIL = '=HYPERLINK("http://evil")'
HEADING_ROW = exports.PLAN_HEADING_ROW
DONE_DA = "Gennemført"  # RowStatus.DONE in locale/da


def read_xlsx(content):
    return openpyxl.load_workbook(io.BytesIO(content))


def read_csv(content):
    """The activities: the lines before the empty line where the plan's other tables start."""
    assert content.startswith(b"\xef\xbb\xbf")
    lines = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";")
    return list(itertools.takewhile(bool, lines))


def headings(sheet, row=HEADING_ROW):
    return [cell.value for cell in sheet[row]]


def table(sheet):
    """The data rows under the heading row, as {heading: value}."""
    names = headings(sheet)
    return [
        dict(zip(names, values, strict=True))
        for values in sheet.iter_rows(min_row=HEADING_ROW + 1, values_only=True)
    ]


@pytest.fixture
def done_row(plan, owner):
    row = PlanRowFactory(
        plan=plan,
        owner=owner,
        status=RowStatus.DONE,
        assurance=EVIL,
        planned_hours=Decimal("2.5"),
        planned_cost=Decimal("1234.50"),
        scheduled_date=datetime.date(2026, 5, 1),
        next_review_date=datetime.date(2026, 5, 15),
    )
    Review.objects.create(
        row=row,
        reviewed_by=owner,
        reviewed_on=datetime.date(2026, 5, 15),
        happened=Happened.DONE,
        goal_reached=Goal.YES,
        actual_hours=Decimal("3"),
        actual_cost=Decimal("900"),
    )
    return row


def export_rows(plan, file_format, language="en"):
    return exports.export(plan, plan.rows.for_table(), file_format, language)


def test_xlsx_has_the_toolkit_layout_in_english(plan, done_row):
    plan.message_and_timing = "Monthly, after the executive meeting."
    plan.save()

    book = read_xlsx(export_rows(plan, "xlsx"))

    sheet = book.worksheets[0]
    assert sheet["A1"].value == plan.name
    assert [sheet.cell(r, 1).value for r in (3, 4, 5)] == [
        "Purpose",
        "Message and timing",
        "Stakeholders",
    ]
    assert sheet["B3"].value == plan.purpose
    assert sheet["B4"].value == "Monthly, after the executive meeting."
    assert headings(sheet)[:8] == [
        "Stakeholders (target group)",
        "Message content and goal",
        "Goal",
        "Channel",
        "Owner",
        "How it is ensured",
        "Planned hours",
        "Planned cost (DKK)",
    ]
    for heading in ("Milestone", "Phase", "Scheduled date", "Next review", "Status"):
        assert heading in headings(sheet)
    [row] = table(sheet)
    assert row["Stakeholders (target group)"] == done_row.stakeholder.name
    assert row["Owner"] == done_row.owner.get_full_name()
    assert row["Owner email"] == done_row.owner.email
    assert row["Milestone"] == done_row.milestone.title
    assert row["Status"] == "Done"


def test_xlsx_headings_follow_the_language(plan, done_row):
    before = translation.get_language()

    book = read_xlsx(export_rows(plan, "xlsx", language="da"))

    sheet = book.worksheets[0]
    assert headings(sheet)[:4] == [
        "Interessenter (målgruppe)",
        "Budskabsindhold og mål",
        "Mål",
        "Medie – kommunikationskanal",
    ]
    assert sheet["A3"].value == "Formål"
    assert table(sheet)[0]["Status"] == DONE_DA
    # The language is only borrowed for the export.
    assert translation.get_language() == before


def test_xlsx_is_frozen_wrapped_and_prints_on_a4_landscape(plan, done_row):
    sheet = read_xlsx(export_rows(plan, "xlsx")).worksheets[0]

    assert sheet.freeze_panes == f"A{HEADING_ROW + 1}"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4 in the OOXML paper-size table
    assert int(sheet.page_setup.fitToWidth) == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == f"${HEADING_ROW}:${HEADING_ROW}"
    assert sheet.cell(HEADING_ROW + 1, 2).alignment.wrap_text
    assert sheet.column_dimensions["B"].width == 40


def test_xlsx_numbers_and_dates_are_typed(plan, done_row):
    sheet = read_xlsx(export_rows(plan, "xlsx")).worksheets[0]

    names = headings(sheet)
    cells = {name: sheet.cell(HEADING_ROW + 1, i) for i, name in enumerate(names, start=1)}
    assert cells["Planned hours"].value == 2.5
    assert cells["Planned cost (DKK)"].value == 1234.5
    assert cells["Planned cost (DKK)"].number_format == "#,##0.00"
    assert cells["Actual hours"].value == 3
    assert cells["Actual cost (DKK)"].value == 900
    assert cells["Scheduled date"].is_date
    assert cells["Scheduled date"].value == datetime.datetime(2026, 5, 1)
    assert cells["Next review"].value == datetime.datetime(2026, 5, 15)


def test_xlsx_keeps_formula_text_as_text(plan, done_row):
    done_row.message.content = "+45 12 34 56 78"
    done_row.message.save()

    sheet = read_xlsx(export_rows(plan, "xlsx")).worksheets[0]

    names = headings(sheet)
    assurance = sheet.cell(HEADING_ROW + 1, names.index("How it is ensured") + 1)
    assert (assurance.value, assurance.data_type) == (EVIL, "s")
    assert assurance.quotePrefix
    message = sheet.cell(HEADING_ROW + 1, names.index("Message content and goal") + 1)
    assert (message.value, message.data_type) == ("+45 12 34 56 78", "s")


def test_xlsx_has_a_sheet_of_stakeholders(plan, done_row):
    StakeholderFactory(plan=plan, name="Key customers", is_internal=False, importance=5)

    book = read_xlsx(export_rows(plan, "xlsx"))

    sheet = book["Stakeholders"]
    assert headings(sheet, 1)[:6] == [
        "Name",
        "Internal or external",
        "Category",
        "Importance",
        "Involvement",
        "Engagement approach",
    ]
    rows = {values[0]: values for values in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Key customers"][1:5] == ("External", "Other", 5, 4)
    assert rows[done_row.stakeholder.name][1] == "Internal"


def test_csv_is_for_danish_excel_and_neutralises_formulas(plan, done_row):
    content = export_rows(plan, "csv")

    assert content.startswith(b"\xef\xbb\xbfStakeholders (target group);")
    assert b"\r\n" in content
    assert content.count(b"\n") == content.count(b"\r\n")
    heading, row = read_csv(content)
    row = dict(zip(heading, row, strict=True))
    assert row["How it is ensured"] == "'" + EVIL
    assert row["Planned hours"] == "2,50"
    assert row["Planned cost (DKK)"] == "1234,50"
    assert row["Actual cost (DKK)"] == "900,00"
    assert row["Scheduled date"] == "2026-05-01"


@pytest.mark.parametrize("text", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_defuses_every_formula_start(text):
    assert exports.neutralise(text) == "'" + text
    assert exports.neutralise("Plain " + text) == "Plain " + text


# The browser.


def export_url(plan, query=""):
    return reverse("commplan:plan_export", args=[plan.pk]) + "?" + query


def test_browser_export_follows_the_filters(executive_client, plan, owner, done_row):
    open_row = PlanRowFactory(plan=plan, owner=owner, status=RowStatus.PLANNED)

    response = executive_client.get(export_url(plan, "format=xlsx&status=done"))

    assert response.status_code == 200
    names = [
        row["Stakeholders (target group)"]
        for row in table(read_xlsx(response.content).worksheets[0])
    ]
    assert names == [done_row.stakeholder.name]
    assert open_row.stakeholder.name not in names

    response = executive_client.get(export_url(plan, "format=csv&status=planned"))
    rows = read_csv(response.content)[1:]
    assert [row[0] for row in rows] == [open_row.stakeholder.name]


def test_browser_export_names_the_file(manager_client, plan, done_row):
    plan.name = "Kommunikationsplan for Ærø"
    plan.save()

    response = manager_client.get(export_url(plan, "format=csv"))

    assert response["Content-Type"].startswith("text/csv")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="kommunikationsplan-for-r-')
    assert disposition.endswith('.csv"')
    disposition.encode("ascii")


def test_browser_export_uses_the_persons_language(manager_client, plan, done_row):
    manager_client.cookies["django_language"] = "da"

    response = manager_client.get(export_url(plan, "format=xlsx"), HTTP_ACCEPT_LANGUAGE="da")

    sheet = read_xlsx(response.content).worksheets[0]
    assert headings(sheet)[0] == "Interessenter (målgruppe)"


def test_unknown_format_is_refused(manager_client, plan):
    response = manager_client.get(export_url(plan, "format=pdf"))

    assert response.status_code == 400
    assert "xlsx or csv" in response.content.decode()


def test_plan_page_links_to_the_export_with_its_filters(executive_client, plan, done_row):
    response = executive_client.get(
        reverse("commplan:plan_detail", args=[plan.pk]) + "?status=done"
    )

    html = response.content.decode()
    assert f"{export_url(plan)}format=xlsx&amp;status=done" in html
    assert f"{export_url(plan)}format=csv&amp;status=done" in html


def grow(plan, n):
    for _ in range(n):
        owner = MembershipFactory(plan=plan, role=Role.OWNER).user
        row = PlanRowFactory(plan=plan, owner=owner)
        Review.objects.create(
            row=row,
            reviewed_by=owner,
            reviewed_on=datetime.date(2026, 5, 15),
            happened=Happened.DONE,
            goal_reached=Goal.YES,
            actual_hours=Decimal("1"),
        )


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_queries_do_not_grow_with_rows(manager_client, plan, file_format):
    url = export_url(plan, f"format={file_format}")
    counts = []
    for _ in range(2):
        grow(plan, 4)
        with CaptureQueriesContext(connection) as queries:
            response = manager_client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


# The command.


def test_command_writes_both_formats(plan, done_row, tmp_path):
    xlsx, csv_path = tmp_path / "plan.xlsx", tmp_path / "plan.csv"

    call_command("export_plan", plan.pk, "--format", "xlsx", "-o", str(xlsx), "--language", "da")
    call_command("export_plan", plan.pk, "--format", "csv", "-o", str(csv_path))

    book = openpyxl.load_workbook(xlsx)
    assert headings(book.worksheets[0])[0] == "Interessenter (målgruppe)"
    assert "Interessenter" in book.sheetnames
    heading, row = read_csv(csv_path.read_bytes())
    assert (heading[0], row[0]) == ("Stakeholders (target group)", done_row.stakeholder.name)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["999999"], "no plan with id 999999"),
        (["{plan}", "--format", "pdf"], "Unknown format 'pdf'"),
        (["{plan}", "-o", "/nonexistent/dir/plan.xlsx"], "Cannot write /nonexistent/dir/plan.xlsx"),
        (["{plan}", "--language", "fr"], "Unknown language 'fr'"),
    ],
)
def test_command_refuses_clearly(plan, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_plan", *(arg.format(plan=plan.pk) for arg in args))
