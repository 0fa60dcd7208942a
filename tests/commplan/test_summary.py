"""The weekly executive summary: Monday morning, opt-in, the plans' health with links."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from commplan.models import Profile, Reminder, ReminderKind, Role
from commplan.reminders import sweep as reminders
from tests.factories import MembershipFactory, PlanFactory, PlanRowFactory

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
MONDAY = datetime.date(2026, 11, 30)


def at(day, hour):
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=COPENHAGEN)


@pytest.fixture
def opted_in(plan, executive, settings):
    settings.SITE_URL = "https://plan.example.dk"
    Profile.objects.create(user=executive, weekly_summary=True)
    # One overdue row, so the plan has a health warning to report.
    PlanRowFactory(plan=plan, next_review_date=MONDAY - datetime.timedelta(days=3))
    return executive


def summaries():
    return [m for m in mail.outbox if "where your plans stand" in m.subject]


def test_an_executive_who_asked_gets_one_summary_on_monday_morning(opted_in, plan):
    reminders.sweep(now=at(MONDAY, 8))
    reminders.sweep(now=at(MONDAY, 9))

    [message] = summaries()
    assert message.to == [opted_in.email]
    assert "week 49" in message.subject
    text = message.body
    assert plan.name in text
    assert "1 activity is overdue for review" in text
    assert f"https://plan.example.dk/plans/{plan.pk}/dashboard/" in text
    assert f"https://plan.example.dk/plans/{plan.pk}/?due=overdue" in text
    html = message.alternatives[0][0]
    assert f'href="https://plan.example.dk/plans/{plan.pk}/dashboard/"' in html
    assert Reminder.objects.get(kind=ReminderKind.SUMMARY).status == "sent"


@pytest.mark.parametrize(
    "when",
    [at(MONDAY, 6), at(MONDAY + datetime.timedelta(days=1), 8)],
    ids=["monday-before-seven", "tuesday"],
)
def test_no_summary_outside_monday_morning(opted_in, when):
    reminders.sweep(now=when)
    assert summaries() == []


def test_no_summary_without_asking(plan, executive):
    Profile.objects.create(user=executive, weekly_summary=False)
    reminders.sweep(now=at(MONDAY, 8))
    assert summaries() == []


def test_an_owner_only_member_gets_no_summary_even_if_asked(plan, owner):
    Profile.objects.create(user=owner, weekly_summary=True)
    reminders.sweep(now=at(MONDAY, 8))
    assert summaries() == []


def test_the_summary_covers_each_plan_the_person_follows_but_not_archived_ones(opted_in, plan):
    second = PlanFactory(name="Rollout Vejle")
    MembershipFactory(plan=second, user=opted_in, role=Role.MANAGER)
    archived = PlanFactory(name="Old pilot", archived_at=at(MONDAY, 1))
    MembershipFactory(plan=archived, user=opted_in, role=Role.EXECUTIVE)

    reminders.sweep(now=at(MONDAY, 8))

    [message] = summaries()
    assert plan.name in message.body
    assert "Rollout Vejle" in message.body
    assert "No warnings: the plan is on track." in message.body
    assert "Old pilot" not in message.body


def test_the_summary_is_written_in_the_readers_language(opted_in):
    Profile.objects.filter(user=opted_in).update(language="da")
    reminders.sweep(now=at(MONDAY, 8))
    [message] = [m for m in mail.outbox if m.to == [opted_in.email]]
    assert "uge 49" in message.subject
    assert "Hej" in message.body
