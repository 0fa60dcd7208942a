"""Which column of a file holds what.

A heading is recognised in any language of the product as the export writes it
(`commplan.exports.columns.ROW_COLUMNS`, so a file exported here always comes back), as
the toolkit page words it (DESIGN.md §2), or in a common short form. Case, spacing, dashes,
hyphenation and a currency code in brackets make no difference.
"""

import functools
import re
from types import SimpleNamespace

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from openpyxl.utils import get_column_letter

from ..exports import columns as exports

REQUIRED = ("stakeholder", "message")

# What each column is called in messages to the person importing.
LABELS = {
    "stakeholder": _("Stakeholders (target group)"),
    "message": _("Message content and goal"),
    "goal": _("Goal"),
    "channel": pgettext_lazy("toolkit column", "Channel"),
    "owner": pgettext_lazy("toolkit column", "Owner"),
    "owner_email": _("Owner email"),
    "assurance": _("How it is ensured"),
    "resources": pgettext_lazy("toolkit column", "Time and resources"),
    "planned_hours": _("Planned hours"),
    "planned_cost": _("Planned cost"),
    "milestone": _("Milestone"),
    "phase": _("Phase"),
    "scheduled_date": _("Scheduled date"),
    "cadence": _("Review cadence"),
    "next_review_date": _("Next review"),
    "status": _("Status"),
    "notes": _("Notes"),
}
# Columns the export writes that an import does not read: reviews record actuals.
NOT_IMPORTED = ("actual_hours", "actual_cost")

# The toolkit page's own headings (tool 22), in Danish as printed and in English.
TOOLKIT_HEADINGS = {
    "stakeholder": ["Interessenter (målgruppe)", "Stakeholders (target group)"],
    "message": ["Budskabsindhold og mål", "Message content and goal"],
    "channel": ["Medie – kommunikationskanal", "Channel"],
    "owner": [
        "Hvem har ansvaret for kommunikationen og at målet opnås?",
        "Owner (responsible for the communication and for reaching the goal)",
    ],
    "resources": ["Hvor meget tid og ressourcer må der anvendes?", "Time and resources"],
}
SHORT_FORMS = {
    "stakeholder": ["Interessenter", "Interessent", "Målgruppe", "Stakeholders", "Stakeholder"],
    "message": ["Budskab", "Budskabsindhold", "Message", "Message content"],
    "channel": ["Kanal", "Medie", "Kommunikationskanal", "Medium"],
    "owner": ["Ansvarlig", "Responsible"],
    "owner_email": ["E-mail", "Email", "Ansvarlig e-mail"],
    "resources": ["Tid og ressourcer", "Ressourcer", "Resources", "Budget"],
    "planned_hours": ["Timer", "Hours", "Antal timer", "Timeforbrug", "Tid (timer)", "Tid"],
    "planned_cost": [
        "Omkostninger",
        "Cost",
        "Omkostning",
        "Beløb",
        "Budget (kr.)",
        "Budget kr.",
        "Beløb (kr.)",
        "Omkostninger (kr.)",
        "Pris",
        "Udgifter",
        "Kr.",
    ],
    "phase": ["Fase", "S&OP-fase"],
    "status": ["Status", "Tilstand"],
    "scheduled_date": ["Dato", "Date"],
    "cadence": ["Frekvens", "Cadence", "Hyppighed"],
    "notes": ["Kommentarer", "Comments", "Bemærkninger"],
}
# The plan header the export writes above the table: label in column A, text in column B.
HEADER_FIELDS = {
    "purpose": _("Purpose"),
    "message_and_timing": _("Message and timing"),
    "stakeholder_approach": _("Stakeholders"),
}
HEADING_SEARCH_ROWS = 30  # the heading row must be among the first rows of the sheet


@functools.lru_cache(maxsize=16384)  # a file repeats its words: statuses, phases, names
def key(text):
    """`text` reduced to what tells headings and names apart: lower-case letters and digits,
    without a bracketed currency code ("Planned cost (DKK)" is "plannedcost")."""
    text = re.sub(r"\(\s*[a-z]{3}\s*\)", "", str(text).casefold())
    return "".join(char for char in text if char.isalnum())


def _languages():
    return [code for code, _name in settings.LANGUAGES]


@functools.cache
def heading_fields():
    """{key(heading): field} for every heading an import understands."""
    fields = {}
    for field, names in SHORT_FORMS.items():
        fields |= {key(name): field for name in names}
    any_currency = SimpleNamespace(currency="XXX")  # key() drops it again
    for language in _languages():
        with translation.override(language):
            fields |= {
                key(column.heading(any_currency)): column.field for column in exports.ROW_COLUMNS
            }
            fields |= {key(str(label)): field for field, label in LABELS.items()}
    for field, names in TOOLKIT_HEADINGS.items():
        fields |= {key(name): field for name in names}
    return fields


@functools.cache
def header_fields():
    """{key(label): plan field} for the header texts above the table."""
    fields = {}
    for language in _languages():
        with translation.override(language):
            fields |= {key(str(label)): field for field, label in HEADER_FIELDS.items()}
    return fields


def match_headings(values):
    """{field: column index} for the cells of one row, and the headings nobody reads (a second
    column with a heading already read among them, as "Kommentarer (2nd)")."""
    known = heading_fields()
    columns, unknown, seen = {}, [], {}
    for index, value in enumerate(values):
        text = "" if value is None else " ".join(str(value).split())
        field = known.get(key(text)) if text else None
        if field is None:
            if text:
                unknown.append(text)
        elif field not in columns:
            columns[field] = index
        else:
            seen[field] = seen.get(field, 1) + 1
            unknown.append(repeated(text, seen[field]))
    return columns, unknown


def repeated(heading, count):
    """The heading of the `count`th column with the same heading: "Kommentarer (2nd)"."""
    return gettext("%(heading)s (%(ordinal)s)") % {"heading": heading, "ordinal": ordinal(count)}


def ordinal(count):
    if count == 2:
        return pgettext("ordinal", "2nd")
    if count == 3:
        return pgettext("ordinal", "3rd")
    return pgettext("ordinal", "%(count)sth") % {"count": count}


def unread_columns(headings, columns, rows):
    """[(index, heading)] of the columns that hold something in `rows` but that no field reads,
    named by their heading, by "Kommentarer (2nd)" for a repeated one, or by their letter."""
    known = heading_fields()
    read = set(columns.values())
    counts, names = {}, {}
    for index, value in enumerate(headings):
        text = "" if value is None else " ".join(str(value).split())
        field = known.get(key(text)) if text else None
        if field is not None:
            counts[field] = counts.get(field, 0) + 1
            if counts[field] > 1:
                names[index] = repeated(text, counts[field])
        elif text:
            names[index] = text
    width = max((len(values) for values in rows), default=0)
    extra = []
    for index in range(width):
        if index in read:
            continue
        if any(_filled(values, index) for values in rows):
            name = names.get(index) or gettext("Column %(letter)s") % {
                "letter": get_column_letter(index + 1)
            }
            extra.append((index, str(name)))
    return extra


def _filled(values, index):
    if index >= len(values) or values[index] is None:
        return False
    return bool(str(values[index]).strip())


def find_heading_row(rows):
    """The index in `rows` (lists of cell values) of the heading row, its {field: column} and
    unread headings; the best candidate's (index None) when none has the required columns."""
    best = (None, {}, [])
    for index, values in enumerate(rows[:HEADING_SEARCH_ROWS]):
        columns, unknown = match_headings(values)
        if all(field in columns for field in REQUIRED):
            return index, columns, unknown
        if len(columns) > len(best[1]):
            best = (None, columns, unknown)
    return best


def _heading_text(value):
    return "" if value is None else " ".join(str(value).split())


def sub_headings(top, below):
    """The headings of a heading row written over two rows, or None when `below` (the row
    under the heading row `top`) holds activities. Excel users put a heading over several
    columns ("Tid og ressourcer" merged over "Timer" and "Omkostninger") and merge the others
    down over both rows: a heading below wins over the one above it."""
    known = heading_fields()
    new, other = 0, 0
    for index, value in enumerate(below):
        text = _heading_text(value)
        above = _heading_text(top[index]) if index < len(top) else ""
        if not text or text == above:
            continue  # empty, or the heading above merged down
        if known.get(key(text)) is not None:
            new += 1
        else:
            other += 1
    if not (new >= 2 and other <= new) and not (new == 1 and other == 0):
        return None  # a row of activities, where a cell may say "E-mail" or "Status"
    width = max(len(top), len(below))
    combined = []
    for index in range(width):
        text = _heading_text(below[index]) if index < len(below) else ""
        above = top[index] if index < len(top) else None
        combined.append(below[index] if text and known.get(key(text)) else above or text or None)
    return combined


def header_texts(rows):
    """The plan header texts written above the table: {plan field: text}."""
    labels = header_fields()
    texts = {}
    for values in rows:
        if len(values) >= 2 and values[0] and values[1]:
            field = labels.get(key(values[0]))
            if field and isinstance(values[1], str) and values[1].strip():
                texts.setdefault(field, values[1].strip())
    return texts
