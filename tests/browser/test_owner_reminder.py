"""An owner goes from the reminder email to a recorded review, in a real browser.

The sweep sends the digest (Django's locmem backend, so the test can read it); the link in its
text part is opened signed out, which leads through the sign-in page to the review form. Saving
the review shows it in the row's history, and the row's next review moves a week on.
Screenshots are written to test-results/<test>/ for a person to look at.
"""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from commplan.models import Cadence, Review, RowStatus
from commplan.reminders.sweep import sweep

from ..factories import PlanRowFactory, StakeholderFactory

pytestmark = pytest.mark.browser

REVIEW_LINK = re.compile(r"https?://\S+/plans/\d+/rows/\d+/reviews/new/")


@pytest.fixture
def due_row(live_db, plan, owner, settings, live_server):
    """A weekly row of an owner who can sign in, due for review today; links point at the live
    server."""
    settings.SITE_URL = live_server.url
    owner.first_name, owner.last_name = "Ole", "Olsen"
    owner.set_password("owner")
    owner.save()
    return PlanRowFactory(
        plan=plan,
        owner=owner,
        stakeholder=StakeholderFactory(plan=plan, name="Demand planners"),
        cadence=Cadence.WEEKLY,
        scheduled_date=None,
        next_review_date=timezone.localdate(),
        status=RowStatus.ACTIVE,
        planned_hours=3,
    )


def test_owner_follows_the_reminder_link_and_records_a_review(
    page: Page, live_server, due_row, owner, output_path
):
    def screenshot(name):
        page.screenshot(path=f"{output_path}/{name}.png", full_page=True)

    page.set_default_timeout(10_000)
    today = timezone.localdate()

    # The sweep sends the owner one digest; its text part links to the review form.
    result = sweep()
    assert result.sent == 1
    (email,) = mail.outbox
    assert email.to == [owner.email]
    link = REVIEW_LINK.search(email.body).group()
    assert link == f"{live_server.url}/plans/{due_row.plan_id}/rows/{due_row.pk}/reviews/new/"

    # Signed out, the link leads to the sign-in page, and from there to the form.
    page.goto(link)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.get_by_label("Username").fill("owner")
    page.get_by_label("Password").fill("owner")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(link)
    expect(page.get_by_role("heading", name="Record review")).to_be_visible()
    expect(page.locator(".review-row")).to_contain_text("Demand planners")
    expect(page.locator(".review-row")).to_contain_text("Due today")

    happened = page.get_by_role("group", name=re.compile("Did the communication happen"))
    happened.get_by_label("Done", exact=True).check()
    goal = page.get_by_role("group", name=re.compile("Was the goal reached"))
    goal.get_by_label("Yes", exact=True).check()
    page.get_by_label("How it was verified").fill("Everyone signed the attendance list")
    page.get_by_label("Actual hours").fill("2")
    screenshot("01-review-form-filled")
    page.get_by_role("button", name="Save review").click()

    # The row page: the review in its history, the next review a week on.
    review = Review.objects.get(row=due_row)
    expect(page).to_have_url(f"{live_server.url}{due_row.get_absolute_url()}#review-{review.pk}")
    expect(page.get_by_role("status").filter(has_text="The review was recorded.")).to_be_visible()
    history = page.locator(f"#review-{review.pk}")
    expect(history).to_contain_text("Ole Olsen")
    expect(history).to_contain_text("On time")
    expect(history).to_contain_text("Everyone signed the attendance list")
    expect(history).to_contain_text("Done")
    expect(history).to_contain_text("Yes")
    next_review = today + datetime.timedelta(days=7)
    facts = page.locator("dt", has_text="Next review").locator("xpath=following-sibling::dd[1]")
    expect(facts).to_have_text(date_format(next_review, "SHORT_DATE_FORMAT"))
    expect(page.locator(".resources-table")).to_contain_text("Actual")
    screenshot("02-row-with-review")

    due_row.refresh_from_db()
    assert due_row.next_review_date == next_review
    assert (review.reviewed_by, review.due_date, review.actual_hours) == (owner, today, 2)
