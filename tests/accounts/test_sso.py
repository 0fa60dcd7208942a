"""Single sign-on, end to end through a real OpenID Connect provider (django-oauth-toolkit in its
own process, tests/oidc_provider/): the person a sign-in becomes, PKCE, state and nonce, and a
clear page, never a 500, for every answer that must not sign anyone in."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from axes.models import AccessLog
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client

from commplan.accounts import sso as sso_module
from commplan.models import SsoIdentity

from ..factories import UserFactory
from ..oidc_provider import server

SITE = "http://testserver"
CLIENT_ID = "commplan"
CLIENT_SECRET = "test-client-secret"
PASSWORD = "provider-pw"
PEOPLE = {
    # username at the provider: (email, first name, last name)
    "ada": ("ada@firma.dk", "Ada", "Holm"),
    "bo": ("bo@firma.dk", "Bo", "Lund"),
    "carl": ("carl@firma.dk", "Carl", "Berg"),
    "unverified-eve": ("eve@firma.dk", "Eve", "Dahl"),
    "unverified-dora": ("dora@trusted.dk", "Dora", "Krog"),
}


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    spec = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uri": f"{SITE}/accounts/sso/callback/",
        "post_logout_redirect_uri": f"{SITE}/accounts/login/",
        "people": [
            {"username": u, "password": PASSWORD, "email": e, "first_name": f, "last_name": la}
            for u, (e, f, la) in PEOPLE.items()
        ],
    }
    with server.running(tmp_path_factory.mktemp("oidc-provider"), spec) as running:
        yield running


@pytest.fixture
def sso(provider, settings, db):
    settings.SITE_URL = SITE
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_DISPLAY_NAME = "Testland ID"
    settings.OIDC_TRUSTED_EMAIL_DOMAINS = []
    cache.clear()  # the discovery document of an earlier test's provider settings
    provider.make()
    yield provider
    provider.make()


def to_provider(client, next_url="/plans/"):
    """Starts a sign-in: the provider's authorization address we were sent to."""
    response = client.get("/accounts/sso/", {"next": next_url})
    assert response.status_code == 302
    return response["Location"]


def at_provider(authorize_url, username):
    """Signs in at the provider as `username`: the callback address it sends the browser to."""
    browser = requests.Session()
    response = browser.get(authorize_url, allow_redirects=False, timeout=10)
    login_url = urlsplit(authorize_url)._replace(path="/login/", query="").geturl()
    next_url = parse_qs(urlsplit(response.headers["Location"]).query)["next"][0]
    response = browser.post(
        login_url,
        {"username": username, "password": PASSWORD, "next": next_url},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:500]
    response = browser.get(
        urlsplit(authorize_url)._replace(path="", query="").geturl() + next_url,
        allow_redirects=False,
        timeout=10,
    )
    callback = response.headers["Location"]
    assert callback.startswith(f"{SITE}/accounts/sso/callback/"), callback
    return callback.removeprefix(SITE)


def sign_in(client, username, next_url="/plans/"):
    return client.get(at_provider(to_provider(client, next_url), username))


def signed_in_as(client):
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id) if user_id else None


def refused(response, status, text):
    html = response.content.decode()
    assert response.status_code == status, html[:2000]
    assert "registration/sso_refused.html" in [t.name for t in response.templates]
    assert text in html, html[:2000]


def test_the_sign_in_page_offers_the_provider_in_the_readers_language(client, sso):
    english = client.get("/accounts/login/").content.decode()
    danish = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="da").content.decode()

    assert "Sign in with Testland ID" in english
    assert "Log ind med Testland ID" in danish
    assert "Forgot your password?" in english  # password sign-in stays while SSO_ONLY is off


def test_a_first_sign_in_creates_the_person_with_pkce_state_and_nonce(client, sso):
    authorize = to_provider(client)
    query = parse_qs(urlsplit(authorize).query)

    response = client.get(at_provider(authorize, "ada"))

    assert authorize.startswith(sso.issuer + "/authorize/")
    assert query["code_challenge_method"] == ["S256"]
    assert {"state", "nonce", "code_challenge"} <= set(query)
    assert query["redirect_uri"] == [f"{SITE}/accounts/sso/callback/"]
    assert (response.status_code, response["Location"]) == (302, "/plans/")
    person = signed_in_as(client)
    assert (person.email, person.first_name, person.last_name) == ("ada@firma.dk", "Ada", "Holm")
    assert person.username == "ada"
    assert not person.has_usable_password()
    assert SsoIdentity.objects.get(user=person).issuer == sso.issuer
    # The session rules and the sign-in log apply as to a password sign-in.
    assert "_refreshed_at" in client.session
    assert AccessLog.objects.filter(username="ada").exists()


def test_the_next_sign_in_is_the_same_person_even_with_a_new_email(client, sso):
    sign_in(client, "ada")
    person = signed_in_as(client)
    person.email = "ada.holm@firma.dk"
    person.save()
    client.logout()

    sign_in(client, "ada")

    assert signed_in_as(client) == person
    assert get_user_model().objects.filter(first_name="Ada").count() == 1


def test_an_existing_account_is_linked_by_verified_email(client, sso):
    existing = UserFactory(username="bo.lund", email="BO@firma.dk")

    sign_in(client, "bo")

    assert signed_in_as(client) == existing
    assert SsoIdentity.objects.get().user == existing
    assert existing.check_password("pw")  # the password is kept (for when SSO_ONLY is off)


def test_an_unverified_email_never_links_nor_creates(client, sso):
    existing = UserFactory(username="eve", email="eve@firma.dk")
    people = get_user_model().objects.count()

    response = sign_in(client, "unverified-eve")

    refused(response, 403, "did not confirm that your email address is verified")
    assert signed_in_as(client) is None
    assert get_user_model().objects.count() == people
    assert not SsoIdentity.objects.filter(user=existing).exists()


def test_a_trusted_domain_vouches_for_the_email(client, sso, settings):
    settings.OIDC_TRUSTED_EMAIL_DOMAINS = ["trusted.dk"]
    existing = UserFactory(username="dora", email="dora@trusted.dk")

    sign_in(client, "unverified-dora")

    assert signed_in_as(client) == existing


def test_a_deactivated_person_cannot_sign_in_nor_stay_signed_in(client, sso):
    existing = UserFactory(username="carl", email="carl@firma.dk", is_active=False)

    refused(sign_in(client, "carl"), 403, "Your account here is deactivated")
    assert signed_in_as(client) is None

    existing.is_active = True
    existing.save()
    sign_in(client, "carl")
    assert client.get("/plans/").status_code == 200
    existing.is_active = False
    existing.save()

    assert client.get("/plans/").status_code == 302  # sent to sign in
    refused(sign_in(client, "carl"), 403, "Your account here is deactivated")


@pytest.mark.parametrize(
    ("faults", "text"),
    [
        ({"aud": "another-application"}, "was meant for another application"),
        ({"expired": True}, "has expired"),
        ({"rogue_key": True}, "could not be trusted"),
        ({"nonce": "not-the-nonce-we-sent"}, "could not be trusted"),
    ],
    ids=["wrong-audience", "expired", "bad-signature", "wrong-nonce"],
)
def test_an_id_token_that_does_not_check_out_is_refused(client, sso, faults, text):
    sso.make(**faults)

    response = sign_in(client, "ada")

    refused(response, 400, text)
    assert signed_in_as(client) is None
    assert not get_user_model().objects.filter(email="ada@firma.dk").exists()


def test_the_refusal_page_is_in_danish_too(client, sso):
    sso.make(expired=True)
    callback = at_provider(to_provider(client), "ada")

    response = client.get(callback, HTTP_ACCEPT_LANGUAGE="da")

    refused(response, 400, "Log ind med Testland ID")
    assert "Single sign-on" not in response.content.decode()


def test_a_replayed_code_is_refused(client, sso):
    callback = at_provider(to_provider(client), "ada")
    assert client.get(callback).status_code == 302
    client.logout()

    # The same answer again: its state was used up.
    refused(client.get(callback), 400, "already used")
    # The code with a state of a new sign-in: the provider refuses the used code.
    new_state = parse_qs(urlsplit(to_provider(client)).query)["state"][0]
    code = parse_qs(urlsplit(callback).query)["code"][0]
    response = client.get("/accounts/sso/callback/", {"code": code, "state": new_state})

    refused(response, 400, "did not accept the sign-in code")
    assert signed_in_as(client) is None


def test_an_answer_for_another_browser_is_refused(client, sso):
    callback = at_provider(to_provider(client), "ada")
    other_browser = Client()

    refused(other_browser.get(callback), 400, "does not belong to a sign-in started")
    assert signed_in_as(other_browser) is None


def test_the_provider_checks_our_pkce_verifier(client, sso):
    callback = at_provider(to_provider(client), "ada")
    session = client.session
    for flow in session["oidc_states"].values():
        flow["code_verifier"] = "x" * 64
    session.save()

    refused(client.get(callback), 400, "did not accept the sign-in code")
    assert signed_in_as(client) is None


def test_a_provider_that_says_no_gets_a_page(client, sso):
    state = parse_qs(urlsplit(to_provider(client)).query)["state"][0]

    response = client.get("/accounts/sso/callback/", {"error": "access_denied", "state": state})

    refused(response, 403, "Testland ID did not sign you in")


def test_an_unreachable_provider_gets_a_page(client, sso, settings):
    settings.OIDC_ISSUER = f"http://127.0.0.1:{server.free_port()}/o"

    refused(client.get("/accounts/sso/"), 502, "Testland ID cannot be reached just now")


def test_signing_out_offers_the_providers_sign_out(client, sso):
    sign_in(client, "ada")

    response = client.post("/accounts/logout/", follow=True)

    assert signed_in_as(client) is None
    html = response.content.decode()
    assert "Sign out of Testland ID too" in html
    link = response.context["sso_end_session"]
    query = parse_qs(urlsplit(link).query)
    assert link.startswith(sso.issuer + "/logout/")
    assert query["post_logout_redirect_uri"] == [f"{SITE}/accounts/login/"]
    # The provider accepts it (its confirmation page), and the offer is made once.
    assert requests.get(link, timeout=10, allow_redirects=False).status_code in (200, 302)
    assert "Sign out of Testland ID too" not in client.get("/accounts/login/").content.decode()


def test_sso_only_keeps_passwords_for_the_break_glass_superuser(client, sso, settings):
    settings.SSO_ONLY = True
    UserFactory(username="mette", email="mette@firma.dk")
    UserFactory(username="root", email="root@firma.dk", is_superuser=True, is_staff=True)

    page = client.get("/accounts/login/").content.decode()
    refused_password = client.post("/accounts/login/", {"username": "mette", "password": "pw"})
    reset = client.post("/accounts/password_reset/", {"email": "mette@firma.dk"})
    admin = client.post("/accounts/login/", {"username": "root", "password": "pw"})

    assert "Emergency administrator sign-in" in page
    assert "Forgot your password?" not in page
    assert refused_password.status_code == 200
    assert "Password sign-in is turned off here" in refused_password.content.decode()
    assert reset.status_code == 403
    assert "Passwords are not used here" in reset.content.decode()
    assert mail.outbox == []
    assert admin.status_code == 302
    assert signed_in_as(client).username == "root"


def test_without_sso_nothing_changes(client, db, settings):
    settings.OIDC_ISSUER = ""

    page = client.get("/accounts/login/").content.decode()

    assert "Sign in with" not in page
    assert client.get("/accounts/sso/").status_code == 404
    assert client.get("/accounts/sso/callback/", {"code": "x", "state": "y"}).status_code == 404


def test_two_accounts_with_the_email_are_not_guessed_between(client, sso):
    UserFactory(username="bo1", email="bo@firma.dk")
    UserFactory(username="bo2", email="Bo@Firma.dk")

    refused(sign_in(client, "bo"), 403, "More than one account here has your email address")
    assert signed_in_as(client) is None
    assert not SsoIdentity.objects.exists()


@pytest.mark.parametrize(
    ("claims", "verified"),
    [
        ({"email": "a@firma.dk", "email_verified": True}, True),
        ({"email": "a@firma.dk", "email_verified": "true"}, True),
        ({"email": "a@firma.dk", "email_verified": False}, False),
        ({"email": "a@firma.dk", "email_verified": "false"}, False),
        ({"email": "a@firma.dk"}, False),
        ({"email": "a@firma.dk", "xms_edov": True}, True),  # Entra: domain owner verified
        ({"email": "a@trusted.dk"}, True),
        ({"email": "a@not-trusted.dk.evil.example"}, False),
    ],
)
def test_when_an_email_counts_as_verified(settings, claims, verified):
    settings.OIDC_TRUSTED_EMAIL_DOMAINS = ["trusted.dk"]

    assert sso_module.email_verified(claims) is verified
