"""The Teams settings pages on a 360 px phone, in English and Danish: nothing scrolls sideways
or is cut off, the HTML is valid (vnu), and the page reads in one language. (The same pages
are in the full accessibility, validity and fit sweeps; this runs them alone.)"""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from .test_accessibility import (  # noqa: F401 (a fixture)
    PAGES,
    demo_world,
    signed_in,
)
from .test_fit import PROBLEMS
from .test_valid_html import validate, vnu  # noqa: F401 (a fixture)

TEAMS_PAGES = [spec for spec in PAGES if "Teams" in spec.name]
ENGLISH_ONLY = ("Reminders in Teams", "Send test message", "Webhook address")


@pytest.mark.parametrize("language", ["en", "da"])
def test_the_teams_pages_fit_a_phone_validate_and_read_in_one_language(
    browser,
    live_server,
    demo_world,  # noqa: F811
    language,
    vnu,  # noqa: F811
    tmp_path,
):
    assert len(TEAMS_PAGES) == 3
    contexts, failures, files = {}, [], []
    try:
        for spec in TEAMS_PAGES:
            if spec.persona not in contexts:
                contexts[spec.persona] = signed_in(
                    browser, live_server, demo_world, spec.persona, language
                )
            page = contexts[spec.persona].new_page()
            page.set_default_timeout(10_000)
            page.set_viewport_size({"width": 360, "height": 780})
            url = live_server.url + spec.url(demo_world)
            assert page.goto(url).status == 200, spec.name
            if spec.act is not None:
                spec.act(page, demo_world)
                page.wait_for_load_state("load")
            assert urlsplit(page.url).path == urlsplit(url).path, spec.name
            failures += [f"{spec.name}: {p}" for p in page.evaluate(PROBLEMS)]
            text = page.inner_text("main")
            if language == "da":
                failures += [f"{spec.name}: English “{w}”" for w in ENGLISH_ONLY if w in text]
            file = tmp_path / (re.sub(r"\W+", "-", spec.name).strip("-") + ".html")
            file.write_text(page.content(), encoding="utf-8")
            files.append(file)
            page.close()
    finally:
        for context in contexts.values():
            context.close()
    assert not failures, "\n".join(failures)
    errors = validate(vnu, files)
    assert not errors, errors


def test_the_plan_teams_page_shows_the_refusal_and_only_the_end_of_the_address(
    browser,
    live_server,
    demo_world,  # noqa: F811
):
    context = signed_in(browser, live_server, demo_world, "manager", "en")
    try:
        page = context.new_page()
        page.goto(live_server.url + reverse("commplan:plan_teams", args=[demo_world.plan.pk]))
        alert = page.get_by_role("alert").inner_text()
        assert "Teams refused the address" in alert and "HTTP 404" in alert
        main = page.inner_text("main")
        assert "prod-01.westeurope.logic.azure.com …1234" in main
        assert "Demo1234" not in page.content()
        assert page.get_by_role("button", name="Send test message").is_visible()
    finally:
        context.close()
