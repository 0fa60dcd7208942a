"""How the communication landed, in words and a small line: a share, or "too few answers"
when a figure would narrow to fewer answers than the anonymity threshold.

A plan with many groups has a dozen week cells per group: one tag writes a group's cells, with
the words looked up once, where a tag per cell would cost more than the rest of the section."""

from django import template
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from commplan.understanding.charts import sparkline
from commplan.understanding.privacy import WITHHELD

register = template.Library()


def _percent(value, pattern):
    return "—" if value is None else pattern % {"percent": value}


def _hidden(landing, name):
    """Why `landing`'s share `name` is not shown, or None when it is."""
    if not landing.shown:
        return gettext("too few answers")
    reason = landing.hidden.get(name)
    if reason is None:
        return None
    return gettext("withheld") if reason == WITHHELD else gettext("too few answers")


@register.simple_tag
def share(landing, name):
    """`landing`'s share `name` (understanding, knows_share, support) as a percentage; "too few
    answers" below the threshold, "withheld" when it would let the figures beside it narrow to
    fewer (understanding/privacy.py); a dash when nobody answered that question."""
    return _hidden(landing, name) or _percent(getattr(landing, name), gettext("%(percent)s%%"))


@register.simple_tag
def landing_groups(groups):
    """The `<li>` of each group: its name, its line and its figures of all its answers. Written
    here, not by the template: a dozen groups cost a third of the section's time there."""
    items = []
    for group in groups:
        total, counter = group.total, group.total.responses
        if total.shown:
            text = ngettext(
                "All answers: understanding %(understood)s, support %(supported)s "
                "(%(counter)s answer)",
                "All answers: understanding %(understood)s, support %(supported)s "
                "(%(counter)s answers)",
                counter,
            ) % {
                "understood": share(total, "understanding"),
                "supported": share(total, "support"),
                "counter": localize(counter),
            }
        else:
            text = ngettext(
                "Too few answers (%(counter)s)", "Too few answers (%(counter)s)", counter
            ) % {"counter": localize(counter)}
        items.append(
            f'<li class="landing-group"><span class="landing-name">'
            f"{escape(group.stakeholder.name)}</span>{sparkline(group.weeks)}"
            f'<span class="small">{escape(text)}</span></li>'
        )
    return mark_safe("".join(items))  # noqa: S308 - escaped names and words, numbers


@register.simple_tag
def landing_rows(lines):
    """The `<tr>` of each (name, Landing) of a phase's or channel's table, every figure
    labelled for the phone's cards (app.css .table-cards). Written here, like landing_groups."""
    labels = [
        escape(gettext(word))
        for word in ("Answers", "Understanding", "Know what it means for them", "Support")
    ]
    rows = []
    for name, landing in lines:
        cells = [localize(landing.responses)]
        cells += [share(landing, key) for key in ("understanding", "knows_share", "support")]
        row = "".join(
            f'<td class="text-end" data-label="{label}">{escape(cell)}</td>'
            for label, cell in zip(labels, cells, strict=True)
        )
        rows.append(f'<tr><th scope="row">{escape(name or "—")}</th>{row}</tr>')
    return mark_safe("".join(rows))  # noqa: S308 - escaped names and words, numbers


@register.simple_tag
def landing_line(group):
    return mark_safe(sparkline(group.weeks))  # noqa: S308 - numbers and fixed names only


@register.simple_tag
def week_cells(group):
    """A group's cells of the weekly table: understanding / support, "too few answers", or a
    dash for a week without answers."""
    pattern = gettext("%(percent)s%%")
    too_few = escape(gettext("too few answers"))
    cells = []
    for week in group.weeks:
        if not week.responses:
            text = "—"
        elif not week.shown:
            text = f'<span class="text-body-secondary">{too_few}</span>'
        else:
            parts = [
                escape(_hidden(week, name) or _percent(getattr(week, name), pattern))
                for name in ("understanding", "support")
            ]
            text = " / ".join(parts)
        cells.append(f'<td class="text-end">{text}</td>')
    return mark_safe("".join(cells))  # noqa: S308 - numbers and escaped words only
