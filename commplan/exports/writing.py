"""A plan as a spreadsheet: an .xlsx in the toolkit's layout, or a .csv for Danish Excel.

Both take the rows to export (a `PlanRow.objects.for_table()` queryset, already filtered) and
write the headings in the given language. Text that a spreadsheet would run as a formula is
always kept as text.
"""

import csv
import functools
import io
import math
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.text import capfirst, slugify
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

# Excel keeps at most this many characters in a cell; it cuts longer text when opening a file.
CELL_LIMIT = 32_767

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


def internal_text(is_internal):
    """How the export writes a stakeholder's `is_internal`."""
    return str(_("Internal") if is_internal else _("External"))


STAKEHOLDER_COLUMNS = [
    Column(_label(_("Name")), lambda s: s.name, width=28, field="name"),
    Column(
        _label(_("Internal or external")),
        lambda s: internal_text(s.is_internal),
        width=14,
        field="is_internal",
    ),
    Column(
        _label(_("Category")), lambda s: str(s.get_category_display()), width=20, field="category"
    ),
    Column(_label(_("Importance")), lambda s: s.importance, INTEGER, 12, field="importance"),
    Column(_label(_("Involvement")), lambda s: s.involvement, INTEGER, 12, field="involvement"),
    # Derived from importance and involvement: written for the reader, not read back.
    Column(_label(_("Engagement approach")), lambda s: str(s.get_approach_display()), width=18),
    Column(_label(_("Contact")), lambda s: s.contact_name, width=22, field="contact_name"),
    Column(_label(_("Contact email")), lambda s: s.contact_email, width=26, field="contact_email"),
    Column(_label(_("Notes")), lambda s: s.notes, width=30, field="notes"),
]


def _model_column(model, name, kind=TEXT, width=18):
    """A column of `model`'s field `name`, headed by the field's name, holding its value (the
    label of a choice)."""
    field = model._meta.get_field(name)

    def value(obj):
        if field.choices and getattr(obj, name) is not None:
            return str(getattr(obj, f"get_{name}_display")())
        return getattr(obj, name)

    return Column(lambda plan: capfirst(field.verbose_name), value, kind, width, field=name)


@dataclass(frozen=True)
class Section:
    """One more table of the plan: an extra sheet in an .xlsx, a section below the activities
    in a .csv. The plan header (`vertical`) is written as one label and value a line."""

    key: str
    title: object  # lazy: the sheet's name, and the line that starts the section in a .csv
    objects: Callable  # the plan -> what the section lists
    columns: list
    vertical: bool = False


def _model_section(key, title, model, order, columns):
    """A Section listing the plan's `model` objects in `order`, one column per (field name,
    kind, width) of `columns`."""
    return Section(
        key,
        title,
        lambda plan: model.objects.filter(plan=plan).order_by(*order),
        [_model_column(model, *column) for column in columns],
    )


@functools.cache
def extra_sections():
    """[Section]: the plan header with its S&OP-cycle settings (every field the plan's page
    edits), milestones, stakeholders, messages and channels, in the order they are written."""
    from milestones.models import Milestone

    from ..models import Channel, CommunicationPlan, Message
    from ..plans.forms import PlanForm

    kinds = {"start_date": DATE, "end_date": DATE, "escalation_days": INTEGER}
    plan_columns = [
        _model_column(CommunicationPlan, name, kinds.get(name, TEXT))
        for name in PlanForm._meta.fields
    ]
    return [
        Section("plan", _("Plan"), lambda plan: [plan], plan_columns, vertical=True),
        _model_section(
            "milestones",
            _("Milestones"),
            Milestone,
            ("planned_date", "phase", "pk"),
            [
                ("title", TEXT, 30),
                ("phase", TEXT, 22),
                ("planned_date", DATE, 12),
                ("actual_date", DATE, 12),
                ("status", TEXT, 14),
                ("description", TEXT, 40),
            ],
        ),
        Section(
            "stakeholders",
            _("Stakeholders"),
            lambda plan: plan.stakeholders.order_by("name", "pk"),
            STAKEHOLDER_COLUMNS,
        ),
        _model_section(
            "messages",
            _("Messages"),
            Message,
            ("content", "pk"),
            [("content", TEXT, 50), ("goal", TEXT, 40), ("objective", TEXT, 30)],
        ),
        _model_section(
            "channels",
            _("Channels"),
            Channel,
            ("name", "pk"),
            [("name", TEXT, 26), ("kind", TEXT, 16), ("description", TEXT, 40)],
        ),
    ]


@functools.cache
def report_sections():
    """[Section]: what the export writes for the reader after `extra_sections()`, and the
    importer passes over: how the communication landed (issue 19)."""
    from ..understanding.export import export_lines

    def share(name):
        return lambda line: line.share(name)

    return [
        Section(
            "understanding",
            _("Understanding and support"),
            export_lines,
            [
                Column(_label(_("Per")), lambda line: line.kind, width=16),
                Column(_label(_("Name")), lambda line: line.name, width=30),
                Column(_label(_("Answers")), lambda line: line.landing.responses, INTEGER, 10),
                Column(_label(_("Understanding (%)")), share("understanding"), INTEGER, 16),
                Column(_label(_("Know what it means (%)")), share("knows_share"), INTEGER, 20),
                Column(_label(_("Support (%)")), share("support"), INTEGER, 12),
                Column(_label(_("Note")), lambda line: line.note, width=18),
            ],
        )
    ]


class TooLong(ValueError):
    """A text is longer than a spreadsheet cell holds; `message` says where, for a person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _too_long(sheet, row, column, length, line=False):
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


def export(plan, rows, file_format, language, sections=True):
    """The file's bytes: `rows` of `plan` as `file_format` ("xlsx" or "csv"), with the plan's
    header, milestones, stakeholders, messages and channels when `sections` (every field, so
    that an import gives the plan back). TooLong when a text does not fit in a cell."""
    if file_format == "csv":
        return rows_csv(plan, rows, language, sections=sections)
    output = io.BytesIO()
    plan_workbook(plan, rows, language, sections=sections).save(output)
    return output.getvalue()


def _checked(text, where):
    """`text`, or TooLong naming `where` (sheet, row, column) when Excel would cut it."""
    if len(text) > CELL_LIMIT:
        raise _too_long(*where[:3], len(text), *where[3:])
    return text


# .xlsx


def _set(cell, value, kind, column=""):
    """Writes `value` typed: numbers and dates as such, text always as text, never a formula."""
    if value is None or value == "":
        return
    if kind == TEXT:
        text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
        _checked(text, (cell.parent.title, cell.row, column or cell.coordinate))
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
    headings = [column.heading(owner) for column in columns]
    for index, heading in enumerate(headings, start=1):
        cell = sheet.cell(heading_row, index)
        _set(cell, heading, TEXT)
        cell.font = Font(bold=True)
        cell.fill = HEADING_FILL
        cell.alignment = wrap
        sheet.column_dimensions[get_column_letter(index)].width = columns[index - 1].width
    row_number = heading_row
    for row_number, obj in enumerate(objects, start=heading_row + 1):
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row_number, index)
            _set(cell, column.value(obj), column.kind, headings[index - 1])
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


def _write_lines(sheet, columns, obj):
    """One line per column: its heading in column A, the value of `obj` in column B."""
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 70
    for row_number, column in enumerate(columns, start=1):
        heading = column.heading(obj)
        _set(sheet.cell(row_number, 1), heading, TEXT)
        sheet.cell(row_number, 1).font = Font(bold=True)
        sheet.cell(row_number, 1).alignment = Alignment(vertical="top")
        _set(sheet.cell(row_number, 2), column.value(obj), column.kind, heading)
        sheet.cell(row_number, 2).alignment = Alignment(wrap_text=True, vertical="top")


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
        _set(sheet.cell(row_number, 2), text, TEXT, str(label))
        sheet.cell(row_number, 2).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(
            start_row=row_number, start_column=2, end_row=row_number, end_column=width
        )
        lines = sum(max(1, math.ceil(len(line) / per_line)) for line in (text or "").splitlines())
        sheet.row_dimensions[row_number].height = 15 * max(1, lines)


PLAN_HEADING_ROW = 7  # below the name (1) and the three header texts (3-5)


def plan_workbook(plan, rows, language, sections=True):
    """The plan as a workbook: its header texts on top, then the table of `rows`; when
    `sections`, one more sheet for each of `extra_sections()`."""
    with translation.override(language):
        workbook = Workbook()
        sheet = workbook.active
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


class _CsvLines:
    """A CSV writer that knows which line it is on, to say where a text is too long."""

    def __init__(self, output):
        self.writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
        self.number = 0

    def write(self, cells):
        self.number += 1
        self.writer.writerow(cells)

    def values(self, pairs, headings, section):
        """The cells of one line: (value, kind) pairs under `headings`, checked for length."""
        line = self.number + 1
        return [
            _checked(_csv_value(value, kind), (section, line, heading, True))
            for (value, kind), heading in zip(pairs, headings, strict=True)
        ]


def rows_csv(plan, rows, language, sections=True):
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


def _csv_section(lines, section, plan):
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
