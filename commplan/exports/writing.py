"""A plan as a spreadsheet: an .xlsx in the toolkit's layout, or a .csv for Danish Excel.

Both take the rows to export (a `PlanRow.objects.for_table()` queryset, already filtered) and
write the headings in the given language. Text that a spreadsheet would run as a formula is
always kept as text.
"""

import csv
import io
import math
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from .columns import (
    DATE,
    HOURS,
    INTEGER,
    MONEY,
    ROW_COLUMNS,
    TEXT,
    Column,
    Section,
    extra_sections,
    report_sections,
)

if TYPE_CHECKING:
    from ..models import CommunicationPlan, PlanRow

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}

# Excel keeps at most this many characters in a cell; it cuts longer text when opening a file.
CELL_LIMIT = 32_767

# A cell starting with one of these is a formula to some spreadsheet (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

NUMBER_FORMATS = {HOURS: "0.00", MONEY: "#,##0.00", DATE: "yyyy-mm-dd", INTEGER: "0"}

HEADING_FILL = PatternFill("solid", fgColor="DDE4EE")
SHEET_TITLE_FORBIDDEN = str.maketrans({char: " " for char in "[]:*?/\\"})


class TooLong(ValueError):
    """A text is longer than a spreadsheet cell holds; `message` says where, for a person."""

    def __init__(self, message: str) -> None:
        super().__init__(str(message))
        self.message = message


def _too_long(sheet: str, row: int, column: str, length: int, line: bool) -> TooLong:
    where = {"column": column, "row": row, "sheet": sheet, "length": f"{length:,}"}
    if line:
        message = _(
            "“%(column)s” on line %(row)s (in “%(sheet)s”) is %(length)s characters long; a "
            "spreadsheet cell holds at most 32,767, and Excel would cut the rest. Shorten it, "
            "then export again."
        )
    else:
        message = _(
            "“%(column)s” in row %(row)s of “%(sheet)s” is %(length)s characters long; a "
            "spreadsheet cell holds at most 32,767, and Excel would cut the rest. Shorten it, "
            "then export again."
        )
    return TooLong(message % where)


def neutralise(text: str) -> str:
    """`text` with a leading `'` if a spreadsheet would otherwise run it as a formula."""
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def filename(plan: "CommunicationPlan", file_format: str, on: date | None = None) -> str:
    """`<slug-of-plan-name>-<date>.<format>`, ASCII only."""
    slug = slugify(plan.name) or "plan"
    return f"{slug}-{(on or timezone.localdate()).isoformat()}.{file_format}"


def export(
    plan: "CommunicationPlan",
    rows: Iterable["PlanRow"],
    file_format: str,
    language: str,
    sections: bool = True,
) -> bytes:
    """The file's bytes: `rows` of `plan` as `file_format` ("xlsx" or "csv"), with the plan's
    header, milestones, stakeholders, messages and channels when `sections` (every field, so
    that an import gives the plan back). TooLong when a text does not fit in a cell."""
    if file_format == "csv":
        return rows_csv(plan, rows, language, sections=sections)
    output = io.BytesIO()
    plan_workbook(plan, rows, language, sections=sections).save(output)
    return output.getvalue()


def _checked(text: str, sheet: str, row: int, column: str, line: bool = False) -> str:
    """`text`, or TooLong naming where it is (a `line` of a .csv) when Excel would cut it."""
    if len(text) > CELL_LIMIT:
        raise _too_long(sheet, row, column, len(text), line)
    return text


# .xlsx


def _cell(sheet: Worksheet, row: int, column: int) -> Cell:
    """The cell at (`row`, `column`): a plain one, as written before any merging."""
    return cast(Cell, sheet.cell(row, column))


def _set(cell: Cell, value: Any, kind: str, column: str = "") -> None:
    """Writes `value` typed: numbers and dates as such, text always as text, never a formula."""
    if value is None or value == "":
        return
    if kind == TEXT:
        text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
        _checked(text, cell.parent.title, cell.row, column or cell.coordinate)
        cell.value = text
        cell.data_type = "s"  # openpyxl would store a string starting with "=" as a formula
        # Excel's own "text, not formula" flag: the cell stays text even when edited.
        cell.quotePrefix = text.startswith(FORMULA_PREFIXES)
    else:
        cell.value = float(value) if kind in (HOURS, MONEY) else value
        cell.number_format = NUMBER_FORMATS[kind]


def _sheet_title(text: str) -> str:
    return text.translate(SHEET_TITLE_FORBIDDEN).strip(" '")[:31] or "Plan"


def _write_table(
    sheet: Worksheet,
    columns: list[Column],
    objects: Iterable[Any],
    owner: "CommunicationPlan",
    heading_row: int,
) -> int:
    """The heading row at `heading_row` and one row per object below it; returns the last row."""
    wrap = Alignment(wrap_text=True, vertical="top")
    headings = [column.heading(owner) for column in columns]
    for index, heading in enumerate(headings, start=1):
        cell = _cell(sheet, heading_row, index)
        _set(cell, heading, TEXT)
        cell.font = Font(bold=True)
        cell.fill = HEADING_FILL
        cell.alignment = wrap
        sheet.column_dimensions[get_column_letter(index)].width = columns[index - 1].width
    row_number = heading_row
    for row_number, obj in enumerate(objects, start=heading_row + 1):
        for index, column in enumerate(columns, start=1):
            cell = _cell(sheet, row_number, index)
            _set(cell, column.value(obj), column.kind, headings[index - 1])
            cell.alignment = wrap
    last_column = get_column_letter(len(columns))
    sheet.freeze_panes = _cell(sheet, heading_row + 1, 1)
    sheet.auto_filter.ref = f"A{heading_row}:{last_column}{max(row_number, heading_row)}"
    sheet.print_title_rows = f"{heading_row}:{heading_row}"
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.gridLines = True
    return row_number


def _write_lines(sheet: Worksheet, columns: list[Column], obj: "CommunicationPlan") -> None:
    """One line per column: its heading in column A, the value of `obj` in column B."""
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 70
    for row_number, column in enumerate(columns, start=1):
        heading = column.heading(obj)
        _set(_cell(sheet, row_number, 1), heading, TEXT)
        _cell(sheet, row_number, 1).font = Font(bold=True)
        _cell(sheet, row_number, 1).alignment = Alignment(vertical="top")
        _set(_cell(sheet, row_number, 2), column.value(obj), column.kind, heading)
        _cell(sheet, row_number, 2).alignment = Alignment(wrap_text=True, vertical="top")


def _write_plan_header(sheet: Worksheet, plan: "CommunicationPlan", width: int) -> None:
    """The plan's name and its three header texts, each over `width` merged columns."""
    _set(_cell(sheet, 1, 1), plan.name, TEXT)
    _cell(sheet, 1, 1).font = Font(bold=True, size=14)
    header = [
        (_("Purpose"), plan.purpose),
        (_("Message and timing"), plan.message_and_timing),
        (_("Stakeholders"), plan.stakeholder_approach),
    ]
    # Characters per line in the merged text cell, roughly: Excel does not grow merged rows.
    per_line = max(20, int(sum(c.width for c in ROW_COLUMNS[1:width]) * 1.1))
    for row_number, (label, text) in enumerate(header, start=3):
        _set(_cell(sheet, row_number, 1), str(label), TEXT)
        _cell(sheet, row_number, 1).font = Font(bold=True)
        _cell(sheet, row_number, 1).alignment = Alignment(vertical="top")
        _set(_cell(sheet, row_number, 2), text, TEXT, str(label))
        _cell(sheet, row_number, 2).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(
            start_row=row_number, start_column=2, end_row=row_number, end_column=width
        )
        lines = sum(max(1, math.ceil(len(line) / per_line)) for line in (text or "").splitlines())
        sheet.row_dimensions[row_number].height = 15 * max(1, lines)


PLAN_HEADING_ROW = 7  # below the name (1) and the three header texts (3-5)


def plan_workbook(
    plan: "CommunicationPlan", rows: Iterable["PlanRow"], language: str, sections: bool = True
) -> Workbook:
    """The plan as a workbook: its header texts on top, then the table of `rows`; when
    `sections`, one more sheet for each of `extra_sections()` and `report_sections()`."""
    with translation.override(language):
        workbook = Workbook()
        sheet = cast(Worksheet, workbook.active)  # a new workbook's one sheet
        written = extra_sections() + report_sections()
        titles = [_sheet_title(str(section.title)) for section in written]
        title = _sheet_title(plan.name)
        # A plan called "Milestones" must not take the name the milestones' sheet goes by.
        if title.casefold() in map(str.casefold, titles):
            title = _sheet_title(str(_("Activities")))
        sheet.title = title
        _write_plan_header(sheet, plan, width=8)
        _write_table(sheet, ROW_COLUMNS, rows, plan, PLAN_HEADING_ROW)
        if sections:
            for section in written:
                extra = workbook.create_sheet(_sheet_title(str(section.title)))
                if section.vertical:
                    _write_lines(extra, section.columns, plan)
                else:
                    _write_table(extra, section.columns, section.objects(plan), plan, 1)
    return workbook


# .csv


def _csv_value(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind in (HOURS, MONEY):
        # Danish Excel reads a decimal comma without thousands separators as a number.
        return f"{value:.2f}".replace(".", ",")
    if kind == DATE:
        day: date = value
        return day.isoformat()
    if kind == INTEGER:
        return str(value)
    return neutralise(str(value))


class _CsvLines:
    """A CSV writer that knows which line it is on, to say where a text is too long."""

    def __init__(self, output: io.StringIO) -> None:
        self.writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
        self.number = 0

    def write(self, cells: Iterable[str]) -> None:
        self.number += 1
        self.writer.writerow(cells)

    def values(
        self, pairs: Sequence[tuple[Any, str]], headings: Sequence[str], section: str
    ) -> list[str]:
        """The cells of one line: (value, kind) pairs under `headings`, checked for length."""
        line = self.number + 1
        return [
            _checked(_csv_value(value, kind), section, line, heading, line=True)
            for (value, kind), heading in zip(pairs, headings, strict=True)
        ]


def rows_csv(
    plan: "CommunicationPlan", rows: Iterable["PlanRow"], language: str, sections: bool = True
) -> bytes:
    """The table of `rows` as CSV the way Danish Excel opens it: `;`-separated, UTF-8 with a
    byte order mark, CRLF line ends; no cell starts a formula. When `sections`, the plan's
    other tables follow, each after an empty line and a line with its title."""
    output = io.StringIO()
    lines = _CsvLines(output)
    with translation.override(language):
        title = str(_("Activities"))
        headings = [column.heading(plan) for column in ROW_COLUMNS]
        lines.write(neutralise(heading) for heading in headings)
        for row in rows:
            pairs = [(column.value(row), column.kind) for column in ROW_COLUMNS]
            lines.write(lines.values(pairs, headings, title))
        for section in extra_sections() + report_sections() if sections else []:
            _csv_section(lines, section, plan)
    return ("\ufeff" + output.getvalue()).encode("utf-8")


def _csv_section(lines: _CsvLines, section: Section, plan: "CommunicationPlan") -> None:
    title = str(section.title)
    lines.write([])
    lines.write([neutralise(title)])
    headings = [column.heading(plan) for column in section.columns]
    if section.vertical:
        for heading, column in zip(headings, section.columns, strict=True):
            value = lines.values([(column.value(plan), column.kind)], [heading], title)
            lines.write([neutralise(heading), *value])
        return
    lines.write(neutralise(heading) for heading in headings)
    for obj in section.objects(plan):
        pairs = [(column.value(obj), column.kind) for column in section.columns]
        lines.write(lines.values(pairs, headings, title))
