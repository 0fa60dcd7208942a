"""The plan table printed from the browser: a clean A4 landscape table for a board pack.

Chromium renders the page for print as a person's Ctrl-P would: what shows and what is hidden
is checked with print media emulated, and the PDF's page size comes from the stylesheet's
@page rule alone (prefer_css_page_size, no size passed in). The PDF is written to
test-results/<test>/ for a person to look at.
"""

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from commplan.models import Role
from milestones.models import Phase

from ..factories import MembershipFactory, MilestoneFactory, PlanRowFactory
from .conftest import sign_in

pytestmark = pytest.mark.browser

A4_LANDSCAPE = (842, 595)  # points

TEXTS = {
    "en": {
        "header": ["Purpose", "Message and timing", "Stakeholders"],
        "columns": [
            "Stakeholders (target group)",
            "Message content and goal",
            "Channel",
            "Owner",
            "Time and resources",
        ],
        "hidden": ["Add activity", "Excel (.xlsx)", "Print", "Filter", "Edit", "Open"],
        "menu": "Export or print",
    },
    "da": {
        "header": ["Formål", "Budskab og timing", "Interessenter"],
        "columns": [
            "Interessenter (målgruppe)",
            "Budskabsindhold og mål",
            "Medie – kommunikationskanal",
            "Hvem har ansvaret for kommunikationen og at målet opnås?",
            "Hvor meget tid og ressourcer må der anvendes?",
        ],
        "hidden": ["Tilføj aktivitet", "Excel (.xlsx)", "Udskriv", "Filtrér", "Rediger", "Åbn"],
        "menu": "Eksportér eller udskriv",
    },
}


@pytest.fixture
def board_plan(live_db, plan, manager):
    """A plan with its header texts and a dozen long rows under three milestones."""
    manager.set_password("manager")
    manager.save()
    plan.purpose = "Everyone who matters hears about S&OP in time."
    plan.message_and_timing = "Every milestone is announced the week before."
    plan.stakeholder_approach = "Close contact with the executive team."
    plan.save()
    owner = MembershipFactory(plan=plan, role=Role.OWNER).user
    for index, (title, phase) in enumerate(
        [
            ("Kick-off", Phase.RECOGNITION),
            ("Pilot starts", Phase.PILOT),
            ("Go live", Phase.OPERATION),
        ]
    ):
        milestone = MilestoneFactory(
            plan=plan,
            title=title,
            phase=phase,
            planned_date=datetime.date(2026, 3 + 3 * index, 1),
        )
        for number in range(5):
            PlanRowFactory(
                plan=plan,
                owner=owner,
                milestone=milestone,
                message__content=f"{title}: what changes for you, part {number}. " * 4,
                message__goal="Everyone knows their part in the monthly cycle.",
                assurance="Checked at the next pre-S&OP meeting, with minutes.",
            )
    return plan


@pytest.mark.parametrize("language", ["en", "da"])
def test_the_plan_prints_as_an_a4_landscape_table(
    browser, live_server, board_plan, output_path, language
):
    texts = TEXTS[language]
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, extra_http_headers={"Accept-Language": language}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}{board_plan.get_absolute_url()}")
    print_header = page.locator(".plan-header-print")
    expect(print_header).to_be_hidden()
    page.get_by_role("button", name=texts["menu"]).click()
    expect(page.get_by_role("button", name=texts["hidden"][2], exact=True)).to_be_visible()

    page.emulate_media(media="print")

    # The header texts, the five toolkit columns, the rows grouped by milestone.
    for heading in texts["header"]:
        expect(print_header.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(print_header).to_contain_text("Every milestone is announced the week before.")
    # Grouped by milestone, each group prints with its heading and the column names on top.
    headings = page.locator(".plan-table .row-group").first.locator(".print-column-names th")
    for index, column in enumerate(texts["columns"]):
        expect(headings.nth(index)).to_contain_text(column)
    expect(page.locator(".plan-table .group-row")).to_have_count(3)
    expect(page.locator(".plan-table .group-row").nth(1)).to_contain_text("Pilot starts")
    # The group rows already name the milestone: no milestone column.
    expect(page.locator(".plan-table th.col-milestone")).to_be_hidden()
    expect(page.locator(".plan-table td.cell-milestone").first).to_be_hidden()

    # No navigation, filters, buttons or edit controls.
    expect(page.locator("nav.app-navbar")).to_be_hidden()
    expect(page.locator("ul.nav-tabs")).to_be_hidden()
    expect(page.locator("form[role=search]")).to_be_hidden()
    expect(page.locator("details.plan-header")).to_be_hidden()
    for name in texts["hidden"]:
        for control in page.get_by_role("button", name=name).all():
            expect(control).to_be_hidden()
        for control in page.get_by_role("link", name=name).all():
            expect(control).to_be_hidden()
    assert page.locator("main button:visible, main a.btn:visible, main select:visible").count() == 0

    # The stylesheet alone makes the paper A4 landscape.
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    Path(output_path).mkdir(parents=True, exist_ok=True)
    (Path(output_path) / f"plan-{language}.pdf").write_bytes(pdf)
    sizes = [
        (round(float(width)), round(float(height)))
        for width, height in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    ]
    assert len(sizes) >= 2, "fifteen long rows fill more than one page"
    assert set(sizes) == {A4_LANDSCAPE}
    context.close()
