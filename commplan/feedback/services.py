"""Recording pulse answers and reading their figures.

Every figure is read from FeedbackTally (one row per link and day) and, for figures of all time,
FeedbackTotal (those tallies added up: a row per link), which `record_answer` keeps in step with
each answer in the same transaction; the answers themselves are read only for their free text.
The anonymity threshold applies per link (an activity, or one occurrence of it): a link below it
shows its number of answers and nothing else, and the activity's distribution counts only the
links that reached it, so no difference between two figures narrows to fewer.
"""

import datetime
import functools
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from ..cadence import add_months, occurrences
from ..models import (
    CommunicationPlan,
    FeedbackLink,
    FeedbackResponse,
    FeedbackTally,
    FeedbackTotal,
    Goal,
    Meaning,
    PlanRow,
    Question,
    anonymity_threshold,
)
from ..models.feedback import SCALE, TALLY_COUNTS

DEFAULT_TARGET_SHARE = 80  # % clear or very clear, when the message sets no target
PARTLY_MARGIN = 20  # percentage points below the target that still suggest "partly"
OCCURRENCE_WINDOW = datetime.timedelta(days=92)  # occurrences offered a link: ± a quarter
TEXTS_SHOWN = 50  # the newest free-text answers on the row page


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


# What an answer copies from its link and its row, as they are when it is given.
COPIED = {
    "link_id": "l.id",
    "plan_id": "l.plan_id",
    "row_id": "r.id",
    "stakeholder_id": "r.stakeholder_id",
    "channel_id": "r.channel_id",
    "milestone_id": "r.milestone_id",
    "occurrence": "l.occurrence",
}
GIVEN = ["answered_on", "clarity", "meaning", "support", "unclear", "text_hidden"]
TALLY_KEYS = ["link_id", "day", "plan_id", "row_id", "stakeholder_id", "channel_id"]
TALLY_KEYS += ["milestone_id", "occurrence"]


@functools.cache
def _answer_sql():
    """INSERT … SELECT of one answer to the link whose id is the last parameter, only while the
    link is open and its plan not archived (a link closed a moment ago takes nothing, whatever
    page the phone was shown), returning its id and what it copied. Built from the models' own
    names only (each backend quotes them alike); the values are parameters."""
    link, row, plan = _table(FeedbackLink), _table(PlanRow), _table(CommunicationPlan)
    columns = ", ".join([*COPIED, *GIVEN])
    values = ", ".join([*COPIED.values()] + ["%s"] * len(GIVEN))
    return (
        f"INSERT INTO {_table(FeedbackResponse)} ({columns}) SELECT {values} "  # noqa: S608
        f"FROM {link} l JOIN {row} r ON r.id = l.row_id JOIN {plan} p ON p.id = l.plan_id "
        "WHERE l.id = %s AND l.closed_at IS NULL AND p.archived_at IS NULL "
        f"RETURNING id, {', '.join(COPIED)}"
    )


def _tally_sums():
    table = _table(FeedbackTally)
    sums = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in TALLY_COUNTS)
    return f"ON CONFLICT (link_id, day) DO UPDATE SET {sums}"


@functools.cache
def _tally_sql():
    """One upsert that adds an answer's counts to its link's tally of the day."""
    columns = TALLY_KEYS + TALLY_COUNTS
    placeholders = ", ".join(["%s"] * len(columns))
    return (
        f"INSERT INTO {_table(FeedbackTally)} ({', '.join(columns)}) "  # noqa: S608
        f"VALUES ({placeholders}) {_tally_sums()}"
    )


TOTAL_KEYS = ["link_id", "plan_id", "row_id", "stakeholder_id", "channel_id", "milestone_id"]
TOTAL_ATTRIBUTION = ["stakeholder_key", "channel_key", "milestone_key"]


def _total_upsert(source, counts):
    """An upsert that adds an answer's counts (`counts`: SQL of each) to its link's total under
    the attribution of the day's tally, read from `source` (a FROM clause giving that tally's
    TOTAL_KEYS), so that the totals are always the tallies added up: figures of all time and
    of some weeks agree."""
    total = _table(FeedbackTotal)
    columns = TOTAL_KEYS + TOTAL_ATTRIBUTION + TALLY_COUNTS
    chosen = TOTAL_KEYS + [f"COALESCE({name}, 0)" for name in TOTAL_KEYS[3:]] + counts
    sums = ", ".join(f"{name} = {total}.{name} + excluded.{name}" for name in TALLY_COUNTS)
    return (
        f"INSERT INTO {total} ({', '.join(columns)}) "  # noqa: S608 - names of the models only
        f"SELECT {', '.join(chosen)} FROM {source} "
        f"ON CONFLICT (link_id, {', '.join(TOTAL_ATTRIBUTION)}) DO UPDATE SET {sums}"
    )


@functools.cache
def _total_sql():
    """The total's upsert after the tally's (SQLite): the tally read again by its link and day."""
    return _total_upsert(
        f"{_table(FeedbackTally)} WHERE link_id = %s AND day = %s", ["%s"] * len(TALLY_COUNTS)
    )


@functools.cache
def _answer_and_tally_sql():
    """PostgreSQL: the answer, its tally and its total in one statement (data-modifying WITHs),
    so one round trip and no transaction to open and close; the statement is atomic by itself.
    The total reads the tally's attribution from what its upsert returns (the statement's own
    writes are not visible to each other otherwise)."""
    keys = ", ".join(["link_id", "answered_on", *TALLY_KEYS[2:]])
    counts = ["%s"] * len(TALLY_COUNTS)
    return (
        f"WITH answer AS ({_answer_sql()}, answered_on), tally AS ("  # noqa: S608
        f"INSERT INTO {_table(FeedbackTally)} ({', '.join(TALLY_KEYS + TALLY_COUNTS)}) "
        f"SELECT {keys}, {', '.join(counts)} FROM answer {_tally_sums()} "
        f"RETURNING {', '.join(TOTAL_KEYS)}), "
        f"total AS ({_total_upsert('tally', counts)}) "
        f"SELECT id, {', '.join(COPIED)} FROM answer"
    )


def _tally_counts(clarity, meaning, support, unclear):
    counts = dict.fromkeys(TALLY_COUNTS, 0)
    counts["responses"] = 1
    counts["texts"] = int(bool(unclear))
    if clarity:
        counts[f"clarity_{clarity}"] = 1
    if meaning:
        counts[f"meaning_{meaning}"] = 1
    if support:
        counts[f"support_{support}"] = 1
    return [counts[name] for name in TALLY_COUNTS]


def record_answer(link, clarity=None, meaning="", support=None, unclear="", today=None):
    """Save one anonymous answer to `link` (a FeedbackLink or its id) and count it in the day's
    tally and the link's total, all or nothing; None, and nothing saved, when the link is closed
    or its plan archived. The answer copies whom and how the row reaches now.

    One statement on PostgreSQL (the public page's post, 200 a second in a company-wide pulse,
    issue 19 §4); three in a transaction elsewhere."""
    link_id = getattr(link, "pk", link)
    given = [today or timezone.localdate(), clarity, meaning or "", support, unclear or "", False]
    counts = _tally_counts(clarity, meaning, support, unclear)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_answer_and_tally_sql(), [*given, link_id, *counts, *counts])
            saved = cursor.fetchone()
        else:
            with transaction.atomic():
                cursor.execute(_answer_sql(), [*given, link_id])
                saved = cursor.fetchone()
                if saved is not None:
                    keys = [saved[1], given[0], *saved[2:]]
                    cursor.execute(_tally_sql(), keys + counts)
                    cursor.execute(_total_sql(), [*counts, saved[1], given[0]])
    if saved is None:
        return None
    copied = dict(zip(COPIED, saved[1:], strict=True))
    occurrence = FeedbackResponse._meta.get_field("occurrence").to_python(copied.pop("occurrence"))
    answered = dict(zip(GIVEN, given, strict=True))
    return FeedbackResponse(id=saved[0], occurrence=occurrence, **copied, **answered)


@dataclass
class Pulse:
    """The figures of a set of answers: their number always, the distribution only when
    `shown` (enough answers for anonymity)."""

    totals: dict
    shown: bool
    # Questions whose answers are withheld: with the roll-ups' figures they would narrow to
    # fewer than the threshold (understanding/privacy.py).
    hidden: frozenset = frozenset()

    @property
    def responses(self):
        return self.totals["responses"]

    def _count(self, question, value):
        return self.totals[f"{question}_{value}"]

    def distribution(self, question):
        """[(label, count, percent)] for one question, in scale order."""
        if question == Question.MEANING:
            values = [(m.value, m.label) for m in Meaning]
        else:
            values = [(n, str(n)) for n in SCALE]
        counts = [(label, self._count(question, value)) for value, label in values]
        answered = sum(count for _, count in counts)
        return [
            (label, count, round(100 * count / answered) if answered else 0)
            for label, count in counts
        ]

    def answered(self, question):
        return sum(count for _, count, _ in self.distribution(question))

    def _share(self, question, values):
        if question in self.hidden:
            return None
        answered = self.answered(question)
        if not answered:
            return None
        return round(100 * sum(self._count(question, v) for v in values) / answered)

    @property
    def clear_share(self):
        """% of clarity answers that were 4 or 5 (clear, very clear); None without any."""
        return self._share(Question.CLARITY, (4, 5))

    @property
    def meaning_share(self):
        return self._share(Question.MEANING, (Meaning.YES,))

    @property
    def support_share(self):
        return self._share(Question.SUPPORT, (4, 5))


def empty_totals():
    return dict.fromkeys(TALLY_COUNTS, 0)


def add_totals(*totals):
    return {name: sum(t[name] for t in totals) for name in TALLY_COUNTS}


@dataclass
class Evidence:
    """What the answers say about the message's goal, and the review answer they suggest."""

    pulse: Pulse
    target_share: int
    target_responses: int
    target_set: bool

    @property
    def enough(self):
        return self.pulse.shown and self.pulse.responses >= self.target_responses

    @property
    def suggestion(self):
        """Goal.YES/PARTLY/NO, or None while too few answers (or no clarity answers)."""
        share = self.pulse.clear_share
        if not self.enough or share is None:
            return None
        if share >= self.target_share:
            return Goal.YES
        if share >= self.target_share - PARTLY_MARGIN:
            return Goal.PARTLY
        return Goal.NO

    @property
    def suggestion_label(self):
        return Goal(self.suggestion).label if self.suggestion else ""


@dataclass
class RowPulse:
    """An activity's links and the figures the row page and its review show."""

    row: object
    links: list
    total: Pulse  # over the links that reached the threshold
    responses: int  # every answer, shown or not
    threshold: int
    texts: list = field(default_factory=list)

    @property
    def questions(self):
        return self.row.message.pulse_questions

    @property
    def distributions(self):
        """[(question, [(label, count, percent)])] of the activity's asked questions, but those
        withheld."""
        return [
            (question, self.total.distribution(question))
            for question in self.questions
            if question not in self.total.hidden
        ]

    @property
    def withheld_questions(self):
        return [question for question in self.questions if question in self.total.hidden]

    @property
    def withheld(self):
        """Answers not in the distribution: their link has too few yet."""
        return self.responses - self.total.responses

    @property
    def evidence(self):
        message = self.row.message
        return Evidence(
            pulse=self.total,
            target_share=message.target_share or DEFAULT_TARGET_SHARE,
            target_responses=max(message.target_responses or 0, self.threshold),
            target_set=message.target_share is not None,
        )


def row_pulse(row, with_hidden_texts=False, texts=True):
    """The links of `row` (whose message is loaded), each with its `pulse`, the activity's
    figures and (`texts`) its newest free text: three queries however many answers there
    are."""
    threshold = anonymity_threshold()
    links = list(FeedbackLink.objects.filter(row=row).select_related("closed_by"))
    sums = {name: Sum(name) for name in TALLY_COUNTS}
    by_link = {
        entry.pop("link_id"): entry
        for entry in FeedbackTally.objects.filter(row=row)
        .order_by()
        .values("link_id")
        .annotate(**sums)
    }
    for link in links:
        totals = by_link.get(link.pk) or empty_totals()
        link.pulse = Pulse(totals, shown=totals["responses"] >= threshold)
    shown = [link for link in links if link.pulse.shown]
    total = Pulse(add_totals(empty_totals(), *(link.pulse.totals for link in shown)), True)
    total.shown = total.responses >= threshold
    if total.shown:
        total.hidden = _withheld(row)
    newest = []
    if texts and shown:
        answers = FeedbackResponse.objects.filter(link__in=shown).exclude(unclear="")
        if not with_hidden_texts:
            answers = answers.filter(text_hidden=False)
        fields = ("pk", "answered_on", "unclear", "text_hidden", "link_id")
        newest = list(answers.only(*fields)[:TEXTS_SHOWN])
    return RowPulse(
        row=row,
        links=links,
        total=total,
        responses=sum(link.pulse.responses for link in links),
        threshold=threshold,
        texts=newest,
    )


SHARE_QUESTIONS = {
    "understanding": Question.CLARITY,
    "knows_share": Question.MEANING,
    "support": Question.SUPPORT,
}


def _withheld(row):
    """The questions whose answers the row page withholds (one query)."""
    from ..understanding.privacy import row_withheld

    return frozenset(SHARE_QUESTIONS[share] for share in row_withheld(row, timezone.localdate()))


def occurrence_choices(row, today=None, taken=None):
    """The dates of `row`'s communication a quarter back and ahead that have no link yet
    (`taken`: the occurrences that have one, when the caller knows them)."""
    today = today or timezone.localdate()
    if taken is None:
        taken = set(row.feedback_links.values_list("occurrence", flat=True))
    return [
        day
        for day in occurrences(row, today - OCCURRENCE_WINDOW, today + OCCURRENCE_WINDOW)
        if day not in taken
    ]


def forget_text(today=None, batch=10_000):
    """Delete the free text of answers older than FEEDBACK_TEXT_MONTHS; returns how many.
    In batches, so a million old answers never hold a long lock."""
    cutoff = add_months(today or timezone.localdate(), -settings.FEEDBACK_TEXT_MONTHS)
    old = FeedbackResponse.objects.filter(answered_on__lt=cutoff).exclude(unclear="")
    forgotten = 0
    while ids := list(old.order_by().values_list("pk", flat=True)[:batch]):
        forgotten += FeedbackResponse.objects.filter(pk__in=ids).update(unclear="")
    return forgotten
