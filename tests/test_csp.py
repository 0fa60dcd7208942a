"""A Content-Security-Policy without inline scripts or styles on every response, and templates
that need nothing more."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR) / "templates"
STATIC_JS = Path(settings.BASE_DIR) / "static" / "js"


def policy(response):
    header = response.headers["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (directive.split() for directive in header.split(";") if directive)
    }


@pytest.mark.parametrize(
    ("client_fixture", "url"),
    [
        ("anonymous_client", lambda plan, row: reverse("login")),
        ("anonymous_client", lambda plan, row: reverse("password_reset")),
        ("manager_client", lambda plan, row: reverse("commplan:plan_detail", args=[plan.pk])),
        (
            "manager_client",
            lambda plan, row: reverse("commplan:row_inline", args=[plan.pk, row.pk]),
        ),
        ("manager_client", lambda plan, row: reverse("commplan:plan_dashboard", args=[plan.pk])),
        ("outsider_client", lambda plan, row: reverse("commplan:plan_detail", args=[plan.pk])),
        ("manager_client", lambda plan, row: "/admin/"),
    ],
    ids=["sign-in", "password-reset", "plan", "inline-edit", "dashboard", "404", "admin"],
)
def test_every_page_carries_the_policy(request, plan, row, client_fixture, url):
    client = request.getfixturevalue(client_fixture)

    response = client.get(
        url(plan, row), HTTP_HX_REQUEST="true" if "inline" in url(plan, row) else ""
    )

    directives = policy(response)
    assert directives["default-src"] == ["'none'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert not any("unsafe" in value for values in directives.values() for value in values)


def test_htmx_is_configured_for_the_policy(anonymous_client, db):
    html = anonymous_client.get(reverse("login")).content.decode()

    meta = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html).group(1)
    assert '"includeIndicatorStyles": false' in meta
    assert '"allowEval": false' in meta
    assert '"allowScriptTags": false' in meta


# What a strict policy would block: inline scripts, event handlers, javascript: URLs, htmx's
# evaluated attributes, and style attributes or elements. Emails are not pages: exempt.
FORBIDDEN = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "htmx evaluation": re.compile(r"\bhx-(on|vars)\b|\bjs:", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "style element": re.compile(r"<style\b", re.I),
}
PAGE_TEMPLATES = sorted(
    path for path in TEMPLATES.rglob("*.html") if TEMPLATES / "emails" not in path.parents
)


@pytest.mark.parametrize("path", PAGE_TEMPLATES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_need_no_inline_script_or_style(path):
    text = path.read_text()

    found = [name for name, pattern in FORBIDDEN.items() if pattern.search(text)]

    assert not found, f"{path.relative_to(TEMPLATES)} has {', '.join(found)}"


def test_our_javascript_evaluates_no_strings():
    for path in STATIC_JS.rglob("*.js"):
        text = path.read_text()
        assert not re.search(r"\beval\(|new Function\(|innerHTML\s*=|setTimeout\(\s*['\"]", text)
