"""The stakeholder list and form."""

import pytest
from django.urls import reverse

from stakeholders.forms import StakeholderForm
from stakeholders.models import Category, Stakeholder

from ..factories import PlanRowFactory, StakeholderFactory, form_data


def list_page(client, plan, **query):
    response = client.get(reverse("stakeholders:stakeholder_list", args=[plan.pk]), query)
    assert response.status_code == 200
    return response


def names(response):
    return [stakeholder.name for stakeholder in response.context["object_list"]]


@pytest.fixture
def stakeholders(plan):
    return [
        StakeholderFactory(
            plan=plan, name="Sales", category=Category.SALES, contact_email="kim@example.com"
        ),
        StakeholderFactory(
            plan=plan, name="Key customers", category=Category.KEY_CUSTOMERS, is_internal=False
        ),
        StakeholderFactory(plan=plan, name="Finance", category=Category.FINANCE, notes="CFO"),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Finance", "Key customers", "Sales"]),
        ({"q": "kim@"}, ["Sales"]),
        ({"q": "cfo"}, ["Finance"]),
        ({"category": Category.KEY_CUSTOMERS}, ["Key customers"]),
        ({"is_internal": "false"}, ["Key customers"]),
        ({"is_internal": "true"}, ["Finance", "Sales"]),
    ],
)
def test_list_filters_and_is_in_name_order(executive_client, plan, stakeholders, query, expected):
    assert names(list_page(executive_client, plan, **query)) == expected


def test_list_counts_each_stakeholders_activities(executive_client, plan, stakeholders):
    PlanRowFactory.create_batch(2, plan=plan, stakeholder=stakeholders[0])

    response = list_page(executive_client, plan)

    counts = {s.name: s.row_count for s in response.context["object_list"]}
    assert counts == {"Finance": 0, "Key customers": 0, "Sales": 2}
    link = reverse("commplan:plan_detail", args=[plan.pk]) + f"?stakeholder={stakeholders[0].pk}"
    assert f'<a href="{link}">2</a>' in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"importance": "6"}, "importance", "less than or equal to 5"),
        ({"involvement": "0"}, "involvement", "greater than or equal to 1"),
        ({"name": "  "}, "name", "This field is required."),
        ({"name": " sales "}, "name", None),  # same name as another, different case: allowed
        ({"contact_email": "kim at example"}, "contact_email", "Enter a valid email address."),
    ],
)
def test_form_errors(manager_client, plan, stakeholders, snapshot, changes, field, error):
    data = form_data(StakeholderForm(), name="Logistics") | changes
    before = snapshot()

    response = manager_client.post(reverse("stakeholders:stakeholder_create", args=[plan.pk]), data)

    if error is None:
        assert response.status_code == 302
        assert Stakeholder.objects.filter(plan=plan, name="sales").exists()
    else:
        assert response.status_code == 200
        assert error in " ".join(response.context["form"].errors[field])
        assert snapshot() == before
