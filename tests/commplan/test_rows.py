"""Adding and editing activities through the manager's form, and what bad input gets back."""

import re
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from commplan.models import Cadence, Message, PlanRow, RowStatus
from commplan.rows.forms import AssuranceForm, PlanRowForm
from stakeholders.models import Stakeholder

from ..factories import (
    ChannelFactory,
    MessageFactory,
    MilestoneFactory,
    PlanFactory,
    StakeholderFactory,
    form_data,
)


def create_url(plan):
    return reverse("commplan:row_create", args=[plan.pk])


def new_row_data(plan, **changes):
    return form_data(PlanRowForm(instance=PlanRow(plan=plan)), **changes)


def errors_shown(response):
    """{field: error text} as the page shows them, under each field."""
    html = response.content.decode()
    found = re.findall(r'<div id="id_(\w+)_error" class="invalid-feedback">(.*?)</div>', html, re.S)
    return {field: re.sub(r"<[^>]+>|\s+", " ", text).strip() for field, text in found}


def assert_errors_at_fields(response):
    """Every error the form found is shown under its own field, and nothing is hidden."""
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.non_field_errors()
    shown = errors_shown(response)
    assert set(shown) == set(form.errors)
    for field, errors in form.errors.items():
        assert all(error in shown[field] for error in errors)
    return shown


def test_manager_adds_a_row_with_an_existing_stakeholder_and_message(manager_client, plan, owner):
    stakeholder, message = StakeholderFactory(plan=plan), MessageFactory(plan=plan)
    data = new_row_data(
        plan,
        stakeholder=stakeholder.pk,
        message=message.pk,
        owner=owner.pk,
        planned_hours="4.5",
        planned_cost="12000",
        cadence=Cadence.EVERY_N_WEEKS,
        cadence_weeks="4",
    )

    response = manager_client.post(create_url(plan), data, follow=True)

    row = PlanRow.objects.get(plan=plan)
    assert response.redirect_chain == [(f"/plans/{plan.pk}/#row-{row.pk}", 302)]
    assert "The activity was added." in response.content.decode()
    assert (row.stakeholder, row.message, row.owner) == (stakeholder, message, owner)
    assert (row.planned_hours, row.planned_cost) == (Decimal("4.5"), Decimal("12000"))
    assert (row.cadence, row.cadence_weeks) == (Cadence.EVERY_N_WEEKS, 4)


def test_save_and_add_another_returns_to_an_empty_form(manager_client, plan):
    data = new_row_data(
        plan,
        stakeholder=StakeholderFactory(plan=plan).pk,
        message=MessageFactory(plan=plan).pk,
        add_another="1",
    )

    response = manager_client.post(create_url(plan), data)

    assert response.status_code == 302
    assert response["Location"] == create_url(plan)
    assert plan.rows.count() == 1


def test_row_form_creates_a_new_stakeholder_and_message(manager_client, plan):
    data = new_row_data(
        plan,
        new_stakeholder="  Key   customers ",
        new_message_content="We plan together every month",
        new_message_goal="Customers share forecasts",
    )

    response = manager_client.post(create_url(plan), data)

    assert response.status_code == 302
    row = PlanRow.objects.get(plan=plan)
    assert row.stakeholder.name == "Key customers"
    assert row.stakeholder.plan == plan
    assert (row.message.content, row.message.goal) == (
        "We plan together every month",
        "Customers share forecasts",
    )
    assert row.message.plan == plan


def test_a_new_stakeholder_with_an_existing_name_is_the_existing_one(manager_client, plan):
    sales = StakeholderFactory(plan=plan, name="Sales")
    data = new_row_data(plan, new_stakeholder="sales", message=MessageFactory(plan=plan).pk)

    manager_client.post(create_url(plan), data)

    assert PlanRow.objects.get(plan=plan).stakeholder == sales
    assert plan.stakeholders.count() == 1


def test_an_invalid_row_creates_no_stakeholder_or_message(manager_client, plan, snapshot):
    data = new_row_data(
        plan,
        new_stakeholder="Key customers",
        new_message_content="We plan together",
        planned_hours="-1",
    )
    before = snapshot()

    response = manager_client.post(create_url(plan), data)

    assert errors_shown(response) == {"planned_hours": "Planned hours cannot be negative."}
    assert snapshot() == before


def test_a_row_that_fails_to_save_leaves_no_new_stakeholder_or_message(
    manager_client, plan, monkeypatch, snapshot
):
    def fail(*args, **kwargs):
        raise IntegrityError("the database said no")

    monkeypatch.setattr(PlanRow, "save", fail)
    data = new_row_data(plan, new_stakeholder="Finance", new_message_content="Budget impact")
    before = snapshot()

    with pytest.raises(IntegrityError):
        manager_client.post(create_url(plan), data)

    assert snapshot() == before
    assert not Stakeholder.objects.filter(name="Finance").exists()
    assert not Message.objects.filter(content="Budget impact").exists()


def test_weeks_are_dropped_unless_the_cadence_is_every_n_weeks(manager_client, plan):
    data = new_row_data(
        plan,
        stakeholder=StakeholderFactory(plan=plan).pk,
        message=MessageFactory(plan=plan).pk,
        cadence=Cadence.MONTHLY,
        cadence_weeks="6",
    )

    manager_client.post(create_url(plan), data)

    row = PlanRow.objects.get(plan=plan)
    assert (row.cadence, row.cadence_weeks) == (Cadence.MONTHLY, None)


def test_an_empty_form_shows_every_error_at_its_field(manager_client, plan):
    response = manager_client.post(create_url(plan), {})

    shown = assert_errors_at_fields(response)
    assert shown == {
        "stakeholder": "Choose a stakeholder or type a new one.",
        "message": "Choose a message or write a new one.",
        "cadence": "This field is required.",
        "status": "This field is required.",
    }


def other_plan(factory):
    return lambda plan, owner, outsider: factory(plan=PlanFactory()).pk


# (changes to valid data, field that shows the error, the error)
BAD_INPUT = {
    "stakeholder from another plan": (
        {"stakeholder": other_plan(StakeholderFactory)},
        "stakeholder",
        "Select a valid choice.",
    ),
    "message from another plan": (
        {"message": other_plan(MessageFactory)},
        "message",
        "Select a valid choice.",
    ),
    "channel from another plan": (
        {"channel": other_plan(ChannelFactory)},
        "channel",
        "Select a valid choice.",
    ),
    "milestone from another plan": (
        {"milestone": other_plan(MilestoneFactory)},
        "milestone",
        "Select a valid choice.",
    ),
    "owner who is not a member": (
        {"owner": lambda plan, owner, outsider: outsider.pk},
        "owner",
        "Select a valid choice.",
    ),
    "negative budget": ({"planned_cost": "-500"}, "planned_cost", "cost cannot be negative"),
    "negative hours": ({"planned_hours": "-0.25"}, "planned_hours", "hours cannot be negative"),
    "hours not a number": ({"planned_hours": "lots"}, "planned_hours", "Enter a number."),
    "not a date": ({"scheduled_date": "31.13.2026"}, "scheduled_date", "Enter a valid date."),
    "status not offered": ({"status": "lost"}, "status", "Select a valid choice."),
    "every N weeks without N": (
        {"cadence": Cadence.EVERY_N_WEEKS, "cadence_weeks": ""},
        "cadence_weeks",
        "Say how many weeks between reviews (2 to 52).",
    ),
    "every 53 weeks": (
        {"cadence": Cadence.EVERY_N_WEEKS, "cadence_weeks": "53"},
        "cadence_weeks",
        "Choose between 2 and 52 weeks.",
    ),
    "review before it happens": (
        {"scheduled_date": "2026-05-10", "next_review_date": "2026-05-09"},
        "next_review_date",
        "The next review cannot be before the scheduled date.",
    ),
    "stakeholder chosen and typed": (
        {"new_stakeholder": "Finance"},
        "new_stakeholder",
        "Choose a stakeholder or type a new one, not both.",
    ),
    "message chosen and written": (
        {"new_message_content": "Something else"},
        "new_message_content",
        "Choose a message or write a new one, not both.",
    ),
    "goal without its message": (
        {"new_message_goal": "Buy-in"},
        "new_message_content",
        "Write the message the goal belongs to.",
    ),
}


@pytest.mark.parametrize("view", ["row_create", "row_update"])
@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(
    manager_client, plan, row, owner, outsider, snapshot, view, case
):
    changes, field, error = BAD_INPUT[case]
    changes = {k: v(plan, owner, outsider) if callable(v) else v for k, v in changes.items()}
    kwargs = {"plan_pk": plan.pk} if view == "row_create" else {"plan_pk": plan.pk, "pk": row.pk}
    instance = row if view == "row_update" else PlanRow(plan=plan)
    valid = form_data(
        PlanRowForm(instance=instance),
        stakeholder=row.stakeholder_id,
        message=row.message_id,
        planned_cost="1",
    )
    before = snapshot()

    response = manager_client.post(reverse(f"commplan:{view}", kwargs=kwargs), valid | changes)

    shown = assert_errors_at_fields(response)
    assert error in shown[field]
    assert snapshot() == before


def test_a_post_without_the_csrf_token_is_refused_and_saves_nothing(manager, plan, snapshot):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    data = new_row_data(plan, new_stakeholder="Finance", new_message_content="Budget impact")
    before = snapshot()

    response = client.post(create_url(plan), data)

    assert response.status_code == 403
    assert response.templates[0].name == "403_csrf.html"
    assert snapshot() == before

    # The same post with the token from the form goes through: it was the token.
    client.get(create_url(plan))
    token = client.cookies["csrftoken"].value
    assert client.post(create_url(plan), data | {"csrfmiddlewaretoken": token}).status_code == 302


def test_manager_edits_every_field_of_a_row(manager_client, plan, row, manager):
    channel = ChannelFactory(plan=plan)
    data = form_data(
        PlanRowForm(instance=row),
        channel=channel.pk,
        owner=manager.pk,
        status=RowStatus.DONE,
        planned_hours="",
        notes="Moved to the town hall",
    )

    response = manager_client.post(
        reverse("commplan:row_update", args=[plan.pk, row.pk]), data, follow=True
    )

    assert response.redirect_chain == [(row.get_absolute_url(), 302)]
    assert "The activity was saved." in response.content.decode()
    row.refresh_from_db()
    assert (row.channel, row.owner, row.status) == (channel, manager, RowStatus.DONE)
    assert row.planned_hours is None
    assert row.notes == "Moved to the town hall"


def test_owner_saves_how_their_row_is_ensured(owner_client, row):
    response = owner_client.post(
        reverse("commplan:row_update", args=[row.plan_id, row.pk]),
        form_data(AssuranceForm(instance=row), assurance="Agenda item at the pre-S&OP meeting"),
        follow=True,
    )

    assert "Agenda item at the pre-S&amp;OP meeting" in response.content.decode()
    row.refresh_from_db()
    assert row.assurance == "Agenda item at the pre-S&OP meeting"
