"""Where everything on the milestone timeline goes; the template draws it as SVG.

A lane (phase) with up to MAX_MARKS_PER_LANE milestones shows each one: a diamond at its planned
date, a dot at its actual date, its slip and its title. A lane with more would be a smear of
overlapping diamonds, so its milestones are drawn together per period (the months between two
ticks): one bar from the first to the last planned date, filled for the share reached, labelled
with how many milestones it holds and how many are late. The table below the chart lists each
milestone either way.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, pgettext

from commplan.templatetags.commplan import week
from milestones.models import MilestoneStatus, Phase

# The timeline's drawing units (the SVG scales to the page width).
WIDTH = 1000
GUTTER = 210  # room for the phase names on the left
RIGHT = 16
AXIS = 40  # two lines above the lanes: the months, then "today"
LANE = 64
LABEL_CHARS = 26
CHAR_WIDTH = 6.1  # average width of a character at the labels' font size
MAX_MARKS_PER_LANE = 14  # beyond this, a lane's milestones are drawn per period
TICK_DX = 3  # a tick's label starts this far right of its line
TICK_GAP = 6  # the least room between two tick labels
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


@dataclass
class Cluster:
    """The milestones of one crowded lane within one period, drawn as one bar."""

    phase: int
    period: date
    lane_y: float
    from_x: float
    to_x: float
    count: int = 0
    reached: int = 0
    late: int = 0
    max_slip: int = 0
    label: str = ""
    late_text: str = ""
    label_x: float = 0
    label_y: float = 0
    label_anchor: str = "start"
    tooltip: str = ""

    PAD = 3  # the bar reaches this far beyond its first and last planned dates

    @property
    def bar_y(self):
        return self.lane_y - 6

    @property
    def bar_x(self):
        return round(self.from_x - self.PAD, 1)

    @property
    def bar_width(self):
        return round(self.to_x - self.from_x + 2 * self.PAD, 1)

    @property
    def reached_width(self):
        """The filled part of the bar: the share of its milestones reached."""
        return round(self.bar_width * self.reached / self.count, 1)


def _add_months(day, months):
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def timeline_chart(dashboard):
    """Where everything on the timeline goes: the date range, month ticks, one lane per phase
    (the current one marked), the milestones (or, on crowded lanes, their periods) with their
    slips, and today."""
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

    step, ticks = _ticks(start, end, x)

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

    per_lane = {}
    for milestone in milestones:
        per_lane[milestone.phase] = per_lane.get(milestone.phase, 0) + 1
    marks, clusters = [], {}
    taken = {}  # (phase, label row) -> [(from x, to x)] already used by labels
    for milestone in milestones:
        lane_y = AXIS + (milestone.phase - 1) * LANE + LANE / 2
        planned_x = x(milestone.planned_date)
        if per_lane[milestone.phase] > MAX_MARKS_PER_LANE:
            period = _period(milestone.planned_date, step)
            cluster = clusters.get((milestone.phase, period))
            if cluster is None:
                cluster = Cluster(milestone.phase, period, lane_y, planned_x, planned_x)
                clusters[(milestone.phase, period)] = cluster
            _gather(cluster, milestone, planned_x)
            continue
        actual_x = x(milestone.actual_date) if milestone.actual_date else None
        slip_to_x = actual_x
        if slip_to_x is None and milestone.slip > 0:
            slip_to_x = x(today)
        mark = Mark(milestone, lane_y, planned_x, actual_x, slip_to_x)
        mark.tooltip, mark.slip_text = _describe(milestone)
        _label_mark(mark, taken)
        marks.append(mark)
    for cluster in clusters.values():
        _label_cluster(cluster, step, taken)

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
        "clusters": list(clusters.values()),
        "today_x": x(today),
        "today_anchor": "end" if x(today) > WIDTH - 80 else "start",
    }


def _ticks(start, end, x):
    """The month ticks from `start` to `end`: (months between ticks, [{date, x, label}]).

    Every month on a chart of up to 430 days, every quarter up to three years, else every
    year. Labels ("Mar", "Jan 2027") go left to right, each only where it clears the one
    before and the chart's right edge; a tick without room keeps its line, and the year it
    would have named moves on to the next label.
    """
    span = (end - start).days
    step = 1 if span <= 430 else 3 if span <= 3 * 366 else 12
    dates = []
    tick = _add_months(start, 1)
    while (tick.month - 1) % step:
        tick = _add_months(tick, 1)
    while tick <= end:
        dates.append(tick)
        tick = _add_months(tick, step)
    ticks, free_from, year_shown = [], 0, None
    for index, day in enumerate(dates):
        # A January says its year; so does the first label, unless a January follows it.
        january_next = index + 1 < len(dates) and dates[index + 1].month == 1
        with_year = day.year != year_shown and (day.month == 1 or ticks or not january_next)
        label = _tick_label(day, with_year)
        left = x(day) + TICK_DX
        right = left + _text_width(label)
        if left < free_from or right > WIDTH:
            label = ""
        else:
            free_from = right + TICK_GAP
            year_shown = day.year if with_year else year_shown
        ticks.append({"date": day, "x": x(day), "label": label})
    return step, ticks


def _tick_label(day, with_year):
    label = date_format(day, "M")
    return f"{label} {date_format(day, 'Y')}" if with_year else label


def _text_width(text):
    """About how wide `text` is at the tick labels' font size (digits are the widest)."""
    return sum(7.0 if c.isdigit() else 3.5 if c.isspace() else 6.4 for c in text)


def _period(day, step):
    """The first day of the period of `step` months (aligned like the ticks) that holds `day`."""
    return date(day.year, (day.month - 1) // step * step + 1, 1)


def _gather(cluster, milestone, planned_x):
    cluster.from_x, cluster.to_x = min(cluster.from_x, planned_x), max(cluster.to_x, planned_x)
    cluster.count += 1
    cluster.reached += milestone.status == MilestoneStatus.REACHED
    if milestone.slip > 0:
        cluster.late += 1
        cluster.max_slip = max(cluster.max_slip, milestone.slip)


def _slip_text(days):
    # The msgid has a plain space: xgettext cannot read a "\xa0" escape (it drops the byte, so
    # the catalogue would never match); the label must not wrap, so it is put in after.
    text = pgettext("days, short", "%(days)s d") % {"days": f"{days:+d}"}
    return text.replace(" ", "\xa0")


def _describe(milestone):
    """The marker's tooltip, and its slip in days as the label shows it (`+5 d`)."""
    parts = [
        milestone.title,
        milestone.phase_name,
        gettext("planned %(date)s")
        % {
            "date": f"{date_format(milestone.planned_date, SHORT)} ({week(milestone.planned_date)})"
        },
    ]
    if milestone.actual_date:
        parts.append(
            gettext("actual %(date)s") % {"date": date_format(milestone.actual_date, SHORT)}
        )
    parts.append(milestone.status_label)
    slip_text = ""
    if milestone.slip:
        parts.append(
            ngettext("slip %(days)d day", "slip %(days)d days", abs(milestone.slip))
            % {"days": milestone.slip}
        )
        slip_text = _slip_text(milestone.slip)
    return " · ".join(str(part) for part in parts), slip_text


def _label_mark(mark, taken):
    """The milestone's title beside its marker, unless no label fits there."""
    milestone = mark.milestone
    title = milestone.title
    if len(title) > LABEL_CHARS:
        title = title[: LABEL_CHARS - 1].rstrip() + "…"
    chars = len(title) + (6 if milestone.slip else 0)
    right_x = max(mark.planned_x, mark.slip_to_x or 0)
    place = _place(taken, milestone.phase, mark.lane_y, mark.planned_x, right_x, chars)
    if place:
        mark.label = title
        mark.label_x, mark.label_y, mark.label_anchor = place


def _label_cluster(cluster, step, taken):
    """The cluster's words: how many milestones, how many late (its label), and when (its
    tooltip)."""
    count = ngettext("%(count)d milestone", "%(count)d milestones", cluster.count) % {
        "count": cluster.count
    }
    late = ""
    if cluster.late:
        late = ngettext("%(count)d late", "%(count)d late", cluster.late) % {"count": cluster.late}
    last_month = _add_months(cluster.period, step - 1)
    period = date_format(cluster.period, "YEAR_MONTH_FORMAT")
    if step > 1:
        period = f"{date_format(cluster.period, 'M')}–{date_format(last_month, 'M Y')}"
    reached = ngettext("%(count)d reached", "%(count)d reached", cluster.reached) % {
        "count": cluster.reached
    }
    parts = [f"{Phase(cluster.phase).label} · {period}", count, reached]
    if late:
        parts.append(
            gettext("%(late)s, up to %(slip)s")
            % {"late": late, "slip": _slip_text(cluster.max_slip)}
        )
    cluster.tooltip = " · ".join(str(part) for part in parts)
    chars = len(count) + (len(late) + 2 if late else 0)
    place = _place(
        taken,
        cluster.phase,
        cluster.lane_y,
        cluster.from_x - Cluster.PAD,
        cluster.to_x + Cluster.PAD,
        chars,
    )
    if place:
        cluster.label, cluster.late_text = count, late
        cluster.label_x, cluster.label_y, cluster.label_anchor = place


def _place(taken, phase, lane_y, left_x, right_x, chars):
    """Where a label of `chars` characters goes beside the marks from `left_x` to `right_x` on
    the phase's lane, above or below where no other label is: (x, y, text-anchor), or None when
    neither has room (the marker keeps its tooltip, the table has the rest)."""
    width = chars * CHAR_WIDTH
    if right_x + 8 + width <= WIDTH - RIGHT:
        anchor, left = "start", right_x + 8
    else:
        anchor, left = "end", left_x - 8 - width
    for row, dy in enumerate((-13, 21)):
        used = taken.setdefault((phase, row), [])
        if all(left + width + 6 < a or left > b + 6 for a, b in used):
            used.append((left, left + width))
            return (left if anchor == "start" else left + width), lane_y + dy, anchor
    return None
