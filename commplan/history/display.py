"""What a person reads about a change: field labels, values written as the pages write them,
the names of linked objects, and who made the change."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from commplan.models import display_name
from commplan.templatetags.commplan import hours, money

# Never shown: they identify the object or never change.
HIDDEN_FIELDS = {"id", "plan", "row", "created_at", "updated_at", "minutes_file_type", "token"}
MONEY_FIELDS = {"planned_cost", "actual_cost"}
TEXT_LIMIT = 300

CREATED, CHANGED, DELETED = "created", "changed", "deleted"
ACTIONS = {"+": CREATED, "~": CHANGED, "-": DELETED}


def shown_fields(model):
    """The fields of `model` that a history records and shows, in the model's order (an
    attached file's bytes are not recorded: its name is)."""
    recorded = {f.attname for f in model.history.model._meta.concrete_fields}
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in HIDDEN_FIELDS and f.attname in recorded
    ]


def field_label(model_field):
    return capfirst(model_field.verbose_name)


def as_instance(model, record):
    """The object as `record` saw it, without simple-history's `.instance`, which queries the
    database for every excluded field."""
    return model(
        **{
            f.attname: getattr(record, f.attname)
            for f in model._meta.concrete_fields
            if hasattr(record, f.attname)
        }
    )


def latest_versions(model, pks):
    """{pk: object} for `pks`: the current object, or the last historical record's version of
    one that was deleted (when the model keeps history). Two queries at most."""
    pks = {pk for pk in pks if pk is not None}
    found = {obj.pk: obj for obj in model._default_manager.filter(pk__in=pks)} if pks else {}
    missing = pks - found.keys()
    if missing and hasattr(model, "history"):
        last = (
            model.history.filter(id__in=missing)
            .order_by()
            .values("id")
            .annotate(last=models.Max("history_id"))
            .values("last")
        )
        for record in model.history.filter(history_id__in=last):
            found[record.id] = as_instance(model, record)
    return found


class Names:
    """Display names of linked objects (owners, stakeholders, channels…), looked up in bulk:
    say which are wanted, `resolve()` once, then ask."""

    def __init__(self):
        self.wanted = defaultdict(set)
        self.names = {}

    def want(self, model, pk):
        if pk is not None:
            self.wanted[model].add(pk)

    def want_links(self, model, record):
        for model_field in shown_fields(model):
            if model_field.is_relation:
                self.want(model_field.related_model, getattr(record, model_field.attname))

    def resolve(self):
        user_model = get_user_model()
        for model, pks in self.wanted.items():
            pks -= {pk for (known, pk) in self.names if known is model}
            for pk, obj in latest_versions(model, pks).items():
                self.names[model, pk] = display_name(obj) if model is user_model else str(obj)
        self.wanted.clear()

    def get(self, model, pk):
        if pk is None:
            return ""
        if (model, pk) in self.names:
            return self.names[model, pk]
        if model is get_user_model():
            return _("a deleted person")
        return _("(deleted)")


def format_value(model_field, value, currency, names=None):
    """`value` of `model_field` as the pages show it, in the active language; '' for empty.

    A linked object's value is its id, named through `names`, or already its name when
    `names` is None.
    """
    if value is None or value == "":
        return ""
    if model_field.is_relation:
        return value if names is None else names.get(model_field.related_model, value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.DateTimeField):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(model_field, models.DateField):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(model_field, models.BooleanField):
        return _("Yes") if value else _("No")
    if model_field.name in MONEY_FIELDS:
        return money(value, currency)
    if isinstance(model_field, models.DecimalField):
        return hours(value)
    if isinstance(model_field, models.IntegerField):
        return formats.localize(value, use_l10n=True)
    return Truncator(str(value)).chars(TEXT_LIMIT)


@dataclass
class Change:
    """One field: its label, and its value before and after ('' when empty)."""

    label: str
    old: str
    new: str


def field_changes(model, record, previous, currency, names):
    """The changes `record` made after `previous` (None: every value it was given)."""
    if record.history_type == "-":
        return []
    changes = []
    for model_field in shown_fields(model):
        new = getattr(record, model_field.attname)
        if previous is None:
            if new not in (None, ""):
                changes.append(
                    Change(
                        field_label(model_field),
                        "",
                        format_value(model_field, new, currency, names),
                    )
                )
            continue
        old = getattr(previous, model_field.attname)
        if old != new:
            changes.append(
                Change(
                    field_label(model_field),
                    format_value(model_field, old, currency, names),
                    format_value(model_field, new, currency, names),
                )
            )
    return changes


def author(record):
    """(who, is_a_person): the person who made the change, else the command or task."""
    if record.history_user_id is not None:
        user = record.history_user
        return (display_name(user) if user else _("a deleted person")), True
    source = record.history_change_reason
    if not source:
        return _("System"), False
    kind, _space, name = source.partition(" ")
    if kind == "command":
        source = _("command %(name)s") % {"name": name}
    elif kind == "task":
        source = _("task %(name)s") % {"name": name}
    return _("System (%(source)s)") % {"source": source}, False


@dataclass
class Entry:
    """One change to one object, as the history pages show it."""

    kind: str
    kind_label: str
    record: object
    changes: list = field(default_factory=list)
    # Earlier values unknown: the object existed before its history was kept.
    incomplete: bool = False
    object_label: str = ""
    url: str = ""
    history_url: str = ""
    exists: bool = True

    @property
    def action(self):
        return ACTIONS[self.record.history_type]

    @property
    def shows_old(self):
        """Whether each change has a value before it (not so for a creation)."""
        return self.action == CHANGED and not self.incomplete

    @property
    def when(self):
        return self.record.history_date

    @property
    def who(self):
        return author(self.record)[0]

    @property
    def by_person(self):
        return author(self.record)[1]
