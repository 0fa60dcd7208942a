"""The plan table's rows, built for speed (issue 16): one query of plain values, the words and
numbers formatted in one pass, and the markup written by a compiled Jinja2 template.

A 1,000-row table through the Django template language cost half a millisecond a row (model
instances, a variable lookup chain and a filter per cell, a nested include for the resources).
"""

import re
from html import escape
from typing import Any

from django.template import engines
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines
from django.utils.translation import get_language, gettext, pgettext

from milestones.models import Phase

from ..models import OPEN_STATUSES, RowStatus
from ..templatetags.commplan import _hours, _money

ROWS_TEMPLATE = "commplan/plan_rows.jinja"
RESOURCES_TEMPLATE = "commplan/row_resources.jinja"  # a part of ROWS_TEMPLATE

# The date format characters of the languages' SHORT_DATE_FORMATs, written without
# django.utils.dateformat (forty times slower); a format with any other letter falls back to it.
DATE_PARTS = {
    "d": lambda day: f"{day.day:02}",
    "j": lambda day: str(day.day),
    "m": lambda day: f"{day.month:02}",
    "n": lambda day: str(day.month),
    "Y": lambda day: f"{day.year:04}",
    "y": lambda day: f"{day.year % 100:02}",
}

# The values the table shows, in the order TableRow.__init__ takes them.
COLUMNS = (
    "pk",
    "status",
    "next_review_date",
    "assurance",
    "planned_hours",
    "planned_cost",
    "actual_hours",
    "actual_cost",
    "stakeholder__name",
    "message__content",
    "message__goal",
    "channel__name",
    "owner__username",
    "owner__first_name",
    "owner__last_name",
    "milestone_id",
    "milestone__title",
    "milestone__phase",
    "milestone__planned_date",
)


class TableRow:
    """One row of the plan table, every value ready to print."""

    __slots__ = (
        "actual_cost",
        "actual_hours",
        "actual_over",
        "assurance",
        "channel",
        "content",
        "cost_over",
        "due_today",
        "goal",
        "has_actuals",
        "has_resources",
        "milestone",
        "milestone_date",
        "milestone_id",
        "overdue",
        "owner",
        "phase",
        "pk",
        "planned_cost",
        "planned_hours",
        "review_date",
        "stakeholder",
        "status",
        "status_label",
        "url",
    )


class ShortDates:
    """Dates in the active language's SHORT_DATE_FORMAT, each date formatted once: a table
    repeats a few hundred dates over a thousand rows."""

    def __init__(self):
        self.dates = {}
        short_format = formats.get_format("SHORT_DATE_FORMAT")
        if all(char in DATE_PARTS or not char.isalpha() for char in short_format):
            self.parts = [DATE_PARTS.get(char, char) for char in short_format]
        else:
            self.parts = None

    def __call__(self, value):
        if value is None:
            return ""
        text = self.dates.get(value)
        if text is None:
            if self.parts is None:
                text = formats.date_format(value, "SHORT_DATE_FORMAT")
            else:
                text = "".join(p if isinstance(p, str) else p(value) for p in self.parts)
            self.dates[value] = text
        return text


class Formatter:
    """Formats the values of one table (one language, one currency), its labels translated
    once."""

    def __init__(self, plan):
        self.language = get_language()
        self.currency = plan.currency
        self.today = timezone.localdate()
        self.date = ShortDates()
        self.statuses = {value: str(label) for value, label in RowStatus.choices}
        self.phases = {value: str(label) for value, label in Phase.choices}
        # One reverse() for the table instead of one per row: the row addresses differ only in
        # the row's id, the last part of the path.
        sample = reverse("commplan:row_detail", kwargs={"plan_pk": plan.pk, "pk": 0})
        self.url_prefix = sample.removesuffix("0/")

    def row(self, values):
        (
            pk,
            status,
            review_date,
            assurance,
            planned_hours,
            planned_cost,
            actual_hours,
            actual_cost,
            stakeholder,
            content,
            goal,
            channel,
            username,
            first_name,
            last_name,
            milestone_id,
            milestone,
            phase,
            milestone_date,
        ) = values
        language, currency = self.language, self.currency
        row = TableRow()
        row.pk = pk
        row.url = f"{self.url_prefix}{pk}/"
        row.status = status
        row.status_label = self.statuses.get(status, status)
        is_open = status in OPEN_STATUSES
        row.overdue = bool(is_open and review_date and review_date < self.today)
        row.due_today = bool(is_open and review_date == self.today)
        # A done row has no next review to show, even if a date is left from before.
        row.review_date = self.date(review_date) if status != RowStatus.DONE else ""
        row.stakeholder = stakeholder
        # linebreaksbr: escaped here, each line break a <br>; Jinja2 leaves safe strings alone.
        row.content = mark_safe(escape(normalize_newlines(content)).replace("\n", "<br>"))  # noqa: S308
        row.goal = goal
        row.channel = channel or ""
        if username is None:
            row.owner = None
        else:
            row.owner = f"{first_name} {last_name}".strip() or username
        row.assurance = assurance
        row.planned_hours = _hours(planned_hours, language) if planned_hours is not None else None
        # A zero cost says nothing a reader needs ("DKK 0.00" in every cell): left out.
        row.planned_cost = _money(planned_cost, currency, language) if planned_cost else None
        row.actual_hours = _hours(actual_hours, language) if actual_hours is not None else None
        row.actual_cost = _money(actual_cost, currency, language) if actual_cost else None
        row.has_actuals = actual_hours is not None or actual_cost is not None
        row.has_resources = row.has_actuals or planned_hours is not None or planned_cost is not None
        row.actual_over = (
            actual_hours is not None and planned_hours is not None and actual_hours > planned_hours
        )
        row.cost_over = (
            actual_cost is not None and planned_cost is not None and actual_cost > planned_cost
        )
        row.milestone_id = milestone_id
        row.milestone = milestone
        row.phase = self.phases.get(phase, "")
        row.milestone_date = self.date(milestone_date)
        return row


def row_labels() -> dict[str, str]:
    """Words the plan table repeats on every row, translated once per table rather than once per
    row (a 1,000-row table otherwise spends a tenth of its time in gettext). Given to the pages
    that show rows (the table, a row's review, the import preview), not to every page."""
    return {
        "goal": gettext("Goal:"),
        "no_owner": gettext("No owner"),
        "overdue": gettext("Overdue"),
        "due_today": gettext("Due today"),
        "open": gettext("Open"),
        "edit": gettext("Edit"),
        "hours": gettext("h"),
        "planned": gettext("planned"),
        "actual": gettext("actual"),
        "more_than_planned": gettext("more than planned"),
        "no_milestone": gettext("No milestone"),
        # The column headings, repeated above each value where a row is shown as a card.
        "stakeholder": gettext("Stakeholders (target group)"),
        "message": gettext("Message content and goal"),
        "channel": gettext("Channel"),
        "owner": gettext("Owner"),
        "resources": gettext("Time and resources"),
        "milestone": gettext("Milestone"),
        "next_review": gettext("Next review"),
        "status": gettext("Status"),
        # The toolkit's own column names, as the table's heading words them; the column names
        # printed above each milestone group repeat the heading, the cards keep the short words.
        "channel_column": pgettext("toolkit column", "Channel"),
        "owner_column": pgettext("toolkit column", "Owner"),
        "resources_column": pgettext("toolkit column", "Time and resources"),
    }


def table_rows(queryset, plan):
    """The rows of `queryset` (a plan's rows, possibly filtered, sorted and sliced to a page) as
    TableRows, in one query that makes no model instances."""
    formatter = Formatter(plan)
    return [formatter.row(values) for values in queryset.values_list(*COLUMNS)]


def table_row(row, plan):
    """One PlanRow, its linked objects loaded, as the TableRow the plan table would show."""
    values = []
    for column in COLUMNS:
        value = row
        for name in column.split("__"):
            value = getattr(value, name) if value is not None else None
        values.append(value)
    return Formatter(plan).row(values)


# `{{ labels.name }}` in a row template: a word that is the same on every row.
LABEL = re.compile(r"\{\{ labels\.(\w+) \}\}")
# `{% include "name" %}` in a row template: a part another page renders alone too.
INCLUDE = re.compile(r'\{% include "([\w/.]+)" %\}')
# Compiled row templates by (template, words): a handful, one per language in use.
_WITH_WORDS: dict[tuple[str, tuple[tuple[str, str], ...]], Any] = {}


def template_with_words(name, labels):
    """Jinja2 template `name` with each `{{ labels.name }}` written in as its word, escaped: a
    label looked up and escaped on every row was a tenth of a large table's time (issue 16).
    Keyed by the words themselves, so another language or a changed catalogue compiles anew;
    nothing that differs between people is written in."""
    words = tuple((key, str(value)) for key, value in labels.items())
    template = _WITH_WORDS.get((name, words))
    if template is None:
        environment = engines["jinja2"].env
        source = inlined_source(environment, name)
        by_name = dict(words)
        source = LABEL.sub(
            lambda match: "{% raw %}" + escape(by_name[match[1]]) + "{% endraw %}", source
        )
        template = _WITH_WORDS[name, words] = environment.from_string(source)
    return template


def inlined_source(environment, name):
    """The source of template `name` with each `{% include %}` written in, as Jinja2 would
    render it (less the final line break of the included file), without an include per row."""
    source = environment.loader.get_source(environment, name)[0]
    return INCLUDE.sub(
        lambda match: inlined_source(environment, match[1]).removesuffix("\n"), source
    )


def render_rows(context, rows, *, saved=False):
    """The <tr>s of `rows` (TableRows), with the group headings when the table is grouped by
    milestone, and the controls the person's role allows (`can_manage` in `context`)."""
    labels = context.get("labels") or row_labels()
    template = template_with_words(ROWS_TEMPLATE, labels)
    # The output of an autoescaping template.
    return mark_safe(  # noqa: S308
        template.render(
            rows=rows,
            labels=labels,
            can_manage=context.get("can_manage", False),
            grouped=context.get("grouped", False),
            querystring=context.get("querystring", ""),
            saved=saved,
        )
    )


def render_resources(row, labels):
    """A TableRow's time and resources in the plan table's words and markup: the review form
    shows them beside its form."""
    template = template_with_words(RESOURCES_TEMPLATE, labels)
    return mark_safe(template.render(row=row, labels=labels))  # noqa: S308 (autoescaped)
