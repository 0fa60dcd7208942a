"""A plan manager's everyday journey through the plan table, in a real browser.

Sign in through the login form, add an activity with a new message, edit it in place (htmx) with
a valid and an invalid value, then filter the table by a stakeholder. Screenshots are written to
test-results/<test>/ for a person to look at.
"""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from commplan.models import PlanRow

from ..factories import ChannelFactory, PlanRowFactory, StakeholderFactory

pytestmark = pytest.mark.browser

NEW_MESSAGE = "The pilot starts in the Vejle plant on 1 June"
NEW_GOAL = "Sales knows what the pilot changes for their forecasts"
NO_RELOAD_MARKER = "window.__journeyNoReload"


@pytest.fixture
def journey(live_db, plan, manager, owner):
    """A plan with two stakeholders' rows, a channel, a manager who can sign in and an owner.

    `live_db` (transactional) comes first: the live server reads the data from another thread,
    so it must be committed, not hidden in the test's transaction.
    """
    manager.first_name, manager.last_name = "Mette", "Madsen"
    manager.set_password("manager")
    manager.save()
    owner.first_name, owner.last_name = "Ole", "Olsen"
    owner.save()
    sales = StakeholderFactory(plan=plan, name="Sales team")
    suppliers = StakeholderFactory(plan=plan, name="Key suppliers")
    ChannelFactory(plan=plan, name="Town hall meeting")
    sales_row = PlanRowFactory(
        plan=plan, stakeholder=sales, owner=owner, planned_hours=2, planned_cost=1000
    )
    suppliers_row = PlanRowFactory(
        plan=plan, stakeholder=suppliers, owner=owner, planned_hours=4, planned_cost=2000
    )
    return {
        "plan": plan,
        "sales": sales,
        "sales_row": sales_row,
        "suppliers_row": suppliers_row,
    }


def test_manager_adds_edits_in_place_and_filters(page: Page, live_server, journey, output_path):
    plan, sales = journey["plan"], journey["sales"]
    shots = output_path

    def screenshot(name):
        page.screenshot(path=f"{shots}/{name}.png", full_page=True)

    page.set_default_timeout(10_000)
    totals = page.locator("#totals")
    total_hours = totals.locator("[data-total=hours]")
    total_cost = totals.locator("[data-total=cost]")

    # Sign in through the real form; a manager lands on the plans.
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("manager")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/plans/")

    # Open the plan: two activities, 6 hours.
    page.get_by_role("link", name=plan.name).click()
    expect(page).to_have_url(f"{live_server.url}/plans/{plan.pk}/")
    expect(total_hours).to_have_text("6 hours")

    # Add an activity for an existing stakeholder, with a new message.
    page.get_by_role("link", name="Add activity").click()
    expect(page).to_have_url(f"{live_server.url}/plans/{plan.pk}/rows/new/")
    review_date = datetime.date.today() + datetime.timedelta(days=30)
    page.get_by_label("Stakeholders (target group)").select_option(label="Sales team")
    page.get_by_label("…or a new message").fill(NEW_MESSAGE)
    page.get_by_label("Goal of the new message").fill(NEW_GOAL)
    page.get_by_label("Channel").select_option(label="Town hall meeting")
    page.get_by_label("Owner").select_option(label="Ole Olsen")
    page.get_by_label("Planned hours").fill("3")
    page.get_by_label("Planned cost").fill("1500")
    page.get_by_label("Next review").fill(review_date.isoformat())
    screenshot("01-row-form-filled")
    page.get_by_role("button", name="Save", exact=True).click()

    # Back on the plan: the row is there and the totals include it.
    expect(page).to_have_url(re.compile(rf"/plans/{plan.pk}/#row-\d+$"))
    expect(page.get_by_role("status").filter(has_text="The activity was added.")).to_be_visible()
    new_row = PlanRow.objects.select_related("message", "channel", "owner").get(
        plan=plan, message__content=NEW_MESSAGE
    )
    assert new_row.stakeholder == sales
    assert new_row.message.goal == NEW_GOAL
    assert new_row.channel.name == "Town hall meeting"
    assert new_row.owner.username == "owner"
    assert (new_row.planned_hours, new_row.planned_cost) == (Decimal(3), Decimal(1500))
    assert new_row.next_review_date == review_date
    row = page.locator(f"#row-{new_row.pk}")
    expect(row).to_contain_text(NEW_MESSAGE)
    expect(row).to_contain_text("3 h")
    expect(total_hours).to_have_text("9 hours")
    expect(total_cost).to_have_text("DKK 4,500.00")
    expect(totals).to_contain_text("3 activities")
    screenshot("02-row-added")

    # Edit the row in place: no page load, so a marker left on `window` survives.
    url_before = page.url
    page.evaluate(f"{NO_RELOAD_MARKER} = 'still here'")
    row.get_by_role("button", name="Edit").click()
    expect(row).to_have_class(re.compile(r"\brow-editing\b"))
    hours = row.get_by_label("Planned hours")
    expect(hours).to_have_value("3.00")
    expect(row.get_by_label("Stakeholders (target group)")).to_be_focused()
    screenshot("03-in-place-edit-open")
    hours.fill("5")
    row.get_by_role("button", name="Save").click()
    expect(row).not_to_have_class(re.compile(r"\brow-editing\b"))
    expect(row.get_by_role("cell").filter(has_text=re.compile(r"^\s*planned\s+5 h"))).to_have_count(
        1
    )
    expect(total_hours).to_have_text("11 hours")
    expect(total_cost).to_have_text("DKK 4,500.00")
    assert page.url == url_before
    assert page.evaluate(NO_RELOAD_MARKER) == "still here"
    new_row.refresh_from_db()
    assert new_row.planned_hours == Decimal(5)

    # A negative value is refused in place; the row stays in edit mode with the error.
    row.get_by_role("button", name="Edit").click()
    hours = row.get_by_label("Planned hours")
    expect(hours).to_have_value("5.00")
    hours.fill("-1")
    row.get_by_role("button", name="Save").click()
    error = re.compile(r"Planned hours cannot be negative")
    expect(row.locator(".invalid-feedback")).to_have_text(error)
    expect(hours).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(hours).to_have_accessible_description(error)
    expect(hours).to_be_focused()
    expect(page.locator("#js-error")).to_be_hidden()
    screenshot("04-in-place-edit-error")
    assert page.url == url_before
    assert page.evaluate(NO_RELOAD_MARKER) == "still here"
    new_row.refresh_from_db()
    assert new_row.planned_hours == Decimal(5)
    row.get_by_role("button", name="Cancel").click()
    expect(row).not_to_have_class(re.compile(r"\brow-editing\b"))
    expect(row).to_contain_text("5 h")

    # Filter by a stakeholder: only that stakeholder's rows and totals remain.
    filters = page.get_by_role("search", name="Filter activities")
    filters.get_by_label("Stakeholder", exact=True).select_option(label="Sales team")
    filters.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(rf"[?&]stakeholder={sales.pk}(&|$)"))
    expect(total_hours).to_have_text("7 hours")
    expect(total_cost).to_have_text("DKK 2,500.00")
    expect(totals).to_contain_text("2 activities")
    expect(totals).to_contain_text("(filtered)")
    table_rows = page.get_by_role("table").locator("tbody tr[id^='row-']")
    expect(table_rows).to_have_count(2)
    expect(page.locator(f"#row-{journey['sales_row'].pk}")).to_be_visible()
    expect(row).to_contain_text("5 h")
    expect(page.locator(f"#row-{journey['suppliers_row'].pk}")).to_have_count(0)
    expect(page.get_by_role("cell", name="Key suppliers")).to_have_count(0)
    screenshot("05-filtered-by-stakeholder")
    sales_totals = PlanRow.objects.filter(plan=plan, stakeholder=sales).totals()
    assert (sales_totals["hours"], sales_totals["cost"]) == (Decimal(7), Decimal(2500))
