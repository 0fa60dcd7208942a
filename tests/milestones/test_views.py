"""The milestone list's filters and the milestone form."""

import datetime

import pytest
from django.urls import reverse

from milestones.forms import MilestoneForm
from milestones.models import Milestone, MilestoneStatus, Phase

from ..factories import MilestoneFactory, form_data


@pytest.fixture
def milestones(plan):
    return [
        MilestoneFactory(
            plan=plan,
            title="Top management backs S&OP",
            phase=Phase.RECOGNITION,
            status=MilestoneStatus.REACHED,
            planned_date=datetime.date(2026, 2, 1),
        ),
        MilestoneFactory(
            plan=plan,
            title="Pilot go-live",
            phase=Phase.PILOT,
            description="First executive meeting",
            planned_date=datetime.date(2026, 6, 1),
        ),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Top management backs S&OP", "Pilot go-live"]),
        ({"phase": Phase.PILOT}, ["Pilot go-live"]),
        ({"status": MilestoneStatus.REACHED}, ["Top management backs S&OP"]),
        ({"q": "executive"}, ["Pilot go-live"]),
        ({"q": "backs"}, ["Top management backs S&OP"]),
    ],
)
def test_list_filters(owner_client, plan, milestones, query, expected):
    response = owner_client.get(reverse("milestones:milestone_list", args=[plan.pk]), query)

    assert [m.title for m in response.context["object_list"]] == expected


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"planned_date": ""}, "planned_date", "This field is required."),
        ({"planned_date": "next spring"}, "planned_date", "Enter a valid date."),
        ({"phase": "6"}, "phase", "Select a valid choice."),
        ({"status": "late"}, "status", "Select a valid choice."),
        ({"title": ""}, "title", "This field is required."),
    ],
)
def test_form_errors_are_at_the_field_and_save_nothing(manager_client, plan, changes, field, error):
    data = form_data(MilestoneForm(), title="Executive S&OP", phase="5", planned_date="2026-11-30")

    response = manager_client.post(
        reverse("milestones:milestone_create", args=[plan.pk]), data | changes
    )

    assert response.status_code == 200
    assert error in " ".join(response.context["form"].errors[field])
    assert not Milestone.objects.filter(plan=plan).exists()
