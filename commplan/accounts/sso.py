"""Single sign-on with OpenID Connect: mozilla-django-oidc's code flow (PKCE, state, nonce)
with the provider read from its discovery document, stricter ID token checks, and who a
sign-in may become.

- The ID token must be signed by a key in the provider's JWKS with the expected algorithm, be
  issued by the configured issuer for our client id (`aud`, and `azp` when there are several
  audiences), and be within its lifetime (one minute of clock skew).
- A sign-in is the person already linked to the provider's (issuer, subject); otherwise the one
  account with the same email, when the provider vouches for that email (`email_verified`, or
  a domain in OIDC_TRUSTED_EMAIL_DOMAINS); otherwise a new person. Never by an unverified
  email, and never a deactivated person.
"""

import logging
import re
from dataclasses import dataclass
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from ..models import SsoIdentity

logger = logging.getLogger(__name__)

BACKEND = "commplan.accounts.sso.SsoBackend"
DISCOVERY_SECONDS = 60 * 60
CLOCK_SKEW_SECONDS = 60
ID_TOKEN = "oidc_id_token"  # noqa: S105 - a session key: where mozilla-django-oidc keeps the ID token in the session


def enabled():
    """Whether single sign-on is configured (OIDC_ISSUER set)."""
    return bool(settings.OIDC_ISSUER)


def display_name():
    """The provider's name on the sign-in button: "Sign in with <name>"."""
    return settings.OIDC_DISPLAY_NAME or _("your company account")


def callback_url():
    """The redirect URI registered at the provider, built from SITE_URL (not the Host header)."""
    return settings.SITE_URL + reverse("sso_callback")


@dataclass(frozen=True)
class Reason:
    """Why a single sign-on was refused: what the person reads, and the page's status."""

    message: object
    status: int = 400


class Refused(Exception):
    """A sign-in refused for a reason the person is told."""

    def __init__(self, reason):
        super().__init__(str(reason.message))
        self.reason = reason


# What each refusal says; %(name)s is the provider's name.
STALE = Reason(
    _(
        "This sign-in answer does not belong to a sign-in started in this browser, or it was "
        "already used. Start again from the sign-in page."
    )
)
CODE_REFUSED = Reason(
    _(
        "%(name)s did not accept the sign-in code: it was already used or has expired. "
        "Start again from the sign-in page."
    )
)
EXPIRED = Reason(
    _(
        "The sign-in answer from %(name)s has expired. Start again; if it keeps happening, the "
        "clock of this server or of the provider is wrong."
    )
)
WRONG_AUDIENCE = Reason(
    _(
        "The sign-in answer from %(name)s was meant for another application, so it does not "
        "sign you in here."
    )
)
UNTRUSTED = Reason(
    _(
        "The sign-in answer could not be trusted: its signature or issuer does not match "
        "%(name)s, or it does not belong to this sign-in. You were not signed in."
    )
)
PROVIDER_SAID_NO = Reason(
    _("%(name)s did not sign you in. Try again, or ask your IT department for access."), 403
)
NO_EMAIL = Reason(
    _(
        "%(name)s did not tell us your email address, which the planner needs. Ask your IT "
        "department to release the email claim to this application."
    ),
    403,
)
UNVERIFIED_EMAIL = Reason(
    _(
        "%(name)s did not confirm that your email address is verified, so it cannot sign you "
        "in to an account here. Ask your IT department, or sign in with your password."
    ),
    403,
)
AMBIGUOUS = Reason(
    _(
        "More than one account here has your email address, so we cannot tell which is yours. "
        "Ask the administrator to give each account its own address."
    ),
    403,
)
DEACTIVATED = Reason(
    _("Your account here is deactivated. Ask the administrator if you need it again."), 403
)
UNREACHABLE = Reason(_("%(name)s cannot be reached just now. Try again in a few minutes."), 502)


def discovery():
    """The provider's discovery document (cached for an hour); Refused when unreachable or
    when it names another issuer."""
    key = f"sso-discovery:{settings.OIDC_ISSUER}"
    document = cache.get(key)
    if document is None:
        url = settings.OIDC_ISSUER + "/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as exc:
            logger.warning("SSO discovery document unavailable: %s", exc)
            raise Refused(UNREACHABLE) from None
        if not isinstance(document, dict) or str(document.get("issuer", "")).rstrip(
            "/"
        ) != settings.OIDC_ISSUER.rstrip("/"):
            logger.warning("SSO discovery document names another issuer than OIDC_ISSUER")
            raise Refused(UNTRUSTED)
        cache.set(key, document, DISCOVERY_SECONDS)
    return document


def end_session_url(id_token):
    """The provider's sign-out address for this ID token, or None when it has none."""
    try:
        endpoint = discovery().get("end_session_endpoint")
    except Refused:
        return None
    if not endpoint:
        return None
    query = {
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": settings.SITE_URL + reverse("login"),
    }
    if id_token:
        query["id_token_hint"] = id_token
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(query)}"


def email_verified(claims):
    """Whether the provider vouches for the email claim."""
    email = claims.get("email") or ""
    # Entra ID's optional claim xms_edov: the email's domain is verified by the tenant's owner.
    for claim in ("email_verified", "xms_edov"):
        if claims.get(claim) is True or claims.get(claim) in ("true", "1", 1):
            return True
    domain = email.rpartition("@")[2].lower()
    return bool(domain) and domain in settings.OIDC_TRUSTED_EMAIL_DOMAINS


class SsoBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with the provider from discovery, the ID token checked in
    full, and people found by (issuer, subject) or verified email. Acts only when called from
    our callback (with a nonce), so a password sign-in never reaches the provider."""

    def __init__(self, *args, **kwargs):
        # Django makes a backend for every sign-in, password ones too: read nothing here.
        self.UserModel = get_user_model()
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self):
        return discovery()["token_endpoint"]

    @property
    def OIDC_OP_JWKS_ENDPOINT(self):
        return discovery()["jwks_uri"]

    @property
    def OIDC_OP_USER_ENDPOINT(self):
        return discovery().get("userinfo_endpoint")

    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs or not enabled():
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (requests.RequestException, ValueError) as exc:  # ValueError: not JSON
            logger.warning("SSO provider unavailable: %s", exc)
            raise Refused(UNREACHABLE) from None

    def get_token(self, payload):
        payload["redirect_uri"] = callback_url()
        try:
            return super().get_token(payload)
        except requests.HTTPError as exc:
            # 400 invalid_grant: a code used twice, expired, or not matching our PKCE verifier.
            status = exc.response.status_code if exc.response is not None else 0
            logger.warning("SSO token request refused (%s)", status)
            raise Refused(CODE_REFUSED if 400 <= status < 500 else UNREACHABLE) from None

    def _verify_jws(self, payload, key):
        try:
            header = jwt.get_unverified_header(payload)
        except jwt.InvalidTokenError:
            raise Refused(UNTRUSTED) from None
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise Refused(UNTRUSTED)
        try:
            claims = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=discovery()["issuer"],
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise Refused(EXPIRED) from None
        except jwt.InvalidAudienceError:
            raise Refused(WRONG_AUDIENCE) from None
        except jwt.InvalidTokenError as exc:
            logger.warning("SSO ID token refused: %s", exc)
            raise Refused(UNTRUSTED) from None
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise Refused(WRONG_AUDIENCE)
        return claims

    def verify_token(self, token, **kwargs):
        try:
            return super().verify_token(token, **kwargs)
        except (Refused, requests.RequestException):
            raise
        except Exception as exc:  # the library's own refusals: nonce, no matching key
            logger.warning("SSO ID token refused: %s", exc)
            raise Refused(UNTRUSTED) from None

    def get_or_create_user(self, access_token, id_token, payload):
        claims = dict(payload)
        if not claims.get("email") and self.OIDC_OP_USER_ENDPOINT:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload["sub"]:
                raise Refused(UNTRUSTED)
            # The signed ID token wins over the userinfo answer.
            claims = {**userinfo, **payload}
        return person_for(payload["iss"], str(payload["sub"]), claims)

    def get_user(self, user_id):
        # A person deactivated while signed in is signed out at their next request.
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None


def person_for(issuer, subject, claims):
    """The person this provider account signs in as: linked before, linked now by verified
    email, or new. Refused when that cannot be done safely."""
    User = get_user_model()
    identity = (
        SsoIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
    )
    if identity is not None:
        return _active(identity.user)
    email = str(claims.get("email") or "").strip()
    if not email or len(email) > 254:
        raise Refused(NO_EMAIL)
    if not email_verified(claims):
        raise Refused(UNVERIFIED_EMAIL)
    matches = list(User.objects.filter(email__iexact=email)[:2])
    if len(matches) > 1:
        raise Refused(AMBIGUOUS)
    try:
        with transaction.atomic():
            user = _active(matches[0]) if matches else _new_person(email, claims)
            SsoIdentity.objects.create(user=user, issuer=issuer, subject=subject)
    except IntegrityError:
        # A parallel first sign-in of the same account won: use its person, make no second.
        identity = (
            SsoIdentity.objects.select_related("user")
            .filter(issuer=issuer, subject=subject)
            .first()
        )
        if identity is None:
            raise
        return _active(identity.user)
    return user


def _active(user):
    if not user.is_active:
        raise Refused(DEACTIVATED)
    return user


def _new_person(email, claims):
    User = get_user_model()
    first = (claims.get("given_name") or "").strip()
    last = (claims.get("family_name") or "").strip()
    if not (first or last) and claims.get("name"):
        first, _space, last = str(claims["name"]).strip().partition(" ")
    user = User(username=_free_username(claims, email), email=email)
    user.first_name, user.last_name = first[:150], last[:150]
    user.set_unusable_password()
    user.save()
    return user


def _free_username(claims, email):
    """The provider's preferred username or the email's local part, made unique."""
    wanted = str(claims.get("preferred_username") or email).split("@")[0]
    base = re.sub(r"[^\w.+-]", "", wanted)[:140] or "person"
    User = get_user_model()
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate
