"""A corpus of spreadsheets laid out the way companies keep their communication plan, made
here with what a correct import must store for each (issue 12).

`sheet(fmt, language, features)` builds one file: .xlsx (merged cells written as Excel writes
them: the value in the top-left cell only) or a CSV as Danish Excel (";", Windows-1252,
decimal commas) or English Excel (",", UTF-8) saves it, and the activities it must import.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table

from commplan.models import Cadence, RowStatus

from .import_files import excel_csv

HEADINGS = {
    "da": {
        "stakeholder": "Interessenter (målgruppe)",
        "message": "Budskabsindhold og mål",
        "goal": "Mål",
        "channel": "Medie – kommunikationskanal",
        "owner": "Hvem har ansvaret for kommunikationen og at målet opnås?",
        "hours": "Timer",
        "cost": "Omkostninger",
        "date": "Dato",
        "cadence": "Frekvens",
        "phase": "Fase",
        "status": "Status",
        "notes": "Kommentarer",
    },
    "en": {
        "stakeholder": "Stakeholders (target group)",
        "message": "Message content and goal",
        "goal": "Goal",
        "channel": "Channel",
        "owner": "Owner",
        "hours": "Hours",
        "cost": "Cost",
        "date": "Date",
        "cadence": "Cadence",
        "phase": "Phase",
        "status": "Status",
        "notes": "Comments",
    },
}


@dataclass
class Activity:
    """One activity: what the sheet says and what must be stored."""

    stakeholder: str
    content: str
    goal: str
    channel: str
    owner: str  # username of the member, "" for none
    hours: Decimal | None
    cost: Decimal | None
    day: datetime.date
    cadence: str
    cadence_weeks: int | None
    status: str
    phase: int
    written: dict = field(default_factory=dict)  # how the sheet writes some cells
    notes: str = ""


def activities(language):
    """Four activities; the first two share their stakeholder and channel."""
    da = language == "da"
    return [
        Activity(
            "Ledelsen" if da else "Executive team",
            "Hvorfor vi indfører S&OP" if da else "Why we introduce S&OP",
            "Opbakning fra ledelsen" if da else "Backing from the top",
            "Ledermøde" if da else "Management meeting",
            "mette",
            Decimal("1.5"),
            Decimal("1250"),
            datetime.date(2026, 3, 2),
            Cadence.MONTHLY,
            None,
            RowStatus.PLANNED,
            1,
            {
                "hours": "1,5" if da else "1.5",
                "cost": "1.250" if da else "1,250",
                "cadence": "månedlig" if da else "monthly",
                "status": "Planlagt" if da else "planned",
                "phase": "Fase 1" if da else "Phase 1",
            },
        ),
        Activity(
            "Ledelsen" if da else "Executive team",
            "Status på piloten" if da else "Pilot status",
            "",
            "Ledermøde" if da else "Management meeting",
            "ole",
            Decimal("1"),
            None,
            datetime.date(2026, 4, 6),
            Cadence.MONTHLY,
            None,
            RowStatus.ACTIVE,
            2,
            {
                "hours": "",
                "cost": "",
                "cadence": "1 time pr. måned" if da else "1 hour per month",
                "status": "I gang" if da else "in progress",
                "phase": "Analyse" if da else "Analysis",
            },
        ),
        Activity(
            "Salg" if da else "Sales",
            "Nye planlægningsmøder" if da else "New planning meetings",
            "Alle kender kalenderen" if da else "Everyone knows the calendar",
            "Intranet",
            "mette",
            Decimal("2"),
            Decimal("0"),
            datetime.date(2026, 5, 4),
            Cadence.EVERY_N_WEEKS,
            2,
            RowStatus.DONE,
            3,
            {
                "hours": "2",
                "cost": "0",
                "cadence": "hver 14. dag" if da else "every 2 weeks",
                "status": "Udført" if da else "Done",
                "phase": "3",
            },
        ),
        Activity(
            "Nøgleleverandører" if da else "Key suppliers",
            "Prognoser deles" if da else "Forecasts are shared",
            "",
            "Brev" if da else "Letter",
            "",
            None,
            Decimal("500.5"),
            datetime.date(2026, 6, 1),
            Cadence.WEEKLY,
            None,
            RowStatus.CANCELLED,
            5,
            {
                "hours": "",
                "cost": "500,50" if da else "500.50",
                "cadence": "ugentlig" if da else "weekly",
                "status": "Aflyst" if da else "cancelled",
                "phase": "Drift" if da else "Operation",
            },
        ),
    ]


NBSP = "\u00a0"
OWNERS = {"mette": ("Mette", "Hansen"), "ole": ("Ole", "Olsen")}
TITLES = {"mette": "Projektleder Mette Hansen", "ole": "Ole Olsen (salgschef)"}
INITIALS = {"mette": "MH", "ole": "OO"}
COLUMNS = [
    "stakeholder",
    "message",
    "goal",
    "channel",
    "owner",
    "hours",
    "cost",
    "date",
    "cadence",
    "phase",
    "status",
    "notes",
]


def _cell(activity, column, language, features):
    written = activity.written
    if column == "stakeholder":
        return activity.stakeholder
    if column == "message":
        if "goal_in_message" in features and activity.goal:
            label = "Mål" if language == "da" else "Goal"
            return f"{activity.content}\n{label}: {activity.goal}"
        return activity.content
    if column == "goal":
        return activity.goal
    if column == "channel":
        return activity.channel
    if column == "owner":
        if not activity.owner:
            return ""
        if "titles" in features:
            return TITLES[activity.owner]
        if "initials" in features:
            return INITIALS[activity.owner]
        return " ".join(OWNERS[activity.owner])
    if column == "date":
        if "week_dates" in features:  # every activity is on a Monday
            year, week, _day = activity.day.isocalendar()
            return f"uge {week} {year}" if language == "da" else f"Week {week}, {year}"
        return activity.day.strftime("%d-%m-%Y")
    if column == "notes":
        return activity.notes
    return written[column]


@dataclass
class Sheet:
    content: bytes
    expected: list
    name: str


def sheet(fmt, language, features=()):
    """The file of the four activities in `fmt` ("xlsx" or "csv") and `language`, laid out
    with `features`, and the activities a correct import stores."""
    features = set(features)
    acts = activities(language)
    columns = [c for c in COLUMNS if not ("goal_in_message" in features and c == "goal")]
    extra_headings = []
    if "dup" in features:
        extra_headings = [HEADINGS[language]["notes"], "Budget-id"]
        for number, activity in enumerate(acts, start=1):
            activity.notes = f"note {number}"
    headings = [HEADINGS[language][c] for c in columns] + extra_headings
    if "nbsp" in features:  # as pasted from a web page or a Word table
        headings = [" " + h.replace(" ", NBSP) + NBSP + " " for h in headings]
    offset = 2 if "offset" in features else 0
    rows, merges = [], []
    if "title" in features:
        title = "Kommunikationsplan – S&OP" if language == "da" else "Communication plan – S&OP"
        rows += [[title], ["Udarbejdet af: Mette Hansen" if language == "da" else "By: Mette"], []]
        merges.append((1, 1, 1, 6))  # row, col, last row, last col (before the offset)
    heading_row = len(rows) + 1
    if "two_row_heading" in features:
        # "Tid og ressourcer" over "Timer" and "Omkostninger"; the other headings span both rows
        hours, cost = columns.index("hours"), columns.index("cost")
        top = list(headings)
        top[hours] = "Tid og ressourcer" if language == "da" else "Time and resources"
        top[cost] = None
        below = [None] * len(headings)
        below[hours], below[cost] = headings[hours], headings[cost]
        rows += [top, below]
        merges.append((heading_row, hours + 1, heading_row, cost + 1))
        merges += [
            (heading_row, index + 1, heading_row + 1, index + 1)
            for index in range(len(headings))
            if index not in (hours, cost)
        ]
        heading_row += 1
    else:
        rows.append(headings)
    stakeholder_col = columns.index("stakeholder") + 1
    channel_col = columns.index("channel") + 1
    for index, activity in enumerate(acts):
        values = [_cell(activity, c, language, features) for c in columns]
        if "dup" in features:
            values += [f"second {index + 1}", f"B-{index + 1}"]
            activity.notes = (
                f"note {index + 1}\n{HEADINGS[language]['notes']} (2nd): second {index + 1}"
                f"\nBudget-id: B-{index + 1}"
            )
        if index == 1 and ("merged" in features or "same_as_above" in features):
            values[stakeholder_col - 1] = None
            values[channel_col - 1] = None
            if "merged" in features and fmt == "xlsx":
                row = len(rows)  # the row above, 1-based
                merges.append((row, stakeholder_col, row + 1, stakeholder_col))
                merges.append((row, channel_col, row + 1, channel_col))
        rows.append(values)
        if "spacer" in features and index == 1:
            rows.append([])
    if "totals" in features:
        total = ["I alt" if language == "da" else "Total"] + [""] * (len(columns) - 1)
        total[columns.index("hours")] = "4,5" if language == "da" else "4.5"
        rows.append(total)
        figures = [""] * len(columns)
        figures[columns.index("cost")] = "2.000" if language == "da" else "2,000"
        rows.append(figures)
    if "note_row" in features:
        rows.append(["Note: planen gennemgås hver måned" if language == "da" else "Note: reviewed"])
    rows = [[None] * offset + list(values) if values else [] for values in rows]
    expected = acts
    if fmt == "xlsx":
        content = _xlsx(rows, merges, offset, features, language, (heading_row, len(headings)))
    else:
        da = language == "da"
        text_rows = [["" if v is None else v for v in values] for values in rows]
        content = excel_csv(
            text_rows,
            encoding="cp1252" if da else "utf-8",
            delimiter=";" if da else ",",
        )
    name = f"{fmt}-{language}-{'-'.join(sorted(features)) or 'plain'}"
    assert heading_row
    return Sheet(content, expected, name)


def _xlsx(rows, merges, offset, features, language, table):
    """The workbook of `rows`; `table` is (the heading row's number, how many columns)."""
    book = openpyxl.Workbook()
    if "cover" in features:
        front = book.active
        front.title = "Forside" if language == "da" else "Cover"
        front.append(["Kommunikationsplan" if language == "da" else "Communication plan"])
        front.append(["Version 3, marts 2026"])
        front.merge_cells("A1:E2")
        sheet = book.create_sheet("Plan")
    else:
        sheet = book.active
        sheet.title = "Plan"
    for values in rows:
        sheet.append(values)
    for row, col, last_row, last_col in merges:
        sheet.merge_cells(
            start_row=row, start_column=col + offset, end_row=last_row, end_column=last_col + offset
        )
    heading_row, width = table
    first, last = get_column_letter(offset + 1), get_column_letter(offset + width)
    cells = f"{first}{heading_row}:{last}{sheet.max_row}"
    if "hidden" in features:  # a column hidden in Excel is still the sheet's
        sheet.column_dimensions[get_column_letter(offset + COLUMNS.index("cost") + 1)].hidden = True
    if "autofilter" in features:
        sheet.auto_filter.ref = cells
    if "frozen" in features:
        sheet.freeze_panes = f"{first}{heading_row + 1}"
    if "table_object" in features:  # Insert → Table: an Excel table (ListObject) named Plan
        sheet.add_table(Table(displayName="Plan", ref=cells))
    from io import BytesIO

    output = BytesIO()
    book.save(output)
    return output.getvalue()


FEATURE_SETS = [
    (),
    ("title",),
    ("offset",),
    ("title", "offset", "spacer"),
    ("merged",),
    ("same_as_above",),
    ("totals",),
    ("note_row", "totals"),
    ("dup",),
    ("goal_in_message",),
    ("titles",),
    ("initials",),
]
CASES = [
    (fmt, language, features)
    for features in FEATURE_SETS
    for fmt in ("xlsx", "csv")
    for language in ("da", "en")
] + [
    ("xlsx", "da", ("cover", "title", "merged", "titles", "goal_in_message", "totals")),
    ("xlsx", "en", ("cover", "offset", "merged", "dup", "initials", "spacer")),
    # Issue 12, the whole category: more layouts companies use
    *[(fmt, lang, ("two_row_heading",)) for fmt in ("xlsx", "csv") for lang in ("da", "en")],
    *[(fmt, lang, ("nbsp", "week_dates")) for fmt in ("xlsx", "csv") for lang in ("da", "en")],
    ("xlsx", "da", ("title", "offset", "two_row_heading", "merged")),
    ("xlsx", "da", ("hidden", "autofilter", "frozen")),
    ("xlsx", "en", ("title", "hidden", "autofilter", "frozen")),
    ("xlsx", "da", ("table_object",)),
    ("xlsx", "en", ("title", "offset", "table_object", "totals")),
]
