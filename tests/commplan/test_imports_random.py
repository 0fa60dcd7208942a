"""Random layouts (issue 12): title and spacer rows, merges, any column order and start,
blank cells, duplicate headings and random text, as .xlsx and .csv. The import never answers
500; it refuses with a message, or it stores exactly the rows it previewed."""

import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from commplan import imports
from commplan.models import PlanRow

from ..factories import MembershipFactory, PlanFactory
from .import_files import excel_csv
from .sheet_corpus import HEADINGS

HEADING_TEXTS = sorted({text for language in HEADINGS.values() for text in language.values()})
WORDS = [
    "Ledelsen",
    "Salg",
    "I alt",
    "Total",
    "Udført",
    "i gang",
    "udsat",
    "Fase 2",
    "Analyse",
    "hver 14. dag",
    "1 time pr. måned",
    "1,250",
    "2.5",
    "1.200,50",
    "01-05-2026",
    "2026-13-45",
    "Mål: forstå S&OP",
    "Projektleder Mette Hansen",
    "MH",
    "Note: se bilag",
    "-3",
    "=SUM(A1)",
    "x" * 2100,
]
cell = st.one_of(
    st.none(),
    st.sampled_from(WORDS),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=20),
    st.integers(-5, 100_000),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates().map(lambda day: day.isoformat()),
)


@st.composite
def layouts(draw):
    headings = draw(
        st.lists(st.sampled_from([*HEADING_TEXTS, "Budget-id", ""]), min_size=1, max_size=9)
    )
    if draw(st.booleans()):  # usually a table an import can find
        headings += [HEADINGS["da"]["stakeholder"], HEADINGS["en"]["message"]]
        headings = draw(st.permutations(headings))
    width = len(headings)
    titles = draw(st.lists(st.lists(cell, max_size=3), max_size=3))
    rows = draw(st.lists(st.lists(cell, min_size=width, max_size=width), max_size=8))
    spacers = draw(st.sets(st.integers(0, 8), max_size=2))
    offset = draw(st.integers(0, 2))
    body = []
    for index, values in enumerate(rows):
        body.append(values)
        if index in spacers:
            body.append([])
    table = [*titles, headings, *body]
    table = [[None] * offset + list(values) if values else [] for values in table]
    merges = draw(
        st.lists(
            st.tuples(
                st.integers(1, len(table)),
                st.integers(1, width + offset),
                st.integers(0, 2),
                st.integers(0, 1),
            ),
            max_size=3,
        )
    )
    return draw(st.sampled_from(["xlsx", "csv;", "csv,"])), table, merges


def as_file(fmt, table, merges):
    if fmt.startswith("csv"):
        text = [["" if v is None else str(v) for v in values] for values in table]
        return excel_csv(text, encoding="utf-8", delimiter=fmt[-1], bom=True)
    book = openpyxl.Workbook()
    sheet = book.active
    for values in table:
        sheet.append([v for v in values])
    taken = set()
    for row, column, down, across in merges:
        cells = {
            (r, c) for r in range(row, row + down + 1) for c in range(column, column + across + 1)
        }
        if cells & taken or (down == 0 and across == 0):
            continue
        taken |= cells
        sheet.merge_cells(
            start_row=row, start_column=column, end_row=row + down, end_column=column + across
        )
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def saved(row):
    return (
        row.stakeholder.name,
        row.message.content,
        row.message.goal,
        row.planned_hours,
        row.planned_cost,
        row.status,
        row.cadence,
        row.cadence_weeks,
        row.notes,
    )


def drafted(draft):
    return (
        draft.stakeholder,
        draft.content,
        draft.goal,
        draft.planned_hours,
        draft.planned_cost,
        draft.status,
        draft.cadence,
        draft.cadence_weeks,
        draft.notes,
    )


@pytest.mark.django_db
@given(layout=layouts())
def test_a_random_layout_is_refused_or_stored_exactly_as_previewed(layout):
    plan = PlanFactory()
    content = as_file(*layout)
    try:
        table = imports.read_table(content)
    except imports.Refused as refused:
        assert str(refused.message)
        return
    preview = imports.build_preview(plan, table, owners=imports.UNASSIGN)
    if not preview.is_valid:
        with pytest.raises(imports.CommitFailed):
            imports.commit(plan, imports.read_table(content), None, owners=imports.UNASSIGN)
        assert not PlanRow.objects.filter(plan=plan).exists()
        return
    imports.commit(
        plan, imports.read_table(content), None, owners=imports.UNASSIGN, source_name="random " * 30
    )
    rows = PlanRow.objects.filter(plan=plan).select_related("stakeholder", "message").order_by("pk")
    assert [saved(row) for row in rows] == [drafted(draft) for draft in preview.rows]


@pytest.mark.django_db
@given(layout=layouts())
def test_a_random_layout_never_answers_500_in_the_browser(layout):
    client = Client()
    plan = PlanFactory()
    manager = MembershipFactory(plan=plan, role="manager").user
    client.force_login(manager)
    response = client.post(
        reverse("commplan:import_upload", args=[plan.pk]),
        {"file": io.BytesIO(as_file(*layout))},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        preview = client.get(response["Location"])
        assert preview.status_code in (200, 302)
        commit = client.post(response["Location"], {"action": "commit"})
        assert commit.status_code in (302, 400, 409)
