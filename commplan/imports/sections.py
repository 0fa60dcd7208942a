"""The plan's other tables in an imported file (issue 12 §10): its header with the S&OP-cycle
settings, milestones, stakeholders, messages and channels, as `commplan.exports.columns` lists them
(extra sheets of an .xlsx, sections below the activities of a .csv), headings in any language.

read_workbook / split_csv: the file → Sections (values, or row-numbered errors). What they change
in the plan, and saving it, is `section_changes.py`. What these sections say about an object
wins over what the activities' columns would rebuild.
"""

import functools
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from milestones.models import Milestone
from stakeholders.models import Stakeholder

from ..exports import columns as exports
from ..models import Channel, CommunicationPlan, Message
from .headings import key
from .matching import name_key
from .sheet_xml import Formula
from .values import parse_date, to_decimal

MODELS = {
    "plan": CommunicationPlan,
    "milestones": Milestone,
    "stakeholders": Stakeholder,
    "messages": Message,
    "channels": Channel,
}
CYCLE = ("sop_meeting_week", "sop_meeting_weekday")
KEY_FIELDS = ("name", "title", "content", "goal")  # what the activities name objects by
# Plan fields a plan that has no activities yet takes from the file (they have defaults, so
# "empty" cannot be told apart); others are filled only where the plan leaves them empty.
TAKEN_BY_EMPTY_PLAN = ("currency", "escalation_days")
NOT_READ = ("name",)  # the plan keeps the name it was given
ANY_CURRENCY = SimpleNamespace(currency="XXX")
MIN_COLUMNS = 2  # headings a sheet must share with a section to be read as one
MAX_ITEMS = 5000  # rows a section may have, as many as activities
IGNORED = object()  # a heading the export writes for the reader only (engagement approach)


def item_key(kind, values):
    """What the activities' columns name an object by."""
    if kind == "messages":
        return (name_key(values.get("content", "")), name_key(values.get("goal", "")))
    return name_key(values.get("title" if kind == "milestones" else "name", ""))


@dataclass
class Item:
    """One object of a section: where it is in the file, and the values of the columns the file
    has (a blank cell gives the field's default)."""

    number: int
    key: object
    values: dict


@dataclass
class Sections:
    """What the extra sheets or sections of a file hold, not yet compared with a plan."""

    plan: dict = field(default_factory=dict)
    items: dict = field(default_factory=dict)  # kind -> [Item]
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    chosen: dict = field(default_factory=dict)  # S&OP-cycle settings given by the person

    def __bool__(self):
        return bool(self.plan or self.items or self.errors or self.warnings or self.chosen)


# Headings and values


def _languages():
    return [code for code, _name in settings.LANGUAGES]


@functools.cache
def _titles():
    """{key(section title in any language): Section}, the report sections' too (read past,
    never into the plan)."""
    found = {}
    for language in _languages():
        with translation.override(language):
            sections = exports.extra_sections() + exports.report_sections()
            found |= {key(str(section.title)): section for section in sections}
    return found


@functools.cache
def _headings(section_key):
    """{key(heading in any language): model field name, or IGNORED} for one section."""
    section = next(s for s in exports.extra_sections() if s.key == section_key)
    model = MODELS[section_key]
    found = {}
    for language in _languages():
        with translation.override(language):
            for column in section.columns:
                found[key(column.heading(ANY_CURRENCY))] = column.field or IGNORED
                if column.field:
                    verbose = model._meta.get_field(column.field).verbose_name
                    found.setdefault(key(capfirst(verbose)), column.field)
    return found


@functools.cache
def _choices(model, name):
    """{key(value or label in any language): value} of a choice or yes/no field."""
    model_field = model._meta.get_field(name)
    if isinstance(model_field, models.BooleanField):
        pairs = [(True, True), (False, False)]
        lookup = {key(word): True for word in ("yes", "ja", "true", "1")}
        lookup |= {key(word): False for word in ("no", "nej", "false", "0")}
    else:
        pairs = list(model_field.choices)
        lookup = {key(str(value)): value for value, _label in pairs}
    for language in _languages():
        with translation.override(language):
            for value, label in pairs:
                text = exports.internal_text(value) if label is value else str(label)
                lookup[key(text)] = value
                if name == "phase":
                    lookup[key(f"{_('Phase')} {value}")] = value
    return lookup


def _labels(model, name):
    model_field = model._meta.get_field(name)
    if isinstance(model_field, models.BooleanField):
        return [exports.internal_text(True), exports.internal_text(False)]
    return [str(label) for _value, label in model_field.choices]


def _blank(model_field):
    if model_field.has_default():
        return model_field.get_default()
    return None if model_field.null else ""


def convert(model, name, value, typed):
    """The model field's value from a cell, or ValueError with the message for a person."""
    model_field = model._meta.get_field(name)
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "":
        return _blank(model_field)
    if model_field.choices or isinstance(model_field, models.BooleanField):
        try:
            return _choices(model, name)[key(str(value))]
        except KeyError:
            raise ValueError(
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": value, "choices": ", ".join(_labels(model, name))}
            ) from None
    if isinstance(model_field, models.DateField):
        try:
            return parse_date(value, serial_numbers=typed)
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date. Write it as 2026-05-01 or 01-05-2026.")
                % {"value": value}
            ) from None
    if isinstance(model_field, models.IntegerField):
        try:
            number = to_decimal(value)
        except ValueError:
            number = None
        if number is None or number != int(number):
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
        return int(number)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)


def column_name(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


def _validation_messages(model, error):
    for name, messages in error.message_dict.items():
        for message in messages:
            if name == NON_FIELD_ERRORS:
                yield message
            else:
                yield f"{column_name(model, name)}: {message}"


# Reading


def _where(title, number):
    return _("“%(section)s”, row %(row)s") % {"section": title, "row": number}


def _read_lines(found, title, rows, typed):
    """The plan header: a label in the first cell, its value in the second."""
    labels = _headings("plan")
    model = CommunicationPlan
    for number, values in rows:
        name = labels.get(key(values[0])) if values and values[0] is not None else None
        if name is None or name is IGNORED or name in NOT_READ:
            continue
        try:
            found.plan[name] = convert(model, name, values[1] if len(values) > 1 else None, typed)
        except ValueError as error:
            found.errors.append(f"{_where(title, number)}: {column_name(model, name)}: {error}")
    if found.plan:
        candidate = CommunicationPlan(**found.plan)
        absent = [f.name for f in model._meta.fields if f.name not in found.plan]
        try:
            candidate.clean_fields(exclude=absent)
            candidate.clean()
        except ValidationError as error:
            found.errors += [f"“{title}”: {m}" for m in _validation_messages(model, error)]


def _read_table(found, section, title, rows, typed):
    """One object a row below the heading row, each checked as the pages check it."""
    model = MODELS[section.key]
    (heading_number, heading_values), data = rows[0], rows[1:]
    known = _headings(section.key)
    columns, unknown = {}, []
    for index, heading in enumerate(heading_values):
        name = known.get(key(heading)) if heading not in (None, "") else None
        if name is None and heading not in (None, ""):
            unknown.append(str(heading))
        elif name not in (None, IGNORED):
            columns.setdefault(name, index)
    if len(columns) < MIN_COLUMNS:
        # A company's own sheet that happens to share the name: not one of ours, so not read.
        found.warnings.append(
            _("The sheet “%(section)s” is not read: its headings are not those of an export.")
            % {"section": title}
        )
        return
    if unknown:
        found.warnings.append(
            _("These columns of “%(section)s” are not imported: %(columns)s.")
            % {"section": title, "columns": ", ".join(f"“{h}”" for h in unknown)}
        )
    required = [
        f.name
        for f in model._meta.fields
        if f.name in known.values() and not f.blank and not f.has_default()
    ]
    missing = [str(column_name(model, name)) for name in required if name not in columns]
    if missing:
        found.errors.append(
            _("“%(section)s” has no column “%(columns)s”: its row %(row)s is not read.")
            % {"section": title, "columns": "”, “".join(missing), "row": heading_number}
        )
        return
    items, seen = found.items.setdefault(section.key, []), {}
    for number, cells in data:
        values, problems = {}, []
        for name, index in columns.items():
            cell = cells[index] if index < len(cells) else None
            try:
                values[name] = convert(model, name, cell, typed)
            except ValueError as error:
                problems.append(f"{column_name(model, name)}: {error}")
        if not problems:
            try:
                model(**values).full_clean(
                    exclude=["plan"], validate_unique=False, validate_constraints=False
                )
            except ValidationError as error:
                problems += _validation_messages(model, error)
        item_id = item_key(section.key, values)
        if not problems and item_id in seen:
            problems.append(
                _("It is listed twice, in rows %(first)s and %(second)s.")
                % {"first": seen[item_id], "second": number}
            )
        found.errors += [f"{_where(title, number)}: {problem}" for problem in problems]
        if not problems:
            seen[item_id] = number
            items.append(Item(number, item_id, values))


def _is_report(section):
    return section in exports.report_sections()


def _read_section(found, section, title, rows, typed):
    if _is_report(section):
        return  # written for the reader (how the communication landed), nothing to import
    if len(rows) > MAX_ITEMS + 1:  # its heading row and as many objects as activities
        found.errors.append(
            _("“%(section)s” has more than 5,000 rows. Split the file.") % {"section": title}
        )
    elif section.vertical:
        _read_lines(found, title, rows, typed)
    elif rows:
        _read_table(found, section, title, rows, typed)


def _matches(section, rows):
    """Whether `rows` ((number, values), the title line left out) start as the export writes
    `section`: a label of the plan header in the first cell, or a heading row sharing at least
    MIN_COLUMNS headings with the section."""
    if not rows:
        return False
    if _is_report(section):
        return True
    first_values = rows[0][1]
    known = _headings(section.key)
    if section.vertical:
        first = key(first_values[0]) if first_values and first_values[0] else ""
        return known.get(first) not in (None, IGNORED)
    matched = sum(1 for heading in first_values if heading and key(heading) in known)
    return matched >= MIN_COLUMNS


def is_section(title, rows):
    """Whether the worksheet `title` with filled `rows` is one of the export's extra sheets (so
    not a table of activities)."""
    section = _titles().get(key(title))
    return section is not None and _matches(section, rows)


def read_workbook(read, skip):
    """Sections of the workbook's sheets ({title: [(number, values)]} as reading.py reads them)
    named as the export names them, in any language, but the sheet `skip` (the activities);
    cells with formulas are errors."""
    found = Sections()
    for title, sheet_rows in read.items():
        section = _titles().get(key(title))
        if title == skip or section is None:
            continue
        rows = []
        for number, values in sheet_rows:
            if any(isinstance(value, Formula) for value in values):
                found.errors.append(
                    f"{_where(title, number)}: "
                    + _("a formula: replace it by its value (Paste Special → Values).")
                )
                values = _trimmed([None if isinstance(v, Formula) else v for v in values])
            if values:
                rows.append((number, values))
        _read_section(found, section, title, rows, typed=True)
    return found


def _trimmed(values):
    while values and values[-1] in (None, ""):
        values = values[:-1]
    return values


def title_of(values):
    """The Section whose title is alone on a line of a .csv with `values`, or None."""
    if len(values) != 1 or not isinstance(values[0], str):
        return None
    return _titles().get(key(values[0]))


def _starts_section(rows, index):
    """The Section whose title is alone on `rows[index]` and whose headings follow, or None."""
    section = title_of(rows[index][1])
    if section is None or not _matches(section, rows[index + 1 : index + 2]):
        return None
    return section


def split_csv(rows, after=0):
    """(the activities' rows, Sections): a .csv's filled (number, values) rows cut where the
    first section starts, each section a title alone on its line and its headings below. They
    start below rows[after - 1], the activities' heading row: a title above it is the file's."""
    starts = [
        (index, s) for index in range(after, len(rows)) if (s := _starts_section(rows, index))
    ]
    found = Sections()
    if not starts:
        return rows, found
    ends = [index for index, _section in starts[1:]] + [len(rows)]
    for (start, section), end in zip(starts, ends, strict=True):
        _read_section(found, section, rows[start][1][0], rows[start + 1 : end], typed=False)
    return rows[: starts[0][0]], found
