"""The dashboard's repeated table cells, written in Python for one page at a time.

A large plan's dashboard has a line per milestone, stakeholder, owner and channel (hundreds
each). A `Cells` is made once per page: the language, the currency, the cards' column labels and
the words are looked up once, and an hour or amount that recurs is formatted once, where a
template tag per line looked them all up again (issue 16). Every value from the plan is escaped
here; numbers are written by the code itself. The methods return safe strings, which both
template languages write as they are.
"""

import html
from functools import lru_cache

from django.utils import formats
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, pgettext

from ..templatetags.commplan import _hours, _money, card_labels, hyphenate, week
from ..templatetags.readiness import gap_html


def escape(text):
    """`text` escaped for HTML, as html.escape does; returned as it is when it has nothing to
    escape, as most of a dashboard's thousands of values (links, dates, names) have not."""
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return html.escape(text)
    return text


@lru_cache(maxsize=8)
def _figure_labels(language):
    # The milestone table's two-row headings, as one label per cell (once per language).
    return card_labels(
        gettext("Activities planned"),
        gettext("Activities done"),
        gettext("Reviews recorded"),
        gettext("Reviews on time"),
        gettext("Goal reached"),
        gettext("Planned hours"),
        gettext("Actual hours"),
        gettext("Planned cost"),
        gettext("Actual cost"),
    )


@lru_cache(maxsize=8)
def _milestone_labels(language):
    return card_labels(
        gettext("Planned date"), gettext("Actual date"), gettext("Status"), gettext("Slip (days)")
    )


@lru_cache(maxsize=4096)
def _dated_text(language, value):
    # Milestone dates repeat on every reading of a dashboard: format each once per language.
    if not value:
        return "—"
    return (
        f"{escape(date_format(value, 'SHORT_DATE_FORMAT'))} "
        f'<span class="small text-body-secondary">{escape(week(value))}</span>'
    )


@lru_cache(maxsize=4096)
def short_date(language, value):
    """`value` in the language's SHORT_DATE_FORMAT, escaped; "" for none. A plan's milestone
    dates recur on every reading of its dashboard: each formatted once per language."""
    return escape(date_format(value, "SHORT_DATE_FORMAT")) if value else ""


def forget_formats():
    """Forget the words and dates formatted so far (a changed setting in the tests)."""
    for cached in (_figure_labels, _milestone_labels, _dated_text, short_date):
        cached.cache_clear()


class Cells:
    """The cells of one page's dashboard tables, in the active language and `currency`."""

    def __init__(self, currency):
        self.language = language = get_language()
        self.currency = currency
        # Escaped once: a share is a whole number written into it.
        self.percent = escape(gettext("%(percent)s%%"))
        self.figure_labels = _figure_labels(language)
        self._figure_opens = tuple(
            f'<td{label} class="text-end text-nowrap">' for label in self.figure_labels
        )
        self.milestone_labels = _milestone_labels(language)
        self.over = escape(pgettext("over budget", "over"))
        self.activities_of = escape(gettext("activities of"))
        self._hours, self._money, self._words, self._shares = {}, {}, {}, {None: "—"}
        # A number is digits and the language's separators: escaped only if a separator or the
        # currency would need it (none of the product's languages and currencies does).
        marks = (
            f"{formats.get_format('DECIMAL_SEPARATOR')}{formats.get_format('THOUSAND_SEPARATOR')}"
        )
        self._escape_hours = escape(marks) != marks
        self._escape_money = self._escape_hours or escape(str(currency)) != str(currency)

    def hours(self, value):
        text = self._hours.get(value)
        if text is None:
            text = _hours(value, self.language)
            if self._escape_hours:
                text = escape(text)
            self._hours[value] = text
        return text

    def money(self, value):
        text = self._money.get(value)
        if text is None:
            text = _money(value, self.currency, self.language)
            if self._escape_money:
                text = escape(text)
            self._money[value] = text
        return text

    def share(self, value):
        """A percentage (Figures' on_time_share, goal_share, cost_burn), or a dash."""
        text = self._shares.get(value)
        if text is None:  # a hundred and one of them at most
            text = self._shares[value] = self.percent % {"percent": value}
        return text

    def word(self, text):
        """`text` escaped: one of a few words (a status, a coverage, an approach) that every
        line repeats."""
        escaped = self._words.get(text)
        if escaped is None:
            escaped = self._words[text] = escape(str(text))
        return escaped

    def figures(self, f):
        """A Figures line's cells: activities planned and done; reviews recorded, on time and
        with the goal reached; hours and cost, planned and actual."""
        rows, done, reviews, on_time, goal, p_hours, a_hours, p_cost, a_cost = self._figure_opens
        share, hours, money = self.share, self.hours, self.money
        return _safe(
            f"{rows}{f.rows}</td>{done}{f.done}</td>{reviews}{f.reviews}</td>"
            f"{on_time}{share(f.on_time_share)}</td>{goal}{share(f.goal_share)}</td>"
            f"{p_hours}{hours(f.planned_hours)}</td>{a_hours}{hours(f.actual_hours)}</td>"
            f"{p_cost}{money(f.planned_cost)}</td>{a_cost}{money(f.actual_cost)}</td>"
        )

    def budget(self, f):
        """A Figures line's budget cells: activities; hours and cost, planned and actual."""
        hours, money, cell = self.hours, self.money, '<td class="text-end text-nowrap">'
        return _safe(
            f"{cell}{f.rows}</td>{cell}{hours(f.planned_hours)}</td>"
            f"{cell}{hours(f.actual_hours)}</td>{cell}{money(f.planned_cost)}</td>"
            f"{cell}{money(f.actual_cost)}</td>"
        )

    def burn(self, f):
        """How much of the planned cost is used: a bar (over 100 % in red, with the word
        "over") and the percentage; a dash without a planned cost."""
        burned = f.cost_burn
        if burned is None:
            return "—"
        over = burned > 100
        text = (
            f'<svg class="burn-bar{" burn-over" if over else ""}" width="60" height="10" '
            'viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">'
            '<rect class="burn-track" x="0" y="0" width="100" height="10"/>'
            f'<rect class="burn-fill" x="0" y="0" width="{min(burned, 100)}" height="10"/></svg>'
            f" {self.share(burned)}"
        )
        if over:
            text += f' <span class="burn-over-text">{self.over}</span>'
        return _safe(text)

    def milestone(self, milestone):
        """A milestone's planned and actual dates with their weeks, its status and its slip in
        days (late ones marked)."""
        slip = milestone.slip
        slip_text = f'<span class="late">+{slip}</span>' if slip > 0 else str(slip)
        planned, actual, status, slip_label = self.milestone_labels
        language = self.language
        return _safe(
            f'<td{planned} class="text-nowrap">{_dated_text(language, milestone.planned_date)}</td>'
            f'<td{actual} class="text-nowrap">{_dated_text(language, milestone.actual_date)}</td>'
            f"<td{status}>{self.word(milestone.status_label)}</td>"
            f'<td{slip_label} class="text-end">{slip_text}</td>'
        )

    def chip(self, s):
        """A stakeholder on the map: its coverage (colour, symbol and words) and name, linking
        to its activities."""
        chip = (
            f'<a class="map-chip coverage-{s.coverage}" href="{escape(s.rows_url)}">'
            f'<span aria-hidden="true">{s.coverage_symbol}</span> '
            f"{escape(hyphenate(s.name, self.language))}"
            f'<span class="visually-hidden"> ({self.word(s.coverage_label)})</span></a>'
        )
        readiness = getattr(s, "readiness", None)
        if readiness is not None and (readiness.current or readiness.desired):
            # Beside the chip, not in it: the chip's link leads to the activities.
            chip += f'<span class="map-readiness">{gap_html(readiness, hyphenated=True)}</span>'
        return _safe(chip)

    def stakeholder(self, s):
        """A stakeholder's line in the stakeholder map's table, after its name: importance,
        involvement, engagement approach, coverage, activities in the next 30 days, readiness
        (a link to its page), and all its activities (a link to them)."""
        return _safe(
            f'<td class="text-end">{s.importance}</td>'
            f'<td class="text-end">{s.involvement}</td>'
            f"<td>{self.word(s.approach_label)}</td>"
            f'<td class="text-nowrap"><span aria-hidden="true">{s.coverage_symbol}</span> '
            f"{self.word(s.coverage_label)}</td>"
            f'<td class="text-end">{s.upcoming_count}</td>'
            f"<td>{readiness_cell(s)}</td>"
            f'<td class="text-end"><a href="{escape(s.rows_url)}">{s.row_count}'
            f'<span class="visually-hidden"> {self.activities_of} '
            f"{escape(s.name)}</span></a></td>"
        )


def _safe(html):
    # SafeString, not mark_safe(): the latter's check for lazy text costs more than the line.
    return SafeString(html)  # every value from the plan in it went through escape()


def readiness_cell(stakeholder):
    """The stakeholder's readiness gap, linking to its readiness page."""
    readiness = getattr(stakeholder, "readiness", None)
    if readiness is None:
        return "—"
    return f'<a href="{escape(stakeholder.readiness_url)}">{gap_html(readiness)}</a>'
