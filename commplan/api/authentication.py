"""`Authorization: Bearer <token>` with a personal API token (commplan.models.ApiToken)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from ..models import ApiToken
from ..models.api import token_digest

KEYWORDS = ("bearer", "token")
# `last_used_at` is written at most this often per token: one UPDATE per request would be a
# write on every read Power BI makes.
USE_RECORDED_EVERY = timedelta(minutes=5)


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    """Who a request is from, by its personal API token; `request.auth` is the ApiToken."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Give the token after “Bearer”, with one space and nothing else.")
            )
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This API token is not valid.")) from None
        record = (
            ApiToken.objects.usable()
            .select_related("user")
            .filter(digest=token_digest(token))
            .first()
        )
        if record is None:
            raise exceptions.AuthenticationFailed(
                _("This API token is not valid: it was revoked, has expired, or was mistyped.")
            )
        now = timezone.now()
        if record.last_used_at is None or now - record.last_used_at > USE_RECORDED_EVERY:
            ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
        return record.user, record

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the token."""

    target_class = PersonalTokenAuthentication
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer"}
