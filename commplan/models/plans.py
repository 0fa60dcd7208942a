"""Communication plans, their members, channels, messages and rows (the planned activities)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .followup import Review


class Role(models.TextChoices):
    """What a member may do in one plan."""

    MANAGER = "manager", _("Plan manager")
    OWNER = "owner", _("Communication owner")
    EXECUTIVE = "executive", _("Executive")


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
    def active(self):
        """Plans that are not archived: only these are reminded."""
        return self.filter(archived_at__isnull=True)

    def for_user(self, user):
        """The plans `user` may see: those they are a member of (every plan for a superuser)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(memberships__user=user)


class CommunicationPlan(models.Model):
    """One company's communication plan for its S&OP implementation (toolkit tool 22)."""

    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    purpose = models.TextField(
        _("purpose"),
        blank=True,
        help_text=_(
            "Make sure all relevant internal and external stakeholders are informed about the "
            "S&OP project, in line with the company's overall communication strategy."
        ),
    )
    message_and_timing = models.TextField(
        _("message and timing"),
        blank=True,
        help_text=_(
            "Inform continuously about the most important milestones of the S&OP implementation, "
            "aligned with top management's objectives for each stakeholder group."
        ),
    )
    stakeholder_approach = models.TextField(
        _("stakeholders"),
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

    def get_absolute_url(self):
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


def display_name(user):
    """The name to show for a person: full name, else username."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


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
        help_text=_("What do we want to communicate about?"),
    )
    goal = models.TextField(
        _("goal"),
        blank=True,
        help_text=_("What do we want to achieve?"),
    )
    objective = models.CharField(
        _("top-management objective"),
        max_length=300,
        blank=True,
        help_text=_("The objective of top management that this message serves."),
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
        ]

    def __str__(self):
        return Truncator(self.content).chars(80)

    def get_absolute_url(self):
        return reverse("commplan:message_update", kwargs={"plan_pk": self.plan_id, "pk": self.pk})


class Cadence(models.TextChoices):
    ONCE = "once", _("Once")
    WEEKLY = "weekly", _("Weekly")
    EVERY_N_WEEKS = "every_n_weeks", _("Every N weeks")
    MONTHLY = "monthly", _("Monthly")
    SOP_CYCLE = "sop_cycle", _("Monthly, around the executive S&OP meeting")


CYCLE_OFFSET_LIMIT = 15  # working days before or after the executive S&OP meeting


class RowStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (RowStatus.PLANNED, RowStatus.ACTIVE)


class PlanRowQuerySet(models.QuerySet):
    def for_user(self, user):
        """Rows in the plans `user` may see."""
        return self.filter(plan__in=CommunicationPlan.objects.for_user(user))

    def for_table(self):
        """Everything the plan table shows, in one query, with the actuals of the reviews."""
        return self.select_related(
            "stakeholder", "message", "channel", "owner", "milestone"
        ).with_actuals()

    def with_actuals(self):
        """Each row with `actual_hours` and `actual_cost`: the sums over its reviews (None when
        no review recorded them).

        Subqueries, not a join, so a row with many reviews is still one row.
        """
        reviews = Review.objects.filter(row=OuterRef("pk")).order_by().values("row")
        return self.annotate(
            actual_hours=Subquery(reviews.annotate(total=Sum("actual_hours")).values("total")),
            actual_cost=Subquery(reviews.annotate(total=Sum("actual_cost")).values("total")),
        )

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def remindable(self):
        """Open rows in plans that are not archived: the only rows reminders speak of."""
        return self.open().filter(plan__archived_at__isnull=True)

    def due_for_review(self, on):
        """Open rows whose next review is on or before `on`."""
        return self.open().filter(next_review_date__lte=on)

    def overdue(self, on):
        """Open rows whose next review date has passed before `on`."""
        return self.open().filter(next_review_date__lt=on)

    def totals(self):
        """How many rows, their planned hours and cost, and the actual hours and cost their
        reviews recorded (0 when there are none), in two queries."""
        rows = self.order_by()
        result = rows.aggregate(
            count=Count("pk"), hours=Sum("planned_hours"), cost=Sum("planned_cost")
        )
        result |= Review.objects.filter(row__in=rows.values("pk")).aggregate(
            actual_hours=Sum("actual_hours"), actual_cost=Sum("actual_cost")
        )
        return {key: value or 0 for key, value in result.items()}


class PlanRow(models.Model):
    """One planned communication: to whom, what, through which channel, by whom, at what cost."""

    plan = models.ForeignKey(
        CommunicationPlan, on_delete=models.CASCADE, related_name="rows", verbose_name=_("plan")
    )
    stakeholder = models.ForeignKey(
        "stakeholders.Stakeholder",
        on_delete=models.PROTECT,
        related_name="rows",
        verbose_name=_("stakeholders (target group)"),
        help_text=_("Whom do we want to communicate with?"),
    )
    message = models.ForeignKey(
        Message,
        on_delete=models.PROTECT,
        related_name="rows",
        verbose_name=_("message content and goal"),
        help_text=_("What do we want to communicate about, and what do we want to achieve?"),
    )
    channel = models.ForeignKey(
        Channel,
        on_delete=models.PROTECT,
        related_name="rows",
        null=True,
        blank=True,
        verbose_name=_("channel"),
        help_text=_("Through which medium do we reach the stakeholders?"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="owned_rows",
        null=True,
        blank=True,
        verbose_name=_("owner"),
        help_text=_("Responsible for the communication and for reaching the goal."),
    )
    assurance = models.TextField(
        _("how it is ensured"),
        blank=True,
        help_text=_(
            "How do we make sure the communication happens as planned, with the desired result?"
        ),
    )
    milestone = models.ForeignKey(
        "milestones.Milestone",
        on_delete=models.PROTECT,
        related_name="rows",
        null=True,
        blank=True,
        verbose_name=_("milestone"),
    )
    planned_hours = models.DecimalField(
        _("planned hours"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, _("Planned hours cannot be negative."))],
        help_text=_(
            "How do we make sure the necessary resources are set aside and used cost-effectively?"
        ),
    )
    planned_cost = models.DecimalField(
        _("planned cost"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, _("Planned cost cannot be negative."))],
    )
    scheduled_date = models.DateField(_("scheduled date"), null=True, blank=True)
    cadence = models.CharField(
        _("review cadence"), max_length=16, choices=Cadence.choices, default=Cadence.ONCE
    )
    cadence_weeks = models.PositiveSmallIntegerField(
        _("every N weeks"),
        null=True,
        blank=True,
        help_text=_("Only for the cadence 'Every N weeks': 2 to 52."),
    )
    cycle_offset = models.SmallIntegerField(
        _("working days from the S&OP meeting"),
        null=True,
        blank=True,
        help_text=_(
            "Only for the S&OP cycle: e.g. 1 for the working day after the executive S&OP "
            "meeting, -2 for two working days before it."
        ),
    )
    next_review_date = models.DateField(_("next review"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RowStatus.choices, default=RowStatus.PLANNED
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = PlanRowQuerySet.as_manager()

    class Meta:
        ordering = [
            F("milestone__planned_date").asc(nulls_last=True),
            F("scheduled_date").asc(nulls_last=True),
            "pk",
        ]
        verbose_name = _("communication activity")
        verbose_name_plural = _("communication activities")
        indexes = [
            models.Index(fields=["status", "next_review_date"], name="commplan_row_due_idx"),
            # Every column the dashboard groups and sums (figures per milestone, channel and
            # owner; coverage per stakeholder), so that it reads a plan's rows from this index
            # alone, in milestone order, instead of looking up each row in the table.
            models.Index(
                fields=[
                    "plan",
                    "milestone",
                    "status",
                    "channel",
                    "owner",
                    "stakeholder",
                    "planned_hours",
                    "planned_cost",
                    "scheduled_date",
                    "next_review_date",
                ],
                name="commplan_row_figures_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_hours__isnull=True) | Q(planned_hours__gte=0),
                name="%(app_label)s_%(class)s_hours_not_negative",
                violation_error_message=_("Planned hours cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(planned_cost__isnull=True) | Q(planned_cost__gte=0),
                name="%(app_label)s_%(class)s_cost_not_negative",
                violation_error_message=_("Planned cost cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(scheduled_date__isnull=True)
                | Q(next_review_date__isnull=True)
                | Q(next_review_date__gte=F("scheduled_date")),
                name="%(app_label)s_%(class)s_review_after_scheduled",
                violation_error_message=_("The next review cannot be before the scheduled date."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        cadence=Cadence.EVERY_N_WEEKS,
                        cadence_weeks__isnull=False,
                        cadence_weeks__gte=2,
                        cadence_weeks__lte=52,
                    )
                    | (~Q(cadence=Cadence.EVERY_N_WEEKS) & Q(cadence_weeks__isnull=True))
                ),
                name="%(app_label)s_%(class)s_cadence_weeks",
                violation_error_message=_(
                    "Give the number of weeks (2 to 52) only for the cadence 'Every N weeks'."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        cadence=Cadence.SOP_CYCLE,
                        cycle_offset__isnull=False,
                        cycle_offset__gte=-CYCLE_OFFSET_LIMIT,
                        cycle_offset__lte=CYCLE_OFFSET_LIMIT,
                    )
                    | (~Q(cadence=Cadence.SOP_CYCLE) & Q(cycle_offset__isnull=True))
                ),
                name="%(app_label)s_%(class)s_cycle_offset",
                violation_error_message=_(
                    "Give the working days from the S&OP meeting (-15 to 15) only for the S&OP "
                    "cycle cadence."
                ),
            ),
            models.CheckConstraint(
                condition=Q(cadence__in=Cadence.values),
                name="%(app_label)s_%(class)s_cadence_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RowStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.stakeholder} – {self.message}"

    def get_absolute_url(self):
        return reverse("commplan:row_detail", kwargs={"plan_pk": self.plan_id, "pk": self.pk})

    def clean(self):
        errors = {}
        for field in ("stakeholder", "message", "channel", "milestone"):
            related = getattr(self, field, None) if getattr(self, f"{field}_id") else None
            if related is not None and related.plan_id != self.plan_id:
                errors[field] = _("Choose one that belongs to this plan.")
        if (
            self.owner_id
            and not Membership.objects.filter(plan_id=self.plan_id, user_id=self.owner_id).exists()
        ):
            errors["owner"] = _("The owner must be a member of the plan.")
        if self.cadence == Cadence.EVERY_N_WEEKS and not self.cadence_weeks:
            errors["cadence_weeks"] = _("Say how many weeks between reviews (2 to 52).")
        elif self.cadence == Cadence.EVERY_N_WEEKS and not 2 <= self.cadence_weeks <= 52:
            errors["cadence_weeks"] = _("Choose between 2 and 52 weeks.")
        elif self.cadence != Cadence.EVERY_N_WEEKS and self.cadence_weeks:
            errors["cadence_weeks"] = _("Leave this empty unless the cadence is 'Every N weeks'.")
        if self.cadence == Cadence.SOP_CYCLE:
            if self.cycle_offset is None:
                errors["cycle_offset"] = _(
                    "Say how many working days after (or, negative, before) the meeting."
                )
            elif abs(self.cycle_offset) > CYCLE_OFFSET_LIMIT:
                errors["cycle_offset"] = _("Choose between -15 and 15 working days.")
            plan = self.plan if self.plan_id else None
            if plan is not None and not plan.has_sop_cycle:
                errors["cadence"] = _(
                    "Set when the plan's executive S&OP meeting is held (in the plan header) "
                    "before rows can follow it."
                )
        elif self.cycle_offset is not None:
            errors["cycle_offset"] = _("Leave this empty unless the row follows the S&OP cycle.")
        if (
            self.scheduled_date
            and self.next_review_date
            and self.next_review_date < self.scheduled_date
        ):
            errors["next_review_date"] = _("The next review cannot be before the scheduled date.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self):
        return bool(
            self.is_open and self.next_review_date and self.next_review_date < timezone.localdate()
        )

    @property
    def is_due_today(self):
        return bool(
            self.is_open and self.next_review_date and self.next_review_date == timezone.localdate()
        )
