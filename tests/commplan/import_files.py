"""Spreadsheets as people bring them: .xlsx made by openpyxl and CSV written the way Excel
writes it (Danish Excel: `;`, Windows-1252 or UTF-8 with BOM; others: `,` and UTF-8)."""

import csv
import io

import openpyxl

TOOLKIT_HEADINGS = [
    "Interessenter (målgruppe)",
    "Budskabsindhold og mål",
    "Medie – kommunikationskanal",
    "Hvem har ansvaret for kommunikationen og at målet opnås?",
    "Hvor meget tid og ressourcer må der anvendes?",
]


def xlsx(rows, title="Plan", text_cells=()):
    """An .xlsx whose first sheet holds `rows`; cells at (row, column) in `text_cells` are
    stored as text even when they start with "=" (as Excel does for '=…)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for row, column in text_cells:
        cell = sheet.cell(row, column)
        cell.data_type = "s"
        cell.quotePrefix = True
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def excel_csv(rows, encoding="cp1252", delimiter=";", bom=False):
    """CSV as Excel saves it: CRLF line ends, quotes only where needed."""
    output = io.StringIO()
    csv.writer(output, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    content = output.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + content) if bom else content


def toolkit_rows(*rows):
    """The toolkit's Danish headings, then `rows` (five cells each)."""
    return [TOOLKIT_HEADINGS, *rows]
