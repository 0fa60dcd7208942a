"""What a plan's rows link to that belongs to the plan alone: its channels and messages, and the
queryset every such plan child (stakeholders and milestones too) shares."""

import unicodedata

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..validators import one_line
from .feedback import PulseKind
from .plans import CommunicationPlan


def truncate(text, length):
    """`text` cut to `length` characters with "…", as Truncator(text).chars(length) cuts it,
    without its per-character loop when the cut part has no combining marks: the option labels
    of a plan's messages, on every row form and in-place edit (issue 16)."""
    text = unicodedata.normalize("NFC", text)
    if len(text) <= length:
        return text
    if any(map(unicodedata.combining, text[: length + 1])):
        return Truncator(text).chars(length)
    return f"{text[: length - 1]}…"


def message_label(content):
    """A message as lists and selects name it: its content, cut to 80 characters."""
    return truncate(content, 80)


class ChannelKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    EMAIL = "email", _("Email")
    INTRANET = "intranet", _("Intranet")
    NEWSLETTER = "newsletter", _("Newsletter")
    WORKSHOP = "workshop", _("Workshop")
    TOWN_HALL = "town_hall", _("Town hall")
    LETTER = "letter", _("Letter")
    VIDEO = "video", _("Video")
    PRESENTATION = "presentation", _("Presentation")
    OTHER = "other", _("Other")


class PlanChildQuerySet(models.QuerySet):
    """For everything that belongs to one plan and that rows link to: stakeholders, milestones,
    channels, messages."""

    def for_plan(self, plan):
        return self.filter(plan=plan)

    def with_row_counts(self):
        """Each with `row_count`, in model order (Django drops Meta.ordering when grouping)."""
        return self.annotate(row_count=models.Count("rows", distinct=True)).order_by(
            *(self.query.order_by or self.model._meta.ordering)
        )


class Channel(models.Model):
    """A medium through which the plan reaches stakeholders."""

    plan = models.ForeignKey(
        CommunicationPlan,
        on_delete=models.CASCADE,
        related_name="channels",
        verbose_name=_("plan"),
    )
    name = models.CharField(
        _("channel"),
        max_length=200,
        validators=[one_line],
        help_text=_("Through which medium do we reach the stakeholders?"),
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=ChannelKind.choices, default=ChannelKind.MEETING
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = PlanChildQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name"],
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message=_("The plan already has a channel with this name."),
            ),
            models.UniqueConstraint(fields=["plan", "id"], name="%(app_label)s_%(class)s_plan_id"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("commplan:channel_update", kwargs={"plan_pk": self.plan_id, "pk": self.pk})


class Message(models.Model):
    """What the plan communicates, what it wants to achieve, and the objective it serves."""

    plan = models.ForeignKey(
        CommunicationPlan,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("plan"),
    )
    content = models.TextField(
        _("message content"),
        max_length=2000,
        help_text=_("What do we want to communicate about?"),
    )
    goal = models.TextField(
        _("goal"),
        max_length=2000,
        blank=True,
        help_text=_("What do we want to achieve?"),
    )
    objective = models.CharField(
        _("top-management objective"),
        max_length=300,
        blank=True,
        validators=[one_line],
        help_text=_("The objective of top management that this message serves."),
    )
    pulse = models.CharField(
        _("pulse questions"),
        max_length=16,
        choices=PulseKind.choices,
        default=PulseKind.UNDERSTAND,
        help_text=_("What the goal asks of the audience decides what the pulse asks them."),
    )
    target_share = models.PositiveSmallIntegerField(
        _("target: clear or very clear (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The goal is reached when at least this share finds the message clear."),
    )
    target_responses = models.PositiveSmallIntegerField(
        _("target: at least this many responses"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10000)],
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = PlanChildQuerySet.as_manager()

    class Meta:
        ordering = ["content", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.UniqueConstraint(fields=["plan", "id"], name="%(app_label)s_%(class)s_plan_id"),
            models.CheckConstraint(
                condition=Q(pulse__in=PulseKind.values),
                name="%(app_label)s_%(class)s_pulse_valid",
            ),
            models.CheckConstraint(
                condition=Q(target_share__isnull=True)
                | Q(target_share__gte=1, target_share__lte=100),
                name="%(app_label)s_%(class)s_target_share_range",
                violation_error_message=_("Give the target share as 1 to 100 %."),
            ),
        ]

    def __str__(self):
        return message_label(self.content)

    def get_absolute_url(self):
        return reverse("commplan:message_update", kwargs={"plan_pk": self.plan_id, "pk": self.pk})

    @property
    def pulse_questions(self):
        """The questions its pulse asks, from the question library."""
        return PulseKind(self.pulse).questions
