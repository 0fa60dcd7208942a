"""An executive's minute a week, in a real browser.

Sign in through the login form, land on the plan's dashboard (home sends executives to
/dashboard/, which goes straight to their one plan), read the timeline and a health warning, and
follow the warning to the rows it is about. Screenshots of the whole dashboard at 1440px, in
English and in Danish, are written to test-results/<test>/ for a person to look at.
"""

import datetime
import re
from itertools import pairwise

import pytest
from playwright.sync_api import Page, expect

from commplan.models import Profile, Role
from milestones.models import MilestoneStatus, Phase

from ..factories import MembershipFactory, MilestoneFactory, PlanRowFactory, StakeholderFactory
from .conftest import sign_in

pytestmark = pytest.mark.browser

WIDE = {"width": 1440, "height": 900}


def days(n):
    return datetime.date.today() + datetime.timedelta(days=n)


@pytest.fixture
def sponsor_plan(live_db, plan, executive):
    """A plan in its pilot phase with one overdue review, for an executive who can sign in."""
    executive.first_name, executive.last_name = "Else", "Eskildsen"
    executive.set_password("executive")
    executive.save()
    owner = MembershipFactory(
        plan=plan, role=Role.OWNER, user__first_name="Ole", user__last_name="Olsen"
    ).user
    MilestoneFactory(
        plan=plan,
        title="Top management backs S&OP",
        phase=Phase.RECOGNITION,
        planned_date=days(-90),
        actual_date=days(-88),
        status=MilestoneStatus.REACHED,
    )
    pilot = MilestoneFactory(
        plan=plan,
        title="Pilot starts",
        phase=Phase.PILOT,
        planned_date=days(-5),
        actual_date=days(-5),
        status=MilestoneStatus.REACHED,
    )
    evaluation = MilestoneFactory(
        plan=plan, title="Pilot evaluated", phase=Phase.PILOT, planned_date=days(40)
    )
    MilestoneFactory(plan=plan, title="In operation", phase=Phase.OPERATION, planned_date=days(150))
    sales = StakeholderFactory(plan=plan, name="Sales team", importance=4, involvement=5)
    suppliers = StakeholderFactory(plan=plan, name="Key suppliers", importance=2, involvement=3)
    overdue = PlanRowFactory(
        plan=plan,
        stakeholder=sales,
        owner=owner,
        milestone=evaluation,
        scheduled_date=days(-10),
        next_review_date=days(-3),
        status="active",
    )
    upcoming = PlanRowFactory(
        plan=plan,
        stakeholder=suppliers,
        owner=owner,
        milestone=evaluation,
        scheduled_date=days(7),
        next_review_date=days(14),
    )
    return {"plan": plan, "overdue": overdue, "upcoming": upcoming, "pilot": pilot}


def test_executive_reads_the_dashboard_and_follows_a_warning(
    page: Page, browser, live_server, sponsor_plan, output_path
):
    plan = sponsor_plan["plan"]
    dashboard_url = f"{live_server.url}/plans/{plan.pk}/dashboard/"
    page.set_default_timeout(10_000)
    page.set_viewport_size(WIDE)

    # Sign in; an executive on one plan lands on that plan's dashboard.
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("executive")
    page.get_by_label("Password").fill("executive")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(dashboard_url)
    expect(page.get_by_role("link", name="Dashboard", exact=True).first).to_be_visible()

    # The timeline: five phases, the pilot named as the current one, today marked.
    timeline = page.locator("svg.timeline")
    expect(timeline).to_be_visible()
    expect(timeline.locator("g.lane")).to_have_count(5)
    expect(timeline.locator("g.lane-current")).to_contain_text("4. Pilot")
    expect(timeline.locator("g.lane-current")).to_contain_text("Current phase")
    expect(timeline.locator("a.mark")).to_have_count(4)
    expect(timeline.locator("text.today-label")).to_contain_text("Today")
    summary = page.get_by_role("region", name="Key figures")
    expect(summary).to_contain_text("4. Pilot")
    expect(summary).to_contain_text("Next milestone: Pilot evaluated")

    # The health warning names the overdue review and whose it is.
    health = page.locator("section", has=page.get_by_role("heading", name="Plan health"))
    warning = health.get_by_role("link", name="1 activity is overdue for review")
    expect(warning).to_be_visible()
    expect(health.locator("#warning-overdue")).to_contain_text("Ole Olsen (1)")
    page.screenshot(path=f"{output_path}/01-dashboard-en.png", full_page=True)

    # The stakeholder map places both stakeholders and says how each is covered, in words:
    # sales only has the overdue activity, the suppliers hear from the plan next week.
    stakeholder_map = page.locator(".stakeholder-map")
    expect(stakeholder_map).to_contain_text("Manage closely")
    chip = stakeholder_map.get_by_role("link", name=re.compile("Sales team"))
    expect(chip).to_have_accessible_name("Sales team (Partly)")
    chip = stakeholder_map.get_by_role("link", name=re.compile("Key suppliers"))
    expect(chip).to_have_accessible_name("Key suppliers (Covered)")

    # Following the warning shows exactly the overdue row, in the plan table.
    warning.click()
    expect(page).to_have_url(f"{live_server.url}/plans/{plan.pk}/?due=overdue")
    table_rows = page.get_by_role("table").locator("tbody tr[id^='row-']")
    expect(table_rows).to_have_count(1)
    expect(page.locator(f"#row-{sponsor_plan['overdue'].pk}")).to_contain_text("Sales team")
    expect(page.locator(f"#row-{sponsor_plan['upcoming'].pk}")).to_have_count(0)
    expect(page.locator("#totals")).to_contain_text("(filtered)")
    expect(page.get_by_role("combobox", name="Review")).to_have_value("overdue")
    page.screenshot(path=f"{output_path}/02-warning-followed-to-the-rows.png", full_page=True)

    # The same dashboard for a Danish browser.
    # Signing in on English pages saved English on the profile; a Danish device now decides.
    Profile.objects.filter(user__username="executive").update(language="")
    context = browser.new_context(viewport=WIDE, extra_http_headers={"Accept-Language": "da"})
    danish = context.new_page()
    danish.set_default_timeout(10_000)
    danish.goto(f"{live_server.url}/accounts/login/")
    danish.locator("input[name=username]").fill("executive")
    danish.locator("input[name=password]").fill("executive")
    danish.locator("button[type=submit]").click()
    expect(danish).to_have_url(dashboard_url)
    expect(danish.locator("html")).to_have_attribute("lang", "da")
    expect(danish.locator("svg.timeline g.lane-current")).to_contain_text("4. Pilot")
    danish.screenshot(path=f"{output_path}/03-dashboard-da.png", full_page=True)
    context.close()


OVERFLOWS = """() => {
    const out = [];
    for (const el of document.querySelectorAll('.dash-summary .dash-figure, .dash-summary .card')) {
        if (el.scrollWidth > el.clientWidth + 1) out.push(el.textContent.trim());
    }
    return out;
}"""
CUT_CARDS = """(width) => Array.from(document.querySelectorAll('#milestone-table tbody tr'))
    .filter(tr => tr.scrollWidth > tr.clientWidth + 1 || tr.getBoundingClientRect().right > width)
    .map(tr => tr.textContent.trim())"""
TICK_LABELS = """() => Array.from(document.querySelectorAll('svg.timeline text.tick-label'))
    .map(t => { const b = t.getBBox(); return [t.textContent, b.x, b.x + b.width]; })"""


@pytest.mark.parametrize("width", [1440, 1024, 390])
def test_the_dashboard_fits_the_screen_in_danish(
    page: Page, live_server, sponsor_plan, output_path, width
):
    """'Kræver opmærksomhed' stays inside its card, the page never scrolls sideways (the
    timeline scrolls inside its own box on a phone), and the month labels keep apart."""
    plan = sponsor_plan["plan"]
    plan.start_date = days(-250)  # to the last milestone, 150 days ahead: a tick a month
    plan.save()
    # Two warnings (overdue, uncovered) need attention: the recognition was reached on time.
    plan.milestones.filter(phase=Phase.RECOGNITION).update(actual_date=days(-90))
    page.set_default_timeout(10_000)
    page.set_viewport_size({"width": width, "height": 900})
    page.set_extra_http_headers({"Accept-Language": "da"})
    sign_in(page, live_server, "executive")
    page.goto(f"{live_server.url}/plans/{plan.pk}/dashboard/")

    summary = page.get_by_role("region", name="Nøgletal")
    expect(summary).to_contain_text("Kræver opmærksomhed")
    assert page.evaluate(OVERFLOWS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if width < 768:
        # A phone shows the milestones as cards, phase by phase, in place of the wide picture.
        expect(page.locator(".timeline-figure")).to_be_hidden()
        cards = page.locator("#milestone-table tbody tr")
        for milestone in plan.milestones.all():
            expect(cards.filter(has_text=milestone.title).first).to_be_visible()
        assert page.evaluate(CUT_CARDS, width) == []
        page.screenshot(path=f"{output_path}/dashboard-da-{width}.png", full_page=True)
        return
    labels = page.evaluate(TICK_LABELS)
    assert len(labels) > 10
    for (_text, _left, right), (text, left, _right) in pairwise(labels):
        assert right < left, text
    assert labels[-1][2] <= 1000  # inside the chart's drawing
    page.screenshot(path=f"{output_path}/dashboard-da-{width}.png", full_page=True)
