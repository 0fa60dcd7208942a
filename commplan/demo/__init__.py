"""Demo data: three demo users, a Danish S&OP pilot plan, and generated plans of any size.

`manage.py seed_demo` and `manage.py bench` both build on these functions: users.py (the demo
users), content.py and plan.py (the Danish demo plan), generated.py (plans of any size) and
reminders.py (a reminder-sweep dataset). The plan content is Danish, adapted from the toolkit page
(tool 22, Kommunikationsplan); dates are relative to today so the demo always has rows due today,
overdue rows and upcoming rows.
"""

from .content import (
    DEMO_CHANNELS,
    DEMO_MESSAGE_AND_TIMING,
    DEMO_MESSAGES,
    DEMO_MILESTONES,
    DEMO_ORGANISATION,
    DEMO_PLAN_NAME,
    DEMO_PURPOSE,
    DEMO_REVIEWS,
    DEMO_ROWS,
    DEMO_STAKEHOLDER_APPROACH,
    DEMO_STAKEHOLDERS,
    DemoRow,
)
from .generated import (
    BATCH_SIZE,
    add_generated_reviews,
    create_generated_plan,
    generated_plan_name,
)
from .meetings import add_demo_meetings
from .plan import add_demo_reviews, create_demo_plan
from .reminders import ReminderDataset, add_reminder_history, create_reminder_dataset
from .users import DEMO_USERS, ensure_demo_users

__all__ = [
    "BATCH_SIZE",
    "DEMO_CHANNELS",
    "DEMO_MESSAGES",
    "DEMO_MESSAGE_AND_TIMING",
    "DEMO_MILESTONES",
    "DEMO_ORGANISATION",
    "DEMO_PLAN_NAME",
    "DEMO_PURPOSE",
    "DEMO_REVIEWS",
    "DEMO_ROWS",
    "DEMO_STAKEHOLDERS",
    "DEMO_STAKEHOLDER_APPROACH",
    "DEMO_USERS",
    "DemoRow",
    "ReminderDataset",
    "add_demo_meetings",
    "add_demo_reviews",
    "add_generated_reviews",
    "add_reminder_history",
    "create_demo_plan",
    "create_generated_plan",
    "create_reminder_dataset",
    "ensure_demo_users",
    "generated_plan_name",
]
