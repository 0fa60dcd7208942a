"""Reading the files people bring, and refusing the ones that cannot be imported (issue 5 §1)."""

import datetime
import io
import zipfile

import pytest

from commplan.imports import MAX_BYTES, MAX_ROWS, Refused, read_table

from .import_files import TOOLKIT_HEADINGS, excel_csv, toolkit_rows, xlsx

ROW = ["Salg og marketing", "Ny månedlig plan – æøå", "Informationsmøde", "Ole", "2 t / 1.200 DKK"]


def values(table, name):
    return [table.value(row, name) for row in table.rows]


def test_xlsx_with_the_toolkit_headings_under_a_title():
    content = xlsx([["Kommunikationsplan 2026"], [], *toolkit_rows(ROW, ROW)])

    table = read_table(content)

    assert [row.number for row in table.rows] == [4, 5]
    assert values(table, "stakeholder") == ["Salg og marketing"] * 2
    assert values(table, "resources") == ["2 t / 1.200 DKK"] * 2
    assert table.typed
    assert "Plan" in table.source


def test_xlsx_date_cells_and_numbers_stay_typed():
    content = xlsx(
        [
            ["Stakeholders", "Message", "Scheduled date", "Planned hours"],
            ["Sales", "Why", datetime.date(2026, 5, 1), 2.5],
        ]
    )

    table = read_table(content)

    assert values(table, "scheduled_date") == [datetime.datetime(2026, 5, 1)]
    assert values(table, "planned_hours") == [2.5]


def test_xlsx_text_that_looks_like_a_formula_is_text():
    content = xlsx(toolkit_rows(["Sales", "=Why S&OP", "", "", ""]), text_cells=[(2, 2)])

    assert values(read_table(content), "message") == ["=Why S&OP"]


def test_xlsx_formula_cells_are_refused_naming_the_cells():
    content = xlsx(toolkit_rows(["Sales", "Why", "", "", "=2*450"], ["Ops", "How", "", "", ""]))

    with pytest.raises(Refused) as refused:
        read_table(content)

    assert "formulas (in E2)" in str(refused.value.message)


@pytest.mark.parametrize(
    ("encoding", "delimiter", "bom", "described"),
    [
        ("cp1252", ";", False, "Windows-1252, separated by semicolons"),
        ("utf-8", ";", True, "UTF-8 with BOM, separated by semicolons"),
        ("utf-8", ",", False, "UTF-8, separated by commas"),
    ],
)
def test_csv_as_excel_writes_it(encoding, delimiter, bom, described):
    rows = toolkit_rows(ROW, ["Indkøb", "Prognoser; deles", "E-mail", "Åse", "1,5 timer"])
    content = excel_csv(rows, encoding, delimiter, bom)

    table = read_table(content)

    assert described in str(table.source)
    assert values(table, "message") == ["Ny månedlig plan – æøå", "Prognoser; deles"]
    assert values(table, "owner") == ["Ole", "Åse"]
    assert values(table, "resources") == ["2 t / 1.200 DKK", "1,5 timer"]
    assert not table.typed


def test_csv_keeps_formula_like_text_and_undoes_the_exports_apostrophe():
    rows = toolkit_rows(
        ["Sales", "=HYPERLINK(1)", "", "", ""],
        ["Ops", "'=SUM(A1)", "", "", ""],
        ["IT", "-2 weeks before go-live", "", "", ""],
        ["Finance", "@everyone", "", "", ""],
    )

    table = read_table(excel_csv(rows, "utf-8", ";", bom=True))

    assert values(table, "message") == [
        "=HYPERLINK(1)",
        "=SUM(A1)",
        "-2 weeks before go-live",
        "@everyone",
    ]


def ole_file(*streams):
    """The start of an OLE compound file with directory entries named `streams`: what an
    encrypted .xlsx (EncryptionInfo, EncryptedPackage) or an old .xls (Workbook) looks like."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    directory = b"".join(
        name.encode("utf-16-le").ljust(64, b"\x00") + bytes(64) for name in streams
    )
    return header + directory + bytes(1024)


def docx():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return output.getvalue()


def empty_workbook():
    return xlsx([])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "This is not a spreadsheet"),
        (b"%PDF-1.7\n1 0 obj", "This is not a spreadsheet"),
        (docx(), "This is not a spreadsheet"),
        (b"PK\x03\x04 broken zip", "This is not a spreadsheet"),
        (ole_file("Root Entry", "EncryptionInfo", "EncryptedPackage"), "protected by a password"),
        (ole_file("Root Entry", "Workbook"), "old Excel 97–2003 file"),
        (b"\xef\xbb\xbfStakeholders;M\xe5l", "This is not a spreadsheet"),
        (b"", "The file is empty."),
        (b"\r\n;;\r\n", "The sheet is empty"),
        (empty_workbook(), "The sheet is empty"),
        (xlsx([TOOLKIT_HEADINGS]), "headings but no activities"),
        (excel_csv([TOOLKIT_HEADINGS]), "headings but no activities"),
        (
            excel_csv([["Interessenter (målgruppe)", "Kanal"], ["Salg", "Møde"]]),
            "The file has no column “Message content and goal”",
        ),
        (
            xlsx([["Navn", "Adresse"], ["Jens", "Vejle"]]),
            "no columns “Stakeholders (target group)”, “Message content and goal”",
        ),
        (b"x" * (MAX_BYTES + 1), "larger than 5 MB"),
    ],
    ids=[
        "png",
        "pdf",
        "word",
        "broken-zip",
        "password",
        "xls",
        "bom-but-not-utf8",
        "empty-file",
        "empty-csv",
        "empty-xlsx",
        "headings-only-xlsx",
        "headings-only-csv",
        "missing-message",
        "missing-both",
        "too-large",
    ],
)
def test_bad_files_are_refused_with_a_clear_message(content, message):
    with pytest.raises(Refused) as refused:
        read_table(content)

    assert message in str(refused.value.message)


@pytest.mark.parametrize("make", [xlsx, excel_csv])
def test_more_than_5000_activities_are_refused(make):
    rows = toolkit_rows(*[[f"Group {n}", "Message", "", "", ""] for n in range(MAX_ROWS + 1)])

    with pytest.raises(Refused) as refused:
        read_table(make(rows))

    assert "more than 5,000 activities" in str(refused.value.message)


def test_exactly_5000_activities_are_read():
    rows = toolkit_rows(*[[f"Group {n}", "Message", "", "", ""] for n in range(MAX_ROWS)])

    assert len(read_table(excel_csv(rows)).rows) == MAX_ROWS


def test_blank_rows_are_skipped_and_row_numbers_stay_the_sheets():
    content = xlsx(toolkit_rows(ROW, [None] * 5, ROW))

    assert [row.number for row in read_table(content).rows] == [2, 4]


EXCEL_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.styles+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/sharedStrings" Target="sharedStrings.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/styles" Target="styles.xml"/></Relationships>'
    ),
    "xl/styles.xml": (
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd-mm-yyyy"/></numFmts>'
        '<fonts count="1"><font/></fonts><fills count="1"><fill><patternFill/></fill></fills>'
        '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/>'
        "</cellXfs></styleSheet>"
    ),
    # Shared strings, one of them rich text with a phonetic guide (not part of the text)
    "xl/sharedStrings.xml": (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>Interessenter</t></si><si><t>Budskab</t></si><si><t>Dato</t></si>"
        "<si><t>Timer</t></si><si><t>Salg</t></si>"
        '<si><r><rPr><b/></rPr><t>Ny </t></r><r><t>plan</t></r><rPh sb="0" eb="1">'
        "<t>x</t></rPh></si></sst>"
    ),
    "xl/worksheets/sheet1.xml": (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="2"><c r="B2" t="s"><v>0</v></c><c t="s"><v>1</v></c>'
        '<c t="s"><v>2</v></c><c t="s"><v>3</v></c></row>'
        '<row r="3"><c r="B3" t="s"><v>4</v></c><c r="C3" t="s"><v>5</v></c>'
        '<c r="D3" s="1"><v>46143</v></c><c r="E3"><v>2.5</v></c></row>'
        '<row><c r="C4" t="inlineStr"><is><t>Status</t></is></c><c r="D4" t="str">'
        '<v>uge 18</v></c><c r="E4" t="b"><v>1</v></c><c r="F4" t="e"><v>#N/A</v></c></row>'
        '</sheetData><mergeCells count="1"><mergeCell ref="B3:B4"/></mergeCells></worksheet>'
    ),
}


def excel_workbook(parts=EXCEL_PARTS):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return output.getvalue()


def test_xlsx_as_excel_writes_it_shared_strings_rich_text_and_cells_without_names():
    table = read_table(excel_workbook())

    assert [row.number for row in table.rows] == [3, 4]
    assert table.columns["stakeholder"] == 1  # the table starts in column B
    assert values(table, "stakeholder") == ["Salg", "Salg"]  # B3:B4 merged
    assert values(table, "message") == ["Ny plan", "Status"]
    assert values(table, "scheduled_date") == [datetime.datetime(2026, 5, 1), "uge 18"]
    assert values(table, "planned_hours") == [2.5, True]
    assert table.rows[1].values[5] == "#N/A"


def test_xlsx_with_a_document_type_declaration_is_refused():
    sheet = EXCEL_PARTS["xl/worksheets/sheet1.xml"]
    bomb = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>' + sheet.replace("Status", "&a;")
    content = excel_workbook(EXCEL_PARTS | {"xl/worksheets/sheet1.xml": bomb})

    with pytest.raises(Refused) as refused:
        read_table(content)

    assert "not a spreadsheet" in str(refused.value.message)
