"""Prepared queries (commplan.prepared): compiled once, run with each call's values, giving what
the ORM gives (issue 16)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, DateField, F, Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commplan import prepared
from commplan.models import PlanRow, Role
from commplan.prepared import Param, Params, prepared_instances, prepared_values, spread
from milestones.models import Milestone

from ..factories import (
    MembershipFactory,
    PlanFactory,
    PlanRowFactory,
    StakeholderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def fresh():
    prepared.forget()
    yield
    prepared.forget()


def rows_per_plan(plan_ids):
    """Rows and planned cost per plan scheduled from a day on, mixing fields and annotations in
    values() the way the dashboard does."""
    return prepared_values(
        ("test.rows_per_plan", len(plan_ids)),
        lambda: (
            PlanRow.objects.filter(
                plan_id__in=Params("plan", len(plan_ids)),
                scheduled_date__gte=Param("from", DateField()),
            )
            .order_by("plan_id")
            .values("plan_id")
            .annotate(rows=Count("pk"), cost=Sum("planned_cost"))
            .values("cost", "plan_id", "rows")
        ),
        {**spread("plan", plan_ids), "from": DAY},
    )


def test_a_prepared_query_gives_what_the_orm_gives_for_each_call_s_values():
    first, second = PlanFactory(), PlanFactory()
    for plan, costs in ((first, ["10.50", "2"]), (second, ["7"])):
        for cost in costs:
            PlanRowFactory(plan=plan, scheduled_date=DAY, planned_cost=Decimal(cost))
    PlanRowFactory(plan=first, scheduled_date=DAY - datetime.timedelta(days=1))

    both = rows_per_plan([first.pk, second.pk])
    one = rows_per_plan([second.pk])

    assert both == [
        {"cost": Decimal("12.50"), "plan_id": first.pk, "rows": 2},
        {"cost": Decimal("7.00"), "plan_id": second.pk, "rows": 1},
    ]
    assert one == [{"cost": Decimal("7.00"), "plan_id": second.pk, "rows": 1}]
    expected = list(
        PlanRow.objects.filter(plan_id__in=[first.pk, second.pk], scheduled_date__gte=DAY)
        .order_by("plan_id")
        .values("plan_id")
        .annotate(rows=Count("pk"), cost=Sum("planned_cost"))
        .values("cost", "plan_id", "rows")
    )
    assert both == expected


def test_the_sql_is_compiled_once_and_the_data_read_every_time():
    plan = PlanFactory()
    built = []

    def milestones():
        built.append(1)
        return (
            Milestone.objects.filter(plan_id=Param("plan"))
            .only("title", "planned_date")
            .annotate(late_by=F("planned_date"))
            .order_by("pk")
        )

    assert prepared_instances("test.milestones", milestones, {"plan": plan.pk}) == []
    Milestone.objects.create(plan=plan, title="Go-live", phase=5, planned_date=DAY)
    with CaptureQueriesContext(connection) as queries:
        found = prepared_instances("test.milestones", milestones, {"plan": plan.pk})

    assert len(built) == 1
    assert len(queries) == 1
    [milestone] = found
    assert isinstance(milestone, Milestone)
    assert (milestone.title, milestone.planned_date, milestone.late_by) == ("Go-live", DAY, DAY)
    # A field left out loads when read, as with only().
    assert milestone.phase == 5


def test_only_values_and_single_model_querysets_can_be_prepared():
    with pytest.raises(TypeError):
        prepared_values(
            "test.values_list", lambda: PlanRow.objects.values_list("pk", flat=True), {}
        )
    with pytest.raises(TypeError):
        prepared_instances("test.related", lambda: PlanRow.objects.select_related("plan"), {})


def test_two_plans_dashboards_in_turn_each_show_only_their_own_figures(client):
    """The dashboard's queries are compiled once and shared by every plan and person: each
    view still reads its own plan's rows."""
    person = UserFactory()
    plans = []
    for name, cost in (("Alpha", "1111.00"), ("Beta", "2222.00")):
        plan = PlanFactory()
        MembershipFactory(plan=plan, user=person, role=Role.EXECUTIVE)
        stakeholder = StakeholderFactory(plan=plan, name=f"Stakeholder {name}")
        PlanRowFactory(plan=plan, stakeholder=stakeholder, planned_cost=Decimal(cost))
        plans.append(plan)
    client.force_login(person)

    for _round in range(2):
        alpha, beta = (
            client.get(reverse("commplan:plan_dashboard", args=[plan.pk])).content.decode()
            for plan in plans
        )
        assert "Stakeholder Alpha" in alpha and "Stakeholder Beta" not in alpha
        assert "Stakeholder Beta" in beta and "Stakeholder Alpha" not in beta
        assert "1,111.00" in alpha and "2,222.00" not in alpha
        assert "2,222.00" in beta and "1,111.00" not in beta
