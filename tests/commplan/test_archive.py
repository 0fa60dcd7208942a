"""An archived plan is kept for reading: every change is refused and nothing is saved."""

import pytest
from django.urls import reverse
from django.utils import timezone


@pytest.fixture
def archived(plan, row):
    plan.archived_at = timezone.now()
    plan.save(update_fields=["archived_at"])
    return plan


def test_an_archived_plan_can_still_be_read(manager_client, archived, row):
    response = manager_client.get(reverse("commplan:plan_detail", args=[archived.pk]))
    assert response.status_code == 200
    assert row.stakeholder.name in response.content.decode()


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("commplan:plan_update", lambda row: [row.plan_id]),
        ("commplan:row_create", lambda row: [row.plan_id]),
        ("commplan:row_update", lambda row: [row.plan_id, row.pk]),
        ("commplan:row_inline", lambda row: [row.plan_id, row.pk]),
        ("commplan:review_create", lambda row: [row.plan_id, row.pk]),
        ("stakeholders:stakeholder_create", lambda row: [row.plan_id]),
    ],
)
def test_a_manager_cannot_change_an_archived_plan(
    manager_client, archived, row, snapshot, name, args
):
    before = snapshot()
    response = manager_client.post(reverse(name, args=args(row)), {"name": "Changed"})
    assert response.status_code == 403
    assert "archived" in response.content.decode()
    assert snapshot() == before


def test_an_owner_cannot_review_a_row_of_an_archived_plan(owner_client, archived, row):
    url = reverse("commplan:review_create", args=[archived.pk, row.pk])
    data = {"reviewed_on": timezone.localdate(), "happened": "done", "goal_reached": "yes"}
    response = owner_client.post(url, data)
    assert response.status_code == 403
    assert not row.reviews.exists()
