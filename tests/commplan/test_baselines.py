"""Baselines: a manager saves the plan under a name; anyone in the plan compares the plan now
with it and sees the activities added, removed and changed, field by field, and milestones that
moved."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commplan.history.baselines import compare, take_snapshot
from commplan.models import Baseline, Role, RowStatus

from ..factories import MembershipFactory, MilestoneFactory, PlanRowFactory, StakeholderFactory
from .test_history import text


def save_baseline(client, plan, name="Pilot approved"):
    return client.post(
        reverse("commplan:baseline_create", args=[plan.pk]), {"name": name, "note": "Agreed"}
    )


@pytest.fixture
def agreed(plan, manager, owner, manager_client):
    """A plan with three activities and a milestone, saved as the baseline "Pilot approved"."""
    milestone = MilestoneFactory(
        plan=plan, title="Pilot go-live", planned_date=datetime.date(2026, 6, 1)
    )
    rows = {
        name: PlanRowFactory(
            plan=plan,
            owner=owner,
            milestone=milestone,
            stakeholder=StakeholderFactory(plan=plan, name=name),
        )
        for name in ("Sales", "Finance", "Logistics")
    }
    response = save_baseline(manager_client, plan)
    baseline = Baseline.objects.get(plan=plan, name="Pilot approved")
    assert response["Location"] == reverse("commplan:baseline_detail", args=[plan.pk, baseline.pk])
    return baseline, rows, milestone


def change_the_plan(plan, manager, rows, milestone):
    sales = rows["Sales"]
    sales.planned_cost = Decimal("2000")
    sales.owner = manager
    sales.status = RowStatus.ACTIVE
    sales.save()
    finance_label = str(rows["Finance"])
    rows["Finance"].delete()
    rows["Logistics"].stakeholder.name = "Logistics and warehouse"  # renamed, same link
    rows["Logistics"].stakeholder.save()
    added = PlanRowFactory(plan=plan, stakeholder=StakeholderFactory(plan=plan, name="IT"))
    milestone.planned_date = datetime.date(2026, 6, 15)
    milestone.save()
    return finance_label, added


def test_the_comparison_shows_what_was_added_removed_and_changed(
    manager_client, executive_client, plan, manager, owner, agreed
):
    baseline, rows, milestone = agreed
    manager.first_name, manager.last_name = "Mette", "Mortensen"
    manager.save()
    owner.first_name, owner.last_name = "Ole", "Overgaard"
    owner.save()
    baseline.snapshot = take_snapshot(plan)  # with the names just given
    baseline.save()
    finance_label, added = change_the_plan(plan, manager, rows, milestone)

    response = executive_client.get(
        reverse("commplan:baseline_detail", args=[plan.pk, baseline.pk])
    )
    page = text(response)
    comparison = response.context["comparison"]

    assert [d.label for d in comparison.added] == [str(added)]
    assert [d.label for d in comparison.removed] == [finance_label]
    assert [d.label for d in comparison.changed] == [str(rows["Sales"])]
    assert comparison.unchanged == 1  # Logistics: its stakeholder was only renamed
    assert "1 added 1 removed 1 changed 1 unchanged 1 milestone moved" in page
    assert "Owner: Ole Overgaard → to Mette Mortensen" in page
    assert "Planned cost: DKK 1,000.00 → to DKK 2,000.00" in page
    assert "Status: Planned → to Active" in page
    assert "Pilot go-live Planned date: 2026-06-01 → to 2026-06-15" in page
    assert "Delete" not in page  # executives compare, managers delete


def test_a_plan_unchanged_since_its_baseline_says_so(manager_client, plan, agreed):
    baseline = agreed[0]
    page = text(
        manager_client.get(reverse("commplan:baseline_detail", args=[plan.pk, baseline.pk]))
    )
    assert "0 added 0 removed 0 changed 3 unchanged 0 milestones moved" in page
    assert "as they were in this baseline" in page


def test_a_removed_row_keeps_the_names_it_had(plan, agreed):
    baseline, rows, _milestone = agreed
    stakeholder = rows["Finance"].stakeholder
    rows["Finance"].delete()
    stakeholder.delete()

    removed = compare(baseline.snapshot, plan).removed
    assert [d.label for d in removed] == [f"Finance – {rows['Finance'].message}"]


def test_milestones_added_and_removed_are_listed(plan, agreed):
    baseline, _rows, _milestone = agreed
    MilestoneFactory(plan=plan, title="Operation starts")

    comparison = compare(baseline.snapshot, plan)
    assert [d.label for d in comparison.milestones_added] == ["Operation starts"]
    assert comparison.milestones_removed == []


def test_a_baseline_name_is_used_once_per_plan(manager_client, plan, agreed, snapshot):
    before = snapshot()
    response = save_baseline(manager_client, plan, name="pilot approved ")

    assert response.status_code == 200
    assert "The plan already has a baseline with this name." in response.content.decode()
    assert snapshot() == before


def test_the_baselines_list_offers_saving_only_to_managers(
    manager_client, owner_client, plan, agreed
):
    url = reverse("commplan:baseline_list", args=[plan.pk])
    create = reverse("commplan:baseline_create", args=[plan.pk])
    assert "Pilot approved" in text(owner_client.get(url))
    assert create not in owner_client.get(url).content.decode()
    assert create in manager_client.get(url).content.decode()


def test_an_archived_plans_baselines_are_compared_but_none_saved(
    manager_client, plan, agreed, snapshot
):
    baseline = agreed[0]
    plan.archived_at = timezone.now()
    plan.save()
    before = snapshot()

    assert save_baseline(manager_client, plan, name="After archiving").status_code == 403
    assert snapshot() == before
    list_page = manager_client.get(reverse("commplan:baseline_list", args=[plan.pk]))
    assert reverse("commplan:baseline_create", args=[plan.pk]) not in list_page.content.decode()
    detail = reverse("commplan:baseline_detail", args=[plan.pk, baseline.pk])
    assert manager_client.get(detail).status_code == 200


def test_another_plans_baseline_is_not_found(manager_client, plan, agreed):
    other = MembershipFactory(role=Role.MANAGER).plan
    foreign = Baseline.objects.create(plan=other, name="Theirs")
    url = reverse("commplan:baseline_detail", args=[plan.pk, foreign.pk])
    assert manager_client.get(url).status_code == 404
