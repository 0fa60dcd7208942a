"""A stakeholder group's readiness gap, current → desired, with the same words for everyone:
the arrow is decoration, a screen reader hears the sentence."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from commplan.readiness.standing import Standing
from commplan.templatetags.commplan import hyphenate

register = template.Library()


def gap_html(standing, *, hyphenated=False):
    """The gap of `standing` (readiness.standing.Standing) as HTML, or a dash without either
    position. `hyphenated`: the positions' words may break at their syllables (a narrow box)."""
    status = standing.status
    if status == standing.NO_TARGET and not standing.current:
        return "—"
    word = hyphenate if hyphenated else str
    current, desired = escape(word(standing.current_label)), escape(word(standing.desired_label))
    if status == standing.NO_TARGET:
        shown = current
    elif status == standing.REACHED:
        shown = f"✓ {current}"
    else:
        shown = f"{current} → {desired}"
    return mark_safe(  # noqa: S308 - every value in it went through escape()
        f'<span class="readiness readiness-{status}"><span aria-hidden="true">{shown}</span>'
        f'<span class="visually-hidden">{escape(standing.summary)}</span></span>'
    )


@register.simple_tag
def readiness_gap(standing):
    return gap_html(standing)


@register.simple_tag
def readiness_label(position):
    """The name of a position on the ladder, or "Not assessed"."""
    return Standing(current=position).current_label
