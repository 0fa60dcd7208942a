"""The commplan app's models: plans, members and roles (plans.py), channels and messages
(catalogue.py), rows (rows.py), follow-up and reminders (followup.py), baselines
(baselines.py), pulse feedback (feedback.py), stakeholder readiness (readiness.py)."""

from .baselines import Baseline
from .catalogue import Channel, ChannelKind, Message
from .feedback import (
    FeedbackLink,
    FeedbackResponse,
    FeedbackTally,
    Meaning,
    PulseKind,
    Question,
    anonymity_threshold,
)
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
    SweepStatus,
    WelcomeEmail,
)
from .plans import OWNING_ROLES, CommunicationPlan, Membership, Role, display_name
from .readiness import Readiness, ReadinessRecord, ReadinessTarget
from .rows import CYCLE_OFFSET_LIMIT, OPEN_STATUSES, Cadence, PlanRow, RowStatus
from .signin import SignInGate

__all__ = [
    "CYCLE_OFFSET_LIMIT",
    "OPEN_STATUSES",
    "OWNING_ROLES",
    "Baseline",
    "Cadence",
    "Channel",
    "ChannelKind",
    "CommunicationPlan",
    "FeedbackLink",
    "FeedbackResponse",
    "FeedbackTally",
    "Goal",
    "Happened",
    "Meaning",
    "Membership",
    "Message",
    "PlanRow",
    "Profile",
    "PulseKind",
    "Question",
    "Readiness",
    "ReadinessRecord",
    "ReadinessTarget",
    "Reminder",
    "ReminderFrequency",
    "ReminderItem",
    "ReminderKind",
    "ReminderStatus",
    "Review",
    "Role",
    "RowStatus",
    "SignInGate",
    "SweepStatus",
    "WelcomeEmail",
    "anonymity_threshold",
    "display_name",
]
