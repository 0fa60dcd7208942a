"""Personal API tokens: a person's key to the REST API (commplan/api/), stored as a hash only."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..validators import one_line

# Tells a leaked token apart in logs and secret scanners.
TOKEN_PREFIX = "cpt_"  # noqa: S105 - a prefix, not a secret
SHOWN_CHARS = 8  # of the token after the prefix, kept to tell a person's tokens apart


def token_digest(token):
    """The SHA-256 of `token`: a token is 256 random bits, so a fast hash is enough."""
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Tokens that have not expired, of people who are still active."""
        now = now or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now), user__is_active=True)


class ApiToken(models.Model):
    """A personal API token; the token itself is shown once and only its hash is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("person"),
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        validators=[one_line],
        help_text=_("What the token is for, e.g. “Power BI report”."),
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    shown = models.CharField(_("starts with"), max_length=20, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.shown}…)"

    @classmethod
    def issue(cls, user, name, expires_at=None):
        """A new token for `user`: (the saved ApiToken, the token itself, to show once)."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        record = cls.objects.create(
            user=user,
            name=name,
            digest=token_digest(token),
            shown=token[: len(TOKEN_PREFIX) + SHOWN_CHARS],
            expires_at=expires_at,
        )
        return record, token

    @property
    def is_expired(self):
        return self.expires_at is not None and self.expires_at <= timezone.now()
