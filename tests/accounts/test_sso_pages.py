"""The sign-in pages that single sign-on adds or changes read in one language and are valid
HTML, in English and Danish: the sign-in page with its button (and with SSO_ONLY, and with the
provider's sign-out offered), a refused sign-in, and the password pages turned off."""

import pytest
from django.conf import settings as django_settings

from ..browser.test_valid_html import validate, vnu  # noqa: F401 (a fixture)
from ..test_one_language import english_in, english_phrases

END_SESSION = "http://127.0.0.1:9/o/logout/?client_id=commplan&id_token_hint=x.y.z"


@pytest.fixture
def sso_on(settings, db):
    settings.OIDC_ISSUER = "http://127.0.0.1:9/o"  # never asked: these pages need no provider
    settings.OIDC_RP_CLIENT_ID = "commplan"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_DISPLAY_NAME = "Microsoft"


def pages(client, settings):
    """(name, response) of each page, in the client's language."""
    yield "sign-in", client.get("/accounts/login/")
    session = client.session
    session["sso_end_session"] = END_SESSION
    session.save()
    yield "signed-out", client.get("/accounts/login/")
    yield "refused", client.get("/accounts/sso/callback/", {"code": "c", "state": "unknown"})
    settings.SSO_ONLY = True
    yield "sso-only", client.get("/accounts/login/")
    yield "passwords-off", client.get("/accounts/password_reset/")
    settings.SSO_ONLY = False


@pytest.mark.parametrize("language", ["en", "da"])
def test_the_sso_pages_are_valid_html_in_one_language(
    client,
    sso_on,
    settings,
    vnu,  # noqa: F811
    tmp_path,
    language,
):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    files = []
    whole, phrases = english_phrases()
    for name, response in pages(client, settings):
        html = response.content.decode()
        assert response["Content-Language"] == language, name
        if language == "da":
            assert english_in(html, whole, phrases) == [], name
        file = tmp_path / f"{name}.html"
        file.write_text(html, encoding="utf-8")
        files.append(file)

    assert validate(vnu, files) == {}
    expected = {"en": "Sign in with Microsoft", "da": "Log ind med Microsoft"}[language]
    assert expected in files[0].read_text()
    assert END_SESSION.replace("&", "&amp;") in files[1].read_text()
