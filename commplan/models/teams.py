"""Microsoft Teams: a plan's or a person's incoming-webhook address (kept encrypted), and the
Adaptive Cards owed to it, claimed in the database before they are posted like the emails
(commplan/teams/posting.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .outgoing import Outgoing, OutgoingQuerySet, ReminderKind, ReminderStatus


class TeamsWebhook(models.Model):
    """Where a plan's channel or one person gets their cards in Teams; the address is a secret,
    stored encrypted (commplan/teams/crypto.py) and shown back only as `hint`."""

    plan = models.OneToOneField(
        "commplan.CommunicationPlan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="teams_webhook",
        verbose_name=_("plan"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="teams_webhook",
        verbose_name=_("person"),
    )
    url_encrypted = models.TextField(editable=False)
    hint = models.CharField(_("address"), max_length=300, editable=False)
    language = models.CharField(
        _("language of the cards"), max_length=8, choices=settings.LANGUAGES, blank=True
    )
    broken_at = models.DateTimeField(_("refused since"), null=True, blank=True)
    broken_reason = models.CharField(_("refusal"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("Teams webhook")
        verbose_name_plural = _("Teams webhooks")
        constraints = [
            models.CheckConstraint(
                condition=Q(plan__isnull=False, user__isnull=True)
                | Q(plan__isnull=True, user__isnull=False),
                name="%(app_label)s_%(class)s_plan_or_person",
            ),
        ]

    def __str__(self):
        return f"{self.plan or self.user}: {self.hint}"

    @property
    def broken(self):
        return self.broken_at is not None

    def card_language(self):
        """A person's cards follow their language; a plan's channel the language chosen for
        it, else the site's."""
        if self.user_id is not None:
            profile = getattr(self.user, "profile", None)
            return (profile and profile.language) or settings.LANGUAGE_CODE
        return self.language or settings.LANGUAGE_CODE

    def mark_working(self):
        """Teams took a card again (the test button): the address is used again."""
        TeamsWebhook.objects.filter(pk=self.pk).update(
            broken_at=None, broken_reason="", updated_at=timezone.now()
        )
        self.broken_at, self.broken_reason = None, ""

    def mark_broken(self, reason):
        """Record that Teams refused the address; True for the one caller that found it
        working (that caller tells the managers), False when it was already marked."""
        now = timezone.now()
        marked = TeamsWebhook.objects.filter(pk=self.pk, broken_at__isnull=True).update(
            broken_at=now, broken_reason=reason[:200], updated_at=now
        )
        self.broken_at, self.broken_reason = now, reason[:200]
        return bool(marked)


class TeamsPost(Outgoing):
    """One Adaptive Card owed to one webhook: a digest, an escalation or the weekly summary
    for one day. Unique per webhook, kind and day, so two sweeps at once create one."""

    webhook = models.ForeignKey(
        TeamsWebhook, on_delete=models.CASCADE, related_name="posts", verbose_name=_("webhook")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    due_on = models.DateField(_("for the day"))

    objects = OutgoingQuerySet.as_manager()

    class Meta:
        ordering = ["-due_on", "webhook_id", "kind"]
        verbose_name = _("Teams card")
        verbose_name_plural = _("Teams cards")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="commplan_teams_send_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["webhook", "kind", "due_on"],
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
        return f"{self.get_kind_display()} → {self.webhook_id} ({self.due_on:%Y-%m-%d})"
