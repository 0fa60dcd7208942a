"""The meetings list, a decision page and the dashboard's decisions cost the same number of
queries with N and 2N meetings, decisions and groups (issue 15)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commplan.models import Role, RowStatus

from ..factories import (
    DecisionFactory,
    MeetingFactory,
    MembershipFactory,
    PlanRowFactory,
    StakeholderFactory,
)

N = 4


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_meetings(plan, n, groups_each=2):
    """`n` past meetings, each with a decision affecting `groups_each` new groups, each group's
    activity owned by a new owner, half of them done; the meetings have an attendee each."""
    for i in range(n):
        meeting = MeetingFactory(plan=plan, date=datetime.date(2026, 3, 2) + datetime.timedelta(i))
        meeting.attendees.add(MembershipFactory(plan=plan, role=Role.EXECUTIVE).user)
        add_decision(plan, meeting, groups_each)


def add_decision(plan, meeting, groups):
    decision = DecisionFactory(meeting=meeting)
    for j in range(groups):
        group = StakeholderFactory(plan=plan)
        decision.affected.add(group)
        owner = MembershipFactory(plan=plan, role=Role.OWNER).user
        PlanRowFactory(
            plan=plan,
            stakeholder=group,
            decision=decision,
            owner=owner,
            status=RowStatus.DONE if j % 2 else RowStatus.PLANNED,
        )
    return decision


@pytest.mark.parametrize("persona", ["manager", "owner"])
def test_the_meetings_list_costs_the_same_with_n_and_2n_meetings(
    manager_client, owner_client, owner, plan, persona
):
    client = manager_client if persona == "manager" else owner_client
    url = reverse("commplan:meeting_list", args=[plan.pk])
    add_meetings(plan, N)
    PlanRowFactory(plan=plan, owner=owner, decision=plan.meetings.first().decisions.first())
    first = queries(client, url)
    add_meetings(plan, N)
    assert queries(client, url) == first


def test_a_decision_page_costs_the_same_with_n_and_2n_groups(manager_client, plan):
    decision = add_decision(plan, MeetingFactory(plan=plan), N)
    url = decision.get_absolute_url()
    first = queries(manager_client, url)
    for _ in range(N):
        group = StakeholderFactory(plan=plan)
        decision.affected.add(group)
        PlanRowFactory(plan=plan, stakeholder=group, decision=decision)
    assert queries(manager_client, url) == first


def test_the_dashboards_decisions_cost_the_same_with_n_and_2n_decisions(executive_client, plan):
    url = reverse("commplan:plan_dashboard", args=[plan.pk])
    add_meetings(plan, 3, groups_each=N)
    first = queries(executive_client, url)
    for meeting in plan.meetings.all():
        add_decision(plan, meeting, N)
    assert queries(executive_client, url) == first


def test_the_draft_screen_costs_the_same_with_n_and_2n_groups(manager_client, plan):
    meeting = MeetingFactory(plan=plan)
    decision = DecisionFactory(meeting=meeting)
    decision.affected.set([StakeholderFactory(plan=plan) for _ in range(N)])
    url = reverse("commplan:decision_draft", args=[plan.pk, decision.pk])
    first = queries(manager_client, url)
    decision.affected.add(*[StakeholderFactory(plan=plan) for _ in range(N)])
    assert queries(manager_client, url) == first
