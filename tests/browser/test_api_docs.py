"""The API's docs (/api/docs/): Swagger UI from our own static files works under the strict
Content-Security-Policy, and a new token is shown once on the token page."""

import re

import pytest
from playwright.sync_api import Page, expect

from .test_csp import LISTEN

pytestmark = pytest.mark.browser


def sign_in(page, live_server, user):
    user.set_password("manager-password")
    user.save()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("manager-password")
    page.get_by_role("button", name="Sign in").click()


def test_the_docs_show_every_resource_with_no_policy_violation(
    page: Page, live_server, live_db, plan, manager, output_path
):
    page.set_default_timeout(15_000)
    page.add_init_script(LISTEN)
    sign_in(page, live_server, manager)

    response = page.goto(f"{live_server.url}/api/docs/")

    assert "script-src 'self'" in response.headers["content-security-policy"]
    # Swagger UI draws the operations from /api/schema/ with its scripts, from our static files.
    expect(page.locator(".opblock-summary-path").first).to_be_visible(timeout=30_000)
    expect(page.get_by_text("/api/plans/{plan_pk}/dashboard/").first).to_be_visible()
    page.screenshot(path=f"{output_path}/api-docs.png", full_page=False)
    assert page.evaluate("window.__violations") == []


def test_a_new_token_is_shown_once(page: Page, live_server, live_db, manager, output_path):
    page.set_default_timeout(15_000)
    sign_in(page, live_server, manager)
    page.goto(f"{live_server.url}/my/settings/")
    page.get_by_role("link", name="Manage API tokens").click()

    page.get_by_label("Name").fill("Power BI report")
    page.get_by_role("button", name="Create token").click()

    token = page.locator("#new-token").input_value()
    assert re.fullmatch(r"cpt_[\w-]{43}", token)
    expect(page.get_by_role("cell", name="Power BI report", exact=True)).to_be_visible()
    page.screenshot(path=f"{output_path}/api-token-created.png", full_page=True)
    page.goto(f"{live_server.url}/my/settings/api-tokens/")
    expect(page.locator("#new-token")).to_have_count(0)
    assert token not in page.content()
