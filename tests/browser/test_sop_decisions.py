"""Issue 15 end to end, in English and in Danish: a manager records an executive S&OP meeting
with two decisions and confirms the drafted activities; the reminder sweep of the next working
day reminds the owner and names the decision; the owner records the reviews; the executive's
dashboard shows the decision as communicated.

The browser asks for the language (Accept-Language); the owner reads their email in it too.
Screenshots are written to test-results/<test>/ for a person to look at.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from commplan.cadence import add_working_days
from commplan.models import Decision, Meeting, PlanRow, Profile, Role, RowStatus
from commplan.reminders.sweep import sweep

from ..factories import ChannelFactory, MembershipFactory, PlanFactory, StakeholderFactory
from .conftest import sign_in

pytestmark = pytest.mark.browser

REVIEW_LINK = re.compile(r"https?://\S+/plans/\d+/rows/\d+/reviews/new/")
FIRST = "Production of PX-200 moves to Aarhus"
SECOND = "Safety stock of spare parts raised to six weeks"

WORDS = {
    "en": {
        "meetings": "Meetings",
        "record_meeting": "Record a meeting",
        "executive_meeting": "Executive S&OP meeting",
        "save": "Save",
        "record_decision": "Record a decision",
        "drafts": "Drafted activities",
        "create": "Create the activities",
        "created": "2 activities were created.",
        "created_one": "1 activity was created.",
        "reach": "Reach: 0 of 2 groups have heard",
        "decision_line": f"Decision: “{FIRST}”",
        "record_review": "Record review",
        "happened": "Did the communication happen",
        "done": "Done",
        "goal": "Was the goal reached",
        "yes": "Yes",
        "save_review": "Save review",
        "communicated": "Communicated",
        "under_way": "Under way",
        "attended": "You attended",
    },
    "da": {
        "meetings": "Møder",
        "record_meeting": "Registrér et møde",
        "executive_meeting": "S&OP-direktionsmøde",
        "save": "Gem",
        "record_decision": "Registrér en beslutning",
        "drafts": "Foreslåede aktiviteter",
        "create": "Opret aktiviteterne",
        "created": "2 aktiviteter blev oprettet.",
        "created_one": "1 aktivitet blev oprettet.",
        "reach": "Rækkevidde: 0 af 2 grupper har hørt det",
        "decision_line": f"Beslutning: »{FIRST}«",
        "record_review": "Registrér opfølgning",
        "happened": "Blev kommunikationen gennemført",
        "done": "Gennemført",
        "goal": "Blev målet nået",
        "yes": "Ja",
        "save_review": "Gem opfølgning",
        "communicated": "Kommunikeret",
        "under_way": "I gang",
        "attended": "Du deltog",
    },
}


@pytest.fixture(params=["en", "da"])
def language(request):
    return request.param


@pytest.fixture
def browser_context_args(browser_context_args, language):
    return {
        **browser_context_args,
        "locale": "da-DK" if language == "da" else "en-GB",
        "extra_http_headers": {"Accept-Language": language},
    }


@pytest.fixture
def world(live_db, live_server, settings, language):
    """A plan with a manager, an owner and an executive who can sign in (password = username),
    and two stakeholder groups the owner communicates with by email."""
    settings.SITE_URL = live_server.url
    plan = PlanFactory(name="Pumper A/S", sop_meeting_week=3, sop_meeting_weekday=2)
    people = {}
    for role, (first, last) in {
        Role.MANAGER: ("Mette", "Hansen"),
        Role.OWNER: ("Ole", "Olsen"),
        Role.EXECUTIVE: ("Erik", "Eriksen"),
    }.items():
        user = MembershipFactory(
            plan=plan, role=role, user__username=str(role), user__first_name=first
        ).user
        user.last_name = last
        user.set_password(str(role))
        user.save()
        Profile.objects.create(user=user, language=language)
        people[role] = user
    email = ChannelFactory(plan=plan, name="E-mail")
    for name in ("Sales", "Plants"):
        StakeholderFactory(
            plan=plan, name=name, preferred_channel=email, default_owner=people[Role.OWNER]
        )
    return plan, people


def test_decisions_reach_every_group_affected(
    page: Page, live_server, world, language, output_path
):
    plan, people = world
    words = WORDS[language]
    today = timezone.localdate()
    release = add_working_days(today, 1)
    page.set_default_timeout(15_000)

    def screenshot(name):
        page.screenshot(path=f"{output_path}/{language}-{name}.png", full_page=True)

    # The manager records today's executive S&OP meeting, with the executive attending.
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.locator(".plan-tabs").get_by_role("link", name=words["meetings"]).click()
    page.get_by_role("link", name=words["record_meeting"]).click()
    page.locator("select[name=kind]").select_option("executive")
    page.locator("input[name=date]").fill(today.isoformat())
    page.get_by_label("Erik Eriksen").check()
    page.locator("textarea[name=minutes]").fill("Capacity trade-off for the third quarter.")
    page.get_by_role("button", name=words["save"], exact=True).click()
    meeting = Meeting.objects.get(plan=plan)
    expect(page).to_have_url(f"{live_server.url}{meeting.get_absolute_url()}")
    expect(page.get_by_role("heading", level=2)).to_contain_text(words["executive_meeting"])

    # Two decisions; the drafts of each are confirmed on one screen.
    for title, groups, count in ((FIRST, ("Sales", "Plants"), 2), (SECOND, ("Sales",), 1)):
        page.get_by_role("link", name=words["record_decision"]).first.click()
        page.locator("input[name=title]").fill(title)
        page.locator("textarea[name=rationale]").fill("Capacity in Kolding is needed.")
        for group in groups:
            page.get_by_label(group, exact=True).check()
        page.get_by_role("button", name=words["save"], exact=True).click()
        expect(page.get_by_role("heading", name=words["drafts"])).to_be_visible()
        expect(page.locator("fieldset.draft")).to_have_count(count)
        first_draft = page.locator("fieldset.draft").first
        expect(first_draft.locator("select[name$=owner]")).to_have_value(str(people[Role.OWNER].pk))
        expect(first_draft.locator("input[name$=due]")).to_have_value(release.isoformat())
        if count == 2:
            screenshot("01-drafts")
        page.get_by_role("button", name=words["create"]).click()
        decision = Decision.objects.get(title=title)
        expect(page).to_have_url(f"{live_server.url}{decision.get_absolute_url()}")
        message = words["created"] if count == 2 else words["created_one"]
        expect(page.get_by_role("status").filter(has_text=message)).to_be_visible()
        if count == 2:
            expect(page.get_by_role("heading", name=words["reach"])).to_be_visible()
            screenshot("02-decision")
        page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    screenshot("03-meeting")

    rows = PlanRow.objects.filter(decision__meeting=meeting)
    assert rows.count() == 3
    assert {row.next_review_date for row in rows} == {release}
    assert {row.owner for row in rows} == {people[Role.OWNER]}

    # The sweep of the next working day reminds the owner, naming the decision.
    copenhagen = ZoneInfo("Europe/Copenhagen")
    result = sweep(now=datetime.datetime.combine(release, datetime.time(7), tzinfo=copenhagen))
    assert result.sent == 1
    (email,) = mail.outbox
    assert email.to == [people[Role.OWNER].email]
    assert words["decision_line"] in email.body

    # The owner follows the links and records the review of the first decision's activities.
    page.context.clear_cookies()
    sign_in(page, live_server, "owner")
    first = Decision.objects.get(title=FIRST)
    links = [
        link
        for link in REVIEW_LINK.findall(email.body)
        if int(link.rstrip("/").split("/")[-3]) in set(first.rows.values_list("pk", flat=True))
    ]
    assert len(links) == 2
    for number, link in enumerate(links):
        page.goto(link)
        page.get_by_role("group", name=re.compile(words["happened"])).get_by_label(
            words["done"], exact=True
        ).check()
        page.get_by_role("group", name=re.compile(words["goal"])).get_by_label(
            words["yes"], exact=True
        ).check()
        if number == 0:
            screenshot("04-review")
        page.get_by_role("button", name=words["save_review"]).click()
        expect(page.locator(".review-history")).to_be_visible()
    assert set(first.rows.values_list("status", flat=True)) == {RowStatus.DONE}

    # The executive's dashboard: the first decision communicated, the second under way.
    page.context.clear_cookies()
    sign_in(page, live_server, "executive")
    page.goto(f"{live_server.url}/plans/{plan.pk}/dashboard/")
    section = page.locator(".recent-meetings")
    expect(section).to_contain_text(words["attended"])
    communicated = section.locator(".dash-decision", has_text=FIRST)
    expect(communicated.locator(".decision-status")).to_have_text(words["communicated"])
    expect(communicated).to_contain_text("✓ Sales")
    expect(communicated).to_contain_text("✓ Plants")
    second = section.locator(".dash-decision", has_text=SECOND)
    expect(second.locator(".decision-status")).to_have_text(words["under_way"])
    section.scroll_into_view_if_needed()
    screenshot("05-dashboard")
