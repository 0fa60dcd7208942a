"""How people lay out the table under the headings: totals and notes rows that are not
activities, and cells left blank to mean "same as above"."""

import re

from .headings import key

# A row whose stakeholder or message cell says this sums up the rows above it.
TOTAL_WORDS = {
    key(word)
    for word in (
        "I alt",
        "Total",
        "Totalt",
        "Sum",
        "Subtotal",
        "Sub-total",
        "Samlet",
        "Total i alt",
    )
}
NOTE_PREFIX = re.compile(
    r"^\s*(?:note|notes|nb|n\.b\.|bemærk|bemærkning|kilde|source|\*)\s*[:.!]?", re.I
)
FIGURE_COLUMNS = (
    "planned_hours",
    "planned_cost",
    "resources",
    "actual_hours",
    "actual_cost",
)
# Columns where a blank cell under a filled one means the same as above.
SAME_AS_ABOVE = ("stakeholder", "milestone", "phase", "channel")
TOTALS, NOTES = "totals", "notes"


def _text(values, index):
    if index is None or index >= len(values) or values[index] is None:
        return ""
    return str(values[index]).strip()


def _is_figure(value):
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    text = str(value).strip()
    return bool(text) and bool(
        re.fullmatch(r"[\d\s.,:\-–+]*(?:kr\.?|dkk|t|timer|h)?[\d\s.,-]*", text, re.I)
    )


def row_kind(values, columns):
    """TOTALS, NOTES or None (an activity) for one row's `values`."""
    for name in ("stakeholder", "message"):
        if key(_text(values, columns.get(name))) in TOTAL_WORDS:
            return TOTALS
    filled = [i for i, value in enumerate(values) if value is not None and str(value).strip()]
    figures = {columns[name] for name in FIGURE_COLUMNS if name in columns}
    if filled and all(i in figures for i in filled):
        return TOTALS  # figures only under the money and hour columns
    if (
        filled
        and key(_text(values, filled[0])) in TOTAL_WORDS
        and all(i in figures or i == filled[0] for i in filled)
    ):
        return TOTALS  # "I alt" in another column, figures beside it
    if len(filled) == 1 and NOTE_PREFIX.match(_text(values, filled[0])):
        return NOTES
    return None


def skip_totals_and_notes(rows, columns):
    """(the rows that are activities, [(number, TOTALS or NOTES)] of those left out)."""
    kept, skipped = [], []
    for row in rows:
        kind = row_kind(row.values, columns)
        if kind is None:
            kept.append(row)
        else:
            skipped.append((row.number, kind))
    return kept, skipped


def fill_down(rows, columns, names=SAME_AS_ABOVE):
    """(`rows` with a blank cell of the `names` columns taking the value above it, the numbers
    of the rows that took a value from above). `rows` are left as they are."""
    filled, result = [], []
    above = {}
    for row in rows:
        row = type(row)(row.number, list(row.values))
        result.append(row)
        took = False
        for name in names:
            index = columns.get(name)
            if index is None:
                continue
            text = _text(row.values, index)
            if name == "milestone" and _text(row.values, columns.get("phase")):
                continue  # a phase of its own: the milestone is that phase's, not the one above
            if text:
                above[name] = row.values[index]
            elif name in above:
                if len(row.values) <= index:
                    row.values.extend([None] * (index + 1 - len(row.values)))
                row.values[index] = above[name]
                took = True
        if took:
            filled.append(row.number)
    return result, filled
