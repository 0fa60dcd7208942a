"""No lost updates: an edit form carries the version of the object it was opened at, and saving
compares that version under a row lock, so when two people edit the same version the second save
is refused and shows what the first one changed instead of overwriting it.

The version is the object's `updated_at` (every write bumps it), signed together with the values
the person saw, so a refused save can tell what the other person changed (their value vs what you
typed) and offer a merge: the form comes back with your edits, their changes in the fields you
left alone, and the new version, so saving again applies your edit knowingly.

Use `VersionedFormMixin` on the ModelForm and `VersionedUpdateMixin` on the UpdateView; a function
view catches `EditConflict` around `form.save()` and shows `conflict.form`.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol, cast

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import localize
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from .models import display_name

if TYPE_CHECKING:
    from django.views.generic import UpdateView

    # What the mixins are mixed into, for the type checker only.
    _FormBase = forms.ModelForm[Any]
    _UpdateViewBase = UpdateView[Any, Any]
else:
    _FormBase = _UpdateViewBase = object

VERSION_FIELD = "version"
SIGNING_SALT = "commplan.locking"
# Bookkeeping, not something a person edits: never compared.
UNTRACKED = {"plan", "created_at", "updated_at"}
CONFLICT_STATUS = 409

STALE = _("This form is out of date or incomplete. Reload the page and make your change again.")
DELETED = _("Someone else deleted this while you were editing it. Nothing was saved.")


class _Versioned(Protocol):
    updated_at: datetime


class Outcome:
    """What the re-shown form holds for a field the other person changed."""

    THEIRS = _("their value")
    YOURS = _("your value")
    SAME = _("the same value")
    ABSENT = _("not on this form")


@dataclass(frozen=True)
class Change:
    """One field the other person changed: their value vs what you typed."""

    label: str
    theirs: str
    yours: str
    outcome: str


@dataclass(frozen=True)
class Conflict:
    """What a refused save shows: who saved in between, when, and what they changed."""

    person: str
    saved_at: datetime
    changes: list[Change]


class EditConflict(Exception):
    """Raised by `save()` when the object changed (or went) since the form was opened; `form` is
    the form to show instead: bound, with the error, and merged when the object still exists."""

    def __init__(self, form: "VersionedFormMixin") -> None:
        super().__init__("The object changed since the form was opened.")
        self.form = form


class _Serializer:
    """JSON that also takes dates and decimals, for the values signed into the version."""

    def dumps(self, obj: object) -> bytes:
        return DjangoJSONEncoder(separators=(",", ":")).encode(obj).encode("latin-1")

    def loads(self, data: bytes) -> Any:
        return signing.JSONSerializer().loads(data)


def tracked_fields(model: type[models.Model] | models.Model) -> list["models.Field[Any, Any]"]:
    """The fields a person edits on `model`: the ones compared between versions."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and field.name not in UNTRACKED
    ]


def values_of(instance: models.Model) -> dict[str, Any]:
    """`instance`'s tracked values, as a form would take them (primary keys for relations)."""
    return {field.name: field.value_from_object(instance) for field in tracked_fields(instance)}


def updated_at(instance: models.Model) -> datetime:
    """When `instance` was last saved: every model with an edit form has `updated_at`."""
    return cast(_Versioned, instance).updated_at


def version_of(instance: models.Model) -> str:
    """The signed version token of `instance` as it is now."""
    payload = {"at": updated_at(instance).isoformat(), "values": values_of(instance)}
    return signing.dumps(payload, salt=SIGNING_SALT, serializer=_Serializer, compress=True)


def locked_current(instance: models.Model) -> models.Model | None:
    """`instance` as the database has it now, locked until the transaction ends (None when it
    was deleted). Call inside `transaction.atomic()`.

    The lock makes a second save of the same version wait for the first to commit, and then
    read the first one's updated_at: only one of them can match."""
    # No ordering: a default ordering over a relation would put the lock on a join.
    locked = type(instance)._default_manager.select_for_update(of=("self",)).order_by()
    return locked.filter(pk=instance.pk).first()


def etag_of(instance: models.Model) -> str:
    """The version of `instance` as an HTTP entity tag (the REST API's ETag and If-Match):
    every write bumps `updated_at`, so the tag changes with every saved change."""
    stamp = f"{instance._meta.label}:{instance.pk}:{updated_at(instance).isoformat()}"
    return f'"{hashlib.sha256(stamp.encode()).hexdigest()[:32]}"'


def read_version(token: str | None) -> tuple[datetime, dict[str, Any]]:
    """(updated_at, values) from a token made by `version_of`; ValueError when it is missing,
    forged or garbled."""
    try:
        payload = signing.loads(token or "", salt=SIGNING_SALT, serializer=_Serializer)
        updated_at = parse_datetime(payload["at"])
        values = payload["values"]
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise ValueError("Not a version token.") from error
    if updated_at is None or not isinstance(values, dict):
        raise ValueError("Not a version token.")
    return updated_at, values


def comparable(field: "models.Field[Any, Any]", value: object) -> object:
    """`value` of model field `field` (a raw, JSON or Python value) in one form, so that
    Decimal("2") and "2.00", or a stakeholder and its id, compare equal."""
    value = getattr(value, "pk", value)
    if value is None or value == "":
        return None
    try:
        return field.to_python(value)
    except ValidationError:
        return value


def as_data(value: object) -> str:
    """`value` as the POST data a form field takes."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def shown(form_field: forms.Field | None, field: "models.Field[Any, Any]", value: object) -> str:
    """`value` of model field `field` as a person reads it."""
    if value is None or value == "":
        return str(_("(empty)"))
    if isinstance(form_field, forms.ModelChoiceField):
        return form_field.label_from_instance(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, (date, Decimal, int)):
        return str(localize(value))
    return Truncator(str(value)).chars(300)


def conflict_message(conflict: Conflict) -> str:
    """What a refused save says: who saved in between, and when."""
    saved_at = conflict.saved_at
    when = saved_at.time() if saved_at.date() == timezone.localdate() else saved_at
    values = {"person": conflict.person, "time": localize(when)}
    if conflict.person:
        text = _(
            "%(person)s saved a change at %(time)s, after you opened this form, so your "
            "changes were not saved yet."
        )
    else:
        text = _(
            "Someone else saved a change at %(time)s, after you opened this form, so your "
            "changes were not saved yet."
        )
    return text % values


class VersionedFormMixin(_FormBase):
    """For a ModelForm: a hidden `version` field, and a `save()` that refuses to overwrite a
    newer version (see the module's docstring). Put it first among the form's bases."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._rebuild_kwargs = {k: v for k, v in kwargs.items() if k not in ("data", "instance")}
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        if self.instance.pk:
            self.initial[VERSION_FIELD] = version_of(self.instance)
        self.conflict: Conflict | None = None
        self.version_at: datetime | None = None
        self.version_values: dict[str, Any] = {}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        if self.instance.pk:
            try:
                self.version_at, self.version_values = read_version(cleaned.get(VERSION_FIELD))
            except ValueError:
                self.add_error(None, ValidationError(STALE, code="stale"))
        return cleaned

    def save(self, commit: bool = True) -> Any:
        if not (commit and self.instance.pk):
            return super().save(commit)
        with transaction.atomic():
            current = locked_current(self.instance)
            if current is not None and updated_at(current) == self.version_at:
                return super().save(commit)
        raise EditConflict(self.merged(current))

    def merged(self, current: models.Model | None) -> "VersionedFormMixin":
        """The form to show when `current` (None: deleted) is not the version this form was
        opened at: your edits, their changes where you changed nothing, the new version."""
        if current is None:
            self.add_error(None, ValidationError(DELETED, code="deleted"))
            return self
        data = cast("QueryDict", self.data).copy()  # a bound form's POST (or a dict: both copy)
        changes = []
        for field in tracked_fields(type(current)):
            change = self._merge_field(field, current, data)
            if change is not None:
                changes.append(change)
        data[self.add_prefix(VERSION_FIELD)] = version_of(current)
        form = type(self)(data, instance=current, **self._rebuild_kwargs)
        form.full_clean()
        form.conflict = conflict = Conflict(*self._last_change(current), changes)
        form.add_error(None, ValidationError(conflict_message(conflict), code="conflict"))
        return form

    def _merge_field(
        self, field: "models.Field[Any, Any]", current: models.Model, data: Any
    ) -> Change | None:
        """The Change for `field` if the other person changed it, merging it into `data`."""
        base = comparable(field, self.version_values.get(field.name))
        theirs_value = getattr(current, field.name)
        theirs = comparable(field, theirs_value)
        if base == theirs:
            return None
        form_field = self.fields.get(field.name)
        if form_field is None:
            yours_text, outcome = "", Outcome.ABSENT
        else:
            yours_value = self.cleaned_data.get(field.name)
            yours = comparable(field, yours_value)
            yours_text = shown(form_field, field, yours_value)
            if yours == base:
                data[self.add_prefix(field.name)] = as_data(field.value_from_object(current))
                outcome = Outcome.THEIRS
            else:
                outcome = Outcome.SAME if yours == theirs else Outcome.YOURS
        return Change(
            label=str(capfirst(field.verbose_name)),
            theirs=shown(form_field, field, theirs_value),
            yours=yours_text,
            outcome=str(outcome),
        )

    @staticmethod
    def _last_change(current: models.Model) -> tuple[str, datetime]:
        """(who, when) of the save that made `current`, from its history when it has one."""
        record = current.history.first() if hasattr(current, "history") else None
        person = display_name(getattr(record, "history_user", None))
        return person, timezone.localtime(updated_at(current))


class VersionedUpdateMixin(_UpdateViewBase):
    """For an UpdateView whose form uses VersionedFormMixin: a refused save shows the merged
    form with 409 Conflict. Put it first among the view's bases."""

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            return super().form_valid(form)
        except EditConflict as conflict:
            self.object = conflict.form.instance
            response = self.form_invalid(conflict.form)
            response.status_code = CONFLICT_STATUS
            return response
