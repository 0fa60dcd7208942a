"""When things happen, in which toolkit phase."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commplan.models.catalogue import PlanChildQuerySet
from commplan.validators import one_line


class Phase(models.IntegerChoices):
    """The five phases of the S&OP toolkit."""

    RECOGNITION = 1, _("Recognition")
    ANALYSIS = 2, _("Analysis & diagnosis")
    DEFINITION = 3, _("Defining the S&OP process")
    PILOT = 4, _("Pilot")
    OPERATION = 5, _("Operation")


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    REACHED = "reached", _("Reached")
    CANCELLED = "cancelled", _("Cancelled")


class Milestone(models.Model):
    """A point in the S&OP implementation that communication is tied to."""

    plan = models.ForeignKey(
        "commplan.CommunicationPlan",
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("plan"),
    )
    title = models.CharField(_("title"), max_length=200, validators=[one_line])
    phase = models.PositiveSmallIntegerField(_("phase"), choices=Phase.choices)
    planned_date = models.DateField(_("planned date"))
    actual_date = models.DateField(_("actual date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = PlanChildQuerySet.as_manager()

    class Meta:
        ordering = ["planned_date", "phase", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(phase__gte=1, phase__lte=5),
                name="%(app_label)s_%(class)s_phase_range",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=MilestoneStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.UniqueConstraint(fields=["plan", "id"], name="%(app_label)s_%(class)s_plan_id"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "milestones:milestone_update", kwargs={"plan_pk": self.plan_id, "pk": self.pk}
        )

    @property
    def slip_days(self):
        """Days the milestone is late: actual vs planned, or today vs planned while still open."""
        if self.actual_date:
            return (self.actual_date - self.planned_date).days
        if self.status in {MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS}:
            return max(0, (timezone.localdate() - self.planned_date).days)
        return 0
