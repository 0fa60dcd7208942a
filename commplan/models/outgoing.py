"""Outgoing email, claimed in the database before it is sent: the reminder log, the sweep's
status and the welcome emails owed."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    DIGEST = "digest", _("Owner's digest")
    ESCALATION = "escalation", _("Escalation to managers")
    SUMMARY = "summary", _("Weekly executive summary")


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Nothing left to remind")
    SUPERSEDED = "superseded", _("Replaced by a later reminder")
    FAILED = "failed", _("Failed, not retried")


class OutgoingQuerySet(models.QuerySet):
    def sendable(self, now, lease, retry_now=False):
        """Emails a sweep may claim: pending ones whose back-off has run out (all pending
        ones with `retry_now`), and ones left 'sending' longer than `lease` by a worker that
        died."""
        pending = Q(status=ReminderStatus.PENDING)
        if not retry_now:
            pending &= Q(next_attempt_at__lte=now)
        stale = Q(status=ReminderStatus.SENDING, claimed_at__lt=now - lease)
        return self.filter(pending | stale)


class ReminderQuerySet(OutgoingQuerySet):
    def for_plan(self, plan):
        """Reminders that named at least one of `plan`'s rows, each with `row_count`: how many.

        The filter is a semi-join and the count a subquery on one reminder's items, which the
        database works out only for the reminders on the page: joining every item of a plan of
        thousands of rows, and counting per joined item, made its Reminders page time out."""
        items = ReminderItem.objects.filter(row__plan=plan)
        named = items.filter(reminder=OuterRef("pk")).order_by().values("reminder")
        return self.filter(pk__in=items.values("reminder")).annotate(
            row_count=Subquery(named.annotate(count=Count("pk")).values("count"))
        )


class Outgoing(models.Model):
    """An email owed to someone, claimed in the database before it is sent
    (commplan/reminders/claims.py)."""

    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ReminderStatus.choices,
        default=ReminderStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Reminder(Outgoing):
    """One email to one person about their due rows on one day; the claim that it is sent once.

    The unique (recipient, kind, due_on) constraint means a second sweep on the same day finds
    the reminder already there; a conditional update from pending to sending means only one
    worker sends it.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    due_on = models.DateField(_("for the day"))
    rows = models.ManyToManyField(
        "commplan.PlanRow",
        through="ReminderItem",
        related_name="reminders",
        verbose_name=_("activities"),
    )

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-due_on", "recipient_id", "kind"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="commplan_rem_send_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "due_on"],
                name="%(app_label)s_%(class)s_once_per_day",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReminderStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReminderStatus.SENT) | Q(sent_at__isnull=False),
                name="%(app_label)s_%(class)s_sent_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient} ({self.due_on:%Y-%m-%d})"


class ReminderItem(models.Model):
    """A row named in a reminder, with the review date it had: the 'once per row and due date'
    log."""

    reminder = models.ForeignKey(
        Reminder, on_delete=models.CASCADE, related_name="items", verbose_name=_("reminder")
    )
    row = models.ForeignKey(
        "commplan.PlanRow",
        on_delete=models.CASCADE,
        related_name="reminder_items",
        verbose_name=_("activity"),
    )
    due_date = models.DateField(_("review due"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("reminded activity")
        verbose_name_plural = _("reminded activities")
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "row"], name="%(app_label)s_%(class)s_once_per_reminder"
            ),
        ]

    def __str__(self):
        return f"{self.row_id} @ {self.due_date:%Y-%m-%d}"


class SweepStatus(models.Model):
    """When the reminder sweep last finished (one row): the health check and the Reminders page
    say when beat or the worker has stopped."""

    ROW = 1
    finished_at = models.DateTimeField(_("last sweep finished"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("reminder sweep status")
        verbose_name_plural = _("reminder sweep status")

    def __str__(self):
        return f"{self.finished_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def record(cls, finished_at):
        # One upsert: no extra round trips per sweep, and sweeps running at once cannot clash.
        cls.objects.bulk_create(
            [cls(pk=cls.ROW, finished_at=finished_at)],
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=["finished_at", "updated_at"],
        )

    @classmethod
    def last_finished(cls):
        """When the last sweep finished, or None if none has."""
        return cls.objects.filter(pk=cls.ROW).values_list("finished_at", flat=True).first()

    @classmethod
    def late_since(cls, now: datetime | None = None) -> tuple[bool, datetime | None]:
        """(late, finished_at): late when no sweep has finished for two beat intervals."""
        finished_at = cls.last_finished()
        limit = timedelta(minutes=2 * settings.REMINDER_SWEEP_MINUTES)
        late = finished_at is None or (now or timezone.now()) - finished_at > limit
        return late, finished_at


class WelcomeEmail(Outgoing):
    """The welcome email owed to a person added to a plan: queued at once as a fast path, and
    sent by the next reminder sweep when the queue was down or the send failed."""

    membership = models.OneToOneField(
        "commplan.Membership",
        on_delete=models.CASCADE,
        related_name="welcome_email",
        verbose_name=_("membership"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    new_account = models.BooleanField(_("new account"), default=False)
    language = models.CharField(_("language"), max_length=8, blank=True)

    objects = OutgoingQuerySet.as_manager()

    class Meta:
        verbose_name = _("welcome email")
        verbose_name_plural = _("welcome emails")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="commplan_welcome_send_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReminderStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReminderStatus.SENT) | Q(sent_at__isnull=False),
                name="%(app_label)s_%(class)s_sent_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.membership} ({self.get_status_display()})"
