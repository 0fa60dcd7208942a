"""The monthly S&OP meetings of a plan and the decisions they take (issue 15)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..validators import one_line
from .plans import CommunicationPlan

MINUTES_FILE_LIMIT = 5 * 1024 * 1024  # bytes: minutes are a document, not an archive


class MeetingKind(models.TextChoices):
    """The meetings of the monthly S&OP cycle, in the order they are held."""

    DEMAND_REVIEW = "demand_review", _("Demand review")
    SUPPLY_REVIEW = "supply_review", _("Supply review")
    PRE_SOP = "pre_sop", _("Pre-S&OP meeting")
    EXECUTIVE = "executive", _("Executive S&OP meeting")

    @property
    def cycle_offset(self):
        """Working days from the month's executive S&OP meeting (the template's cycle)."""
        return CYCLE_OFFSETS[self]


CYCLE_OFFSETS = {
    MeetingKind.DEMAND_REVIEW: -8,
    MeetingKind.SUPPLY_REVIEW: -5,
    MeetingKind.PRE_SOP: -3,
    MeetingKind.EXECUTIVE: 0,
}


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class MeetingQuerySet(models.QuerySet):
    def for_user(self, user):
        """Meetings of the plans `user` may see."""
        return self.filter(plan__in=CommunicationPlan.objects.for_user(user))


class Meeting(models.Model):
    """One S&OP meeting of a plan: its kind, day, attendees and minutes."""

    plan = models.ForeignKey(
        CommunicationPlan, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("plan")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices)
    date = models.DateField(_("date"))
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="sop_meetings",
        blank=True,
        verbose_name=_("attendees"),
        help_text=_("Members of the plan who took part."),
    )
    minutes = models.TextField(_("minutes"), max_length=20000, blank=True)
    # The attached minutes are kept in the database, so backups and every server have them.
    minutes_file = models.BinaryField(_("minutes file"), null=True, blank=True, editable=False)
    minutes_file_name = models.CharField(_("minutes file"), max_length=200, blank=True)
    minutes_file_type = models.CharField(max_length=100, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(
        excluded_fields=["updated_at", "minutes_file"], m2m_fields=[attendees]
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("S&OP meeting")
        verbose_name_plural = _("S&OP meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MeetingKind.values), name="%(app_label)s_%(class)s_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["plan", "date"], name="commplan_meeting_plan_date_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("commplan:meeting_detail", kwargs={"plan_pk": self.plan_id, "pk": self.pk})

    @property
    def release_day(self):
        """The working day after the meeting: when the toolkit's cycle releases its decisions."""
        from ..cadence import add_working_days

        return add_working_days(self.date, 1)


class Decision(models.Model):
    """What an S&OP meeting decided, why, whom it affects, and when it may go out."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting")
    )
    title = models.CharField(
        _("what was decided"),
        max_length=200,
        validators=[one_line],
        help_text=_("In one line, as the people affected should hear it."),
    )
    rationale = models.TextField(
        _("why"), max_length=4000, blank=True, help_text=_("The reason behind the decision.")
    )
    affected = models.ManyToManyField(
        "stakeholders.Stakeholder",
        related_name="decisions",
        blank=True,
        verbose_name=_("affected stakeholder groups"),
    )
    urgency = models.CharField(
        _("urgency"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL
    )
    release_date = models.DateField(
        _("release on"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the working day after the meeting."),
    )
    confidential_until = models.DateField(
        _("confidential until"),
        null=True,
        blank=True,
        help_text=_("Nothing about the decision goes out before this date."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[affected])

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(urgency__in=Urgency.values),
                name="%(app_label)s_%(class)s_urgency_valid",
            ),
            models.CheckConstraint(
                condition=Q(release_date__isnull=True)
                | Q(confidential_until__isnull=True)
                | Q(release_date__gte=F("confidential_until")),
                name="%(app_label)s_%(class)s_not_released_while_confidential",
                violation_error_message=_(
                    "The release date cannot be before the end of the confidentiality."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "commplan:decision_detail",
            kwargs={"plan_pk": self.meeting.plan_id, "pk": self.pk},
        )

    def clean(self):
        if (
            self.release_date
            and self.confidential_until
            and self.release_date < self.confidential_until
        ):
            raise ValidationError(
                {
                    "release_date": _(
                        "The release date cannot be before the end of the confidentiality."
                    )
                }
            )

    @property
    def release_day(self):
        """When the decision goes out: its own date, else the working day after the meeting;
        never before the end of its confidentiality."""
        day = self.release_date or self.meeting.release_day
        if self.confidential_until and day < self.confidential_until:
            from ..cadence import on_working_day

            day = on_working_day(self.confidential_until)
        return day
