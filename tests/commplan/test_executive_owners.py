"""One rule for who owns activities: plan managers and communication owners. Executives read;
an executive never appears as an owner choice, cannot be made owner, and one left owning a row
(from before the rule) writes nothing through any view."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commplan.models import Membership, PlanRow, Review, Role
from commplan.rows.forms import PlanRowForm, PlanRowInlineForm
from tests.factories import PlanRowFactory, form_data


@pytest.mark.parametrize("form_class", [PlanRowForm, PlanRowInlineForm])
def test_the_owner_choices_leave_executives_out(row, manager, owner, executive, form_class):
    choices = set(form_class(instance=row).fields["owner"].queryset)

    assert choices == {manager, owner}


def test_an_executive_cannot_be_made_owner(row, executive):
    row.owner = executive

    with pytest.raises(ValidationError) as refused:
        row.full_clean()

    assert "Executives read the plan and cannot own activities" in str(refused.value)


@pytest.fixture
def executive_row(plan, executive):
    """A row an executive was made owner of before the rule (the owner list offered them)."""
    return PlanRowFactory(plan=plan, owner=executive)


@pytest.mark.parametrize("name", ["commplan:review_create", "commplan:row_update"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_executive_owning_a_row_cannot_write_to_it(
    executive_client, executive_row, snapshot, name, method
):
    url = reverse(name, args=[executive_row.plan_id, executive_row.pk])
    before = snapshot()
    data = {
        "happened": "yes",
        "goal_reached": "yes",
        "actual_hours": "2",
        "actual_cost": "0",
        "assurance": "Mine now",
        "status": "done",
    }

    response = executive_client.get(url) if method == "GET" else executive_client.post(url, data)

    assert response.status_code == 403
    assert snapshot() == before


def test_the_row_page_offers_an_executive_owner_no_review(executive_client, executive_row):
    html = executive_client.get(executive_row.get_absolute_url()).content.decode()

    assert (
        reverse("commplan:review_create", args=[executive_row.plan_id, executive_row.pk])
        not in html
    )


def test_making_an_owner_executive_leaves_their_activities_unassigned(
    manager_client, plan, owner, row
):
    membership = Membership.objects.get(plan=plan, user=owner)
    url = reverse("commplan:member_update", args=[plan.pk, membership.pk])
    form = manager_client.get(url).context["form"]
    assert "without an owner" in str(form.fields["role"].help_text)

    response = manager_client.post(url, form_data(form, role=Role.EXECUTIVE), follow=True)

    row.refresh_from_db()
    assert row.owner is None
    assert row.history.first().owner_id is None  # recorded, with who did it
    assert "now has no owner" in response.content.decode()
    assert not Review.objects.exists()


def test_making_an_owner_a_manager_keeps_their_activities(manager_client, plan, owner, row):
    membership = Membership.objects.get(plan=plan, user=owner)
    url = reverse("commplan:member_update", args=[plan.pk, membership.pk])
    form = manager_client.get(url).context["form"]

    manager_client.post(url, form_data(form, role=Role.MANAGER))

    assert PlanRow.objects.get(pk=row.pk).owner == owner
