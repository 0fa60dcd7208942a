"""How the communication landed, in words and a small line: a share, or "too few answers"
when a figure would narrow to fewer answers than the anonymity threshold."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from commplan.dashboard.common import percent_text
from commplan.understanding.charts import sparkline

register = template.Library()


@register.simple_tag
def share(landing, name):
    """`landing`'s share `name` (understanding, knows_share, support) as a percentage; "too few
    answers" below the threshold; a dash when nobody answered that question."""
    if not landing.shown:
        return gettext("too few answers")
    return percent_text(getattr(landing, name))


@register.simple_tag
def landing_line(group):
    return mark_safe(sparkline(group.weeks))  # noqa: S308 - numbers and fixed names only
