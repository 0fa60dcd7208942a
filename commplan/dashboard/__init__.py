"""The numbers behind the executive dashboard: where the implementation stands, what is late,
and whether the people who matter are being reached.

Every function works from querysets with aggregates, in a fixed number of queries whatever the
size of the plan. Planned figures come from the rows (cancelled rows left out), actual figures
from the reviews, aggregated on the review side so that a row with several reviews never counts
its plan twice. `plans_health` is shared by the dashboard pages and the executive summary email.
"""

from .checks import HEALTH_KINDS
from .common import (
    COVERAGE_DAYS,
    NO_BUDGET,
    NO_MILESTONE_DAYS,
    NO_OWNER,
    NOT_CANCELLED,
    OPEN_MILESTONE_STATUSES,
    ZERO,
    percent,
    percent_text,
    plan_rows_url,
    slip_days,
    unreviewed_after_milestone,
)
from .coverage import QUADRANT_CORNERS, Coverage, stakeholder_coverage, stakeholder_grid
from .figures import (
    OWNER_LABELS,
    OWNER_NAME_FIELDS,
    Figures,
    figures_by,
    total,
)
from .health import Health, plan_health, plans_health
from .health_warnings import HealthItem, HealthWarning, month_bounds
from .overview import (
    PlanDashboard,
    current_milestone,
    current_phase_subquery,
    phase_label,
    plan_dashboard,
    rollup,
)

__all__ = [
    "COVERAGE_DAYS",
    "HEALTH_KINDS",
    "NOT_CANCELLED",
    "NO_BUDGET",
    "NO_MILESTONE_DAYS",
    "NO_OWNER",
    "OPEN_MILESTONE_STATUSES",
    "OWNER_LABELS",
    "OWNER_NAME_FIELDS",
    "QUADRANT_CORNERS",
    "ZERO",
    "Coverage",
    "Figures",
    "Health",
    "HealthItem",
    "HealthWarning",
    "PlanDashboard",
    "current_milestone",
    "current_phase_subquery",
    "figures_by",
    "month_bounds",
    "percent",
    "percent_text",
    "phase_label",
    "plan_dashboard",
    "plan_health",
    "plan_rows_url",
    "plans_health",
    "rollup",
    "slip_days",
    "stakeholder_coverage",
    "stakeholder_grid",
    "total",
    "unreviewed_after_milestone",
]
