"""Every key page looks finished on a phone, a tablet and a desktop, in English and in Danish:
nothing scrolls sideways, no control in <main> lies off the screen (a tab strip may scroll), no
text is cut off by its box (scrollWidth over clientWidth with overflow hidden), and on the
dashboard's timeline no label is shortened, cut off, over another or over today's line."""

import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from milestones.models import Milestone, Phase

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
    ("Teams channel", in_plan("commplan:plan_teams"), "manager"),
    ("my Teams", lambda w: reverse("commplan:my_teams"), "owner"),
    ("meetings", in_plan("commplan:meeting_list"), "manager"),
    (
        "meeting",
        lambda w: w.plan.meetings.filter(decisions__isnull=False)[0].get_absolute_url(),
        "executive",
    ),
    ("settings", lambda w: reverse("commplan:my_settings"), "owner"),
    ("API tokens", lambda w: reverse("commplan:api_token_list"), "manager"),
    ("pulse, public page", lambda w: w.pulse_url, "anonymous"),
]

# Milestone titles longer than the demo's, by today's line, for the dashboard's timeline.
LONG_TITLES = [
    (-20, "Direktionen godkender den endelige S&OP-procesbeskrivelse og forretningsgangene"),
    (4, "Efterspørgselsplanlægningens nøgletalsrapportering overdraget til driftsorganisationen"),
    (9, "Leverandørsamarbejdsaftaler"),
]


@pytest.fixture
def fit_world(demo_world):  # noqa: F811
    """The demo, with milestones whose long Danish titles must wrap, or give way, by today."""
    today = timezone.localdate()
    for days, title in LONG_TITLES:
        Milestone.objects.create(
            plan=demo_world.plan,
            phase=Phase.PILOT,
            title=title,
            planned_date=today + datetime.timedelta(days=days),
        )
    return demo_world


# What does not fit, as the person sees it: a list of sentences, empty when all is well.
PROBLEMS = (Path(__file__).resolve().parent / "fit_problems.js").read_text()


@pytest.mark.parametrize("language", ["en", "da"])
def test_key_pages_fit_every_screen(browser, live_server, fit_world, language):
    contexts, failures = {}, []
    try:
        for name, url, persona in KEY_PAGES:
            if persona not in contexts:
                contexts[persona] = signed_in(browser, live_server, fit_world, persona, language)
            page = contexts[persona].new_page()
            page.set_default_timeout(10_000)
            address = live_server.url + url(fit_world)
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
