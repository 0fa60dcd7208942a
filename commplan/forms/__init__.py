"""The commplan app's forms: shared widgets and fields (fields.py), the plan header, channels,
messages and members (plans.py), rows (rows.py), reviews and reminder settings (followup.py)."""

from .fields import CycleOffsetInput, DateInput, MemberChoiceField, plan_members
from .followup import ProfileForm, ReviewForm
from .plans import ChannelForm, MemberAddForm, MemberRoleForm, MessageForm, PlanForm
from .rows import (
    RELATED_FIELDS,
    AssuranceForm,
    CadenceFieldsMixin,
    PlanRowForm,
    PlanRowInlineForm,
)

__all__ = [
    "RELATED_FIELDS",
    "AssuranceForm",
    "CadenceFieldsMixin",
    "ChannelForm",
    "CycleOffsetInput",
    "DateInput",
    "MemberAddForm",
    "MemberChoiceField",
    "MemberRoleForm",
    "MessageForm",
    "PlanForm",
    "PlanRowForm",
    "PlanRowInlineForm",
    "ProfileForm",
    "ReviewForm",
    "plan_members",
]
