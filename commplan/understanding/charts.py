"""A group's small line: understanding (solid) and support (dashed) week by week, as inline SVG
that needs no script and no style attribute (the content security policy allows neither).

A week with too few answers leaves a gap in the line rather than a made-up value."""

WIDTH, HEIGHT, PAD = 120, 32, 3


def _y(share):
    return round(HEIGHT - PAD - share * (HEIGHT - 2 * PAD) / 100, 1)


def _x(index, count):
    if count == 1:
        return WIDTH / 2
    return round(PAD + index * (WIDTH - 2 * PAD) / (count - 1), 1)


def _runs(values):
    """The consecutive (index, value) stretches of `values` that are not None."""
    runs, run = [], []
    for index, value in enumerate(values):
        if value is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append((index, value))
    if run:
        runs.append(run)
    return runs


def _marks(values, css):
    count, parts = len(values), []
    for run in _runs(values):
        if len(run) == 1:
            index, value = run[0]
            parts.append(
                f'<circle class="{css}" cx="{_x(index, count)}" cy="{_y(value)}" r="1.8"/>'
            )
        else:
            points = " ".join(f"{_x(i, count)},{_y(v)}" for i, v in run)
            parts.append(f'<polyline class="{css}" points="{points}"/>')
    return "".join(parts)


def sparkline(weeks):
    """The SVG of one group's weeks (Landing per week), decorative: its figures are in words
    and in the table beside it."""
    understanding = [week.understanding for week in weeks]
    support = [week.support for week in weeks]
    return (
        f'<svg class="landing-line" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" aria-hidden="true" focusable="false">'
        f'<line class="landing-grid" x1="0" x2="{WIDTH}" y1="{_y(50)}" y2="{_y(50)}"/>'
        + _marks(understanding, "landing-understanding")
        + _marks(support, "landing-support")
        + "</svg>"
    )
