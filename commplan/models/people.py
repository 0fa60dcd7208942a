"""A person's own settings: reminder frequency, language and calendar key."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReminderFrequency(models.TextChoices):
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest (Mondays)")
    OFF = "off", _("Off")


class Profile(models.Model):
    """A person's own settings: how often to be reminded, and in which language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("person"),
    )
    reminder_frequency = models.CharField(
        _("reminder emails"),
        max_length=16,
        choices=ReminderFrequency.choices,
        default=ReminderFrequency.DAILY,
        help_text=_(
            "Emails about your activities that are due for review. Overdue activities are still "
            "reported to the plan's managers."
        ),
    )
    weekly_summary = models.BooleanField(
        _("weekly summary for executives"),
        default=False,
        help_text=_(
            "Monday morning: each of your plans' health in a few lines, with a link to its "
            "dashboard. For executives and plan managers."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("For emails and pages. Empty: the site's default language."),
    )
    calendar_token = models.CharField(
        _("calendar feed key"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("The secret part of your calendar feed's address. Empty: no feed."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(reminder_frequency__in=ReminderFrequency.values),
                name="%(app_label)s_%(class)s_frequency_valid",
            ),
        ]

    def __str__(self):
        return str(self.user)

    @classmethod
    def for_user(cls, user):
        profile, _created = cls.objects.get_or_create(user=user)
        return profile

    @property
    def email_language(self):
        return self.language or settings.LANGUAGE_CODE
