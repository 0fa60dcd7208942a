"""The commplan app's models: plans and their rows (plans.py), follow-up and reminders
(followup.py), baselines (baselines.py)."""

from .baselines import Baseline
from .followup import (
    Goal,
    Happened,
    Profile,
    Reminder,
    ReminderFrequency,
    ReminderItem,
    ReminderKind,
    ReminderStatus,
    Review,
)
from .plans import (
    CYCLE_OFFSET_LIMIT,
    OPEN_STATUSES,
    Cadence,
    Channel,
    ChannelKind,
    CommunicationPlan,
    Membership,
    Message,
    PlanRow,
    Role,
    RowStatus,
    display_name,
)

__all__ = [
    "CYCLE_OFFSET_LIMIT",
    "OPEN_STATUSES",
    "Baseline",
    "Cadence",
    "Channel",
    "ChannelKind",
    "CommunicationPlan",
    "Goal",
    "Happened",
    "Membership",
    "Message",
    "PlanRow",
    "Profile",
    "Reminder",
    "ReminderFrequency",
    "ReminderItem",
    "ReminderKind",
    "ReminderStatus",
    "Review",
    "Role",
    "RowStatus",
    "display_name",
]
