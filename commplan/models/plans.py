"""Communication plans, their members and the members' roles."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..validators import one_line

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AbstractUser, AnonymousUser


class Role(models.TextChoices):
    """What a member may do in one plan."""

    MANAGER = "manager", _("Plan manager")
    OWNER = "owner", _("Communication owner")
    EXECUTIVE = "executive", _("Executive")

    @property
    def owns_rows(self) -> bool:
        """Whether members with this role may own activities (executives read only)."""
        return self in OWNING_ROLES


# The roles whose members can be an activity's owner: the one rule for every owner choice,
# the row's clean(), the review and the owner's own edits.
OWNING_ROLES = (Role.MANAGER, Role.OWNER)


class MeetingWeek(models.IntegerChoices):
    """Which week of the month the executive S&OP meeting is held in."""

    FIRST = 1, _("1st")
    SECOND = 2, _("2nd")
    THIRD = 3, _("3rd")
    FOURTH = 4, _("4th")
    LAST = 5, _("last")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")


class PlanQuerySet(models.QuerySet):
    def active(self) -> "PlanQuerySet":
        """Plans that are not archived: only these are reminded."""
        return self.filter(archived_at__isnull=True)

    def for_user(self, user: "AbstractBaseUser | AnonymousUser") -> "PlanQuerySet":
        """The plans `user` may see: those they are a member of (every plan for a superuser)."""
        if not user.is_authenticated:
            return self.none()
        if getattr(user, "is_superuser", False):
            return self.all()
        return self.filter(memberships__user=user)


class CommunicationPlan(models.Model):
    """One company's communication plan for its S&OP implementation (toolkit tool 22)."""

    name = models.CharField(_("name"), max_length=200, validators=[one_line])
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, validators=[one_line]
    )
    purpose = models.TextField(
        _("purpose"),
        max_length=4000,
        blank=True,
        help_text=_(
            "Make sure all relevant internal and external stakeholders are informed about the "
            "S&OP project, in line with the company's overall communication strategy."
        ),
    )
    message_and_timing = models.TextField(
        _("message and timing"),
        max_length=4000,
        blank=True,
        help_text=_(
            "Inform continuously about the most important milestones of the S&OP implementation, "
            "aligned with top management's objectives for each stakeholder group."
        ),
    )
    stakeholder_approach = models.TextField(
        _("stakeholders"),
        max_length=4000,
        blank=True,
        help_text=_(
            "Adapt messages to each stakeholder's importance and involvement in the S&OP process."
        ),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default="DKK",
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter code such as DKK."))],
    )
    sop_meeting_week = models.PositiveSmallIntegerField(
        _("executive S&OP meeting: week"),
        choices=MeetingWeek.choices,
        null=True,
        blank=True,
        help_text=_("The week of the month the executive S&OP meeting is held in."),
    )
    sop_meeting_weekday = models.PositiveSmallIntegerField(
        _("executive S&OP meeting: weekday"), choices=Weekday.choices, null=True, blank=True
    )
    escalation_days = models.PositiveSmallIntegerField(
        _("escalate after (days)"),
        default=7,
        validators=[MaxValueValidator(90)],
        help_text=_(
            "A review overdue by more than this many days is reported to the plan's managers."
        ),
    )
    archived_at = models.DateTimeField(
        _("archived"),
        null=True,
        blank=True,
        help_text=_("An archived plan is read-only and never reminded."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="communication_plans",
        verbose_name=_("members"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("communication plan")
        verbose_name_plural = _("communication plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(sop_meeting_week__isnull=True, sop_meeting_weekday__isnull=True)
                | Q(
                    sop_meeting_week__gte=1,
                    sop_meeting_week__lte=5,
                    sop_meeting_weekday__gte=0,
                    sop_meeting_weekday__lte=4,
                ),
                name="%(app_label)s_%(class)s_sop_meeting_complete",
                violation_error_message=_(
                    "Give both the week and the weekday of the executive S&OP meeting, or neither."
                ),
            ),
            models.CheckConstraint(
                condition=Q(escalation_days__lte=90),
                name="%(app_label)s_%(class)s_escalation_days_range",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="%(app_label)s_%(class)s_dates_in_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("commplan:plan_detail", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if (self.sop_meeting_week is None) != (self.sop_meeting_weekday is None):
            field = (
                "sop_meeting_weekday" if self.sop_meeting_weekday is None else "sop_meeting_week"
            )
            errors[field] = _(
                "Give both the week and the weekday of the executive S&OP meeting, or neither."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def has_sop_cycle(self):
        return self.sop_meeting_week is not None and self.sop_meeting_weekday is not None

    @property
    def is_archived(self):
        return self.archived_at is not None

    def role_for(self, user):
        """The role `user` has in this plan, or None; superusers manage every plan."""
        if not user.is_authenticated:
            return None
        if user.is_superuser:
            return Role.MANAGER
        membership = self.memberships.filter(user=user).only("role").first()
        return Role(membership.role) if membership else None


class Membership(models.Model):
    """A person's role in one plan."""

    plan = models.ForeignKey(
        CommunicationPlan,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("plan"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.OWNER)
    monthly_capacity_hours = models.DecimalField(
        _("monthly capacity (hours)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, _("The capacity cannot be negative."))],
        help_text=_("Hours a month this person may spend on the plan's communication"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["plan", "role", "user__username"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            # Also the target of the composite key that keeps a row's owner a member of its plan.
            models.UniqueConstraint(
                fields=["plan", "user"],
                name="%(app_label)s_%(class)s_unique_member",
                violation_error_message=_("This person is already a member of the plan."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="%(app_label)s_%(class)s_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(monthly_capacity_hours__isnull=True) | Q(monthly_capacity_hours__gte=0),
                name="%(app_label)s_%(class)s_capacity_not_negative",
                violation_error_message=_("The capacity cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{display_name(self.user)} ({self.get_role_display()})"


def display_name(user: "AbstractUser | None") -> str:
    """The name to show for a person: full name, else username."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
