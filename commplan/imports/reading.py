"""An uploaded file as a table of cells: .xlsx, or .csv the way Excel saves it.

The file's content decides how it is read, not its name. A file that cannot be imported raises
`Refused` with a message for the person who uploaded it.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..exports.writing import FORMULA_PREFIXES
from . import sections, sheet_xml
from .headings import (
    LABELS,
    REQUIRED,
    find_heading_row,
    header_texts,
    match_headings,
    sub_headings,
    unread_columns,
)
from .layout import skip_totals_and_notes
from .sections import Sections
from .sheet_xml import Formula

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
# Filled lines a .csv is read for: the activities and each of the export's sections.
MAX_CSV_ROWS = (MAX_ROWS + 30) * (len(sections.MODELS) + 1)
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # an .xlsx is a zip: refuse zip bombs before opening
SHOWN_CELLS = 5

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx, and old .xls / .doc files
ENCRYPTED_STREAM = "EncryptionInfo".encode("utf-16-le")
ZIP_MAGIC = b"PK\x03\x04"
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
DELIMITERS = {";": _("semicolons"), ",": _("commas"), "\t": _("tabs")}


class Refused(Exception):
    """The file cannot be imported; `message` says why, for a person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class SourceRow:
    number: int  # as the spreadsheet numbers it, from 1
    values: list


@dataclass
class Table:
    """The data rows under the heading row, and how the file was read."""

    rows: list[SourceRow]
    columns: dict[str, int]  # field -> index in each row's values
    unknown_headings: list[str] = field(default_factory=list)
    header: dict[str, str] = field(default_factory=dict)  # plan header texts above the table
    source: str = ""
    typed: bool = False  # cells hold numbers and dates (.xlsx), not only text (.csv)
    # Columns with content that no field reads: [(index, heading as the person knows it)]
    extra_columns: list = field(default_factory=list)
    decimal_comma: bool | None = None  # None: the file does not say; values decide
    sheet: str = ""  # the worksheet the table is on ("" for a CSV file)
    # Every worksheet: [(title, how many headings it has that the import reads)]
    sheets: list = field(default_factory=list)
    # What else the file holds, for readers of other parts (e.g. extra sheets or sections):
    # {sheet title: [(number, values)]} of an .xlsx, or the decoded text of a CSV file.
    workbook: dict = field(default_factory=dict)
    text: str = ""
    skipped: list = field(default_factory=list)  # [(number, why)]: totals and notes rows
    # Rows and columns (indexes) of the table hidden in Excel: imported, and said so
    hidden_rows: list = field(default_factory=list)
    hidden_columns: list = field(default_factory=list)
    # The plan's other tables in the file: the export's extra sheets or sections
    sections: Sections = field(default_factory=Sections)

    def cell(self, row, name):
        """Where the value of `name` in `row` is, as Excel names it ("B7")."""
        index = self.columns.get(name)
        if index is None:
            return str(row.number)
        return f"{get_column_letter(index + 1)}{row.number}"

    def value(self, row, name):
        index = self.columns.get(name)
        if index is None or index >= len(row.values):
            return None
        value = row.values[index]
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value


def read_table(content, sheet=None):
    """The table in `content` (the file's bytes), or Refused. In a workbook the table is on the
    worksheet named `sheet`, or else on the one whose headings match best."""
    if len(content) > MAX_BYTES:
        raise Refused(_("The file is larger than 5 MB. Split it, or remove pictures and sheets."))
    if not content.strip():
        raise Refused(_("The file is empty."))
    if content.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in content:
            raise Refused(
                _(
                    "The workbook is protected by a password. Open it in Excel, remove the "
                    "password (File → Info → Protect Workbook) and upload it again."
                )
            )
        raise Refused(
            _("This is an old Excel 97–2003 file (.xls). Save it as .xlsx or .csv and try again.")
        )
    if content.startswith(ZIP_MAGIC):
        return _read_xlsx(content, sheet)
    return _read_csv(content)


def _not_a_spreadsheet():
    return Refused(
        _("This is not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file (.csv).")
    )


def _is_empty(values):
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _trimmed(values):
    values = list(values)
    while values and (values[-1] is None or values[-1] == ""):
        values.pop()
    return values


def _table(rows, source, typed):
    """The Table of `rows` ((number, values) with blank rows left out), or Refused."""
    if not rows:
        raise Refused(_("The sheet is empty: there is nothing to import."))
    index, columns, unknown = find_heading_row([values for _number, values in rows])
    if index is None:
        raise _missing_columns(columns, rows)
    headings = rows[index][1]
    if index + 1 < len(rows) and (combined := sub_headings(headings, rows[index + 1][1])):
        index, headings = index + 1, combined
        columns, unknown = match_headings(headings)
    data = [SourceRow(number, values) for number, values in rows[index + 1 :]]
    if not data:
        raise Refused(_("The sheet has the headings but no activities below them."))
    if len(data) > MAX_ROWS:
        raise Refused(_("The file has more than 5,000 activities. Split it into several files."))
    header = header_texts([values for _number, values in rows[:index]])
    data, skipped = skip_totals_and_notes(data, columns)
    if not data:
        raise Refused(_("The sheet has the headings but no activities below them."))
    refuse_formulas(data)
    extra = unread_columns(headings, columns, [row.values for row in data])
    table = Table(data, columns, unknown, header, source, typed, extra_columns=extra)
    table.skipped = skipped
    return table


def _missing_columns(columns, rows):
    missing = [str(LABELS[name]) for name in REQUIRED if name not in columns]
    message = ngettext(
        "The file has no column “%(columns)s”.",
        "The file has no columns “%(columns)s”.",
        len(missing),
    ) % {"columns": "”, “".join(missing)}
    return Refused(
        format_lazy(
            "{} {}",
            message,
            _(
                "Name the columns as on the toolkit page, e.g. “Interessenter (målgruppe)” and "
                "“Budskabsindhold og mål”, or as in an export from this planner, in the first "
                "rows of the sheet."
            ),
        )
    )


# .xlsx


def _read_xlsx(content, wanted=None):
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _not_a_spreadsheet() from error
    if "xl/workbook.xml" not in names:
        raise _not_a_spreadsheet()
    if unpacked > MAX_UNPACKED_BYTES:
        raise Refused(_("The workbook is too large once unpacked. Split it into several files."))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise _not_a_spreadsheet() from error
    try:
        sheets = [s for s in workbook.worksheets if hasattr(s, "iter_rows")]  # not chart sheets
        read, hidden = {}, {}
        for sheet in sheets:
            try:
                read[sheet.title], hidden[sheet.title] = _sheet_rows(sheet)
            except Exception as error:  # a damaged sheet inside a readable workbook
                raise _not_a_spreadsheet() from error
    finally:
        workbook.close()
    return _best_sheet(read, wanted, hidden)


def _sheet_rows(sheet):
    """The sheet's filled rows, trimmed, and its hidden (rows, columns)."""
    rows, hidden = sheet_xml.sheet_rows(sheet, MAX_ROWS)
    filled = [
        (number, _trimmed(values))
        for number, values in sorted(rows.items())
        if not _is_empty(values)
    ]
    return filled, hidden


def refuse_formulas(rows):
    """Refused when a cell of `rows` (SourceRows) holds a formula: its value is not in the file."""
    cells = [value for row in rows for value in row.values if isinstance(value, Formula)]
    if cells:
        raise Refused(
            _(
                "The sheet contains formulas (in %(cells)s). Replace them by their values "
                "(copy, then Paste Special → Values) and upload the file again."
            )
            % {"cells": ", ".join(cells[:SHOWN_CELLS]) + ("…" if len(cells) > SHOWN_CELLS else "")}
        )


def _best_sheet(read, wanted, hidden):
    """The Table on the sheet named `wanted`, else on the sheet whose headings match best."""
    if wanted is not None and wanted not in read:
        raise Refused(_("The workbook has no sheet “%(sheet)s”.") % {"sheet": wanted})
    scores = []
    for title, rows in read.items():
        index, columns, _unknown = find_heading_row([values for _n, values in rows])
        if index is None and title != wanted and sections.is_section(title, rows):
            continue  # the plan header, milestones … of an export: not a sheet to pick
        scores.append((title, len(columns), index is not None))
    if not scores:
        raise _missing_columns({}, [])
    candidates = [wanted] if wanted is not None else []
    candidates += [
        title for title, _count, _found in sorted(scores, key=lambda s: (not s[2], -s[1]))
    ]
    first_problem = None
    for title in candidates:
        source = _("Excel workbook, sheet “%(sheet)s”") % {"sheet": title}
        try:
            table = _table(read[title], source, typed=True)
        except Refused as problem:
            first_problem = first_problem or problem
            if title == wanted:
                raise
            continue
        table.sheet = title
        table.sheets = [(title, count) for title, count, _found in scores]
        rows, columns = hidden[title]
        table.hidden_rows = [row.number for row in table.rows if row.number in rows]
        table.hidden_columns = sorted(
            index
            for index in columns
            if index in table.columns.values() or index in dict(table.extra_columns)
        )
        table.workbook = read
        table.sections = sections.read_workbook(read, skip=title)
        return table
    raise first_problem or Refused(_("The sheet is empty: there is nothing to import."))


# .csv


def _decode(content):
    """The text and the name of its encoding: UTF-8 (with or without BOM), UTF-16 as Excel's
    "Unicode text", else Windows-1252 as Danish Excel saves "CSV (semicolon separated)"."""
    try:
        if content.startswith(UTF8_BOM):
            return content[len(UTF8_BOM) :].decode("utf-8"), _("UTF-8 with BOM")
        if content.startswith(UTF16_BOMS):
            return content.decode("utf-16"), "UTF-16"
    except UnicodeDecodeError as error:
        raise _not_a_spreadsheet() from error
    if b"\x00" in content[:8192] or content.startswith(b"%PDF"):
        raise _not_a_spreadsheet()
    try:
        return content.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as error:
        raise _not_a_spreadsheet() from error


def _unquote(text):
    """Undo the apostrophe that keeps a formula-like text a text: '=A1 → =A1 (kept as text)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def _csv_rows(text, delimiter):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, part = [], 0
    try:
        for number, values in enumerate(reader, start=1):
            if _is_empty(values):
                continue
            values = _trimmed([_unquote(value) for value in values])
            if sections.title_of(values):
                part = 0  # the export's sections below the activities count on their own
            rows.append((number, values))
            part += 1
            if part > MAX_ROWS + 30 or len(rows) > MAX_CSV_ROWS:
                break  # more than an import takes: refused once the parts are split
    except csv.Error as error:
        raise _not_a_spreadsheet() from error
    return rows


def _read_csv(content):
    text, encoding = _decode(content)
    candidates = []
    for delimiter in DELIMITERS:
        rows = _csv_rows(text, delimiter)
        index, columns, _unknown = find_heading_row([values for _n, values in rows])
        candidates.append((index is not None, len(columns), delimiter, rows, index))
    _found, _count, delimiter, rows, index = max(candidates, key=lambda c: (c[0], c[1]))
    source = _("CSV file, %(encoding)s, separated by %(delimiter)s") % {
        "encoding": encoding,
        "delimiter": DELIMITERS[delimiter],
    }
    rows, found = sections.split_csv(rows, after=0 if index is None else index + 1)
    table = _table(rows, source, typed=False)
    table.sections = found
    table.text = text
    if delimiter == ";":
        table.decimal_comma = True  # Danish Excel saves ";" because "," is its decimal mark
    return table
