"""A plan as a spreadsheet: an .xlsx in the toolkit's layout, or a .csv for Danish Excel.

Both take the rows to export (a `PlanRow.objects.for_table()` queryset, already filtered) and
write the headings in the given language. Text that a spreadsheet would run as a formula is
always kept as text.
"""

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}

# A cell starting with one of these is a formula to some spreadsheet (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

TEXT, HOURS, MONEY, DATE, INTEGER = "text", "hours", "money", "date", "integer"
NUMBER_FORMATS = {HOURS: "0.00", MONEY: "#,##0.00", DATE: "yyyy-mm-dd", INTEGER: "0"}

HEADING_FILL = PatternFill("solid", fgColor="DDE4EE")
SHEET_TITLE_FORBIDDEN = str.maketrans({char: " " for char in "[]:*?/\\"})


@dataclass(frozen=True)
class Column:
    heading: Callable  # the plan -> the heading, in the active language
    value: Callable  # a row -> its value
    kind: str = TEXT
    width: int = 14
    field: str = ""  # what the importer reads the column into (commplan.imports.headings)


def _person(user):
    return (user.get_full_name() or user.username) if user else ""


def _label(text):
    return lambda plan: str(text)


def _with_currency(text):
    return lambda plan: str(text) % {"currency": plan.currency}


ROW_COLUMNS = [
    # The toolkit's five columns, with "owner" and "time and resources" split into cells that
    # a spreadsheet (and the importer) can use.
    Column(
        _label(_("Stakeholders (target group)")),
        lambda r: r.stakeholder.name,
        width=24,
        field="stakeholder",
    ),
    Column(
        _label(_("Message content and goal")),
        lambda r: r.message.content,
        width=40,
        field="message",
    ),
    Column(_label(_("Goal")), lambda r: r.message.goal, width=30, field="goal"),
    Column(
        _label(pgettext_lazy("toolkit column", "Channel")),
        lambda r: r.channel.name if r.channel else "",
        width=20,
        field="channel",
    ),
    Column(
        _label(pgettext_lazy("toolkit column", "Owner")),
        lambda r: _person(r.owner),
        width=22,
        field="owner",
    ),
    Column(_label(_("How it is ensured")), lambda r: r.assurance, width=34, field="assurance"),
    Column(_label(_("Planned hours")), lambda r: r.planned_hours, HOURS, 10, field="planned_hours"),
    Column(
        _with_currency(_("Planned cost (%(currency)s)")),
        lambda r: r.planned_cost,
        MONEY,
        field="planned_cost",
    ),
    Column(
        _label(_("Milestone")),
        lambda r: r.milestone.title if r.milestone else "",
        width=24,
        field="milestone",
    ),
    Column(
        _label(_("Phase")),
        lambda r: str(r.milestone.get_phase_display()) if r.milestone else "",
        width=18,
        field="phase",
    ),
    Column(
        _label(_("Scheduled date")), lambda r: r.scheduled_date, DATE, 12, field="scheduled_date"
    ),
    Column(
        _label(_("Review cadence")),
        lambda r: cadence_text(r),
        width=18,
        field="cadence",
    ),
    Column(
        _label(_("Next review")), lambda r: r.next_review_date, DATE, 12, field="next_review_date"
    ),
    Column(_label(_("Status")), lambda r: str(r.get_status_display()), width=12, field="status"),
    Column(
        _label(_("Owner email")),
        lambda r: r.owner.email if r.owner else "",
        width=26,
        field="owner_email",
    ),
    Column(_label(_("Actual hours")), lambda r: r.actual_hours, HOURS, 10, field="actual_hours"),
    Column(
        _with_currency(_("Actual cost (%(currency)s)")),
        lambda r: r.actual_cost,
        MONEY,
        field="actual_cost",
    ),
    Column(_label(_("Notes")), lambda r: r.notes, width=30, field="notes"),
]

STAKEHOLDER_COLUMNS = [
    Column(_label(_("Name")), lambda s: s.name, width=28),
    Column(
        _label(_("Internal or external")),
        lambda s: str(_("Internal") if s.is_internal else _("External")),
        width=14,
    ),
    Column(_label(_("Category")), lambda s: str(s.get_category_display()), width=20),
    Column(_label(_("Importance")), lambda s: s.importance, INTEGER, 12),
    Column(_label(_("Involvement")), lambda s: s.involvement, INTEGER, 12),
    Column(_label(_("Engagement approach")), lambda s: str(s.get_approach_display()), width=18),
    Column(_label(_("Contact")), lambda s: s.contact_name, width=22),
    Column(_label(_("Contact email")), lambda s: s.contact_email, width=26),
    Column(_label(_("Notes")), lambda s: s.notes, width=30),
]


def cadence_text(row):
    """The row's cadence with its number of weeks or working days, as the importer reads it."""
    if row.cadence == "every_n_weeks" and row.cadence_weeks:
        weeks = row.cadence_weeks
        return ngettext("Every %(weeks)s week", "Every %(weeks)s weeks", weeks) % {"weeks": weeks}
    if row.cadence == "sop_cycle" and row.cycle_offset is not None:
        offset = row.cycle_offset
        return ngettext(
            "%(cadence)s (%(offset)+d working day)",
            "%(cadence)s (%(offset)+d working days)",
            abs(offset),
        ) % {"cadence": row.get_cadence_display(), "offset": offset}
    return str(row.get_cadence_display())


def neutralise(text):
    """`text` with a leading `'` if a spreadsheet would otherwise run it as a formula."""
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def filename(plan, file_format, on=None):
    """`<slug-of-plan-name>-<date>.<format>`, ASCII only."""
    slug = slugify(plan.name) or "plan"
    return f"{slug}-{(on or timezone.localdate()).isoformat()}.{file_format}"


def export(plan, rows, file_format, language, stakeholders=True):
    """The file's bytes: `rows` of `plan` as `file_format` ("xlsx" or "csv")."""
    if file_format == "csv":
        return rows_csv(plan, rows, language)
    output = io.BytesIO()
    plan_workbook(plan, rows, language, stakeholders=stakeholders).save(output)
    return output.getvalue()


# .xlsx


def _set(cell, value, kind):
    """Writes `value` typed: numbers and dates as such, text always as text, never a formula."""
    if value is None or value == "":
        return
    if kind == TEXT:
        text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
        cell.value = text
        cell.data_type = "s"  # openpyxl would store a string starting with "=" as a formula
        # Excel's own "text, not formula" flag: the cell stays text even when edited.
        cell.quotePrefix = text.startswith(FORMULA_PREFIXES)
    else:
        cell.value = float(value) if kind in (HOURS, MONEY) else value
        cell.number_format = NUMBER_FORMATS[kind]


def _sheet_title(text):
    return text.translate(SHEET_TITLE_FORBIDDEN).strip(" '")[:31] or "Plan"


def _write_table(sheet, columns, objects, owner, heading_row):
    """The heading row at `heading_row` and one row per object below it; returns the last row."""
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(heading_row, index)
        _set(cell, column.heading(owner), TEXT)
        cell.font = Font(bold=True)
        cell.fill = HEADING_FILL
        cell.alignment = wrap
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    row_number = heading_row
    for row_number, obj in enumerate(objects, start=heading_row + 1):
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row_number, index)
            _set(cell, column.value(obj), column.kind)
            cell.alignment = wrap
    last_column = get_column_letter(len(columns))
    sheet.freeze_panes = sheet.cell(heading_row + 1, 1)
    sheet.auto_filter.ref = f"A{heading_row}:{last_column}{max(row_number, heading_row)}"
    sheet.print_title_rows = f"{heading_row}:{heading_row}"
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = True
    return row_number


def _write_plan_header(sheet, plan, width):
    """The plan's name and its three header texts, each over `width` merged columns."""
    _set(sheet.cell(1, 1), plan.name, TEXT)
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    header = [
        (_("Purpose"), plan.purpose),
        (_("Message and timing"), plan.message_and_timing),
        (_("Stakeholders"), plan.stakeholder_approach),
    ]
    # Characters per line in the merged text cell, roughly: Excel does not grow merged rows.
    per_line = max(20, int(sum(c.width for c in ROW_COLUMNS[1:width]) * 1.1))
    for row_number, (label, text) in enumerate(header, start=3):
        _set(sheet.cell(row_number, 1), str(label), TEXT)
        sheet.cell(row_number, 1).font = Font(bold=True)
        sheet.cell(row_number, 1).alignment = Alignment(vertical="top")
        _set(sheet.cell(row_number, 2), text, TEXT)
        sheet.cell(row_number, 2).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(
            start_row=row_number, start_column=2, end_row=row_number, end_column=width
        )
        lines = sum(max(1, math.ceil(len(line) / per_line)) for line in (text or "").splitlines())
        sheet.row_dimensions[row_number].height = 15 * max(1, lines)


PLAN_HEADING_ROW = 7  # below the name (1) and the three header texts (3-5)


def plan_workbook(plan, rows, language, stakeholders=True):
    """The plan as a workbook: its header texts on top, then the table of `rows`; a second
    sheet lists the plan's stakeholders when `stakeholders` is true."""
    with translation.override(language):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _sheet_title(plan.name)
        _write_plan_header(sheet, plan, width=8)
        _write_table(sheet, ROW_COLUMNS, rows, plan, PLAN_HEADING_ROW)
        if stakeholders:
            people = workbook.create_sheet(_sheet_title(str(_("Stakeholders"))))
            _write_table(people, STAKEHOLDER_COLUMNS, plan.stakeholders.all(), plan, 1)
    return workbook


# .csv


def _csv_value(value, kind):
    if value is None:
        return ""
    if kind in (HOURS, MONEY):
        # Danish Excel reads a decimal comma without thousands separators as a number.
        return f"{value:.2f}".replace(".", ",")
    if kind == DATE:
        return value.isoformat()
    if kind == INTEGER:
        return str(value)
    return neutralise(str(value))


def rows_csv(plan, rows, language):
    """The table of `rows` as CSV the way Danish Excel opens it: `;`-separated, UTF-8 with a
    byte order mark, CRLF line ends; no cell starts a formula."""
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    with translation.override(language):
        writer.writerow(neutralise(column.heading(plan)) for column in ROW_COLUMNS)
        for row in rows:
            writer.writerow(_csv_value(column.value(row), column.kind) for column in ROW_COLUMNS)
    return ("\ufeff" + output.getvalue()).encode("utf-8")
