"""The preview of an import: each row as it will be saved, with row-numbered errors and warnings,
and which stakeholders, channels, milestones and messages will be created or matched.

Building a preview reads the database (a fixed number of queries) and saves nothing.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from milestones.models import Phase

from ..models import CYCLE_OFFSET_LIMIT, Cadence, RowStatus, display_name
from . import sections
from .headings import LABELS, NOT_IMPORTED
from .matching import Found, PlanContext, UnknownOwner, name_key, owner_key
from .values import choice_lookup, parse_choice, parse_date, parse_resources, to_decimal

MAX_NAME = 200
LIMITS = {"planned_hours": Decimal("99999.99"), "planned_cost": Decimal("9999999999.99")}
# Owners the file names who are not members: ask the manager, or leave the rows unassigned.
ASK, UNASSIGN = "ask", "unassign"


@dataclass
class Draft:
    """One row of the file, as it will be saved."""

    number: int
    stakeholder: str = ""
    stakeholder_new: bool = False
    content: str = ""
    goal: str = ""
    message_new: bool = False
    channel: str = ""
    channel_new: bool = False
    milestone: str = ""
    milestone_new: bool = False
    phase: int | None = None
    owner: object = None  # a member of the plan
    owner_text: str = ""  # who the file names, as written
    unknown_owner: str = ""  # UnknownOwner.key when the file names someone not in the plan
    assurance: str = ""
    planned_hours: Decimal | None = None
    planned_cost: Decimal | None = None
    scheduled_date: datetime.date | None = None
    cadence: str = Cadence.ONCE
    cadence_weeks: int | None = None
    cycle_offset: int | None = None
    next_review_date: datetime.date | None = None
    status: str = RowStatus.PLANNED
    notes: str = ""
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def message_key(self):
        return (name_key(self.content), name_key(self.goal))

    @property
    def cadence_label(self):
        return Cadence(self.cadence).label

    @property
    def status_label(self):
        return RowStatus(self.status).label

    @property
    def phase_label(self):
        return Phase(self.phase).label if self.phase else ""

    @property
    def owner_name(self):
        return display_name(self.owner)

    def add_note(self, label, text):
        self.notes = "\n".join(filter(None, [self.notes, f"{label}: {text}"]))


@dataclass
class ImportPreview:
    """Everything an import would do; `is_valid` when it may be committed."""

    plan: object
    source: str
    rows: list = field(default_factory=list)
    stakeholders: Found = field(default_factory=Found)
    channels: Found = field(default_factory=Found)
    milestones: Found = field(default_factory=Found)
    messages: Found = field(default_factory=Found)
    unknown_owners: dict = field(default_factory=dict)  # key -> UnknownOwner
    header: dict = field(default_factory=dict)  # plan header fields the import fills in
    file_warnings: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)  # the file's other sheets (sections.py)
    sections: object = None  # sections.Resolved: what they create and change
    context: object = None  # matching.PlanContext: what the plan had when the preview was made

    @property
    def errors(self):
        return [(None, message) for message in self.file_errors] + [
            (row.number, message) for row in self.rows for message in row.errors
        ]

    @property
    def warnings(self):
        return [(None, message) for message in self.file_warnings] + [
            (row.number, message) for row in self.rows for message in row.warnings
        ]

    @property
    def is_valid(self):
        return not self.file_errors and not any(row.errors for row in self.rows)


def build_preview(plan, table, owners=ASK):
    """The preview of importing `table` (reading.Table) into `plan`."""
    plan, cycle = sections.with_cycle(plan, table)
    builder = _Builder(plan, table, owners)
    for source_row in table.rows:
        builder.preview.rows.append(builder.draft(source_row))
    builder.finish()
    sections.resolve(builder.preview, table, cycle)
    return builder.preview


class _Builder:
    def __init__(self, plan, table, owners):
        self.plan, self.table, self.owners = plan, table, owners
        self.context = PlanContext(plan)
        self.preview = ImportPreview(plan=plan, source=table.source, context=self.context)
        languages = [code for code, _name in settings.LANGUAGES]
        self.phases = choice_lookup(
            Phase, languages, {f"{word} {p}": p for p in Phase.values for word in ("fase", "phase")}
        )
        self.cadences = choice_lookup(Cadence, languages)
        self.statuses = choice_lookup(RowStatus, languages)

    # One row

    def draft(self, row):
        draft = Draft(number=row.number)
        self.row, self.current = row, draft
        draft.stakeholder = self.name("stakeholder", required=True)
        draft.content = self.text("message")
        if not draft.content:
            draft.errors.append(_("%(column)s is empty.") % {"column": LABELS["message"]})
        draft.goal = self.text("goal")
        draft.channel = self.name("channel")
        draft.assurance = self.text("assurance")
        draft.notes = self.text("notes")
        self.resources(draft)
        self.timing(draft)
        self.owner(draft)
        self.match(draft)
        return draft

    def raw(self, name):
        return self.table.value(self.row, name)

    def text(self, name):
        value = self.raw(name)
        if isinstance(value, datetime.datetime | datetime.date):
            return value.isoformat()[:10]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None else str(value).strip()

    def name(self, column, required=False):
        value = " ".join(self.text(column).split())
        if required and not value:
            self.current.errors.append(_("%(column)s is empty.") % {"column": LABELS[column]})
        elif len(value) > MAX_NAME:
            self.current.errors.append(
                _("%(column)s is longer than %(limit)s characters.")
                % {"column": LABELS[column], "limit": MAX_NAME}
            )
        return value

    def error(self, column, message, value=None):
        self.current.errors.append(
            message % {"column": LABELS[column], "value": value if value is not None else ""}
        )

    def amount(self, column):
        value = self.raw(column)
        if value is None:
            return None
        try:
            amount = to_decimal(value)
        except ValueError:
            found = parse_resources(str(value), self.plan.currency)
            amount = found.hours if column == "planned_hours" else found.cost
            if amount is None or not found.complete:
                self.error(column, _("%(column)s: “%(value)s” is not a number."), value)
                return None
        if amount < 0:
            self.error(column, _("%(column)s cannot be negative."))
        elif amount > LIMITS[column]:
            self.error(column, _("%(column)s: “%(value)s” is too large."), value)
        return amount

    def resources(self, draft):
        draft.planned_hours = self.amount("planned_hours")
        draft.planned_cost = self.amount("planned_cost")
        text = self.text("resources")
        if not text:
            return
        found = parse_resources(text, self.plan.currency)
        if draft.planned_hours is None:
            draft.planned_hours = found.hours
        if draft.planned_cost is None:
            draft.planned_cost = found.cost
        if found.complete:
            return
        draft.add_note(LABELS["resources"], text)
        if found.other_currency:
            message = _(
                "“%(value)s” is in %(currency)s, not in the plan's %(plan_currency)s: that "
                "amount is not taken; the text is kept in the notes."
            ) % {
                "value": text,
                "currency": found.other_currency,
                "plan_currency": self.plan.currency,
            }
        elif found.hours is not None or found.cost is not None:
            message = _(
                "Only part of “%(value)s” could be read as hours and cost; the text is kept in "
                "the notes."
            ) % {"value": text}
        else:
            message = _(
                "“%(value)s” could not be read as hours and cost; it is kept in the notes."
            ) % {"value": text}
        draft.warnings.append(message)

    def date(self, column):
        value = self.raw(column)
        if value is None:
            return None
        try:
            return parse_date(value, serial_numbers=self.table.typed)
        except ValueError:
            self.error(
                column,
                _("%(column)s: “%(value)s” is not a date. Write it as 2026-05-01 or 01-05-2026."),
                value,
            )
            return None

    def choice(self, column, lookup, choices, value=None):
        value = self.text(column) if value is None else value
        if not value:
            return None
        try:
            return parse_choice(value, lookup)
        except ValueError:
            self.current.errors.append(
                _("%(column)s: “%(value)s” is not one of: %(choices)s.")
                % {
                    "column": LABELS[column],
                    "value": value,
                    "choices": ", ".join(str(label) for label in choices.labels),
                }
            )
            return None

    def timing(self, draft):
        draft.scheduled_date = self.date("scheduled_date")
        draft.next_review_date = self.date("next_review_date")
        if (
            draft.scheduled_date
            and draft.next_review_date
            and draft.next_review_date < draft.scheduled_date
        ):
            draft.errors.append(_("The next review cannot be before the scheduled date."))
        draft.status = self.choice("status", self.statuses, RowStatus) or RowStatus.PLANNED
        draft.phase = self.choice("phase", self.phases, Phase)
        draft.milestone = self.name("milestone")
        self.cadence(draft)

    def cadence(self, draft):
        text = self.text("cadence")
        # "Monthly, around the executive S&OP meeting (+2 working days)", as the export writes
        offset = re.search(r"\(\s*([-+]?\d+)[^)]*\)$", text)
        if offset:
            text = text[: offset.start()].strip()
        weeks = re.fullmatch(r"(?:every|hver)\s*(\d+)\.?\s*(?:weeks?|uger?)", text, re.I)
        if weeks and int(weeks[1]) == 1:
            draft.cadence = Cadence.WEEKLY
        elif weeks:
            draft.cadence = Cadence.EVERY_N_WEEKS
        else:
            draft.cadence = self.choice("cadence", self.cadences, Cadence, text) or Cadence.ONCE
        if draft.cadence == Cadence.EVERY_N_WEEKS:
            draft.cadence_weeks = int(weeks[1]) if weeks else None
            if not weeks or not 2 <= draft.cadence_weeks <= 52:
                draft.errors.append(_("Say how many weeks between reviews (2 to 52)."))
        elif draft.cadence == Cadence.SOP_CYCLE:
            self.cycle(draft, int(offset[1]) if offset else None)

    def cycle(self, draft, offset):
        if not self.plan.has_sop_cycle:
            draft.errors.append(
                _(
                    "Set when the plan's executive S&OP meeting is held (in the plan header) "
                    "before rows can follow it."
                )
            )
        if offset is None:
            offset = 0
            draft.warnings.append(
                _(
                    "The activity follows the S&OP cycle on the day of the executive S&OP "
                    "meeting; change the working days on the activity if needed."
                )
            )
        elif abs(offset) > CYCLE_OFFSET_LIMIT:
            draft.errors.append(_("Choose between -15 and 15 working days."))
        draft.cycle_offset = offset

    def owner(self, draft):
        name = self.text("owner")
        email = self.text("owner_email")
        if "@" in name and not email:
            name, email = "", name
        draft.owner_text = f"{name} <{email}>" if name and email else name or email
        if not draft.owner_text:
            return
        draft.owner = self.context.find_owner(name, email)
        if draft.owner is not None:
            return
        key = owner_key(name, email)
        unknown = self.preview.unknown_owners.setdefault(key, UnknownOwner(key, name, email))
        unknown.rows.append(draft.number)
        draft.unknown_owner = key
        if self.owners == UNASSIGN:
            draft.add_note(LABELS["owner"], draft.owner_text)
            draft.warnings.append(
                _(
                    "%(owner)s is not a member of the plan: the activity is left without an "
                    "owner and the name is kept in its notes."
                )
                % {"owner": draft.owner_text}
            )

    def match(self, draft):
        context = self.context
        if draft.stakeholder:
            _obj, draft.stakeholder_new = self.preview.stakeholders.note(
                context.stakeholders, name_key(draft.stakeholder), lambda: draft.stakeholder
            )
        if draft.channel:
            _obj, draft.channel_new = self.preview.channels.note(
                context.channels, name_key(draft.channel), lambda: draft.channel
            )
        if draft.content:
            _obj, draft.message_new = self.preview.messages.note(
                context.messages, draft.message_key, lambda: (draft.content, draft.goal)
            )
        if not draft.milestone and draft.phase:
            draft.milestone = str(Phase(draft.phase).label)
        if draft.milestone:
            milestone, draft.milestone_new = self.preview.milestones.note(
                context.milestones,
                name_key(draft.milestone),
                lambda: {"title": draft.milestone, "phase": draft.phase, "dates": []},
            )
            if draft.milestone_new:
                milestone["phase"] = milestone["phase"] or draft.phase
                milestone["dates"].append(draft.scheduled_date)
            elif draft.phase and draft.phase != milestone.phase:
                draft.warnings.append(
                    _("Milestone “%(milestone)s” is in the phase %(phase)s; the file's is ignored.")
                    % {"milestone": milestone.title, "phase": milestone.get_phase_display()}
                )
        if draft.stakeholder and context.is_duplicate(
            draft.stakeholder, draft.content, draft.scheduled_date
        ):
            draft.warnings.append(
                _(
                    "The plan already has an activity for this stakeholder and message on this "
                    "date; this one is added as well."
                )
            )

    # The whole file

    def finish(self):
        preview, table = self.preview, self.table
        fallback = self.plan.start_date or timezone.localdate()
        for spec in preview.milestones.new.values():
            dates = [day for day in spec.pop("dates") if day]
            spec["planned_date"] = min(dates) if dates else fallback
            spec["phase"] = spec["phase"] or Phase.PILOT  # the toolkit phase of tool 22
        preview.header = {
            name: text for name, text in table.header.items() if not getattr(self.plan, name)
        }
        if table.unknown_headings:
            preview.file_warnings.append(
                _("These columns are not imported: %(columns)s.")
                % {"columns": ", ".join(f"“{h}”" for h in table.unknown_headings)}
            )
        if any(name in table.columns for name in NOT_IMPORTED):
            preview.file_warnings.append(
                _("Actual hours and cost are not imported: record them as reviews of the rows.")
            )
