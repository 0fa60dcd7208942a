"""Widgets and fields the app's forms share: dates, the S&OP-cycle offset, plan members."""

from django import forms
from django.contrib.auth import get_user_model
from django.forms.models import ModelChoiceIterator

from .models import (
    CYCLE_OFFSET_LIMIT,
    OWNING_ROLES,
    display_name,
)
from .models.catalogue import message_label


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CycleOffsetInput(forms.NumberInput):
    def __init__(self, attrs=None):
        limits = {"min": -CYCLE_OFFSET_LIMIT, "max": CYCLE_OFFSET_LIMIT}
        super().__init__(limits | (attrs or {}))


class ValuesChoiceIterator(ModelChoiceIterator):
    """A ModelChoiceField's options as (pk, label), the label made from `field.label_fields` read
    as plain values: no model instance per option (issue 16; a large plan's selects were most
    of the time of the in-place edit)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        label = self.field.label_from_values
        for pk, *values in self.queryset.values_list("pk", *self.field.label_fields):
            yield (pk, label(*values))


class ValuesChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose options are read by ValuesChoiceIterator; each subclass names
    the columns its label is made of and writes the label as its model's __str__ does."""

    iterator = ValuesChoiceIterator
    label_fields: tuple[str, ...] = ("name",)
    # The object the edited row links to now, when the form has it at hand (see keep_current).
    current = None

    def label_from_values(self, name):
        return name

    def to_python(self, value):
        # The row's own choice, sent back unchanged, needs no query: the model's clean() checks
        # again that it belongs to the plan (and that an owner may own rows).
        current = self.current
        if current is not None and value not in self.empty_values and str(value) == str(current.pk):
            return current
        return super().to_python(value)


def keep_current(form, names):
    """Give `form`'s ValuesChoiceFields `names` the objects its instance already holds (loaded
    with select_related), so that saving a row without changing a link costs no query for it."""
    for name in names:
        field = form.instance._meta.get_field(name)
        if field.is_cached(form.instance):
            form.fields[name].current = field.get_cached_value(form.instance)


class MilestoneChoiceField(ValuesChoiceField):
    label_fields = ("title",)


class MessageChoiceField(ValuesChoiceField):
    label_fields = ("content",)

    def label_from_values(self, content):
        return message_label(content)


class MemberChoiceField(ValuesChoiceField):
    label_fields = ("first_name", "last_name", "username")

    def label_from_instance(self, obj):
        return display_name(obj)

    def label_from_values(self, first_name, last_name, username):
        # As display_name(): the full name (User.get_full_name), else the username.
        return f"{first_name} {last_name}".strip() or username


def plan_members(plan):
    """The members of `plan` who may own activities (managers and owners), for owner choices."""
    return (
        get_user_model()
        .objects.filter(memberships__plan=plan, memberships__role__in=OWNING_ROLES)
        .order_by("first_name", "last_name", "username")
    )
