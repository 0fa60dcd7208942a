"""What a plan's stakeholders, milestones, messages and channels have in common: their lists
keep their order, and names that must be unique in a plan get a message, not an error page."""

import datetime

import pytest
from django.urls import reverse

from commplan.catalogue.forms import ChannelForm
from stakeholders.forms import StakeholderForm

from ..factories import (
    ChannelFactory,
    MessageFactory,
    MilestoneFactory,
    PlanRowFactory,
    StakeholderFactory,
    form_data,
)


def _milestone(plan, label, n):
    return MilestoneFactory(
        plan=plan, title=label, planned_date=datetime.date(2026, 1, 1) + datetime.timedelta(n)
    )


# list url name, how to make one (in its list order: by name, milestones by date), its label
LISTS = {
    "stakeholders": ("stakeholders:stakeholder_list", StakeholderFactory, "name"),
    "channels": ("commplan:channel_list", ChannelFactory, "name"),
    "messages": ("commplan:message_list", MessageFactory, "content"),
    "milestones": ("milestones:milestone_list", None, "title"),
}


@pytest.mark.parametrize("kind", LISTS)
def test_lists_keep_their_order_while_counting_rows(executive_client, plan, kind):
    name, factory, label = LISTS[kind]
    # Created out of order, and each used by a row, so the list has to group to count them.
    made = []
    for n, text in [(2, "Charlie"), (0, "Alpha"), (1, "Bravo")]:
        obj = _milestone(plan, text, n) if factory is None else factory(plan=plan, **{label: text})
        PlanRowFactory(plan=plan, **{kind[:-1]: obj})
        made.append(obj)

    response = executive_client.get(reverse(name, args=[plan.pk]))

    listed = [getattr(obj, label) for obj in response.context["object_list"]]
    assert listed == ["Alpha", "Bravo", "Charlie"]
    assert [obj.row_count for obj in response.context["object_list"]] == [1, 1, 1]


NAMED = {
    "stakeholder": (StakeholderFactory, StakeholderForm, "stakeholders:stakeholder"),
    "channel": (ChannelFactory, ChannelForm, "commplan:channel"),
}


@pytest.mark.parametrize("action", ["create", "update"])
@pytest.mark.parametrize("kind", NAMED)
def test_a_name_already_used_in_the_plan_is_refused_at_the_field(
    manager_client, plan, snapshot, kind, action
):
    factory, form_class, url_prefix = NAMED[kind]
    factory(plan=plan, name="Intranet")
    factory(name="Intranet")  # another plan's name does not matter
    other = factory(plan=plan, name="Newsletter")
    if action == "create":
        url = reverse(f"{url_prefix}_create", args=[plan.pk])
        data = form_data(form_class(), name=" Intranet ")
    else:
        url = reverse(f"{url_prefix}_update", args=[plan.pk, other.pk])
        data = form_data(form_class(instance=other), name="Intranet")
    before = snapshot()

    response = manager_client.post(url, data)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": [f"The plan already has a {kind} with this name."]
    }
    assert snapshot() == before


@pytest.mark.parametrize("kind", NAMED)
def test_saving_under_its_own_name_is_fine(manager_client, plan, kind):
    factory, form_class, url_prefix = NAMED[kind]
    obj = factory(plan=plan, name="Intranet")

    response = manager_client.post(
        reverse(f"{url_prefix}_update", args=[plan.pk, obj.pk]),
        form_data(form_class(instance=obj)),
    )

    assert response.status_code == 302
