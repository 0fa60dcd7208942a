"""The preview of an import: each row as it will be saved, with row-numbered errors and warnings,
and which stakeholders, channels, milestones and messages will be created or matched.

Building a preview reads the database (a fixed number of queries) and saves nothing.
"""

import datetime
import re
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from milestones.models import Phase

from ..models import Cadence, RowStatus
from . import checks, layout, section_changes, words
from .cells import CellReader
from .drafts import Draft, ImportPreview
from .headings import LABELS, NOT_IMPORTED
from .matching import (
    PlanContext,
    UnknownOwner,
    name_key,
    owner_key,
    without_title,
)
from .values import choice_lookup, parse_resources

# "Mål: …" inside the message cell: the rest is the goal.
GOAL_LABEL = re.compile(
    r"(?:^|(?<=[\s.;]))(?:mål|formål|målet|goal|goals|objective|purpose)\s*:\s*", re.I
)
# Owners the file names who are not members: ask the manager, or leave the rows unassigned.
ASK, UNASSIGN = "ask", "unassign"


def build_preview(plan, table, owners=ASK):
    """The preview of importing `table` (reading.Table) into `plan`."""
    original = plan
    plan, cycle = section_changes.with_cycle(plan, table)
    builder = _Builder(plan, table, owners)
    # An export of this planner writes every cell; elsewhere a blank means "same as above".
    same_as_above = ("stakeholder",) if "actual_hours" in table.columns else layout.SAME_AS_ABOVE
    rows, builder.filled = layout.fill_down(table.rows, table.columns, same_as_above)
    for source_row in rows:
        builder.preview.rows.append(builder.draft(source_row))
    builder.finish()
    section_changes.resolve(builder.preview, table, cycle)
    builder.preview.state = builder.context.state(original)
    return builder.preview


def split_goal(text):
    """(content, goal) of a message cell that says its goal: "… Mål: …" or "Goal: …"."""
    match = GOAL_LABEL.search(text)
    if match is None:
        return text, ""
    return text[: match.start()].strip(), text[match.end() :].strip()


class _Builder(CellReader):
    def __init__(self, plan, table, owners):
        super().__init__(plan, table)
        self.owners = owners
        self.context = PlanContext(plan)
        self.preview = ImportPreview(
            plan=plan,
            source=table.source,
            context=self.context,
            sheet=table.sheet,
            sheets=table.sheets,
            not_imported=[heading for _index, heading in table.extra_columns],
            owners=owners,
            language=get_language(),
        )
        languages = [code for code, _name in settings.LANGUAGES]
        self.phases = choice_lookup(Phase, languages)
        self.cadences = choice_lookup(Cadence, languages)
        self.statuses = choice_lookup(RowStatus, languages, words.status_words())
        self.filled = []
        self.checked_messages, self.checked_names = set(), set()
        self.cadence_readings = {}
        self.rules = checks.rules_of(plan)
        self.found_owners = {}  # (name, email) -> (member, how)

    # One row

    def draft(self, row):
        draft = Draft(number=row.number)
        self.row, self.current = row, draft
        draft.stakeholder = self.name("stakeholder", required=True)
        draft.content = self.text("message")
        draft.goal = self.text("goal")
        goal_column = "goal"
        if not draft.goal:
            draft.content, draft.goal = split_goal(draft.content)
            goal_column = "message"
        if not draft.content:
            draft.errors.append(_("%(column)s is empty.") % {"column": LABELS["message"]})
        draft.channel = self.name("channel")
        draft.assurance = self.text("assurance")
        draft.notes = self.text("notes")
        self.resources(draft)
        self.timing(draft)
        self.owner(draft)
        self.extra_columns(draft)
        self.check(draft, goal_column)
        if not draft.errors:
            self.match(draft)
        return draft

    def check(self, draft, goal_column):
        """The pages' rules: the same model validation as their forms."""
        rules, where = self.rules, self.where
        draft.errors += rules["row"].check(draft.row_values(), where)
        if draft.content and draft.message_key not in self.checked_messages:
            self.checked_messages.add(draft.message_key)
            draft.errors += rules["message"].check(
                {"content": draft.content, "goal": draft.goal},
                where,
                {"content": "message", "goal": goal_column},
            )
        for column, field_name, value in (
            ("stakeholder", "name", draft.stakeholder),
            ("channel", "name", draft.channel),
            ("milestone", "title", draft.milestone),
        ):
            if value and (column, name_key(value)) not in self.checked_names:
                self.checked_names.add((column, name_key(value)))
                draft.errors += rules[column].check({field_name: value}, where)

    def extra_columns(self, draft):
        """Columns that no field reads go into the notes under their heading."""
        for index, heading in self.table.extra_columns:
            value = self.row.values[index] if index < len(self.row.values) else None
            if isinstance(value, datetime.datetime | datetime.date):
                value = value.isoformat()[:10]
            text = "" if value is None else str(value).strip()
            if text:
                draft.add_note(heading, text)

    def resources(self, draft):
        draft.planned_hours = self.amount("planned_hours")
        draft.planned_cost = self.amount("planned_cost")
        text = self.text("resources")
        if not text:
            return
        found = parse_resources(text, self.plan.currency, self.decimal_comma)
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

    def timing(self, draft):
        draft.scheduled_date = self.date("scheduled_date")
        draft.next_review_date = self.date("next_review_date")
        status_text = self.text("status")
        draft.status = (
            self.choice("status", self.statuses, RowStatus, also=_STATUS_EXAMPLES)
            or RowStatus.PLANNED
        )
        if status_text and words.is_postponed(status_text):
            draft.warnings.append(
                _("Status “%(value)s” was read as Planned: give the activity its new date.")
                % {"value": status_text}
            )
        draft.phase = self.choice(
            "phase", self.phases, Phase, reader=words.read_phase, also=_PHASE_EXAMPLES
        )
        draft.milestone = self.name("milestone")
        self.cadence(draft)

    def cadence(self, draft):
        text = self.text("cadence")
        # "Monthly, around the executive S&OP meeting (+2 working days)", as the export writes
        offset = re.search(r"\(\s*([-+]?\d+)[^)]*\)$", text)
        if offset:
            text = text[: offset.start()].strip()
        if not text:
            draft.cadence = Cadence.ONCE
            return
        try:
            if text not in self.cadence_readings:
                self.cadence_readings[text] = words.read_cadence(
                    text, self.cadences, self.decimal_comma
                )
            reading = self.cadence_readings[text]
        except ValueError:
            self.choice("cadence", self.cadences, Cadence, text, also=words.CADENCE_EXAMPLES)
            return
        draft.cadence, draft.cadence_weeks = reading.cadence, reading.weeks
        if reading.hours is not None:
            if draft.planned_hours is None:
                draft.planned_hours = reading.hours.quantize(Decimal("0.01"))
            else:
                draft.add_note(LABELS["cadence"], text)
        if draft.cadence == Cadence.SOP_CYCLE:
            draft.cycle_offset = int(offset[1]) if offset else 0
            if not offset:
                draft.warnings.append(
                    _(
                        "The activity follows the S&OP cycle on the day of the executive S&OP "
                        "meeting; change the working days on the activity if needed."
                    )
                )

    def owner(self, draft):
        name = self.text("owner")
        email = self.text("owner_email")
        if "@" in name and not email:
            name, email = "", name
        draft.owner_text = f"{name} <{email}>" if name and email else name or email
        if not draft.owner_text:
            return
        if (name, email) not in self.found_owners:
            self.found_owners[(name, email)] = self.context.find_owner(name, email)
        draft.owner, draft.owner_match = self.found_owners[(name, email)]
        if draft.owner is not None:
            return
        key = owner_key(name, email)
        unknown = self.preview.unknown_owners.setdefault(
            key, UnknownOwner(key, without_title(name) if name else "", email)
        )
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
        if preview.not_imported:
            preview.file_warnings.append(
                _(
                    "Not imported as fields: %(columns)s. What these columns hold is kept in "
                    "each activity's notes, under the column's heading."
                )
                % {"columns": ", ".join(preview.not_imported)}
            )
        if self.filled:
            preview.file_warnings.append(
                ngettext(
                    "Row %(rows)s has a blank stakeholder, milestone, phase or channel: it "
                    "takes the value above it.",
                    "Rows %(rows)s have a blank stakeholder, milestone, phase or channel: they "
                    "take the value above them.",
                    len(self.filled),
                )
                % {"rows": number_list(self.filled)}
            )
        totals = [number for number, why in table.skipped if why == layout.TOTALS]
        notes = [number for number, why in table.skipped if why == layout.NOTES]
        if totals:
            preview.file_warnings.append(
                ngettext(
                    "Row %(rows)s is a total, not an activity: it is skipped.",
                    "Rows %(rows)s are totals, not activities: they are skipped.",
                    len(totals),
                )
                % {"rows": number_list(totals)}
            )
        if notes:
            preview.file_warnings.append(
                ngettext(
                    "Row %(rows)s is a note, not an activity: it is skipped.",
                    "Rows %(rows)s are notes, not activities: they are skipped.",
                    len(notes),
                )
                % {"rows": number_list(notes)}
            )
        if table.hidden_rows or table.hidden_columns:
            preview.file_warnings.append(
                _(
                    "Hidden in Excel, but imported all the same: %(what)s. Delete what should "
                    "not be imported from the sheet."
                )
                % {"what": "; ".join(self.hidden_parts())}
            )
        if any(name in table.columns for name in NOT_IMPORTED):
            preview.file_warnings.append(
                _("Actual hours and cost are not imported: record them as reviews of the rows.")
            )

    def hidden_parts(self):
        """The hidden rows and columns of the table, as a person finds them in Excel."""
        table, parts = self.table, []
        if table.hidden_rows:
            parts.append(
                ngettext("row %(rows)s", "rows %(rows)s", len(table.hidden_rows))
                % {"rows": number_list(table.hidden_rows)}
            )
        if table.hidden_columns:
            names = {index: heading for index, heading in table.extra_columns}
            names |= {index: str(LABELS[name]) for name, index in table.columns.items()}
            columns = ", ".join(
                _("%(letter)s (“%(heading)s”)")
                % {"letter": get_column_letter(index + 1), "heading": names[index]}
                for index in table.hidden_columns
            )
            parts.append(_("columns %(columns)s") % {"columns": columns})
        return parts


def number_list(numbers, shown=20):
    """Row numbers as a person reads them: "4, 5, 7, 9" or "4, 5, … (32 rows)"."""
    text = ", ".join(str(number) for number in numbers[:shown])
    if len(numbers) > shown:
        text += " … " + ngettext("(%(count)s row)", "(%(count)s rows)", len(numbers)) % {
            "count": len(numbers)
        }
    return text


_STATUS_EXAMPLES = "planlagt, i gang, udført, aflyst, udsat, in progress, done"
_PHASE_EXAMPLES = "1–5, Fase 2, Analyse, Definering, Pilot, Drift"
