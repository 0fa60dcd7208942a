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
LABEL_WRAPS = (150, 105)  # a title wraps at the first of these widths that finds it room,
LABEL_LINES = 3  # on up to this many lines
LINE_HEIGHT = 12  # between a label's lines (the labels are 11 px)
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
    lines: tuple = ()  # the title as it is written beside the marker: whole, or not at all
    label_x: float = 0
    label_y: float = 0
    label_anchor: str = "start"
    tooltip: str = ""
    slip_text: str = ""

    @property
    def label(self):
        return " ".join(self.lines)

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
    today_x = x(today)
    # (phase, label row) -> [(from x, to x)] already used by labels (no label crosses today's
    # line), and (phase, "marks") -> where the lane's markers are.
    taken = {(phase, row): [(today_x, today_x)] for phase in Phase.values for row in (0, 1)}
    taken.update({(phase, "marks"): [] for phase in Phase.values})
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
        marks.append(mark)
    for mark in marks:
        right_x = max(mark.planned_x, mark.slip_to_x or 0)
        taken[(mark.milestone.phase, "marks")].append((mark.planned_x - 1, right_x + 1))
    for cluster in clusters.values():
        bar = (cluster.bar_x + 1, cluster.bar_x + cluster.bar_width - 1)
        taken[(cluster.phase, "marks")].append(bar)
    for mark in marks:
        _label_mark(mark, taken)
    for cluster in clusters.values():
        _label_cluster(cluster, step, taken)

    return {
        "width": WIDTH,
        "height": AXIS + LANE * len(lanes) + 8,
        "gutter": GUTTER,
        "right": WIDTH - RIGHT,
        "axis": AXIS,
        "lane_height": LANE,
        "line_height": LINE_HEIGHT,
        "start": start,
        "end": end,
        "ticks": ticks,
        "lanes": lanes,
        "marks": marks,
        "clusters": list(clusters.values()),
        "today_x": today_x,
        # The vertical timeline of a phone: every milestone by date, today's mark among them.
        "by_date": (by_date := sorted(milestones, key=lambda m: (m.planned_date, m.phase))),
        "today_at": sum(m.planned_date <= today for m in by_date),
        "today_anchor": "end" if today_x > WIDTH - 80 else "start",
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


NARROW, WIDE = set(" .,:;'!|()[]/-ijlftrI"), set("mwMWæÆœŒ&%@—")


def _label_width(text):
    """A generous width of `text` at the milestone labels' 11 px, measured against DejaVu Sans
    (the widest of the usual sans fonts): a label drawn narrower than this never runs into its
    neighbour, and a wider estimate only moves a label, it never cuts one."""
    return sum(
        4.2 if c in NARROW else 10.6 if c in WIDE else 8.2 if c.isupper() else 7.1 for c in text
    )


def _wrap(text, width, most):
    """`text` in lines of up to `width` (words are not split), or None when it needs more than
    `most` lines."""
    lines = []
    for word in text.split():
        if lines and _label_width(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines if len(lines) <= most else None


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
    """The milestone's whole title beside its marker, wrapped, unless it has no room there (then
    its tooltip and the table have it): a title is never cut short."""
    milestone = mark.milestone
    right_x = max(mark.planned_x, mark.slip_to_x or 0)
    for wrap_at in LABEL_WRAPS:
        lines = _wrap(milestone.title, wrap_at, LABEL_LINES)
        if not lines:
            continue
        widths = [_label_width(line) for line in lines]
        if mark.slip_text:
            widths[-1] += _label_width(f" {mark.slip_text}") * 1.1  # the slip is bold
        place = _place(
            taken, milestone.phase, mark.lane_y, mark.planned_x, right_x, max(widths), len(lines)
        )
        if place:
            mark.lines = tuple(lines)
            mark.label_x, mark.label_y, mark.label_anchor = place
            return


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
    width = _label_width(count) + (_label_width(f", {late}") * 1.1 if late else 0)
    place = _place(
        taken,
        cluster.phase,
        cluster.lane_y,
        cluster.from_x - Cluster.PAD,
        cluster.to_x + Cluster.PAD,
        width,
    )
    if place:
        cluster.label, cluster.late_text = count, late
        cluster.label_x, cluster.label_y, cluster.label_anchor = place


def _place(taken, phase, lane_y, left_x, right_x, width, lines=1):
    """Where a label `width` wide and `lines` tall goes by the marks from `left_x` to `right_x`
    on the phase's lane: after them, before them, or over or under them; inside the chart and
    clear of other labels, other markers and today's line. (x, y of the first line,
    text-anchor), or None when nowhere has room (the marker keeps its tooltip, the table has
    the rest)."""
    # Above the lane's markers (the last line just over them), below them (the first line just
    # under), or level with them across the lane, where no other marker may be.
    level = ((0, 1, "marks"), (0, 1), -(lines - 1) * LINE_HEIGHT / 2)
    # (11 px text is ~13 tall: two lines each side stay inside the lane's 64.)
    rows = [((0,), (0,), -13 - (lines - 1) * LINE_HEIGHT), ((1,), (1,), 13)] if lines <= 2 else []
    places = [
        ("start", right_x + 10, [*rows, level]),  # after the marks
        ("end", left_x - 10 - width, [*rows, level]),  # before them
        ("start", left_x - 7, rows),  # over or under them, from the first
        ("end", right_x + 7 - width, rows),  # over or under them, to the last
    ]
    for anchor, left, options in places:
        if left < GUTTER + 4 or left + width > WIDTH - RIGHT:
            continue
        for clear_of, rows_used, first_y in options:
            if all(
                left + width + 6 < a or left > b + 6
                for key in {*clear_of, *rows_used}
                for a, b in taken[(phase, key)]
            ):
                for row in rows_used:
                    taken[(phase, row)].append((left, left + width))
                return (left if anchor == "start" else left + width), lane_y + first_y, anchor
    return None
