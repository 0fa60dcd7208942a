"""Names and titles are one line: a line break, tab or other control character is refused with
a message on the field, and nothing is saved."""

import pytest
from django.urls import reverse

from commplan.catalogue.forms import ChannelForm
from commplan.models import CommunicationPlan
from milestones.forms import MilestoneForm
from stakeholders.forms import StakeholderForm
from tests.factories import ChannelFactory, MilestoneFactory, StakeholderFactory, form_data

BROKEN = ["Pilot\nDanfoss", "Pilot\rDanfoss", "Tab\there", "Escape\x1b[2J", "Line\u2028sep"]
MESSAGE = "Write this on one line, without line breaks, tabs or control characters."


@pytest.mark.parametrize("text", BROKEN)
def test_a_plan_name_with_a_line_break_is_refused(manager_client, plan, snapshot, text):
    url = reverse("commplan:plan_update", args=[plan.pk])
    data = form_data(manager_client.get(url).context["form"], name=text)
    before = snapshot()

    response = manager_client.post(url, data)

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [MESSAGE]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("form_class", "factory", "field"),
    [
        (StakeholderForm, StakeholderFactory, "name"),
        (StakeholderForm, StakeholderFactory, "contact_name"),
        (MilestoneForm, MilestoneFactory, "title"),
        (ChannelForm, ChannelFactory, "name"),
    ],
)
def test_names_and_titles_refuse_control_characters(plan, form_class, factory, field):
    instance = factory(plan=plan)
    form = form_class(
        form_data(form_class(instance=instance), **{field: "A\x07B"}), instance=instance
    )

    assert not form.is_valid()
    assert form.errors[field] == [MESSAGE]


def test_ordinary_danish_names_are_fine(manager_client, plan):
    url = reverse("commplan:plan_update", args=[plan.pk])
    name = "Pilot – Ærø Pumper A/S (Æ, Ø, Å) «2027»"

    manager_client.post(url, form_data(manager_client.get(url).context["form"], name=name))

    assert CommunicationPlan.objects.get(pk=plan.pk).name == name
