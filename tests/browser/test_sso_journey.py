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


def test_a_person_signs_in_with_the_provider_and_out_again(
    page: Page, live_server, sso, output_path
):
    def screenshot(name):
        page.screenshot(path=f"{output_path}/{name}.png", full_page=True)

    page.goto(f"{live_server.url}/plans/")  # sent to sign in first
    screenshot("01-sign-in-with-the-provider")
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
    screenshot("02-signed-out-provider-sign-out-offered")
    page.goto(f"{live_server.url}/plans/")
    page.wait_for_url(f"{live_server.url}/accounts/login/?next=/plans/")


def test_the_sign_in_page_fits_a_phone_in_danish(
    page: Page, live_server, sso, settings, output_path
):
    settings.SSO_ONLY = True
    page.set_viewport_size({"width": 360, "height": 740})
    page.context.add_cookies([{"name": "django_language", "value": "da", "url": live_server.url}])

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_text("Nødlogin for administrator").click()
    page.screenshot(path=f"{output_path}/sign-in-phone-da.png", full_page=True)

    expect(page.get_by_role("link", name="Log ind med Testland ID")).to_be_visible()
    expect(page.get_by_label("Brugernavn")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
