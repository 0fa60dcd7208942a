"""Pulse feedback: the question library, a public link per activity (or occurrence), the answers
given there and the daily tallies every figure is read from.

Privacy by design: an answer keeps the day it was given (not the time), never who gave it, their
address or browser. Figures come from `FeedbackTally` (one row per link and day, kept in step with
each answer in the same transaction), so a roll-up reads a few thousand rows instead of a million
answers.
"""

import secrets

from django.conf import settings
from django.core.signing import b64_encode
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .plans import CommunicationPlan

UNCLEAR_MAX_LENGTH = 1000  # characters of "What is unclear?": a few sentences, not an essay
SCALE = range(1, 6)  # clarity and support: 1 (not at all) to 5 (very)


class Question(models.TextChoices):
    """The questions a pulse can ask; "What is unclear?" is always offered, and optional."""

    CLARITY = "clarity", _("How clear was the message?")
    MEANING = "meaning", _("I know what this means for me")
    SUPPORT = "support", _("How much do you support it?")


class PulseKind(models.TextChoices):
    """The question library: what the message's goal is decides which questions are asked."""

    INFORM = "inform", _("Inform: they know about it")
    UNDERSTAND = "understand", _("Understand: they know what it means for them")
    SUPPORT = "support", _("Win support: they back it")
    COMMIT = "commit", _("Commit: they understand, back it and act")

    @property
    def questions(self):
        return QUESTIONS[self]


QUESTIONS = {
    PulseKind.INFORM: (Question.CLARITY,),
    PulseKind.UNDERSTAND: (Question.CLARITY, Question.MEANING),
    PulseKind.SUPPORT: (Question.CLARITY, Question.SUPPORT),
    PulseKind.COMMIT: (Question.CLARITY, Question.MEANING, Question.SUPPORT),
}


class Meaning(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


def anonymity_threshold():
    """How many answers an occurrence (or any group a figure speaks of) needs before its
    distribution and free text are shown; the setting, never below 3."""
    return max(3, settings.FEEDBACK_ANONYMITY_THRESHOLD)


def token_signature(random_part):
    return salted_hmac("commplan.feedback", random_part).hexdigest()[:8]


def new_token():
    """An unguessable token (128 random bits) followed by its signature, so that a made-up
    address is refused without asking the database."""
    random_part = b64_encode(secrets.token_bytes(16)).decode()
    return random_part + token_signature(random_part)


def token_is_signed(token):
    return len(token) == 30 and constant_time_compare(token[22:], token_signature(token[:22]))


class FeedbackLinkQuerySet(models.QuerySet):
    def for_plan(self, plan):
        return self.filter(plan=plan)

    def open(self):
        return self.filter(closed_at__isnull=True)


class FeedbackLink(models.Model):
    """The public address `/f/<token>/` where an activity's audience answers its pulse: one per
    activity, and one per occurrence of a recurring activity."""

    plan = models.ForeignKey(
        CommunicationPlan,
        on_delete=models.CASCADE,
        related_name="feedback_links",
        verbose_name=_("plan"),
    )
    row = models.ForeignKey(
        "commplan.PlanRow",
        on_delete=models.CASCADE,
        related_name="feedback_links",
        verbose_name=_("communication activity"),
    )
    occurrence = models.DateField(
        _("occurrence"),
        null=True,
        blank=True,
        help_text=_("The date of the communication; empty for the activity as a whole."),
    )
    token = models.CharField(_("token"), max_length=30, unique=True, default=new_token)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("closed by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = FeedbackLinkQuerySet.as_manager()
    # Closing and reopening go into the plan's history, who and when (issue 19).
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = [models.F("occurrence").asc(nulls_first=True), "pk"]
        verbose_name = _("feedback link")
        verbose_name_plural = _("feedback links")
        constraints = [
            models.UniqueConstraint(
                fields=["row", "occurrence"], name="%(app_label)s_%(class)s_unique_occurrence"
            ),
            models.UniqueConstraint(
                fields=["row"],
                condition=Q(occurrence__isnull=True),
                name="%(app_label)s_%(class)s_unique_activity",
            ),
        ]

    def __str__(self):
        return self.token

    def get_absolute_url(self):
        return reverse("commplan:feedback_answer", kwargs={"token": self.token})

    @property
    def is_closed(self):
        return self.closed_at is not None


# An answer's history records only a manager hiding or showing its free text: never the answer
# itself (its saving skips history, see `record_answer`), its text, or when it was given beyond
# its day. Deletes are not recorded either (`history.recording.connect` takes the receivers off),
# so deleting a link or a plan with a million answers stays one fast DELETE.
RESPONSE_HISTORY = HistoricalRecords(
    excluded_fields=[
        "link",
        "stakeholder",
        "channel",
        "milestone",
        "occurrence",
        "clarity",
        "meaning",
        "support",
        "unclear",
    ]
)


class FeedbackResponse(models.Model):
    """One person's answers to one link's pulse: anonymous, dated by day only.

    Plan, row, stakeholder, channel, milestone and occurrence are copied from the link and its
    row when the answer is given, so that figures group without joins and keep saying whom the
    communication was for then.
    """

    link = models.ForeignKey(
        FeedbackLink,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("feedback link"),
    )
    plan = models.ForeignKey(
        CommunicationPlan, on_delete=models.CASCADE, related_name="+", verbose_name=_("plan")
    )
    row = models.ForeignKey(
        "commplan.PlanRow",
        on_delete=models.CASCADE,
        related_name="feedback_responses",
        verbose_name=_("communication activity"),
    )
    stakeholder = models.ForeignKey(
        "stakeholders.Stakeholder",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("stakeholders (target group)"),
    )
    channel = models.ForeignKey(
        "commplan.Channel",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("channel"),
    )
    milestone = models.ForeignKey(
        "milestones.Milestone",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("milestone"),
    )
    occurrence = models.DateField(_("occurrence"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"))
    clarity = models.PositiveSmallIntegerField(
        _("clarity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    meaning = models.CharField(
        _("knows what it means for them"), max_length=8, choices=Meaning.choices, blank=True
    )
    support = models.PositiveSmallIntegerField(
        _("support"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    unclear = models.TextField(_("what is unclear"), max_length=UNCLEAR_MAX_LENGTH, blank=True)
    text_hidden = models.BooleanField(_("text hidden"), default=False)

    history = RESPONSE_HISTORY

    class Meta:
        ordering = ["-answered_on", "-pk"]
        verbose_name = _("feedback response")
        verbose_name_plural = _("feedback responses")
        indexes = [
            models.Index(fields=["plan", "stakeholder", "answered_on"], name="commplan_fb_sh_idx"),
            models.Index(fields=["plan", "channel", "answered_on"], name="commplan_fb_ch_idx"),
            models.Index(fields=["plan", "milestone", "answered_on"], name="commplan_fb_ms_idx"),
            models.Index(fields=["row", "occurrence"], name="commplan_fb_row_idx"),
            # The retention sweep looks only at answers that still carry text.
            models.Index(
                fields=["answered_on"], condition=~Q(unclear=""), name="commplan_fb_text_idx"
            ),
            # An activity's newest free text (row page, review): its links' answers with text
            # alone, not every answer of a link with half a million.
            models.Index(
                fields=["link", "answered_on"],
                condition=~Q(unclear=""),
                name="commplan_fb_link_text_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(clarity__isnull=True) | Q(clarity__gte=1, clarity__lte=5),
                name="%(app_label)s_%(class)s_clarity_range",
            ),
            models.CheckConstraint(
                condition=Q(support__isnull=True) | Q(support__gte=1, support__lte=5),
                name="%(app_label)s_%(class)s_support_range",
            ),
            models.CheckConstraint(
                condition=Q(meaning="") | Q(meaning__in=Meaning.values),
                name="%(app_label)s_%(class)s_meaning_valid",
            ),
        ]

    def __str__(self):
        return f"{self.link} {self.answered_on}"


# The count columns of a tally, one per answer that can be given.
TALLY_COUNTS = (
    ["responses", "texts"]
    + [f"clarity_{n}" for n in SCALE]
    + [f"meaning_{m}" for m in Meaning.values]
    + [f"support_{n}" for n in SCALE]
)


def _count_field():
    return models.PositiveIntegerField(default=0)


class FeedbackTallyQuerySet(models.QuerySet):
    def totals(self):
        """The sum of every count column over these tallies (0 when there are none), in one
        query."""
        result = self.order_by().aggregate(**{name: Sum(name) for name in TALLY_COUNTS})
        return {name: value or 0 for name, value in result.items()}


class FeedbackCounts(models.Model):
    """How many answers, and how many of each kind (TALLY_COUNTS), to whom and how the
    activity reached when they were counted: what a tally and a total count."""

    stakeholder = models.ForeignKey(
        "stakeholders.Stakeholder", on_delete=models.SET_NULL, related_name="+", null=True
    )
    channel = models.ForeignKey(
        "commplan.Channel", on_delete=models.SET_NULL, related_name="+", null=True
    )
    milestone = models.ForeignKey(
        "milestones.Milestone", on_delete=models.SET_NULL, related_name="+", null=True
    )
    responses = _count_field()
    texts = _count_field()
    clarity_1 = _count_field()
    clarity_2 = _count_field()
    clarity_3 = _count_field()
    clarity_4 = _count_field()
    clarity_5 = _count_field()
    meaning_yes = _count_field()
    meaning_partly = _count_field()
    meaning_no = _count_field()
    support_1 = _count_field()
    support_2 = _count_field()
    support_3 = _count_field()
    support_4 = _count_field()
    support_5 = _count_field()

    class Meta:
        abstract = True


class FeedbackTally(FeedbackCounts):
    """How many answers one link received on one day, and how many of each kind: what every
    figure (row page, review, dashboard, summary) is computed from."""

    link = models.ForeignKey(
        FeedbackLink, on_delete=models.CASCADE, related_name="tallies", verbose_name=_("link")
    )
    day = models.DateField(_("day"))
    plan = models.ForeignKey(
        CommunicationPlan, on_delete=models.CASCADE, related_name="+", verbose_name=_("plan")
    )
    row = models.ForeignKey(
        "commplan.PlanRow",
        on_delete=models.CASCADE,
        related_name="feedback_tallies",
        verbose_name=_("communication activity"),
    )
    occurrence = models.DateField(null=True)

    objects = FeedbackTallyQuerySet.as_manager()

    class Meta:
        ordering = ["day", "pk"]
        verbose_name = _("feedback tally")
        verbose_name_plural = _("feedback tallies")
        constraints = [
            models.UniqueConstraint(fields=["link", "day"], name="%(app_label)s_%(class)s_unique")
        ]
        indexes = [
            models.Index(fields=["plan", "day"], name="commplan_tally_plan_idx"),
            models.Index(fields=["row", "occurrence"], name="commplan_tally_row_idx"),
        ]

    def __str__(self):
        return f"{self.link} {self.day}: {self.responses}"


class FeedbackTotal(FeedbackCounts):
    """How many answers one link received in all, under one group, channel and milestone as
    its day's tallies carry them (a row changed since is another total): the tallies of every
    day added up, kept by record_answer beside them, so that a figure of all time reads a row
    per link, not one per link and day (issue 19 §4). None is kept as 0 in the *_key columns,
    which the upsert names."""

    link = models.ForeignKey(
        FeedbackLink, on_delete=models.CASCADE, related_name="totals", verbose_name=_("link")
    )
    stakeholder_key = models.PositiveIntegerField()
    channel_key = models.PositiveIntegerField()
    milestone_key = models.PositiveIntegerField()
    plan = models.ForeignKey(
        CommunicationPlan, on_delete=models.CASCADE, related_name="+", verbose_name=_("plan")
    )
    row = models.ForeignKey(
        "commplan.PlanRow",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("communication activity"),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("feedback total")
        verbose_name_plural = _("feedback totals")
        constraints = [
            models.UniqueConstraint(
                fields=["link", "stakeholder_key", "channel_key", "milestone_key"],
                name="%(app_label)s_%(class)s_unique",
            )
        ]
        indexes = [models.Index(fields=["plan"], name="commplan_total_plan_idx")]

    def __str__(self):
        return f"{self.link}: {self.responses}"
