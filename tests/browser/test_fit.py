"""Every key page looks finished on a phone, a tablet and a desktop, in English and in Danish:
nothing scrolls sideways, no control in <main> lies off the screen (a tab strip may scroll), no
text is cut off by its box (scrollWidth over clientWidth with overflow hidden)."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from .test_accessibility import (  # noqa: F401 (a fixture)
    demo_world,
    in_plan,
    of_row,
    readiness_of,
    signed_in,
)

WIDTHS = [390, 768, 1440]

KEY_PAGES = [
    ("sign-in", lambda w: reverse("login"), "anonymous"),
    ("plans", lambda w: reverse("commplan:plan_list"), "manager"),
    ("plan table", lambda w: w.plan.get_absolute_url(), "manager"),
    ("row", of_row("commplan:row_detail"), "manager"),
    ("row form", of_row("commplan:row_update"), "manager"),
    ("review form", of_row("commplan:review_create"), "owner"),
    ("my work", lambda w: reverse("commplan:my_work"), "owner"),
    ("dashboard", lambda w: reverse("commplan:plan_dashboard", args=[w.plan.pk]), "manager"),
    ("stakeholders", in_plan("stakeholders:stakeholder_list"), "manager"),
    ("stakeholder readiness", readiness_of("Salg"), "manager"),
    ("milestones", in_plan("milestones:milestone_list"), "manager"),
    ("reminders", in_plan("commplan:reminder_list"), "manager"),
    ("settings", lambda w: reverse("commplan:my_settings"), "owner"),
    ("pulse, public page", lambda w: w.pulse_url, "anonymous"),
]

# What does not fit, as the person sees it: a list of sentences, empty when all is well.
PROBLEMS = (Path(__file__).resolve().parent / "fit_problems.js").read_text()


@pytest.mark.parametrize("language", ["en", "da"])
def test_key_pages_fit_every_screen(browser, live_server, demo_world, language):  # noqa: F811
    contexts, failures = {}, []
    try:
        for name, url, persona in KEY_PAGES:
            if persona not in contexts:
                contexts[persona] = signed_in(browser, live_server, demo_world, persona, language)
            page = contexts[persona].new_page()
            page.set_default_timeout(10_000)
            address = live_server.url + url(demo_world)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 844})
                assert page.goto(address).status == 200, name
                assert urlsplit(page.url).path == urlsplit(address).path, name
                failures += [f"{name} at {width} px: {p}" for p in page.evaluate(PROBLEMS)]
            page.close()
    finally:
        for context in contexts.values():
            context.close()
    assert not failures, f"{len(failures)} things do not fit:\n" + "\n".join(failures)
