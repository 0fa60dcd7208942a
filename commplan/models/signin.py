"""Sign-in gates: how many passwords were checked for a username, and from where; and the
single sign-on identities linked to each person."""

from django.conf import settings
from django.db import models


class SignInGate(models.Model):
    """Passwords checked for one username in one scope: everywhere, one address or one device.

    The throttle locks the username's "everywhere" row while it decides, so concurrent guesses
    are counted one by one (commplan/accounts/throttle.py).
    """

    EVERYWHERE = "*"

    username = models.CharField(max_length=150)
    # "*", "ip:<address>" or "device:<token>".
    scope = models.CharField(max_length=80)
    attempts = models.PositiveIntegerField(default=0)
    next_allowed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["username", "scope"], name="%(app_label)s_%(class)s_one_per_scope"
            )
        ]

    def __str__(self):
        return f"{self.username} {self.scope}: {self.attempts}"


class SsoIdentity(models.Model):
    """A person's account at the single sign-on provider: its issuer and subject (`sub`).

    Linked at the first sign-in (a new person, or an existing one by verified email); every
    later sign-in finds the person by this pair, so a changed email address never moves the
    account to someone else.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identities"
    )
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="%(app_label)s_%(class)s_one_per_subject"
            )
        ]

    def __str__(self):
        return f"{self.issuer} {self.subject}"
