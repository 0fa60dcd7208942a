"""Under the Content-Security-Policy the pages still work, and the browser reports nothing it
blocked: signing in, the plan table's in-place edit (htmx), the user menu (Bootstrap)."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from ..factories import PlanRowFactory

pytestmark = pytest.mark.browser

# Collects every violation the page reports, from its first script on.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def signed_in_manager(live_db, plan, manager):
    manager.set_password("manager-password")
    manager.save()
    return PlanRowFactory(plan=plan, owner=manager, planned_hours=2)


def test_in_place_editing_works_with_no_policy_violation(
    page: Page, live_server, plan, signed_in_manager, output_path
):
    row_object = signed_in_manager
    page.set_default_timeout(10_000)
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(LISTEN)

    response = page.goto(f"{live_server.url}/accounts/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("manager-password")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/plans/{plan.pk}/")

    row = page.locator(f"#row-{row_object.pk}")
    row.get_by_role("button", name="Edit").click()
    expect(row).to_have_class(re.compile(r"\brow-editing\b"))
    row.get_by_label("Planned hours").fill("6")
    row.get_by_role("button", name="Save").click()
    expect(row).not_to_have_class(re.compile(r"\brow-editing\b"))
    expect(page.locator("#totals [data-total=hours]")).to_have_text("6 hours")
    page.locator("#user-menu").click()
    expect(page.get_by_role("link", name="Change password")).to_be_visible()
    page.screenshot(path=f"{output_path}/plan-after-inline-edit.png", full_page=True)

    row_object.refresh_from_db()
    assert row_object.planned_hours == Decimal(6)
    assert page.evaluate("window.__violations") == []
    assert not [text for text in console if "Content Security Policy" in text]
    assert page.evaluate("htmx.config.includeIndicatorStyles") is False
    assert page.locator("head style").count() == 0
