"""Every save says so (issue 18, item 9): creating or editing a stakeholder, milestone, channel
or message shows a confirmation, as deleting does; a refused save says nothing of the kind."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from commplan.catalogue.forms import ChannelForm, MessageForm
from milestones.forms import MilestoneForm
from stakeholders.forms import StakeholderForm

from ..factories import (
    ChannelFactory,
    MessageFactory,
    MilestoneFactory,
    StakeholderFactory,
    form_data,
)

CASES = {
    "stakeholder": (
        "stakeholders:stakeholder",
        StakeholderFactory,
        StakeholderForm,
        {"name": "Logistics"},
    ),
    "milestone": (
        "milestones:milestone",
        MilestoneFactory,
        MilestoneForm,
        {"title": "Pilot go-live", "phase": "4", "planned_date": "2026-11-30"},
    ),
    "channel": ("commplan:channel", ChannelFactory, ChannelForm, {"name": "Intranet"}),
    "message": (
        "commplan:message",
        MessageFactory,
        MessageForm,
        {"content": "Why S&OP", "goal": "Sales knows the cycle"},
    ),
}


def successes(response):
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "success"]


@pytest.mark.parametrize("kind", CASES)
def test_creating_says_it_was_added(manager_client, plan, kind):
    name, _factory, form_class, values = CASES[kind]
    manager_client.cookies["django_language"] = "da"

    response = manager_client.post(
        reverse(f"{name}_create", args=[plan.pk]), form_data(form_class(), **values)
    )

    assert response.status_code == 302
    assert len(successes(response)) == 1
    assert successes(response)[0].endswith("er tilføjet.")


@pytest.mark.parametrize("kind", CASES)
def test_editing_says_it_was_saved(manager_client, plan, kind):
    name, factory, _form_class, values = CASES[kind]
    obj = factory(plan=plan)
    url = reverse(f"{name}_update", args=[plan.pk, obj.pk])
    data = form_data(manager_client.get(url).context["form"], **values)

    response = manager_client.post(url, data)

    assert response.status_code == 302
    [text] = successes(response)
    obj.refresh_from_db()
    assert text == f"“{obj}” was saved."


def test_a_refused_save_does_not_say_saved(manager_client, plan):
    url = reverse("stakeholders:stakeholder_create", args=[plan.pk])

    response = manager_client.post(url, form_data(StakeholderForm(), name=" "))

    assert response.status_code == 200
    assert successes(response) == []
