"""Single sign-on in a real browser: from the sign-in page's button through the provider's own
page (django-oauth-toolkit, tests/oidc_provider/) to the page asked for, then out again, with
the provider's sign-out offered."""

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from commplan.models import SsoIdentity

from ..accounts.test_sso import CLIENT_ID, CLIENT_SECRET, PASSWORD
from ..oidc_provider import server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    spec = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uri": f"{live_server.url}/accounts/sso/callback/",
        "post_logout_redirect_uri": f"{live_server.url}/accounts/login/",
        "people": [
            {
                "username": "ada",
                "password": PASSWORD,
                "email": "ada@firma.dk",
                "first_name": "Ada",
                "last_name": "Holm",
            }
        ],
    }
    with server.running(tmp_path_factory.mktemp("oidc-browser"), spec) as running:
        yield running


@pytest.fixture
def sso(live_db, provider, live_server, settings):
    settings.SITE_URL = live_server.url
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_DISPLAY_NAME = "Testland ID"
    cache.clear()
    return provider


def test_a_person_signs_in_with_the_provider_and_out_again(page: Page, live_server, sso):
    page.goto(f"{live_server.url}/plans/")  # sent to sign in first
    page.get_by_role("link", name="Sign in with Testland ID").click()

    expect(page.get_by_role("heading", name="Test provider")).to_be_visible()
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(f"{live_server.url}/plans/")
    expect(page.get_by_text("Ada Holm").first).to_be_visible()
    assert SsoIdentity.objects.get().user.email == "ada@firma.dk"

    page.get_by_text("Ada Holm").first.click()
    expect(page.get_by_role("link", name="Change password")).to_have_count(0)  # none to change
    page.get_by_role("button", name="Sign out").click()

    offer = page.get_by_role("link", name="Sign out of Testland ID too")
    expect(offer).to_be_visible()
    assert offer.get_attribute("href").startswith(sso.issuer + "/logout/?")
    page.goto(f"{live_server.url}/plans/")
    page.wait_for_url(f"{live_server.url}/accounts/login/?next=/plans/")
