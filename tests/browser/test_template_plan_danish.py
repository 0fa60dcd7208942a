"""A Danish plan manager builds a plan from the S&OP template, in a browser that asks for Danish.

The browser sends `Accept-Language: da` (locale da-DK); every page on the way is Danish, and so
is the plan the template creates: its milestones, stakeholders and starter activities.
Screenshots are written to test-results/<test>/ for a person to look at.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from commplan.models import CommunicationPlan, Role

from ..factories import UserFactory

pytestmark = pytest.mark.browser

DECISIONS = "Beslutningerne fra månedens S&OP-direktionsmøde"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "da-DK",
        "extra_http_headers": {"Accept-Language": "da"},
    }


@pytest.fixture
def planner(live_db):
    """A person on no plan yet, who can sign in."""
    return UserFactory(
        username="mette", first_name="Mette", last_name="Mortensen", password="hemmelig"
    )


def test_a_danish_manager_builds_a_plan_from_the_template(
    page: Page, live_server, planner, output_path
):
    def screenshot(name):
        page.screenshot(path=f"{output_path}/{name}.png", full_page=True)

    page.set_default_timeout(10_000)
    today = timezone.localdate()
    start = today + datetime.timedelta(days=7 - today.weekday())  # next Monday

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Brugernavn").fill("mette")
    page.get_by_label("Adgangskode").fill("hemmelig")
    page.get_by_role("button", name="Log ind").click()
    expect(page).to_have_url(f"{live_server.url}/plans/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kommunikationsplaner")

    page.get_by_role("link", name="Ny plan fra S&OP-skabelonen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny plan fra S&OP-skabelonen")
    expect(page.get_by_text("Dette opretter skabelonen")).to_be_visible()
    expect(page.get_by_text("Definering af S&OP-proces")).to_be_visible()
    page.get_by_label("Virksomhed").fill("Vestjysk Ventil A/S")
    page.get_by_label("Pilotens produktgruppe").fill("Kugleventiler")
    page.get_by_label("Pilotens lokation").fill("Herning")
    page.get_by_label("Startdato").fill(start.isoformat())
    page.get_by_label(re.compile(r"S&OP-direktionsmøde: uge\W*$")).select_option(label="3.")
    page.get_by_label("S&OP-direktionsmøde: ugedag").select_option(label="tirsdag")
    screenshot("01-skabelon-udfyldt")
    page.get_by_role("button", name="Opret plan").click()

    plan = CommunicationPlan.objects.get(organisation="Vestjysk Ventil A/S")
    expect(page).to_have_url(f"{live_server.url}/plans/{plan.pk}/")
    expect(page.get_by_role("status")).to_contain_text("Planen er oprettet fra S&OP-skabelonen")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kommunikationsplan for S&OP – Vestjysk Ventil A/S"
    )
    table = page.locator("table.plan-table")
    expect(table.get_by_role("columnheader").first).to_contain_text("Interessenter (målgruppe)")
    expect(
        table.get_by_role("columnheader", name=re.compile("^Erkendelse · Direktionen godkender"))
    ).to_be_visible()
    expect(table.get_by_text(DECISIONS).first).to_be_visible()
    expect(table).to_contain_text("Hvorfor Vestjysk Ventil A/S indfører Sales & Operations")
    screenshot("02-plan-fra-skabelonen")

    page.get_by_role("link", name="Milepæle").click()
    phases = ["Erkendelse", "Analyse & diagnose", "Definering af S&OP-proces", "Pilot", "Drift"]
    for number, phase in enumerate(phases, start=1):
        expect(page.get_by_role("cell", name=f"{number}. {phase}").first).to_be_visible()
    pilot = "Pilotstart i den månedlige S&OP-cyklus: Kugleventiler (Herning)"
    expect(page.get_by_role("cell", name=pilot, exact=True)).to_be_visible()
    screenshot("03-milepaele")

    page.get_by_role("link", name="Interessenter").click()
    direktionen = page.get_by_role("row").filter(has_text="Direktionen")
    expect(direktionen).to_contain_text("Håndter tæt")
    screenshot("04-interessenter")

    assert plan.role_for(planner) == Role.MANAGER
    assert plan.stakeholders.filter(name="Nøglekunder", is_internal=False).exists()
