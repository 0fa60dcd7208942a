"""The calendar feeds never fail on stored text: whatever a name, title or description holds
(line breaks, control characters, bidi marks, text stored before names were checked), every
member's feeds answer 200 and parse back."""

import unicodedata

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from commplan.models import CommunicationPlan, Message, PlanRow, Profile
from milestones.models import Milestone
from stakeholders.models import Stakeholder

from ..factories import MilestoneFactory, PlanRowFactory

# Any text a database can hold (PostgreSQL refuses NUL), line breaks and controls included.
STORED_TEXT = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1, max_size=60
) | st.sampled_from(["Pilot\nDanfoss", "Tab\there", "a\r\nb", "\x1b[31m", "x\u2028y", ";,:\\"])


@pytest.fixture
def feeds(client, plan, owner, today):
    row = PlanRowFactory(plan=plan, owner=owner, next_review_date=today)
    milestone = MilestoneFactory(plan=plan, planned_date=today)
    Profile.objects.update_or_create(user=owner, defaults={"calendar_token": "text-feed-token"})
    client.force_login(owner)
    return (
        row,
        milestone,
        [
            reverse("commplan:calendar_feed", args=["text-feed-token"]),
            reverse("commplan:calendar_plan_feed", args=["text-feed-token", plan.pk]),
        ],
    )


@pytest.fixture
def today():
    return timezone.localdate()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=STORED_TEXT, title=STORED_TEXT, text=STORED_TEXT)
# The defect that made this test: a line break in a plan's name (found on a real deployment).
@example(name="Pilot\nDanfoss", title="Kick-off\r\n", text="Tab\there\x1b")
def test_the_feeds_answer_whatever_text_is_stored(client, feeds, name, title, text):
    row, milestone, urls = feeds
    # Stored directly, as old data or the admin could have it: no form checks it on the way.
    CommunicationPlan.objects.filter(pk=row.plan_id).update(name=name)
    Milestone.objects.filter(pk=milestone.pk).update(title=title, description=text)
    Stakeholder.objects.filter(pk=row.stakeholder_id).update(name=title)
    Message.objects.filter(pk=row.message_id).update(content=text, goal=name)
    PlanRow.objects.filter(pk=row.pk).update(assurance=text)
    row.owner.__class__.objects.filter(pk=row.owner_id).update(first_name=name)

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        calendar = Calendar.from_ical(response.content)
        calendar_name = str(calendar["X-WR-CALNAME"])
        assert not any(unicodedata.category(char) == "Cc" for char in calendar_name)
        assert calendar.walk("VEVENT")
