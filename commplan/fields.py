"""Widgets and fields the app's forms share: dates, the S&OP-cycle offset, plan members."""

from django import forms
from django.contrib.auth import get_user_model

from .models import (
    CYCLE_OFFSET_LIMIT,
    OWNING_ROLES,
    display_name,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CycleOffsetInput(forms.NumberInput):
    def __init__(self, attrs=None):
        limits = {"min": -CYCLE_OFFSET_LIMIT, "max": CYCLE_OFFSET_LIMIT}
        super().__init__(limits | (attrs or {}))


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


def plan_members(plan):
    """The members of `plan` who may own activities (managers and owners), for owner choices."""
    return (
        get_user_model()
        .objects.filter(memberships__plan=plan, memberships__role__in=OWNING_ROLES)
        .order_by("first_name", "last_name", "username")
    )
