"""The rules of the pages, applied to each imported row: the same model fields (their length
caps, choices and validators) and the same `clean()` as the forms, so a preview and its commit
can never disagree with what a person could type on the pages.

`Rules` runs a model's validation on the values a file gives and turns its errors into row
errors that name the column and the cell.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from milestones.models import Milestone
from stakeholders.models import Stakeholder

from ..models import Channel, Message, PlanRow
from .headings import LABELS

# Which column each validated field of an activity comes from.
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


class Rules:
    """The errors the pages would show for values of `model`'s fields: each field's own
    validation (as `Model.clean_fields` runs it) and, with `clean`, the model's `clean()` on
    the fields given. A file repeats its values (statuses, cadences, hours, dates, names), so
    each field's validation runs once per distinct value; `clean()`, the rules across fields,
    runs for every call, on one unsaved object of the plan."""

    def __init__(self, model, plan, columns, clean=True):
        self.instance = model(plan=plan)
        self.columns = columns  # {field: the column it comes from}
        self.fields = {name: model._meta.get_field(name) for name in columns}
        self.clean = clean
        self.seen = {}  # (field, value) -> (length, limit) when too long, else [messages]

    def _field(self, name, value):
        """What `Model.clean_fields` finds in one field's value."""
        model_field = self.fields[name]
        limit = model_field.max_length
        if limit and isinstance(value, str) and len(value) > limit:
            return (len(value), limit)
        if model_field.blank and value in model_field.empty_values:
            return []
        try:
            model_field.clean(value, self.instance)
        except ValidationError as error:
            return error.messages
        return []

    def check(self, values, where, columns=None):
        """Errors of {field: value}, each naming its column (`columns` or the rules') and the
        cell `where(column)` gives."""
        columns = columns or self.columns
        errors, failed, long = [], {}, set()
        for name, value in values.items():
            # 1.5 and 1.50 are equal, but not to the rules on decimal places
            seen = (name, str(value)) if isinstance(value, Decimal) else (name, value)
            found = self.seen.get(seen)
            if found is None:
                found = self.seen[seen] = self._field(name, value)
            if isinstance(found, tuple):
                long.add(name)
                errors.append(_too_long(columns[name], where, *found))
            elif found:
                failed[name] = found
        if failed:  # as clean_fields: clean() only runs when the fields are valid
            return errors + _errors_of(ValidationError(failed), columns, where)
        if self.clean:
            instance = self.instance
            for name, value in values.items():
                setattr(instance, name, value)
            try:
                instance.clean()
            except ValidationError as error:
                errors += _errors_of(error, columns, where, skip=long)
        return errors


def _too_long(column, where, length, limit):
    return _(
        "%(column)s (cell %(cell)s) has %(length)s characters; at most %(limit)s are "
        "allowed. Shorten it in the file."
    ) % {"column": LABELS[column], "cell": where(column), "length": length, "limit": limit}


def _errors_of(error, columns, where, skip=()):
    """Row errors for a model's ValidationError: each names the column and cell of its field;
    an error of no field (or of a field the file does not give) is given as it is."""
    errors = []
    for name, messages in error.message_dict.items():
        if name in skip:
            continue
        column = columns.get(name)
        for message in messages:
            if column is None:
                errors.append(message)
            else:
                errors.append(
                    _("%(column)s (cell %(cell)s): %(message)s")
                    % {"column": LABELS[column], "cell": where(column), "message": message}
                )
    return errors


def rules_of(plan):
    """{kind: Rules} for an import into `plan`: its activities, messages and the names of its
    stakeholders, channels and milestones."""
    return {
        "row": Rules(PlanRow, plan, ROW_FIELDS),
        "message": Rules(Message, plan, {"content": "message", "goal": "goal"}, clean=False),
        "stakeholder": Rules(Stakeholder, plan, {"name": "stakeholder"}, clean=False),
        "channel": Rules(Channel, plan, {"name": "channel"}, clean=False),
        "milestone": Rules(Milestone, plan, {"title": "milestone"}, clean=False),
    }
