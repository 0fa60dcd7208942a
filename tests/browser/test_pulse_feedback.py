"""Pulse feedback in the browser (issue 19): the manager makes an activity's link and copies it,
a phone answers in Danish, and the owner's review shows the evidence; the public page passes
axe and fits at 360 px."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings

from commplan.feedback.services import record_answer
from commplan.models import FeedbackLink, FeedbackResponse

from .test_accessibility import (  # noqa: F401 (demo_world is a fixture)
    AXE,
    demo_world,
    describe,
    serious_violations,
    signed_in,
)
from .test_fit import PROBLEMS

pytestmark = pytest.mark.browser


def test_manager_copies_the_link_a_phone_answers_the_owner_sees_the_evidence(
    browser,
    live_server,
    demo_world,  # noqa: F811
):
    # One of the owner's activities that has no feedback link yet (the demo gives some one).
    row = (
        demo_world.plan.rows.filter(owner=demo_world.owner, feedback_links__isnull=True)
        .exclude(pk=demo_world.row.pk)
        .order_by("pk")[0]
    )
    manager = signed_in(browser, live_server, demo_world, "manager", "en")
    manager.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = manager.new_page()
    page.goto(live_server.url + row.get_absolute_url())
    page.get_by_role("button", name="Create feedback link").click()
    page.get_by_role("button", name="Copy link").click()
    page.get_by_role("button", name="Copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    link = FeedbackLink.objects.get(row=row)
    assert copied == settings.SITE_URL.rstrip("/") + f"/f/{link.token}/"
    for clarity in (5, 4, 4, 5):  # four colleagues answered already
        record_answer(link, clarity=clarity, meaning="yes")

    phone = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale="da-DK",
        extra_http_headers={"Accept-Language": "da"},
    )
    answer = phone.new_page()
    answer.goto(live_server.url + urlsplit(copied).path)
    answer.get_by_text("Hvor klart var budskabet?").wait_for()
    answer.locator("label[for=id_clarity_4]").tap()  # "5"
    answer.locator("label[for=id_meaning_0]").tap()  # "Ja"
    answer.get_by_label("Hvad er uklart? (valgfrit)").fill("Hvornår starter det?")
    answer.get_by_role("button", name="Send").tap()
    answer.get_by_text("Tak for dit svar.").wait_for()
    stored = FeedbackResponse.objects.get(link=link, unclear="Hvornår starter det?")
    assert (stored.clarity, stored.meaning) == (5, "yes")

    owner = signed_in(browser, live_server, demo_world, "owner", "en").new_page()
    owner.goto(live_server.url + f"/plans/{row.plan_id}/rows/{row.pk}/reviews/new/")
    evidence = owner.locator("#pulse-evidence")
    assert "5 responses" in evidence.inner_text()
    assert "100 % clear or very clear" in evidence.inner_text()
    assert "Suggested answer: Yes" in evidence.inner_text()
    assert owner.get_by_label("Yes").first.is_checked()
    for context in (manager, phone):
        context.close()


@pytest.mark.parametrize("language", ["en", "da"])
def test_the_public_page_is_accessible_and_fits_at_360_px(
    browser,
    live_server,
    demo_world,  # noqa: F811
    language,
):
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        locale=language,
        extra_http_headers={"Accept-Language": language},
    )
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    url = live_server.url + demo_world.pulse_url

    assert page.goto(url).status == 200
    assert page.evaluate("document.documentElement.lang") == language
    violations = serious_violations(page)
    problems = page.evaluate(PROBLEMS)
    context.close()
    assert not violations, describe("pulse", url, violations)
    assert not problems, problems
