"""The plan manager's journey with the keyboard alone: Tab, Enter, Space, arrow keys and
typing; no clicks. Every control on the way is reached with Tab and shows where the focus is.

Sign in, open the plan, add an activity, filter the table, edit a row in place (focus goes into
the form and back to the row's Edit button after saving), open the row and record a review.
"""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Locator, Page, expect

from commplan.models import PlanRow, Review, Role

from ..factories import ChannelFactory, MembershipFactory, PlanRowFactory, StakeholderFactory

pytestmark = pytest.mark.browser

# The focus ring: a solid outline at least 2px wide (static/css/app.css).
FOCUS_SHOWN = """el => {
  const style = getComputedStyle(el);
  return el.matches(":focus-visible") && style.outlineStyle === "solid"
    && parseFloat(style.outlineWidth) >= 2;
}"""


def tab_to(page: Page, target: Locator, presses=80):
    """Presses Tab until `target` has the focus, then checks the focus can be seen."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            assert target.evaluate(FOCUS_SHOWN), f"no visible focus on {target}"
            return
    raise AssertionError(f"Tab never reached {target}")


@pytest.fixture
def plan_to_run(live_db, plan):
    """A plan with a manager who signs in (password "pw", from the factory) and an owner."""
    MembershipFactory(plan=plan, role=Role.MANAGER, user__username="mette")
    owner = MembershipFactory(
        plan=plan, role=Role.OWNER, user__first_name="Ole", user__last_name="Olsen"
    ).user
    sales = StakeholderFactory(plan=plan, name="Sales team")
    StakeholderFactory(plan=plan, name="Key suppliers")
    ChannelFactory(plan=plan, name="Town hall meeting")
    PlanRowFactory(plan=plan, stakeholder=sales, owner=owner)
    return plan


def test_manager_journey_by_keyboard_alone(page: Page, live_server, plan_to_run, output_path):
    plan = plan_to_run
    page.set_default_timeout(10_000)
    keyboard = page.keyboard

    # Sign in: the username field has the focus already.
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_label("Username")).to_be_focused()
    keyboard.type("mette")
    tab_to(page, page.get_by_label("Password"))
    keyboard.type("pw")
    keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/plans/")

    # The skip link comes first and moves the focus to the page's content.
    keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    tab_to(page, page.get_by_role("link", name=plan.name))
    keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/plans/{plan.pk}/")

    # Add an activity: choose from lists by typing, fill numbers, send with Enter.
    tab_to(page, page.get_by_role("link", name="Add activity"))
    keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/plans/{plan.pk}/rows/new/")
    tab_to(page, page.get_by_label("Stakeholders (target group)"))
    keyboard.type("Key")
    tab_to(page, page.get_by_label("…or a new message"))
    keyboard.type("The pilot starts in June")
    tab_to(page, page.get_by_label("Channel"))
    keyboard.type("Town")
    tab_to(page, page.get_by_label("Owner"))
    keyboard.type("Ole")
    tab_to(page, page.get_by_label("Planned hours"))
    keyboard.type("3")
    page.screenshot(path=f"{output_path}/01-row-form-by-keyboard.png", full_page=True)
    keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/plans/{plan.pk}/#row-\d+$"))
    added = PlanRow.objects.get(plan=plan, message__content="The pilot starts in June")
    assert (added.stakeholder.name, added.channel.name) == ("Key suppliers", "Town hall meeting")
    assert (added.owner.first_name, added.planned_hours) == ("Ole", Decimal(3))

    # Filter by stakeholder: an arrow key changes the choice, Enter on the button applies it.
    filters = page.get_by_role("search", name="Filter activities")
    stakeholder_filter = filters.get_by_label("Stakeholder", exact=True)
    tab_to(page, stakeholder_filter)
    while stakeholder_filter.evaluate("el => el.selectedOptions[0].text") != "Key suppliers":
        keyboard.press("ArrowDown")
    tab_to(page, filters.get_by_role("button", name="Filter"))
    keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"[?&]stakeholder={added.stakeholder_id}(&|$)"))
    expect(page.locator("tbody tr[id^='row-']")).to_have_count(1)

    # Edit in place: the focus goes into the form, and back to the row's Edit button after saving.
    row = page.locator(f"#row-{added.pk}")
    edit = row.get_by_role("button", name="Edit")
    tab_to(page, edit)
    keyboard.press("Enter")
    expect(row.get_by_label("Stakeholders (target group)")).to_be_focused()
    hours = row.get_by_label("Planned hours")
    tab_to(page, hours)
    keyboard.press("Control+A")
    keyboard.type("5")
    page.screenshot(path=f"{output_path}/02-in-place-edit-by-keyboard.png", full_page=True)
    keyboard.press("Enter")
    expect(row).not_to_have_class(re.compile(r"\brow-editing\b"))
    expect(row).to_contain_text("5 h")
    expect(edit).to_be_focused()
    assert edit.evaluate(FOCUS_SHOWN)
    added.refresh_from_db()
    assert added.planned_hours == Decimal(5)

    # Open the row and record a review: radios by Space and arrow keys.
    tab_to(page, row.get_by_role("link", name="Open"))
    keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name="Record review"))
    keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/rows/{added.pk}/reviews/new/$"))
    happened = page.get_by_role("group", name=re.compile("^Did the communication happen"))
    tab_to(page, happened.get_by_role("radio").first)
    keyboard.press("Space")
    expect(happened.get_by_role("radio", name="Done", exact=True)).to_be_checked()
    goal = page.get_by_role("group", name=re.compile("^Was the goal reached"))
    tab_to(page, goal.get_by_role("radio").first)
    keyboard.press("ArrowRight")
    expect(goal.get_by_role("radio", name="Partly", exact=True)).to_be_checked()
    tab_to(page, page.get_by_label("How it was verified"))
    keyboard.type("Minutes of the meeting")
    tab_to(page, page.get_by_label("Actual hours"))
    keyboard.type("4")
    page.screenshot(path=f"{output_path}/03-review-by-keyboard.png", full_page=True)
    tab_to(page, page.get_by_role("button", name="Save review"))
    keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="review")).to_be_visible()
    review = Review.objects.get(row=added)
    assert (review.happened, review.goal_reached) == ("done", "partly")
    assert (review.evidence, review.actual_hours) == ("Minutes of the meeting", Decimal(4))
