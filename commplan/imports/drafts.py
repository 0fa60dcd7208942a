"""What a preview holds: each row of the file as it will be saved (Draft), and the whole
import (ImportPreview) with its row-numbered errors and warnings and a one-line summary."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import ngettext

from milestones.models import Phase

from ..models import Cadence, RowStatus, display_name
from .matching import MATCHED_BY, Found, name_key

# The fields a Draft hands to PlanRow unchanged (linked objects are resolved separately).
ROW_VALUES = (
    "assurance",
    "planned_hours",
    "planned_cost",
    "scheduled_date",
    "cadence",
    "cadence_weeks",
    "cycle_offset",
    "next_review_date",
    "status",
    "notes",
)


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
    owner_match: str = ""  # how the owner was found: a key of matching.MATCHED_BY
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

    @property
    def owner_matched_by(self):
        return MATCHED_BY.get(self.owner_match, "")

    def row_values(self):
        """The row's own values, as PlanRow takes them: one list for the check and the save."""
        return {name: getattr(self, name) for name in ROW_VALUES}

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
    sections: object = None  # section_changes.Resolved: what they create and change
    context: object = None  # matching.PlanContext: what the plan had when the preview was made
    sheet: str = ""  # the worksheet read ("" for a CSV file)
    sheets: list = field(default_factory=list)  # [(title, headings recognised)] of a workbook
    not_imported: list = field(default_factory=list)  # headings of columns kept in the notes
    owners: str = ""  # preview.ASK or UNASSIGN: what it does with people who are not members
    language: str = ""  # of its messages
    state: tuple = ()  # what it read from the database: matching.PlanContext.state

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

    def summary(self):
        """One line saying what the import would do: "24 activities · 10 owners to match ·
        1 warning"."""
        rows, owners = len(self.rows), len(self.unknown_owners)
        errors, warnings = len(self.errors), len(self.warnings)
        parts = [
            ngettext("%(count)s activity", "%(count)s activities", rows) % {"count": rows},
            ngettext("%(count)s owner to match", "%(count)s owners to match", owners)
            % {"count": owners},
        ]
        if errors:
            parts.append(
                ngettext("%(count)s error", "%(count)s errors", errors) % {"count": errors}
            )
        parts.append(
            ngettext("%(count)s warning", "%(count)s warnings", warnings) % {"count": warnings}
        )
        return " · ".join(parts)
