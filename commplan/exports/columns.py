"""What an export writes: the columns of the activities table and the plan's other tables
(`Section`s), each column with its heading, its value and the field the importer reads it back
into (`commplan.imports.headings`, `commplan.imports.sections`)."""

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.db import models
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

    from ..models import CommunicationPlan, PlanRow

TEXT, HOURS, MONEY, DATE, INTEGER = "text", "hours", "money", "date", "integer"


@dataclass(frozen=True)
class Column:
    heading: Callable[["CommunicationPlan"], str]  # the heading, in the active language
    value: Callable[[Any], Any]  # a row (or stakeholder, milestone …) -> its value
    kind: str = TEXT
    width: int = 14
    field: str = ""  # what the importer reads the column into (commplan.imports.headings)


def _person(user: "AbstractUser | None") -> str:
    return (user.get_full_name() or user.username) if user else ""


def _label(text: str | Promise) -> Callable[["CommunicationPlan"], str]:
    return lambda plan: str(text)


def _with_currency(text: str | Promise) -> Callable[["CommunicationPlan"], str]:
    return lambda plan: str(text) % {"currency": plan.currency}


ROW_COLUMNS = [
    # The toolkit's five columns, with "owner" and "time and resources" split into cells that
    # a spreadsheet (and the importer) can use.
    Column(
        _label(_("Stakeholders (target group)")),
        lambda r: r.stakeholder.name,
        width=24,
        field="stakeholder",
    ),
    Column(
        _label(_("Message content and goal")),
        lambda r: r.message.content,
        width=40,
        field="message",
    ),
    Column(_label(_("Goal")), lambda r: r.message.goal, width=30, field="goal"),
    Column(
        _label(pgettext_lazy("toolkit column", "Channel")),
        lambda r: r.channel.name if r.channel else "",
        width=20,
        field="channel",
    ),
    Column(
        _label(pgettext_lazy("toolkit column", "Owner")),
        lambda r: _person(r.owner),
        width=22,
        field="owner",
    ),
    Column(_label(_("How it is ensured")), lambda r: r.assurance, width=34, field="assurance"),
    Column(_label(_("Planned hours")), lambda r: r.planned_hours, HOURS, 10, field="planned_hours"),
    Column(
        _with_currency(_("Planned cost (%(currency)s)")),
        lambda r: r.planned_cost,
        MONEY,
        field="planned_cost",
    ),
    Column(
        _label(_("Milestone")),
        lambda r: r.milestone.title if r.milestone else "",
        width=24,
        field="milestone",
    ),
    Column(
        _label(_("Phase")),
        lambda r: str(r.milestone.get_phase_display()) if r.milestone else "",
        width=18,
        field="phase",
    ),
    Column(
        _label(_("Scheduled date")), lambda r: r.scheduled_date, DATE, 12, field="scheduled_date"
    ),
    Column(
        _label(_("Review cadence")),
        lambda r: cadence_text(r),
        width=18,
        field="cadence",
    ),
    Column(
        _label(_("Next review")), lambda r: r.next_review_date, DATE, 12, field="next_review_date"
    ),
    Column(_label(_("Status")), lambda r: str(r.get_status_display()), width=12, field="status"),
    Column(
        _label(_("Owner email")),
        lambda r: r.owner.email if r.owner else "",
        width=26,
        field="owner_email",
    ),
    Column(_label(_("Actual hours")), lambda r: r.actual_hours, HOURS, 10, field="actual_hours"),
    Column(
        _with_currency(_("Actual cost (%(currency)s)")),
        lambda r: r.actual_cost,
        MONEY,
        field="actual_cost",
    ),
    Column(_label(_("Notes")), lambda r: r.notes, width=30, field="notes"),
]


def internal_text(is_internal: bool) -> str:
    """How the export writes a stakeholder's `is_internal`."""
    return str(_("Internal") if is_internal else _("External"))


STAKEHOLDER_COLUMNS = [
    Column(_label(_("Name")), lambda s: s.name, width=28, field="name"),
    Column(
        _label(_("Internal or external")),
        lambda s: internal_text(s.is_internal),
        width=14,
        field="is_internal",
    ),
    Column(
        _label(_("Category")), lambda s: str(s.get_category_display()), width=20, field="category"
    ),
    Column(_label(_("Importance")), lambda s: s.importance, INTEGER, 12, field="importance"),
    Column(_label(_("Involvement")), lambda s: s.involvement, INTEGER, 12, field="involvement"),
    # Derived from importance and involvement: written for the reader, not read back.
    Column(_label(_("Engagement approach")), lambda s: str(s.get_approach_display()), width=18),
    Column(_label(_("Contact")), lambda s: s.contact_name, width=22, field="contact_name"),
    Column(_label(_("Contact email")), lambda s: s.contact_email, width=26, field="contact_email"),
    Column(_label(_("Notes")), lambda s: s.notes, width=30, field="notes"),
]


def _model_column(
    model: type[models.Model], name: str, kind: str = TEXT, width: int = 18
) -> Column:
    """A column of `model`'s field `name`, headed by the field's name, holding its value (the
    label of a choice)."""
    field = cast("models.Field[Any, Any]", model._meta.get_field(name))

    def value(obj: models.Model) -> Any:
        if field.choices and getattr(obj, name) is not None:
            return str(getattr(obj, f"get_{name}_display")())
        return getattr(obj, name)

    return Column(lambda plan: str(capfirst(field.verbose_name)), value, kind, width, field=name)


@dataclass(frozen=True)
class Section:
    """One more table of the plan: an extra sheet in an .xlsx, a section below the activities
    in a .csv. The plan header (`vertical`) is written as one label and value a line."""

    key: str
    title: str | Promise  # lazy: the sheet's name, and the line that starts a .csv's section
    objects: Callable[["CommunicationPlan"], Iterable[Any]]  # what the section lists
    columns: list[Column]
    vertical: bool = False


def _model_section(
    key: str,
    title: str | Promise,
    model: type[models.Model],
    order: Sequence[str],
    columns: list[tuple[str, str, int]],
) -> Section:
    """A Section listing the plan's `model` objects in `order`, one column per (field name,
    kind, width) of `columns`."""
    return Section(
        key,
        title,
        lambda plan: model._default_manager.filter(plan=plan).order_by(*order),
        [_model_column(model, *column) for column in columns],
    )


@functools.cache
def extra_sections() -> list[Section]:
    """[Section]: the plan header with its S&OP-cycle settings (every field the plan's page
    edits), milestones, stakeholders, messages and channels, in the order they are written."""
    from milestones.models import Milestone

    from ..models import Channel, CommunicationPlan, Message
    from ..plans.forms import PlanForm

    kinds = {"start_date": DATE, "end_date": DATE, "escalation_days": INTEGER}
    plan_columns = [
        _model_column(CommunicationPlan, name, kinds.get(name, TEXT))
        for name in PlanForm.Meta.fields
    ]
    return [
        Section("plan", _("Plan"), lambda plan: [plan], plan_columns, vertical=True),
        _model_section(
            "milestones",
            _("Milestones"),
            Milestone,
            ("planned_date", "phase", "pk"),
            [
                ("title", TEXT, 30),
                ("phase", TEXT, 22),
                ("planned_date", DATE, 12),
                ("actual_date", DATE, 12),
                ("status", TEXT, 14),
                ("description", TEXT, 40),
            ],
        ),
        Section(
            "stakeholders",
            _("Stakeholders"),
            lambda plan: plan.stakeholders.order_by("name", "pk"),
            STAKEHOLDER_COLUMNS,
        ),
        _model_section(
            "messages",
            _("Messages"),
            Message,
            ("content", "pk"),
            [("content", TEXT, 50), ("goal", TEXT, 40), ("objective", TEXT, 30)],
        ),
        _model_section(
            "channels",
            _("Channels"),
            Channel,
            ("name", "pk"),
            [("name", TEXT, 26), ("kind", TEXT, 16), ("description", TEXT, 40)],
        ),
    ]


@functools.cache
def report_sections() -> list[Section]:
    """[Section]: what the export writes for the reader after `extra_sections()`, and the
    importer passes over: how the communication landed (issue 19)."""
    from ..understanding.export import export_lines

    def share(name: str) -> Callable[[Any], Any]:
        return lambda line: line.share(name)

    return [
        Section(
            "understanding",
            _("Understanding and support"),
            export_lines,
            [
                Column(_label(_("Per")), lambda line: line.kind, width=16),
                Column(_label(_("Name")), lambda line: line.name, width=30),
                Column(_label(_("Answers")), lambda line: line.landing.responses, INTEGER, 10),
                Column(_label(_("Understanding (%)")), share("understanding"), INTEGER, 16),
                Column(_label(_("Know what it means (%)")), share("knows_share"), INTEGER, 20),
                Column(_label(_("Support (%)")), share("support"), INTEGER, 12),
                Column(_label(_("Note")), lambda line: line.note, width=18),
            ],
        )
    ]


def cadence_text(row: "PlanRow") -> str:
    """The row's cadence with its number of weeks or working days, as the importer reads it."""
    if row.cadence == "every_n_weeks" and row.cadence_weeks:
        weeks = row.cadence_weeks
        return ngettext("Every %(weeks)s week", "Every %(weeks)s weeks", weeks) % {"weeks": weeks}
    if row.cadence == "sop_cycle" and row.cycle_offset is not None:
        offset = row.cycle_offset
        return ngettext(
            "%(cadence)s (%(offset)+d working day)",
            "%(cadence)s (%(offset)+d working days)",
            abs(offset),
        ) % {"cadence": row.get_cadence_display(), "offset": offset}
    return str(row.get_cadence_display())
