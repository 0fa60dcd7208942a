"""The site's icon and web app manifest: owners add the planner to their phone's home screen."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_favicon_is_served_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # an icon file, not a page


def test_every_page_links_its_icons_and_manifest(client):
    html = client.get(reverse("login")).content.decode()
    assert 'rel="apple-touch-icon"' in html
    assert f'rel="manifest" href="{reverse("commplan:manifest")}"' in html
    assert 'name="theme-color"' in html


@pytest.mark.parametrize(
    ("language", "name"),
    [("en", "S&OP Communication Planner"), ("da", "S&OP-kommunikationsplanlægger")],
)
def test_manifest_installs_the_app_in_the_persons_language(client, language, name):
    response = client.get(reverse("commplan:manifest"), headers={"accept-language": language})
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert (manifest["name"], manifest["lang"]) == (name, language)
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == reverse("commplan:home")
    assert manifest["theme_color"].startswith("#")
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        path = icon["src"].removeprefix("/static/")
        assert finders.find(path), f"{icon['src']} is not a static file"


def test_the_content_security_policy_lets_the_browser_load_the_manifest(client):
    policy = client.get(reverse("login")).headers["Content-Security-Policy"]
    assert "manifest-src 'self'" in policy
