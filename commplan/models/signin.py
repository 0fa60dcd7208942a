"""Sign-in gates: how many passwords were checked for a username, and from where."""

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
