"""A plan manager brings their Excel plan in: upload → preview → decide about an unknown owner
→ import → the activities are in the plan table. Screenshots go to test-results/<test>/."""

import pytest
from playwright.sync_api import Page, expect

from commplan.models import PlanRow

from ..commplan.import_files import toolkit_rows, xlsx

pytestmark = pytest.mark.browser


@pytest.fixture
def spreadsheet(live_db, plan, manager, owner, tmp_path):
    """A toolkit-style workbook: one row for a member, one for someone not in the plan."""
    manager.set_password("manager")
    manager.save()
    owner.first_name, owner.last_name = "Ole", "Olsen"
    owner.save()
    path = tmp_path / "kommunikationsplan.xlsx"
    path.write_bytes(
        xlsx(
            [
                ["Kommunikationsplan – S&OP pilot"],
                [],
                *toolkit_rows(
                    [
                        "Salg og marketing",
                        "Ny månedlig plan",
                        "Informationsmøde",
                        "Ole Olsen",
                        "2 t / 1.200 DKK",
                    ],
                    [
                        "Nøglekunder",
                        "Bedre leveringsevne",
                        "Nyhedsbrev",
                        "Jens Hansen",
                        "half a day, 800 kr",
                    ],
                ),
            ]
        )
    )
    return path


def test_manager_imports_a_spreadsheet(
    page: Page, live_server, plan, owner, spreadsheet, output_path
):
    page.set_default_timeout(10_000)

    def screenshot(name):
        page.screenshot(path=f"{output_path}/{name}.png", full_page=True)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("manager")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")

    page.get_by_role("button", name="Plan actions").click()  # a Bootstrap dropdown
    page.get_by_role("link", name="Import from a spreadsheet").first.click()
    page.get_by_label("Spreadsheet").set_input_files(spreadsheet)
    screenshot("1-upload")
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("heading", name="Preview of kommunikationsplan.xlsx")).to_be_visible()
    table = page.locator("table.import-table")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text("Salg og marketing")
    expect(table).to_contain_text("3.7 h")  # half a day
    expect(page.locator("[data-summary=errors]")).to_have_text("0")
    assert PlanRow.objects.filter(plan=plan).count() == 0  # nothing saved yet
    page.get_by_label("What to do with Jens Hansen").select_option(label="Ole Olsen")
    screenshot("2-preview")

    page.get_by_role("button", name="Import 2 activities").first.click()

    expect(page).to_have_url(f"{live_server.url}{plan.get_absolute_url()}")
    expect(page.get_by_role("alert").or_(page.locator(".alert-success"))).to_contain_text(
        "2 activities were imported from kommunikationsplan.xlsx."
    )
    plan_table = page.locator("table.plan-table")
    expect(plan_table).to_contain_text("Ny månedlig plan")
    expect(plan_table).to_contain_text("Bedre leveringsevne")
    screenshot("3-imported")
    assert [row.owner for row in PlanRow.objects.filter(plan=plan)] == [owner, owner]
