"""Deleting things that rows use, removing members, and deleting a whole plan."""

import pytest
from django.urls import reverse

from commplan.models import Channel, CommunicationPlan, Membership, Message, PlanRow, Role
from milestones.models import Milestone
from stakeholders.models import Stakeholder

from ..factories import MembershipFactory, PlanRowFactory

# Rows cannot do without these: (delete url name, model).
REQUIRED_LINKS = {
    "stakeholder": ("stakeholders:stakeholder_delete", Stakeholder),
    "message": ("commplan:message_delete", Message),
}
# Rows can: (delete url name, model, list the deletion returns to).
OPTIONAL_LINKS = {
    "channel": ("commplan:channel_delete", Channel, "commplan:channel_list"),
    "milestone": ("milestones:milestone_delete", Milestone, "milestones:milestone_list"),
}


@pytest.mark.parametrize("field", REQUIRED_LINKS)
def test_a_stakeholder_or_message_in_use_cannot_be_deleted(manager_client, plan, row, field):
    name, model = REQUIRED_LINKS[field]
    used = getattr(row, field)
    url = reverse(name, args=[plan.pk, used.pk])

    page = manager_client.get(url).content.decode()
    response = manager_client.post(url, follow=True)

    assert "1 activity still uses it, so it cannot be deleted." in page
    assert row.get_absolute_url() in page
    assert 'type="submit" class="btn btn-danger"' not in page
    assert response.redirect_chain == [(url, 302)]
    assert "is still used by activities. Move or delete them first." in response.content.decode()
    assert model.objects.filter(pk=used.pk).exists()
    assert getattr(PlanRow.objects.get(pk=row.pk), field) == used


@pytest.mark.parametrize("field", OPTIONAL_LINKS)
def test_deleting_a_channel_or_milestone_in_use_asks_then_detaches_the_rows(
    manager_client, plan, row, field
):
    name, model, list_name = OPTIONAL_LINKS[field]
    used = getattr(row, field)
    url = reverse(name, args=[plan.pk, used.pk])

    page = manager_client.get(url).content.decode()
    assert model.objects.filter(pk=used.pk).exists()
    response = manager_client.post(url, follow=True)

    assert "1 activity uses it. It will stay in the plan without this link." in page
    assert row.get_absolute_url() in page
    assert response.redirect_chain == [(reverse(list_name, args=[plan.pk]), 302)]
    assert f"“{used}” was deleted." in response.content.decode()
    assert not model.objects.filter(pk=used.pk).exists()
    row.refresh_from_db()
    assert getattr(row, field) is None
    assert row.stakeholder is not None  # the row itself stays


def test_removing_a_member_leaves_their_rows_unassigned(manager_client, plan, owner, row):
    membership = Membership.objects.get(plan=plan, user=owner)
    url = reverse("commplan:member_delete", args=[plan.pk, membership.pk])

    page = manager_client.get(url).content.decode()
    response = manager_client.post(url)

    assert "1 activity is owned by this person. It will stay in the plan without an owner." in page
    assert row.get_absolute_url() in page
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    row.refresh_from_db()
    assert row.owner is None


def test_the_last_manager_cannot_be_removed(manager_client, plan, manager):
    membership = Membership.objects.get(plan=plan, user=manager)
    url = reverse("commplan:member_delete", args=[plan.pk, membership.pk])

    response = manager_client.post(url, follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert "A plan needs at least one manager." in response.content.decode()
    assert Membership.objects.get(pk=membership.pk).role == Role.MANAGER


def test_the_last_manager_cannot_step_down(manager_client, plan, manager):
    membership = Membership.objects.get(plan=plan, user=manager)
    url = reverse("commplan:member_update", args=[plan.pk, membership.pk])

    response = manager_client.post(url, {"role": Role.OWNER})

    assert response.status_code == 200
    assert response.context["form"].errors == {"role": ["A plan needs at least one manager."]}
    assert Membership.objects.get(pk=membership.pk).role == Role.MANAGER


def test_a_manager_can_leave_when_another_manager_stays(manager_client, plan, manager):
    MembershipFactory(plan=plan, role=Role.MANAGER)
    membership = Membership.objects.get(plan=plan, user=manager)

    response = manager_client.post(reverse("commplan:member_delete", args=[plan.pk, membership.pk]))

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize("typed", ["", "S&OP", "s&op plan 0 ", "something else"])
def test_deleting_a_plan_needs_its_exact_name(manager_client, plan, row, typed):
    url = reverse("commplan:plan_delete", args=[plan.pk])

    response = manager_client.post(url, {"confirm_name": typed}, follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert "Type the plan&#x27;s name exactly to delete it." in response.content.decode()
    assert CommunicationPlan.objects.filter(pk=plan.pk).exists()
    assert PlanRow.objects.filter(pk=row.pk).exists()


def test_deleting_a_plan_deletes_everything_in_it(manager_client, plan, row):
    other_row = PlanRowFactory()
    page = manager_client.get(reverse("commplan:plan_delete", args=[plan.pk])).content.decode()

    response = manager_client.post(
        reverse("commplan:plan_delete", args=[plan.pk]),
        {"confirm_name": f"  {plan.name} "},
        follow=True,
    )

    assert "1 activities" in page and "1 stakeholders" in page
    assert response.redirect_chain == [(reverse("commplan:plan_list"), 302)]
    assert f"The plan “{plan.name}” was deleted." in response.content.decode().replace("&amp;", "&")
    assert not CommunicationPlan.objects.filter(pk=plan.pk).exists()
    for model in (PlanRow, Stakeholder, Message, Channel, Milestone, Membership):
        assert not model.objects.filter(plan_id=plan.pk).exists()
    assert PlanRow.objects.filter(pk=other_row.pk).exists()
