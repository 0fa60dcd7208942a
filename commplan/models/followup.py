"""Follow-up: the reviews of rows."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Happened(models.TextChoices):
    DONE = "done", _("Done")
    PARTLY = "partly", _("Partly")
    NOT_DONE = "not_done", _("Not done")


class Goal(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class ReviewQuerySet(models.QuerySet):
    def for_user(self, user):
        from .plans import CommunicationPlan

        return self.filter(row__plan__in=CommunicationPlan.objects.for_user(user))


class Review(models.Model):
    """One follow-up of a row: did it happen, was the goal reached, what did it cost."""

    row = models.ForeignKey(
        "commplan.PlanRow",
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("activity"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name=_("reviewed by"),
    )
    reviewed_on = models.DateField(_("reviewed on"), default=timezone.localdate)
    due_date = models.DateField(
        _("was due"),
        null=True,
        blank=True,
        help_text=_("The review date the row had when this review was recorded."),
    )
    happened = models.CharField(
        _("did the communication happen?"), max_length=16, choices=Happened.choices
    )
    goal_reached = models.CharField(_("was the goal reached?"), max_length=16, choices=Goal.choices)
    evidence = models.TextField(
        _("how it was verified"),
        blank=True,
        help_text=_("Evidence: attendance, replies, a decision taken…"),
    )
    actual_hours = models.DecimalField(
        _("actual hours"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, _("Actual hours cannot be negative."))],
    )
    actual_cost = models.DecimalField(
        _("actual cost"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, _("Actual cost cannot be negative."))],
    )
    notes = models.TextField(_("notes"), blank=True)
    adjustment = models.TextField(
        _("what to adjust"),
        blank=True,
        help_text=_("What should change in the plan after this follow-up?"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        indexes = [
            # The reviews of the last days and their rows (the stakeholder map's "reviewed
            # lately"): a range of days, not every review of the plan's rows looked up.
            models.Index(fields=["reviewed_on", "row"], name="commplan_review_day_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(actual_hours__isnull=True) | Q(actual_hours__gte=0),
                name="%(app_label)s_%(class)s_hours_not_negative",
                violation_error_message=_("Actual hours cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(actual_cost__isnull=True) | Q(actual_cost__gte=0),
                name="%(app_label)s_%(class)s_cost_not_negative",
                violation_error_message=_("Actual cost cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(happened__in=Happened.values),
                name="%(app_label)s_%(class)s_happened_valid",
            ),
            models.CheckConstraint(
                condition=Q(goal_reached__in=Goal.values),
                name="%(app_label)s_%(class)s_goal_valid",
            ),
        ]

    def __str__(self):
        return f"{self.row} ({self.reviewed_on:%Y-%m-%d})"

    def get_absolute_url(self):
        return self.row.get_absolute_url() + f"#review-{self.pk}"

    @property
    def on_time(self):
        """Recorded on or before the date it was due (True when it had no due date)."""
        return self.due_date is None or self.reviewed_on <= self.due_date

    @property
    def days_late(self):
        """How many days after its due date the review was recorded (0 when on time)."""
        return 0 if self.on_time else (self.reviewed_on - self.due_date).days
