"""A plan's rows (the planned activities), their queryset, and their cadence and status choices."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .catalogue import Channel, Message
from .followup import Review
from .plans import CommunicationPlan, Membership, Role


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

    def for_table(self) -> "PlanRowQuerySet":
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

    def open(self) -> "PlanRowQuerySet":
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
        max_length=2000,
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
    notes = models.TextField(_("notes"), max_length=10000, blank=True)
    decision = models.ForeignKey(
        "commplan.Decision",
        on_delete=models.SET_NULL,
        related_name="rows",
        null=True,
        blank=True,
        verbose_name=_("decision"),
        help_text=_("The S&OP decision this activity communicates."),
    )
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
            # The same rows in the other orders the dashboard reads them in: per stakeholder and
            # status (the map's counts), per channel and owner (the budget), and the open rows by
            # date (the map's coming days and the overdue reviews: ranges, not every row's dates
            # tested). Read in the grouping's order, a database streams the groups instead of
            # sorting ten thousand rows first (SQLite sorts in the web process itself).
            models.Index(
                fields=["plan", "stakeholder", "status"], name="commplan_row_coverage_idx"
            ),
            models.Index(
                fields=[
                    "plan",
                    "channel",
                    "owner",
                    "status",
                    "planned_hours",
                    "planned_cost",
                ],
                name="commplan_row_budget_idx",
            ),
            # Each holds every column the coming days' query reads, so a range of it is the
            # whole answer (a planner prefers reading a covering index end to end to looking
            # rows up).
            models.Index(
                fields=["plan", "status", "scheduled_date", "next_review_date", "stakeholder"],
                name="commplan_row_scheduled_idx",
            ),
            models.Index(
                fields=[
                    "plan",
                    "status",
                    "next_review_date",
                    "scheduled_date",
                    "stakeholder",
                    "owner",  # and the overdue reviews per owner: those due before today
                ],
                name="commplan_row_review_day_idx",
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

    def get_absolute_url(self) -> str:
        return reverse("commplan:row_detail", kwargs={"plan_pk": self.plan_id, "pk": self.pk})

    def clean(self):
        errors = {}
        for field in ("stakeholder", "message", "channel", "milestone"):
            related = getattr(self, field, None) if getattr(self, f"{field}_id") else None
            if related is not None and related.plan_id != self.plan_id:
                errors[field] = _("Choose one that belongs to this plan.")
        if self.decision_id and self.decision.meeting.plan_id != self.plan_id:
            errors["decision"] = _("Choose one that belongs to this plan.")
        if self.owner_id:
            role = (
                Membership.objects.filter(plan_id=self.plan_id, user_id=self.owner_id)
                .values_list("role", flat=True)
                .first()
            )
            if role is None:
                errors["owner"] = _("The owner must be a member of the plan.")
            elif not Role(role).owns_rows:
                errors["owner"] = _(
                    "Executives read the plan and cannot own activities. Choose a plan manager "
                    "or a communication owner, or change this person's role first."
                )
        if self.cadence == Cadence.EVERY_N_WEEKS and not self.cadence_weeks:
            errors["cadence_weeks"] = _("Say how many weeks between reviews (2 to 52).")
        elif self.cadence == Cadence.EVERY_N_WEEKS and not 2 <= self.cadence_weeks <= 52:
            errors["cadence_weeks"] = _("Choose between 2 and 52 weeks.")
        elif self.cadence != Cadence.EVERY_N_WEEKS and self.cadence_weeks is not None:
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

    def clean_fields(self, exclude=None):
        """As Django's, minus its query per link whose object is already loaded (a form's choice,
        fetched from the plan's own list in this request): that object exists (issue 16)."""
        exclude = set(exclude or ())
        for field in self._meta.concrete_fields:
            if field.is_relation and field.is_cached(self) and field.get_cached_value(self):
                exclude.add(field.name)
        super().clean_fields(exclude)

    def get_constraints(self):
        """The constraints full_clean() validates: not the check constraints, whose rules
        clean() and the fields' validators check in Python, in words that say what to do.
        Django would ask the database once per check constraint on every save of a form
        (issue 16); the database still enforces them."""
        return [
            (model, [c for c in constraints if not isinstance(c, models.CheckConstraint)])
            for model, constraints in super().get_constraints()
        ]

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
