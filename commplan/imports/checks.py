"""The rules of the pages, applied to each imported row: the same model fields (their length
caps, choices and validators) and the same `clean()` as the forms, so a preview and its commit
can never disagree with what a person could type on the pages.

Each check builds the unsaved object, runs the model's validation and turns its errors into
row errors that name the column and the cell.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from milestones.models import Milestone
from stakeholders.models import Stakeholder

from ..models import Channel, Message, PlanRow
from .headings import LABELS

# Which column each validated field comes from.
ROW_FIELDS = {
    "assurance": "assurance",
    "notes": "notes",
    "planned_hours": "planned_hours",
    "planned_cost": "planned_cost",
    "scheduled_date": "scheduled_date",
    "next_review_date": "next_review_date",
    "cadence": "cadence",
    "cadence_weeks": "cadence",
    "cycle_offset": "cadence",
    "status": "status",
}
RELATIONS = {
    PlanRow: ["plan", "stakeholder", "message", "channel", "milestone", "owner"],
    Message: ["plan"],
    Stakeholder: ["plan"],
    Channel: ["plan"],
    Milestone: ["plan"],
}


def _too_long(instance, fields):
    """{field: (length, limit)} of the text fields longer than their cap."""
    long = {}
    for name in fields:
        limit = instance._meta.get_field(name).max_length
        value = getattr(instance, name) or ""
        if limit and isinstance(value, str) and len(value) > limit:
            long[name] = (len(value), limit)
    return long


def validate(instance, fields, column_of, where, clean=True):
    """Row errors for `instance` (unsaved) in `fields`, each naming the column `column_of`
    gives the field, and the cell `where(column)` gives."""
    errors = []
    long = _too_long(instance, fields)
    for name, (length, limit) in long.items():
        column = column_of(name)
        errors.append(
            _(
                "%(column)s (cell %(cell)s) has %(length)s characters; at most %(limit)s are "
                "allowed. Shorten it in the file."
            )
            % {"column": LABELS[column], "cell": where(column), "length": length, "limit": limit}
        )
    exclude = [*RELATIONS[type(instance)], *long]
    exclude += [f.name for f in instance._meta.fields if f.name not in fields]
    try:
        instance.clean_fields(exclude=exclude)
        if clean:
            instance.clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            if name in long:
                continue
            column = column_of(name) if name in fields else None
            for message in messages:
                if column is None:
                    errors.append(message)
                else:
                    errors.append(
                        _("%(column)s (cell %(cell)s): %(message)s")
                        % {"column": LABELS[column], "cell": where(column), "message": message}
                    )
    return errors


def check_row(plan, draft, where):
    """The errors the activity page would show for `draft` (preview.Draft)."""
    row = PlanRow(plan=plan, **draft.row_values())
    return validate(row, list(ROW_FIELDS), ROW_FIELDS.get, where)


def check_message(plan, content, goal, where, goal_column="goal"):
    message = Message(plan=plan, content=content, goal=goal)
    columns = {"content": "message", "goal": goal_column}
    return validate(message, ["content", "goal"], columns.get, where, clean=False)


def check_name(plan, model, field, column, value, where):
    instance = model(plan=plan, **{field: value})
    return validate(instance, [field], lambda _name: column, where, clean=False)
