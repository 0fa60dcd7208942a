"""The executive dashboard: one plan's milestone dashboard, and the roll-up of a person's plans.

Both pages only read. The numbers come from commplan.dashboard; this module adds the layout of
the milestone timeline, which the template draws as SVG.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, pgettext
from django.views.generic import TemplateView

from milestones.models import MilestoneStatus, Phase

from ..access import PlanAccessMixin
from ..dashboard import Coverage, plan_dashboard, rollup
from ..models import CommunicationPlan
from ..templatetags.commplan import week

# The timeline's drawing units (the SVG scales to the page width).
WIDTH = 1000
GUTTER = 210  # room for the phase names on the left
RIGHT = 16
AXIS = 40  # two lines above the lanes: the months, then "today"
LANE = 64
LABEL_CHARS = 26
CHAR_WIDTH = 6.1  # average width of a character at the labels' font size
MAX_LABELS_PER_LANE = 14
SHORT = "SHORT_DATE_FORMAT"


@dataclass
class Mark:
    """One milestone on the timeline."""

    milestone: object
    lane_y: float
    planned_x: float
    actual_x: float | None
    slip_to_x: float | None
    label: str = ""
    label_x: float = 0
    label_y: float = 0
    label_anchor: str = "start"
    tooltip: str = ""
    slip_text: str = ""

    @property
    def diamond(self):
        """The planned date's marker: a diamond around (planned_x, lane_y)."""
        x, y, r = self.planned_x, self.lane_y, 7
        return f"{x},{y - r} {x + r},{y} {x},{y + r} {x - r},{y}"

    @property
    def cross(self):
        """A cancelled milestone's marker is struck through."""
        x, y, r = self.planned_x, self.lane_y, 9
        return f"M{x - r},{y - r} L{x + r},{y + r} M{x - r},{y + r} L{x + r},{y - r}"


def _add_months(day, months):
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def timeline_chart(dashboard):
    """Where everything on the timeline goes: the date range, month ticks, one lane per phase
    (the current one marked), the milestones with their slips, and today."""
    plan, today, milestones = dashboard.plan, dashboard.today, dashboard.milestones
    dates = [today]
    dates += [d for d in (plan.start_date, plan.end_date) if d]
    for milestone in milestones:
        dates += [d for d in (milestone.planned_date, milestone.actual_date) if d]
    start, end = min(dates), max(dates)
    pad = max(7, (end - start).days // 30)
    start, end = start - timedelta(days=pad), end + timedelta(days=pad)
    span = (end - start).days
    inner = WIDTH - GUTTER - RIGHT

    def x(day):
        return round(GUTTER + (day - start).days / span * inner, 1)

    step = 1 if span <= 430 else 3 if span <= 3 * 366 else 12
    ticks = []
    tick = _add_months(start, 1)
    if step > 1:
        while (tick.month - 1) % step:
            tick = _add_months(tick, 1)
    while tick <= end:
        ticks.append({"date": tick, "x": x(tick), "year": tick.month == 1 or not ticks})
        tick = _add_months(tick, step)

    current = dashboard.current_phase
    lanes = [
        {
            "phase": phase,
            "label": Phase(phase).label,
            "y": AXIS + index * LANE,
            "text_y": AXIS + index * LANE + LANE / 2 + (-3 if phase == current else 4),
            "note_y": AXIS + index * LANE + LANE / 2 + 14,
            "current": phase == current,
        }
        for index, phase in enumerate(Phase.values)
    ]

    marks = []
    taken = {}  # (phase, label row) -> [(from x, to x)] already used by labels
    per_lane = {}
    for milestone in milestones:
        per_lane[milestone.phase] = per_lane.get(milestone.phase, 0) + 1
    for milestone in milestones:
        lane_y = AXIS + (milestone.phase - 1) * LANE + LANE / 2
        actual_x = x(milestone.actual_date) if milestone.actual_date else None
        slip_to_x = actual_x
        if slip_to_x is None and milestone.slip > 0:
            slip_to_x = x(today)
        mark = Mark(milestone, lane_y, x(milestone.planned_date), actual_x, slip_to_x)
        mark.tooltip, mark.slip_text = _describe(milestone)
        if per_lane[milestone.phase] <= MAX_LABELS_PER_LANE:
            _place_label(mark, taken)
        marks.append(mark)

    return {
        "width": WIDTH,
        "height": AXIS + LANE * len(lanes) + 8,
        "gutter": GUTTER,
        "right": WIDTH - RIGHT,
        "axis": AXIS,
        "lane_height": LANE,
        "start": start,
        "end": end,
        "ticks": ticks,
        "lanes": lanes,
        "marks": marks,
        "today_x": x(today),
        "today_anchor": "end" if x(today) > WIDTH - 80 else "start",
    }


def _describe(milestone):
    """The marker's tooltip, and its slip in days as the label shows it (`+5 d`)."""
    parts = [
        milestone.title,
        milestone.get_phase_display(),
        gettext("planned %(date)s")
        % {
            "date": f"{date_format(milestone.planned_date, SHORT)} ({week(milestone.planned_date)})"
        },
    ]
    if milestone.actual_date:
        parts.append(
            gettext("actual %(date)s") % {"date": date_format(milestone.actual_date, SHORT)}
        )
    parts.append(milestone.get_status_display())
    slip_text = ""
    if milestone.slip:
        parts.append(
            ngettext("slip %(days)d day", "slip %(days)d days", abs(milestone.slip))
            % {"days": milestone.slip}
        )
        # The msgid has a plain space: xgettext cannot read a "\xa0" escape (it drops the byte,
        # so the catalogue would never match); the label must not wrap, so it is put in after.
        slip_text = pgettext("days, short", "%(days)s d") % {"days": f"{milestone.slip:+d}"}
        slip_text = slip_text.replace(" ", "\xa0")
    return " · ".join(str(part) for part in parts), slip_text


def _place_label(mark, taken):
    """Puts the milestone's title above or below its marker where no other label is; leaves it
    out (the marker keeps its tooltip, the table has it) when neither has room."""
    milestone = mark.milestone
    title = milestone.title
    if len(title) > LABEL_CHARS:
        title = title[: LABEL_CHARS - 1].rstrip() + "…"
    width = (len(title) + (6 if milestone.slip else 0)) * CHAR_WIDTH
    right_x = max(mark.planned_x, mark.slip_to_x or 0)
    if right_x + 8 + width <= WIDTH - RIGHT:
        anchor, left = "start", right_x + 8
    else:
        anchor, left = "end", mark.planned_x - 8 - width
    for row, dy in enumerate((-13, 21)):
        used = taken.setdefault((milestone.phase, row), [])
        if all(left + width + 6 < a or left > b + 6 for a, b in used):
            used.append((left, left + width))
            mark.label = title
            mark.label_x = left if anchor == "start" else left + width
            mark.label_y = mark.lane_y + dy
            mark.label_anchor = anchor
            return


class PlanDashboardView(PlanAccessMixin, TemplateView):
    """One plan's milestone dashboard, for every member of the plan; read-only."""

    plan_url_kwarg = "pk"
    template_name = "commplan/dashboard.html"

    def get_context_data(self, **kwargs):
        dashboard = plan_dashboard(self.plan, timezone.localdate())
        kwargs.update(
            dashboard=dashboard,
            timeline=timeline_chart(dashboard),
            coverage_legend=[
                (key, Coverage.SYMBOLS[key], label) for key, label in Coverage.labels().items()
            ],
            milestone_statuses=MilestoneStatus,
            active_tab="dashboard",
        )
        return super().get_context_data(**kwargs)


class DashboardView(LoginRequiredMixin, TemplateView):
    """The roll-up of the signed-in person's plans; with one plan, that plan's dashboard."""

    template_name = "commplan/dashboard_rollup.html"

    def get(self, request, *args, **kwargs):
        plans = CommunicationPlan.objects.for_user(request.user).active()
        first_two = list(plans.values_list("pk", flat=True)[:2])
        if len(first_two) == 1:
            return redirect("commplan:plan_dashboard", pk=first_two[0])
        self.plans = rollup(plans, timezone.localdate()) if first_two else []
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs["plans"] = self.plans
        return super().get_context_data(**kwargs)
