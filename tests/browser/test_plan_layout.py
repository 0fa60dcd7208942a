"""The Danish demo plan in the widths people use: the table fits a 1280 px screen, the plan's
tabs stay on one line at 1024 px, and on a phone they scroll sideways with the "More" menu
still opening in full. Screenshots are written to test-results/<test>/ for a person to look at.
"""

import datetime

import pytest
from playwright.sync_api import Page, expect

from commplan import demo

from .conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    """A page in a browser that asks for Danish."""
    context = browser.new_context(locale="da-DK", extra_http_headers={"Accept-Language": "da"})
    yield context.new_page()
    context.close()


@pytest.fixture
def demo_plan(live_db):
    """The Danish demo plan: long Danish words in every column."""
    plan, _ = demo.create_demo_plan(demo.ensure_demo_users(), today=datetime.date(2026, 5, 4))
    return plan


def overflow(page, selector):
    """How many pixels `selector` is wider than the box it scrolls in."""
    return page.eval_on_selector(selector, "el => el.scrollWidth - el.clientWidth")


def tab_lines(page):
    return page.eval_on_selector(
        ".plan-tabs", "ul => new Set([...ul.children].map(li => li.offsetTop)).size"
    )


@pytest.mark.parametrize("query", ["", "?sort=next_review"])
def test_the_danish_plan_table_fits_1280_px(page: Page, live_server, demo_plan, output_path, query):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}{demo_plan.get_absolute_url()}{query}")
    expect(page.get_by_role("button", name="Planhandlinger")).to_be_visible()
    page.screenshot(path=f"{output_path}/table-1280.png")
    assert overflow(page, ".plan-table-wrap") <= 0
    assert overflow(page, "html") <= 0
    assert tab_lines(page) == 1


def test_the_danish_table_header_is_compact_with_the_questions_as_tooltips(
    page: Page, live_server, demo_plan
):
    # The Danish headings of the owner and resources columns are questions themselves: with the
    # guiding question under each, the header was ~140 px tall before the first activity.
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}{demo_plan.get_absolute_url()}")
    header = page.locator(".plan-table thead")
    assert header.bounding_box()["height"] <= 80
    heading = header.get_by_role("columnheader", name="Interessenter (målgruppe)")
    expect(heading.locator("[title]")).to_have_attribute(
        "title", "Hvem ønsker man at kommunikere med?"
    )


def test_the_tabs_fit_1024_px_and_scroll_on_a_phone(
    page: Page, live_server, demo_plan, output_path
):
    page.set_viewport_size({"width": 1024, "height": 800})
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}{demo_plan.get_absolute_url()}")
    assert tab_lines(page) == 1

    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_server.url}{demo_plan.get_absolute_url()}")
    assert tab_lines(page) == 1
    assert overflow(page, "html") <= 0  # the tabs scroll, the page does not
    more = page.locator(".plan-tabs-more > .nav-link")
    more.click()
    header = page.get_by_role("link", name="Planens grundlag")
    expect(header).to_be_visible()
    page.screenshot(path=f"{output_path}/tabs-390.png")
    header.click()
    expect(page.locator(".plan-tabs-more > .nav-link.active")).to_have_text("Mere")
    # The current tab is scrolled into view.
    box = page.locator(".plan-tabs-more > .nav-link").bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= 390
