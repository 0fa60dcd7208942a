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

from ..exports import FORMULA_PREFIXES
from . import sections
from .headings import LABELS, REQUIRED, find_heading_row, header_texts

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
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
    sections: object = None  # sections.Sections: the plan's other tables in the file

    def value(self, row, name):
        index = self.columns.get(name)
        if index is None or index >= len(row.values):
            return None
        value = row.values[index]
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value


def read_table(content):
    """The table in `content` (the file's bytes), or Refused."""
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
        return _read_xlsx(content)
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
    data = [SourceRow(number, values) for number, values in rows[index + 1 :]]
    if not data:
        raise Refused(_("The sheet has the headings but no activities below them."))
    if len(data) > MAX_ROWS:
        raise Refused(_("The file has more than 5,000 activities. Split it into several files."))
    header = header_texts([values for _number, values in rows[:index]])
    return Table(data, columns, unknown, header, source, typed)


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


def _read_xlsx(content):
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
        return _first_plan_sheet(workbook)
    finally:
        workbook.close()


def _sheet_rows(sheet):
    """(number, values) of the sheet's filled rows, stopping once there are too many to import;
    Refused when a cell holds a formula."""
    rows, formulas = [], []
    for cells in sheet.iter_rows():
        values = []
        for cell in cells:
            if getattr(cell, "data_type", None) == "f":
                formulas.append(f"{get_column_letter(cell.column)}{cell.row}")
            values.append(cell.value)
        if not _is_empty(values):
            rows.append((cells[0].row, _trimmed(values)))
        if len(rows) > MAX_ROWS + 30:
            break
    if formulas:
        raise Refused(
            _(
                "The sheet contains formulas (in %(cells)s). Replace them by their values "
                "(copy, then Paste Special → Values) and upload the file again."
            )
            % {"cells": ", ".join(formulas[:SHOWN_CELLS]) + ("…" if len(formulas) > 5 else "")}
        )
    return rows


def _first_plan_sheet(workbook):
    """The first worksheet with the plan's headings; the first sheet's problem otherwise."""
    first_problem = None
    for sheet in workbook.worksheets:
        if not hasattr(sheet, "iter_rows"):
            continue  # a chart sheet
        source = _("Excel workbook, sheet “%(sheet)s”") % {"sheet": sheet.title}
        try:
            table = _table(_sheet_rows(sheet), source, typed=True)
        except Refused as problem:
            first_problem = first_problem or problem
            continue
        table.sections = sections.read_workbook(workbook, skip=sheet.title)
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
    rows = []
    try:
        for number, values in enumerate(reader, start=1):
            if not _is_empty(values):
                rows.append((number, _trimmed([_unquote(value) for value in values])))
            if len(rows) > MAX_ROWS + 30:
                break
    except csv.Error as error:
        raise _not_a_spreadsheet() from error
    return rows


def _read_csv(content):
    text, encoding = _decode(content)
    candidates = []
    for delimiter in DELIMITERS:
        rows = _csv_rows(text, delimiter)
        index, columns, _unknown = find_heading_row([values for _n, values in rows])
        candidates.append((index is not None, len(columns), delimiter, rows))
    _found, _count, delimiter, rows = max(candidates, key=lambda c: (c[0], c[1]))
    source = _("CSV file, %(encoding)s, separated by %(delimiter)s") % {
        "encoding": encoding,
        "delimiter": DELIMITERS[delimiter],
    }
    rows, found = sections.split_csv(rows)
    table = _table(rows, source, typed=False)
    table.sections = found
    return table
