"""Every model of the commplan app, the one place for models: plans, members and roles
(plans.py), channels and messages (catalogue.py), rows (rows.py), reviews (followup.py), a
person's settings (people.py), outgoing email and the reminder log (outgoing.py), baselines
(baselines.py), sign-in gates and single sign-on identities (signin.py), S&OP meetings and
decisions (meetings.py), pulse feedback (feedback.py), stakeholder readiness (readiness.py),
personal API tokens (api.py), Teams webhooks and their cards (teams.py)."""

from .api import ApiToken
from .baselines import Baseline
from .catalogue import Channel, ChannelKind, Message
from .feedback import (
    FeedbackLink,
    FeedbackResponse,
    FeedbackTally,
    FeedbackTotal,
    Meaning,
    PulseKind,
    Question,
    anonymity_threshold,
)
from .followup import Goal, Happened, Review
from .meetings import Decision, Meeting, MeetingKind, Urgency
from .outgoing import (
    Reminder,
    ReminderItem,
    ReminderKind,
    ReminderStatus,
    SweepStatus,
    WelcomeEmail,
)
from .people import Profile, ReminderFrequency
from .plans import OWNING_ROLES, CommunicationPlan, Membership, Role, display_name
from .readiness import Readiness, ReadinessRecord, ReadinessTarget
from .rows import CYCLE_OFFSET_LIMIT, OPEN_STATUSES, Cadence, PlanRow, RowStatus
from .signin import SignInGate, SsoIdentity
from .teams import TeamsPost, TeamsWebhook

__all__ = [
    "CYCLE_OFFSET_LIMIT",
    "OPEN_STATUSES",
    "OWNING_ROLES",
    "ApiToken",
    "Baseline",
    "Cadence",
    "Channel",
    "ChannelKind",
    "CommunicationPlan",
    "Decision",
    "FeedbackLink",
    "FeedbackResponse",
    "FeedbackTally",
    "FeedbackTotal",
    "Goal",
    "Happened",
    "Meaning",
    "Meeting",
    "MeetingKind",
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
    "SsoIdentity",
    "SweepStatus",
    "TeamsPost",
    "TeamsWebhook",
    "Urgency",
    "WelcomeEmail",
    "anonymity_threshold",
    "display_name",
]
