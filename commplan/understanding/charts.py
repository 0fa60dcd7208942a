"""A group's small line: understanding (solid) and support (dashed) week by week, as inline SVG
that needs no script and no style attribute (the content security policy allows neither).

A week with too few answers leaves a gap in the line rather than a made-up value."""

WIDTH, HEIGHT, PAD = 120, 32, 3


def _y(share):
    return round(HEIGHT - PAD - share * (HEIGHT - 2 * PAD) / 100, 1)


def _xs(count):
    if count == 1:
        return [WIDTH / 2]
    return [round(PAD + index * (WIDTH - 2 * PAD) / (count - 1), 1) for index in range(count)]


def _marks(values, css, xs):
    """A polyline for each stretch of weeks with a value, a dot for a lone one."""
    parts, run = [], []
    for x, value in zip([*xs, None], [*values, None], strict=True):
        if value is not None:
            run.append(f"{x},{_y(value)}")
            continue
        if len(run) == 1:
            cx, cy = run[0].split(",")
            parts.append(f'<circle class="{css}" cx="{cx}" cy="{cy}" r="1.8"/>')
        elif run:
            parts.append(f'<polyline class="{css}" points="{" ".join(run)}"/>')
        run = []
    return "".join(parts)


def sparkline(weeks):
    """The SVG of one group's weeks (Landing per week), decorative: its figures are in words
    and in the table beside it."""
    understanding = [week.understanding for week in weeks]
    support = [week.support for week in weeks]
    xs = _xs(len(weeks))
    return (
        f'<svg class="landing-line" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" aria-hidden="true" focusable="false">'
        f'<line class="landing-grid" x1="0" x2="{WIDTH}" y1="{_y(50)}" y2="{_y(50)}"/>'
        + _marks(understanding, "landing-understanding", xs)
        + _marks(support, "landing-support", xs)
        + "</svg>"
    )
