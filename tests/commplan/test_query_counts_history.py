"""History and baseline pages cost the same number of queries with N and 2N changes or rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commplan.models import Baseline

from ..factories import PlanRowFactory, StakeholderFactory
from .test_query_counts import N, count_queries, grow

# Every kind on the page, each with its records, previous versions and linked names.
HISTORY_MAX_QUERIES = 35


def grow_history(plan, manager, n):
    """`grow`, then an edit of each new row, a deleted stakeholder, and a plan header edit, so
    the newest page of changes holds every kind of change."""
    before = set(plan.rows.values_list("pk", flat=True))
    grow(plan, manager, n)
    for row in plan.rows.exclude(pk__in=before):
        row.assurance += " (checked)"
        row.save()
        StakeholderFactory(plan=plan).delete()
    plan.escalation_days += 1
    plan.save()


def test_recent_changes_cost_the_same_with_n_and_2n_changes(manager_client, manager, plan):
    url = reverse("commplan:plan_changes", args=[plan.pk])

    grow_history(plan, manager, N)
    with_n, first = count_queries(manager_client, url)
    grow_history(plan, manager, N)
    with_2n, response = count_queries(manager_client, url)

    assert with_n == with_2n <= HISTORY_MAX_QUERIES
    assert {e.kind for e in response.context["entries"]} == {
        "plan",
        "row",
        "review",
        "stakeholder",
        "milestone",
        "message",
        "channel",
        "member",
    }
    assert response.context["page_obj"].paginator.count > first.context["page_obj"].paginator.count


@pytest.mark.parametrize("page", ["object_history", "row_detail"])
def test_a_rows_history_costs_the_same_with_n_and_2n_changes(manager_client, plan, row, page):
    url = (
        reverse("commplan:object_history", args=[plan.pk, "row", row.pk])
        if page == "object_history"
        else reverse("commplan:row_detail", args=[plan.pk, row.pk])
    )

    def edit(n):
        for i in range(n):
            row.assurance = f"Checked {i} {row.pk}"
            row.planned_hours += 1
            row.save()
            row.reviews.create(happened="done", goal_reached="yes")

    edit(N)
    with_n, _ = count_queries(manager_client, url)
    edit(N)
    with_2n, response = count_queries(manager_client, url)

    assert with_n == with_2n
    if page == "object_history":
        assert len(response.context["entries"]) == 2 * (2 * N) + 1


def test_comparing_with_a_baseline_costs_the_same_with_n_and_2n_rows(manager_client, manager, plan):
    grow(plan, manager, N)
    baseline = Baseline.objects.create(plan=plan, name="Start", snapshot={})
    save = reverse("commplan:baseline_create", args=[plan.pk])
    with CaptureQueriesContext(connection) as saving_n:
        manager_client.post(save, {"name": "N"})
    baseline.snapshot = Baseline.objects.get(name="N").snapshot
    baseline.save()
    plan.rows.update(assurance="Changed")
    url = reverse("commplan:baseline_detail", args=[plan.pk, baseline.pk])
    with_n, _ = count_queries(manager_client, url)

    grow(plan, manager, N)
    PlanRowFactory(plan=plan)
    with CaptureQueriesContext(connection) as saving_2n:
        manager_client.post(save, {"name": "2N"})
    with_2n, response = count_queries(manager_client, url)

    assert with_n == with_2n
    assert len(saving_n) == len(saving_2n)
    comparison = response.context["comparison"]
    assert (len(comparison.changed), len(comparison.added)) == (N, N + 1)
