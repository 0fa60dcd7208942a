"""A rate limit per API token (per person for the browser's session), from settings.API_RATE."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from ..models import ApiToken


class PerTokenRateThrottle(SimpleRateThrottle):
    """At most settings.API_RATE requests per token (e.g. "1200/hour"); a person's tokens each
    have their own allowance, so one runaway script does not stop their Power BI refresh."""

    scope = "api"

    def get_rate(self):
        # Read on every request, not once at import, so a test can lower it.
        return settings.API_RATE

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.digest[:32]}"  # never reused, unlike an id
        elif request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"address-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
