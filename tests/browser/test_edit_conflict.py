"""Two managers edit the same activity in place in the plan table, in two browsers at once.

The first save wins; the second is refused in the row itself (htmx), shows what the first one
changed, keeps the second one's edit beside it, and saving again applies both. Screenshots are
written to test-results/<test>/.
"""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from commplan.models import Role

from ..factories import MembershipFactory, PlanRowFactory, StakeholderFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def shared(live_db, plan, manager):
    """A row of the plan and two managers who can sign in."""
    manager.first_name, manager.last_name = "Mette", "Madsen"
    manager.set_password("manager")
    manager.save()
    anna = MembershipFactory(
        plan=plan,
        role=Role.MANAGER,
        user__username="anna",
        user__first_name="Anna",
        user__last_name="Jensen",
    ).user
    anna.set_password("anna")
    anna.save()
    stakeholder = StakeholderFactory(plan=plan, name="Sales team")
    return PlanRowFactory(plan=plan, stakeholder=stakeholder, planned_hours=2, assurance="")


def signed_in(browser, live_server, username):
    """A page in a browser context of its own (its own cookies), signed in as `username`."""
    page = browser.new_context().new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(username)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/plans/$"))
    return page


def test_the_second_of_two_in_place_edits_sees_the_conflict_and_merges(
    browser, live_server, shared, output_path
):
    row = shared
    pages = {name: signed_in(browser, live_server, name) for name in ("anna", "manager")}
    rows = {}
    for name, page in pages.items():
        page.goto(f"{live_server.url}{row.plan.get_absolute_url()}")
        rows[name] = page.locator(f"#row-{row.pk}")
        rows[name].get_by_role("button", name="Edit").click()
        expect(rows[name]).to_have_class(re.compile(r"\brow-editing\b"))

    # Anna saves first.
    rows["anna"].get_by_label("Planned hours").fill("5")
    rows["anna"].get_by_role("button", name="Save").click()
    expect(rows["anna"]).to_have_class(re.compile(r"\brow-saved\b"))

    # Mette, still on the version she opened, saves her own edit: refused, in the row.
    rows["manager"].get_by_label("How it is ensured").fill("Agenda item at the pre-S&OP meeting")
    rows["manager"].get_by_role("button", name="Save").click()
    mette = rows["manager"]
    expect(mette.get_by_role("alert")).to_contain_text("Anna Jensen saved a change at")
    conflict = mette.locator(".edit-conflict")
    expect(conflict.get_by_role("row", name=re.compile("Planned hours"))).to_contain_text("5.00")
    expect(mette).to_have_class(re.compile(r"\brow-editing\b"))
    expect(mette.get_by_label("Planned hours")).to_have_value("5.00")
    expect(mette.get_by_label("How it is ensured")).to_have_value(
        "Agenda item at the pre-S&OP meeting"
    )
    expect(pages["manager"].locator("#js-error")).to_be_hidden()
    pages["manager"].screenshot(path=f"{output_path}/conflict.png", full_page=True)
    row.refresh_from_db()
    assert (row.planned_hours, row.assurance) == (Decimal("5"), "")

    # Saving again applies her edit knowingly, on top of Anna's.
    mette.get_by_role("button", name="Save").click()
    expect(mette).to_have_class(re.compile(r"\brow-saved\b"))
    expect(mette).to_contain_text("Agenda item at the pre-S&OP meeting")
    row.refresh_from_db()
    assert (row.planned_hours, row.assurance) == (
        Decimal("5"),
        "Agenda item at the pre-S&OP meeting",
    )
    for page in pages.values():
        page.context.close()
