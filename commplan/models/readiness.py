"""Stakeholder readiness: where each group must stand by a milestone, and where it stands.

The ladder is change management's: unaware → resistant → neutral → supportive → leading. A
target says where a group must be by a milestone; a record says where a manager (or an owner at
a review) saw the group on a day, and why. Records are never edited: the newest is the group's
current position, and together they are its history (who, when, why).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Readiness(models.IntegerChoices):
    """A stakeholder group's position on the change-management ladder, lowest first."""

    UNAWARE = 1, _("Unaware")
    RESISTANT = 2, _("Resistant")
    NEUTRAL = 3, _("Neutral")
    SUPPORTIVE = 4, _("Supportive")
    LEADING = 5, _("Leading")


POSITION_RANGE = Q(position__gte=Readiness.UNAWARE, position__lte=Readiness.LEADING)


class ReadinessTarget(models.Model):
    """Where a stakeholder group must stand by a milestone of its plan: the desired position."""

    stakeholder = models.ForeignKey(
        "stakeholders.Stakeholder",
        on_delete=models.CASCADE,
        related_name="readiness_targets",
        verbose_name=_("stakeholder"),
    )
    milestone = models.ForeignKey(
        "milestones.Milestone",
        on_delete=models.CASCADE,
        related_name="readiness_targets",
        verbose_name=_("milestone"),
    )
    position = models.PositiveSmallIntegerField(_("desired position"), choices=Readiness.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["pk"]
        verbose_name = _("readiness target")
        verbose_name_plural = _("readiness targets")
        constraints = [
            models.UniqueConstraint(
                fields=["stakeholder", "milestone"],
                name="%(app_label)s_%(class)s_one_per_milestone",
            ),
            models.CheckConstraint(
                condition=POSITION_RANGE, name="%(app_label)s_%(class)s_position_valid"
            ),
        ]

    def __str__(self):
        return f"{self.stakeholder} · {self.milestone}: {self.get_position_display()}"

    def clean(self):
        if (
            self.stakeholder_id
            and self.milestone_id
            and self.stakeholder.plan_id != self.milestone.plan_id
        ):
            raise ValidationError(_("The milestone must belong to the stakeholder's plan."))


class ReadinessRecordQuerySet(models.QuerySet):
    def latest_per_stakeholder(self):
        """Each stakeholder's newest record only: its current position."""
        newest = (
            ReadinessRecord.objects.filter(stakeholder=OuterRef("stakeholder"))
            .order_by("-recorded_on", "-pk")
            .values("pk")[:1]
        )
        return self.filter(pk=Subquery(newest))


class ReadinessRecord(models.Model):
    """Where a stakeholder group stood on a day, who saw it so, and why."""

    stakeholder = models.ForeignKey(
        "stakeholders.Stakeholder",
        on_delete=models.CASCADE,
        related_name="readiness_records",
        verbose_name=_("stakeholder"),
    )
    position = models.PositiveSmallIntegerField(_("position now"), choices=Readiness.choices)
    recorded_on = models.DateField(_("recorded on"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="readiness_records",
        verbose_name=_("recorded by"),
    )
    reason = models.TextField(
        _("why"),
        blank=True,
        max_length=2000,
        help_text=_("What shows it: a meeting, replies, a decision, the pulse answers…"),
    )
    review = models.ForeignKey(
        "commplan.Review",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="readiness_records",
        verbose_name=_("recorded at the review"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ReadinessRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        verbose_name = _("readiness record")
        verbose_name_plural = _("readiness records")
        indexes = [
            models.Index(
                fields=["stakeholder", "-recorded_on", "-id"],
                name="commplan_readiness_newest",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=POSITION_RANGE, name="%(app_label)s_%(class)s_position_valid"
            ),
        ]

    def __str__(self):
        return f"{self.stakeholder}: {self.get_position_display()} ({self.recorded_on:%Y-%m-%d})"
