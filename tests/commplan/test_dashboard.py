"""The executive dashboard: its numbers against a plan computed by hand, each health warning,
the pages, the roll-up of several plans, and the page's query count.

The clock is frozen (time-machine) at Monday 15 June 2026 wherever a page is read. The
hand-computed plan (`handmade`) is described next to its fixture; every expected number below
was worked out from that description, not from the code.
"""

import datetime
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commplan.dashboard import (
    Coverage,
    Health,
    plan_dashboard,
    plan_health,
    plans_health,
    rollup,
)
from commplan.models import (
    CommunicationPlan,
    Goal,
    Happened,
    Membership,
    Review,
    Role,
    RowStatus,
)
from commplan.plans.forms import MemberAddForm, MemberRoleForm
from milestones.models import MilestoneStatus
from tests.factories import (
    ChannelFactory,
    MembershipFactory,
    MilestoneFactory,
    PlanFactory,
    PlanRowFactory,
    StakeholderFactory,
    UserFactory,
)

D = datetime.date
TODAY = D(2026, 6, 15)  # a Monday
# Issue 19 added five: readiness (targets, records), understanding per group and week, per
# phase and channel, and the health's key groups below their understanding target. Issue 15
# added two: the last three meetings' decisions with the groups that heard, and the health's
# decisions not communicated by their release day. Issue 19's privacy added one: the plan's
# atoms, from which every share that would narrow to fewer answers is withheld (and one more
# only when a key group is below its target).
MAX_QUERIES = 25


def d(month, day):
    """A day in 2026."""
    return D(2026, month, day)


@pytest.fixture
def clock():
    moment = datetime.datetime(2026, 6, 15, 9, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(moment, tick=False) as traveller:
        yield traveller


def review(row, reviewed_on, due_date, goal, hours, cost):
    return Review.objects.create(
        row=row,
        reviewed_on=reviewed_on,
        due_date=due_date,
        happened=Happened.DONE,
        goal_reached=goal,
        actual_hours=Decimal(hours),
        actual_cost=Decimal(cost),
    )


@pytest.fixture
def handmade(db, plan, manager, executive):
    """A plan on 15 June 2026 whose every dashboard number is known.

    Members: Anna (owner, capacity 10 h a month), Bo (owner, capacity 20 h).

    Milestones (phase, planned, actual, status):
      kickoff    1  1 Mar   4 Mar   reached       3 days late
      diagnosis  2  1 May   1 May   reached       on time
      dropped    3  1 Apr   –       cancelled
      pilot      4  10 Jun  –       in progress   5 days late, the current milestone (phase 4)
      evaluation 4  1 Jul   –       planned       the next milestone
      golive     5  1 Sep   –       planned

    Stakeholders (importance, involvement): executives (5, 5), sales (4, 2), customers (5, 1),
    logistics (2, 4), canteen (1, 1, no rows). Channels: steering, newsletter.

    Rows (stakeholder, milestone, channel, owner, hours, cost, scheduled, next review, status):
      r1  executives  kickoff    steering    Anna  4   1000  20 Feb  –       done
      r2  sales       kickoff    newsletter  Bo    2   500   25 Feb  –       done
      r3  customers   diagnosis  steering    Anna  3   2000  20 Apr  –       done
      r4  executives  pilot      steering    Anna  6   3000  5 Jun   12 Jun  active
      r5  logistics   evaluation newsletter  –     –   –     20 Jun  25 Jun  planned
      r6  sales       evaluation newsletter  Bo    12  1500  22 Jun  29 Jun  planned
      r7  executives  evaluation steering    Bo    10  4000  1 Jun   30 Jun  active
      r8  customers   golive     newsletter  Anna  1   0     15 Aug  20 Aug  planned
      r9  logistics   –          steering    Bo    2   300   1 May   1 Jun   active
      r10 executives  golive     newsletter  Anna  5   800   –       –       cancelled

    Reviews (row, reviewed, was due, goal, hours, cost):
      r1  5 Mar   5 Mar   yes     5    1200   on time
      r2  10 Mar  6 Mar   partly  2    400    late
      r2  10 Apr  10 Apr  yes     1    100    on time
      r9  20 May  15 May  no      2.5  350    late
    """
    anna = MembershipFactory(
        plan=plan,
        role=Role.OWNER,
        user__first_name="Anna",
        user__last_name="Andersen",
        monthly_capacity_hours=Decimal(10),
    ).user
    bo = MembershipFactory(
        plan=plan,
        role=Role.OWNER,
        user__first_name="Bo",
        user__last_name="Berg",
        monthly_capacity_hours=Decimal(20),
    ).user
    ms = {
        key: MilestoneFactory(
            plan=plan, title=title, phase=phase, planned_date=planned, actual_date=actual,
            status=status,
        )
        for key, title, phase, planned, actual, status in [
            ("kickoff", "Kick-off approved", 1, d(3, 1), d(3, 4), "reached"),
            ("diagnosis", "Diagnosis presented", 2, d(5, 1), d(5, 1), "reached"),
            ("dropped", "Dropped idea", 3, d(4, 1), None, "cancelled"),
            ("pilot", "Pilot start", 4, d(6, 10), None, "in_progress"),
            ("evaluation", "Pilot evaluation", 4, d(7, 1), None, "planned"),
            ("golive", "Go-live", 5, d(9, 1), None, "planned"),
        ]
    }  # fmt: skip
    sh = {
        key: StakeholderFactory(plan=plan, name=name, importance=imp, involvement=inv)
        for key, name, imp, inv in [
            ("executives", "Executive team", 5, 5),
            ("sales", "Sales", 4, 2),
            ("customers", "Key customers", 5, 1),
            ("logistics", "Logistics", 2, 4),
            ("canteen", "Canteen", 1, 1),
        ]
    }
    channels = {
        "steering": ChannelFactory(plan=plan, name="Steering meeting"),
        "newsletter": ChannelFactory(plan=plan, name="Newsletter"),
    }
    owners = {"anna": anna, "bo": bo, None: None}
    rows = {}
    for key, who, milestone, channel, owner, hours, cost, scheduled, review_on, status in [
        ("r1", "executives", "kickoff", "steering", "anna", 4, 1000, d(2, 20), None, "done"),
        ("r2", "sales", "kickoff", "newsletter", "bo", 2, 500, d(2, 25), None, "done"),
        ("r3", "customers", "diagnosis", "steering", "anna", 3, 2000, d(4, 20), None, "done"),
        ("r4", "executives", "pilot", "steering", "anna", 6, 3000, d(6, 5), d(6, 12), "active"),
        ("r5", "logistics", "evaluation", "newsletter", None, None, None, d(6, 20), d(6, 25),
         "planned"),
        ("r6", "sales", "evaluation", "newsletter", "bo", 12, 1500, d(6, 22), d(6, 29),
         "planned"),
        ("r7", "executives", "evaluation", "steering", "bo", 10, 4000, d(6, 1), d(6, 30),
         "active"),
        ("r8", "customers", "golive", "newsletter", "anna", 1, 0, d(8, 15), d(8, 20), "planned"),
        ("r9", "logistics", None, "steering", "bo", 2, 300, d(5, 1), d(6, 1), "active"),
        ("r10", "executives", "golive", "newsletter", "anna", 5, 800, None, None, "cancelled"),
    ]:  # fmt: skip
        rows[key] = PlanRowFactory(
            plan=plan,
            stakeholder=sh[who],
            milestone=ms[milestone] if milestone else None,
            channel=channels[channel],
            owner=owners[owner],
            planned_hours=hours,
            planned_cost=cost,
            scheduled_date=scheduled,
            next_review_date=review_on,
            status=status,
        )
    review(rows["r1"], d(3, 5), d(3, 5), Goal.YES, "5", "1200")
    review(rows["r2"], d(3, 10), d(3, 6), Goal.PARTLY, "2", "400")
    review(rows["r2"], d(4, 10), d(4, 10), Goal.YES, "1", "100")
    review(rows["r9"], d(5, 20), d(5, 15), Goal.NO, "2.5", "350")
    return {"plan": plan, "anna": anna, "bo": bo, "ms": ms, "sh": sh, "rows": rows}


def numbers(figures):
    """What a line of a dashboard table says: label, rows, done, reviews, on time %, goal %,
    planned and actual hours and cost."""
    return (
        str(figures.label),
        figures.rows,
        figures.done,
        figures.reviews,
        figures.on_time_share,
        figures.goal_share,
        figures.planned_hours,
        figures.actual_hours,
        figures.planned_cost,
        figures.actual_cost,
    )


# The numbers, against the hand-computed plan.


def test_per_milestone_figures(handmade):
    dashboard = plan_dashboard(handmade["plan"], TODAY)

    assert [numbers(f) for f in dashboard.by_milestone] == [
        ("Kick-off approved", 2, 2, 3, 67, 67, 6, 8, 1500, 1700),
        ("Dropped idea", 0, 0, 0, None, None, 0, 0, 0, 0),
        ("Diagnosis presented", 1, 1, 0, None, None, 3, 0, 2000, 0),
        ("Pilot start", 1, 0, 0, None, None, 6, 0, 3000, 0),
        ("Pilot evaluation", 3, 0, 0, None, None, 22, 0, 5500, 0),
        ("Go-live", 1, 0, 0, None, None, 1, 0, 0, 0),  # the cancelled r10 is left out
        ("No milestone", 1, 0, 1, 0, 0, 2, Decimal("2.5"), 300, 350),
    ]


def test_plan_totals_and_budget_burn(handmade):
    totals = plan_dashboard(handmade["plan"], TODAY).totals

    assert numbers(totals)[1:] == (9, 3, 4, 50, 50, 40, Decimal("10.5"), 12300, 2050)
    assert totals.cost_burn == 17  # 2,050 of 12,300
    assert totals.hours_burn == 26  # 10.5 of 40


def test_budget_per_phase(handmade):
    dashboard = plan_dashboard(handmade["plan"], TODAY)

    assert [numbers(f) for f in dashboard.by_phase] == [
        ("1. Recognition", 2, 2, 3, 67, 67, 6, 8, 1500, 1700),
        ("2. Analysis & diagnosis", 1, 1, 0, None, None, 3, 0, 2000, 0),
        ("3. Defining the S&OP process", 0, 0, 0, None, None, 0, 0, 0, 0),
        ("4. Pilot", 4, 0, 0, None, None, 28, 0, 8500, 0),
        ("5. Operation", 1, 0, 0, None, None, 1, 0, 0, 0),
        ("No milestone", 1, 0, 1, 0, 0, 2, Decimal("2.5"), 300, 350),
    ]
    assert dashboard.by_phase[0].cost_burn == 113  # 1,700 of 1,500: over budget


def test_budget_per_channel_and_owner(handmade):
    dashboard = plan_dashboard(handmade["plan"], TODAY)

    assert [numbers(f) for f in dashboard.by_channel] == [
        ("Newsletter", 4, 1, 2, 50, 50, 15, 3, 2000, 500),
        ("Steering meeting", 5, 2, 2, 50, 50, 25, Decimal("7.5"), 10300, 1550),
    ]
    assert [numbers(f) for f in dashboard.by_owner] == [
        ("Anna Andersen", 4, 2, 1, 100, 100, 14, 5, 6000, 1200),
        ("Bo Berg", 4, 1, 3, 33, 33, 26, Decimal("5.5"), 6300, 850),
        ("No owner", 1, 0, 0, None, None, 0, 0, 0, 0),
    ]
    anna = handmade["anna"]
    assert dashboard.by_owner[0].url == f"/plans/{handmade['plan'].pk}/?owner={anna.pk}"


def test_several_reviews_of_a_row_do_not_count_its_plan_twice(handmade):
    """r2 has two reviews: its 2 planned hours count once, both reviews' hours count."""
    dashboard = plan_dashboard(handmade["plan"], TODAY)
    kickoff = dashboard.by_milestone[0]

    assert (kickoff.rows, kickoff.planned_hours, kickoff.actual_hours) == (2, 6, 8)


def test_timeline_facts(handmade):
    dashboard = plan_dashboard(handmade["plan"], TODAY)
    slips = {m.title: m.slip for m in dashboard.milestones}

    assert dashboard.current.title == "Pilot start"
    assert dashboard.current_phase == 4
    assert dashboard.next_milestone.title == "Pilot evaluation"
    assert slips == {
        "Kick-off approved": 3,
        "Dropped idea": 0,
        "Diagnosis presented": 0,
        "Pilot start": 5,
        "Pilot evaluation": 0,
        "Go-live": 0,
    }


def test_stakeholder_coverage(handmade):
    dashboard = plan_dashboard(handmade["plan"], TODAY)
    coverage = {
        s.name: (s.row_count, s.open_count, s.upcoming_count, s.coverage)
        for s in dashboard.stakeholders
    }

    assert coverage == {
        "Executive team": (4, 2, 1, Coverage.GOOD),  # r7's review on 30 June
        "Sales": (2, 1, 1, Coverage.GOOD),
        "Key customers": (2, 1, 0, Coverage.PARTLY),  # only r8, in August
        "Logistics": (2, 2, 1, Coverage.GOOD),
        "Canteen": (0, 0, 0, Coverage.NONE),
    }
    placed = {
        (cell["importance"], cell["involvement"]): [s.name for s in cell["stakeholders"]]
        for row in dashboard.grid
        for cell in row["cells"]
        if cell["stakeholders"]
    }
    assert placed == {
        (5, 5): ["Executive team"],
        (4, 2): ["Sales"],
        (5, 1): ["Key customers"],
        (2, 4): ["Logistics"],
        (1, 1): ["Canteen"],
    }
    names = {cell["name"] for row in dashboard.grid for cell in row["cells"]} - {""}
    assert names == {"Manage closely", "Keep satisfied", "Keep informed", "Monitor"}


def test_the_handmade_plans_health(handmade):
    plan, anna, bo = handmade["plan"], handmade["anna"], handmade["bo"]
    ms, sh = handmade["ms"], handmade["sh"]
    health = plan_health(plan, TODAY)
    table = f"/plans/{plan.pk}/"

    assert described(plan_dashboard(plan, TODAY).health) == described(health)
    assert [(w.kind, w.count) for w in health] == [
        ("overdue", 2),
        ("uncovered", 1),
        ("no_owner", 1),
        ("no_budget", 1),
        ("over_capacity", 1),
        ("slipped", 2),
        ("unreviewed", 2),
    ]
    assert (health.level, health.word, health.symbol) == (Health.RISK, "At risk", "✖")
    items = {w.kind: [(i.label, i.url, i.count, i.detail) for i in w.items] for w in health}
    assert items["overdue"] == [
        ("Anna Andersen", f"{table}?due=overdue&owner={anna.pk}", 1, ""),
        ("Bo Berg", f"{table}?due=overdue&owner={bo.pk}", 1, ""),
    ]
    assert items["uncovered"] == [
        ("Key customers", f"{table}?stakeholder={sh['customers'].pk}", None, "Keep satisfied")
    ]
    # Bo in June: r6 12 h + r7 10 h + r9 2 h (due for review on 1 June) = 24 h > 20 h.
    # Anna in June: r4 6 h <= 10 h.
    assert items["over_capacity"] == [
        (
            "Bo Berg",
            f"{table}?owner={bo.pk}&sort=next_review",
            None,
            "24 h planned this month, capacity 20 h",
        )
    ]
    assert items["slipped"] == [
        ("Kick-off approved", f"{table}?milestone={ms['kickoff'].pk}", None, "reached 3 days late"),
        (
            "Pilot start",
            f"{table}?milestone={ms['pilot'].pk}",
            None,
            "5 days late, not reached yet",
        ),
    ]
    assert items["unreviewed"] == [
        ("Diagnosis presented", f"{table}?milestone={ms['diagnosis'].pk}&missing=review", 1, ""),
        ("Pilot start", f"{table}?milestone={ms['pilot'].pk}&missing=review", 1, ""),
    ]
    messages = [w.message for w in health]
    assert messages == [
        "2 activities are overdue for review",
        "1 stakeholder to manage closely or keep satisfied hears nothing before the next "
        "milestone, “Pilot evaluation” on 2026-07-01",
        "1 open activity has no owner",
        "1 open activity has no budget (neither hours nor cost)",
        "1 owner has more hours planned this month than their capacity",
        "2 milestones slipped",
        "2 activities tied to a milestone that has passed were never reviewed",
    ]


@pytest.mark.parametrize(
    ("missing", "expected"),
    [("owner", ["r5"]), ("budget", ["r5"]), ("review", ["r3", "r4"])],
)
def test_a_warnings_link_shows_the_rows_it_counts(
    handmade, manager_client, clock, missing, expected
):
    plan, rows = handmade["plan"], handmade["rows"]

    response = manager_client.get(f"/plans/{plan.pk}/?missing={missing}")

    assert response.status_code == 200
    shown = {row.pk for row in response.context["object_list"]}
    assert shown == {rows[key].pk for key in expected}


# Each warning appears when its condition holds, and not otherwise.


@pytest.fixture
def healthy(db, plan):
    """A plan with no warning: one important stakeholder reached before the next milestone by
    an owned, budgeted row whose review lies ahead, within its owner's capacity."""
    owner = MembershipFactory(plan=plan, role=Role.OWNER, monthly_capacity_hours=10).user
    milestone = MilestoneFactory(plan=plan, title="Next", planned_date=D(2026, 7, 1))
    stakeholder = StakeholderFactory(plan=plan, importance=5, involvement=5)
    row = PlanRowFactory(
        plan=plan,
        owner=owner,
        stakeholder=stakeholder,
        milestone=milestone,
        planned_hours=10,
        planned_cost=100,
        scheduled_date=D(2026, 6, 20),
        next_review_date=D(2026, 6, 25),
    )
    return {"plan": plan, "owner": owner, "milestone": milestone, "row": row}


def described(health):
    """Everything a health says: each warning with its count, link, items and context."""
    return [
        (w.kind, w.count, w.url, w.context, [(i.label, i.url, i.count, i.detail) for i in w.items])
        for w in health
    ]


def kinds(plan):
    """The kinds of warning the plan raises; its dashboard, which counts them from the figures
    and the stakeholder coverage it reads anyway, says the same."""
    health = plan_health(plan, TODAY)
    assert described(plan_dashboard(plan, TODAY).health) == described(health)
    return [warning.kind for warning in health]


def test_a_healthy_plan_has_no_warnings(healthy):
    health = plan_health(healthy["plan"], TODAY)

    assert list(health) == []
    assert (health.level, health.word, health.symbol) == (Health.GOOD, "On track", "✓")


def _update(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()


def quiet_row(h, **fields):
    """A row that raises no warning of its own: owned, budgeted (0 hours), for a stakeholder
    of low importance."""
    fields.setdefault("stakeholder", StakeholderFactory(plan=h["plan"], importance=1))
    defaults = {"owner": h["owner"], "milestone": h["milestone"], "planned_hours": 0}
    return PlanRowFactory(plan=h["plan"], **{**defaults, **fields})


TRIGGERS = {
    "overdue": lambda h: quiet_row(
        h, scheduled_date=D(2026, 6, 10), next_review_date=D(2026, 6, 14), status="active"
    ),
    "uncovered": lambda h: _update(
        h["row"], scheduled_date=D(2026, 7, 2), next_review_date=D(2026, 7, 3)
    ),
    "no_owner": lambda h: _update(h["row"], owner=None),
    "no_budget": lambda h: _update(h["row"], planned_hours=None, planned_cost=None),
    "over_capacity": lambda h: _update(h["row"], planned_hours=Decimal("10.5")),
    "slipped": lambda h: MilestoneFactory(
        plan=h["plan"], planned_date=D(2026, 5, 1), actual_date=D(2026, 5, 2), status="reached"
    ),
    "unreviewed": lambda h: _update(
        h["milestone"], planned_date=D(2026, 6, 14), actual_date=D(2026, 6, 14), status="reached"
    ),
}


@pytest.mark.parametrize("kind", list(TRIGGERS))
def test_each_warning_appears_when_its_condition_holds(healthy, kind):
    TRIGGERS[kind](healthy)

    assert kinds(healthy["plan"]) == [kind]


def _reviewed_after_its_milestone(h):
    _update(h["milestone"], planned_date=D(2026, 6, 1), actual_date=D(2026, 6, 1), status="reached")
    MilestoneFactory(plan=h["plan"], planned_date=D(2026, 8, 1))  # the next one
    review(h["row"], D(2026, 6, 2), D(2026, 6, 2), Goal.YES, "1", "10")


def _no_capacity(h):
    _update(h["row"], planned_hours=500)
    Membership.objects.filter(user=h["owner"]).update(monthly_capacity_hours=None)


NEAR_MISSES = {
    "a review due today is not overdue": lambda h: quiet_row(
        h, scheduled_date=D(2026, 6, 10), next_review_date=TODAY, status="active"
    ),
    "a done row past its review date is not overdue": lambda h: quiet_row(
        h, scheduled_date=D(2026, 6, 1), next_review_date=D(2026, 6, 1), status="done"
    ),
    "a row on the next milestone's day still covers": lambda h: _update(
        h["row"], scheduled_date=D(2026, 7, 1), next_review_date=D(2026, 7, 1)
    ),
    "importance 3 is not high": lambda h: StakeholderFactory(
        plan=h["plan"], importance=3, involvement=5
    ),
    "a cancelled row needs no owner or budget": lambda h: quiet_row(
        h, owner=None, planned_hours=None, planned_cost=None, status="cancelled"
    ),
    "hours only is a budget": lambda h: _update(h["row"], planned_cost=None),
    "hours equal to the capacity are not over it": lambda h: _update(h["row"], planned_hours=10),
    "no capacity set means no limit": _no_capacity,
    "next month's hours do not count": lambda h: quiet_row(
        h, planned_hours=50, scheduled_date=D(2026, 7, 2), next_review_date=D(2026, 7, 6)
    ),
    "reached on time has not slipped": lambda h: MilestoneFactory(
        plan=h["plan"], planned_date=D(2026, 5, 1), actual_date=D(2026, 5, 1), status="reached"
    ),
    "a cancelled milestone has not slipped": lambda h: MilestoneFactory(
        plan=h["plan"], planned_date=D(2026, 5, 1), status=MilestoneStatus.CANCELLED
    ),
    "a passed milestone's reviewed row is fine": _reviewed_after_its_milestone,
}


@pytest.mark.parametrize("case", list(NEAR_MISSES))
def test_no_warning_when_the_condition_does_not_hold(healthy, case):
    NEAR_MISSES[case](healthy)

    assert kinds(healthy["plan"]) == []


def test_the_coverage_warning_looks_30_days_ahead_without_a_next_milestone(healthy):
    _update(healthy["milestone"], status="reached", actual_date=D(2026, 6, 1))
    _update(healthy["row"], milestone=None, scheduled_date=D(2026, 7, 15), next_review_date=None)
    assert kinds(healthy["plan"]) == []  # 15 July is the 30th day

    _update(healthy["row"], scheduled_date=D(2026, 7, 16))
    assert kinds(healthy["plan"]) == ["uncovered"]
    health = plan_health(healthy["plan"], TODAY)
    assert health.get("uncovered").message == (
        "1 stakeholder to manage closely or keep satisfied hears nothing in the next 30 days"
    )


def test_health_levels_follow_the_number_of_warnings(healthy):
    TRIGGERS["no_owner"](healthy)
    assert plan_health(healthy["plan"], TODAY).level == Health.ATTENTION
    TRIGGERS["slipped"](healthy)
    assert plan_health(healthy["plan"], TODAY).word == "Needs attention"
    TRIGGERS["unreviewed"](healthy)
    assert plan_health(healthy["plan"], TODAY).level == Health.RISK


def test_health_of_several_plans_keeps_each_plans_warnings_apart(handmade):
    other = PlanFactory()
    health = plans_health([handmade["plan"].pk, other.pk], TODAY)

    assert len(health[handmade["plan"].pk]) == 7
    assert list(health[other.pk]) == []


# Capacity on the membership.


def test_capacity_cannot_be_negative_in_the_database(plan):
    membership = MembershipFactory(plan=plan)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(monthly_capacity_hours=-1)


def test_member_forms_set_the_capacity_and_refuse_a_negative_one(plan, owner):
    membership = Membership.objects.get(plan=plan, user=owner)
    form = MemberRoleForm({"role": Role.OWNER, "monthly_capacity_hours": "-2"}, instance=membership)
    assert not form.is_valid()
    assert form.errors["monthly_capacity_hours"] == ["The capacity cannot be negative."]

    form = MemberRoleForm(
        {"role": Role.OWNER, "monthly_capacity_hours": "12.5"}, instance=membership
    )
    assert form.is_valid(), form.errors
    form.save()
    membership.refresh_from_db()
    assert membership.monthly_capacity_hours == Decimal("12.5")

    newcomer = UserFactory(username="newcomer")
    form = MemberAddForm(
        {"person": "newcomer", "role": Role.OWNER, "monthly_capacity_hours": "8"},
        instance=Membership(plan=plan),
    )
    assert form.is_valid(), form.errors
    assert form.save().monthly_capacity_hours == Decimal(8)
    assert form.instance.user == newcomer


# The pages.


def test_the_plan_dashboard_shows_the_sections(handmade, executive_client, clock):
    plan = handmade["plan"]

    response = executive_client.get(reverse("commplan:plan_dashboard", args=[plan.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    for heading in [
        "Milestone timeline across the five phases",
        "Plan health",
        "Stakeholder map",
        "Per milestone: activities, reviews and resources",
        "Budget: planned and actual, per phase, channel and owner",
    ]:
        assert heading in html
    # The timeline: one lane per phase, the current one named, a marker per milestone, today.
    svg = re.search(r'<svg class="timeline".*?</svg>', html, re.S).group()
    assert len(re.findall(r'<g class="lane', svg)) == 5
    assert "▶ 4. Pilot" in svg and "Current phase" in svg
    assert svg.count("<polygon") == 6
    assert 'class="today"' in svg and "Today" in svg
    assert "+5" in svg  # the pilot start's slip
    # The health warnings link to the rows to fix.
    assert f'href="/plans/{plan.pk}/?due=overdue">2 activities are overdue for review</a>' in html
    assert f'href="/plans/{plan.pk}/?missing=owner">1 open activity has no owner</a>' in html
    # Money and hours in the page's formats.
    assert "DKK\xa012,300.00" in html and "DKK\xa02,050.00" in html
    assert "17%" in html
    # Nothing to change on a read-only page.
    assert "<form" not in html.split('id="main"')[1].split("</main>")[0]


def row_of(html, name):
    """The table line whose heading cell links to or names `name`, tags stripped."""
    line = re.search(rf"<tr>\s*<th[^>]*>(?:<a [^>]*>)?{re.escape(name)}.*?</tr>", html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", line.group())).strip()


LINES = {
    "en": {
        "Kick-off approved": "Kick-off approved 2026-03-01 week 9 2026-03-04 week 10 Reached +3",
        "Go-live": "Go-live 2026-09-01 week 36 — Planned 0",
        # "—": no readiness recorded or desired (tests/commplan/test_readiness.py has the rest).
        "Executive team": "Executive team 5 5 Manage closely ✓ Covered 1 — 4 "
        "activities of Executive team",
        "burn": "113% over",
    },
    "da": {
        "Kick-off approved": "Kick-off approved 01.03.2026 uge 9 04.03.2026 uge 10 Nået +3",
        "Go-live": "Go-live 01.09.2026 uge 36 — Planlagt 0",
        "Executive team": "Executive team 5 5 Håndter tæt ✓ Dækket 1 — 4 "
        "aktiviteter for Executive team",
        "burn": "113\xa0% over",
    },
}


@pytest.mark.parametrize("language", list(LINES))
def test_the_dashboards_lines_say_where_each_milestone_and_stakeholder_is(
    handmade, executive_client, clock, language
):
    plan, expected = handmade["plan"], LINES[language]
    StakeholderFactory(plan=plan, name="<b>R&D</b>", importance=1, involvement=1)

    response = executive_client.get(
        reverse("commplan:plan_dashboard", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE=language
    )

    html = response.content.decode()
    # Per milestone: dates with their weeks, status and slip, then the figures.
    assert row_of(html, "Kick-off approved").startswith(expected["Kick-off approved"] + " 2 2 3")
    assert row_of(html, "Go-live").startswith(expected["Go-live"] + " 1 0 0")
    # The stakeholder map's table, and the map itself: coverage as a symbol and in words,
    # linking to the stakeholder's rows.
    assert row_of(html, "Executive team") == expected["Executive team"]
    executives = handmade["sh"]["executives"].pk
    assert re.search(
        rf'<a class="map-chip coverage-good" href="/plans/{plan.pk}/\?stakeholder={executives}">'
        r'<span aria-hidden="true">✓</span> Executive team<span class="visually-hidden"> \(',
        html.replace("\u00ad", ""),  # the map breaks names at their syllables
    )
    # Names are text, never markup.
    assert "<b>R&D</b>" not in html and "&lt;b&gt;R&amp;D&lt;/b&gt;" in html
    # Recognition used 1,700 of its 1,500 planned: the bar is full, red, and says so.
    burn = re.search(r'<svg class="burn-bar burn-over".*?</td>', html, re.S).group()
    assert 'class="burn-fill" x="0" y="0" width="100"' in burn
    assert re.sub(r"<[^>]+>", "", burn).strip() == expected["burn"]


def test_the_plan_dashboard_reads_in_danish(handmade, executive_client, clock):
    plan = handmade["plan"]

    response = executive_client.get(
        reverse("commplan:plan_dashboard", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="da"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="da">' in html
    assert "12.300,00\xa0kr." in html
    # Danish numbers have decimal commas; the chart's coordinates must not.
    svg = re.search(r'<svg class="timeline".*?</svg>', html, re.S).group()
    assert not re.findall(r'\s(?:x|y|x1|x2|y1|y2|cx|cy)="[^"]*,[^"]*"', svg)
    diamonds = re.findall(r'<polygon class="planned" points="([^"]*)"', svg)
    assert len(diamonds) == 6 and all(points.count(",") == 4 for points in diamonds)
    assert "I dag 15.06.2026" in svg or "Today 15.06.2026" in svg


def test_an_empty_plan_has_a_calm_dashboard(plan, executive_client, clock):
    response = executive_client.get(reverse("commplan:plan_dashboard", args=[plan.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "The plan has no milestones yet" in html
    assert "No warnings" in html


def test_home_sends_an_executive_to_their_plans_dashboard(plan, executive_client):
    response = executive_client.get("/", follow=True)

    assert response.redirect_chain == [
        ("/dashboard/", 302),
        (f"/plans/{plan.pk}/dashboard/", 302),
    ]


def test_the_rollup_goes_straight_to_the_only_plan(plan, executive_client):
    response = executive_client.get(reverse("commplan:dashboard"))

    assert response.status_code == 302
    assert response["Location"] == f"/plans/{plan.pk}/dashboard/"


def test_the_rollup_lists_each_plan_with_phase_health_overdue_and_burn(
    handmade, executive, executive_client, clock
):
    second = PlanFactory(name="Zealand plant")
    MembershipFactory(plan=second, user=executive, role=Role.EXECUTIVE)

    response = executive_client.get(reverse("commplan:dashboard"))

    assert response.status_code == 200
    lines = {
        plan.pk: (plan.phase_label, len(plan.health), plan.health.overdue_count, plan.cost_burn)
        for plan in response.context["plans"]
    }
    assert lines == {
        handmade["plan"].pk: ("4. Pilot", 7, 2, 17),
        second.pk: ("", 0, 0, None),
    }
    html = response.content.decode()
    assert f'href="/plans/{handmade["plan"].pk}/dashboard/"' in html
    assert f'href="/plans/{second.pk}/dashboard/"' in html
    assert "At risk" in html and "On track" in html


def test_the_rollup_without_plans_is_friendly(db, client):
    client.force_login(UserFactory(username="newbie"))

    response = client.get(reverse("commplan:dashboard"))

    assert response.status_code == 200
    assert "You are not on any plan yet." in response.content.decode()


def test_the_current_phase_falls_back_to_the_last_reached_milestone(plan):
    MilestoneFactory(plan=plan, phase=2, planned_date=D(2026, 2, 1), status="reached")
    MilestoneFactory(plan=plan, phase=3, planned_date=D(2026, 3, 1), status="reached")
    MilestoneFactory(plan=plan, phase=4, planned_date=D(2026, 4, 1), status="cancelled")

    assert plan_dashboard(plan, TODAY).current_phase == 3
    assert rollup(CommunicationPlan.objects.filter(pk=plan.pk), TODAY)[0].current_phase == 3


# Query counts: the dashboard costs the same with N and 2N of everything.

N = 4


def grow(plan, n, today):
    """Adds `n` of everything to `plan`: members with a capacity, important stakeholders,
    milestones (some slipped), channels, rows (some overdue, some without owner or budget) and
    reviews."""
    for i in range(n):
        owner = MembershipFactory(plan=plan, role=Role.OWNER, monthly_capacity_hours=1).user
        milestone = MilestoneFactory(
            plan=plan,
            phase=i % 5 + 1,
            planned_date=today + datetime.timedelta(days=(i + 1) * 10 * (-1) ** i),
        )
        row = PlanRowFactory(
            plan=plan,
            owner=owner if i % 3 else None,
            milestone=milestone,
            stakeholder=StakeholderFactory(plan=plan, importance=5, involvement=i % 5 + 1),
            planned_hours=5 if i % 4 else None,
            planned_cost=500 if i % 4 else None,
            scheduled_date=today - datetime.timedelta(days=20),
            next_review_date=today + datetime.timedelta(days=(i + 1) * (-1) ** i),
            status=RowStatus.ACTIVE,
        )
        review(row, today - datetime.timedelta(days=3), today, Goal.YES, "1", "50")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_plan_dashboard_queries_do_not_grow(plan, executive_client, clock):
    url = reverse("commplan:plan_dashboard", args=[plan.pk])

    grow(plan, N, TODAY)
    with_n, first = count_queries(executive_client, url)
    grow(plan, N, TODAY)
    with_2n, second = count_queries(executive_client, url)

    assert with_n == with_2n <= MAX_QUERIES
    dashboard = second.context["dashboard"]
    assert len(dashboard.milestones) == 2 * N
    assert len(dashboard.stakeholders) == 2 * N
    assert dashboard.totals.reviews == 2 * N
    assert len(dashboard.health) == len(first.context["dashboard"].health) > 3


def test_rollup_queries_do_not_grow(plan, executive, executive_client, clock):
    second = PlanFactory()
    MembershipFactory(plan=second, user=executive, role=Role.EXECUTIVE)
    url = reverse("commplan:dashboard")

    grow(plan, N, TODAY)
    grow(second, N, TODAY)
    with_n, _ = count_queries(executive_client, url)
    grow(plan, N, TODAY)
    grow(second, N, TODAY)
    third = PlanFactory()
    MembershipFactory(plan=third, user=executive, role=Role.EXECUTIVE)
    grow(third, N, TODAY)
    with_2n, response = count_queries(executive_client, url)

    assert with_n == with_2n <= MAX_QUERIES
    assert len(response.context["plans"]) == 3


def test_the_load_tests_dashboard_visit_stays_within_the_budget(plan, executive_client, clock):
    """What Locust's "dashboard" measures for an executive on one plan: /dashboard/, which
    redirects (session, user, their plans), then the plan's dashboard; N vs 2N."""
    grow(plan, N, TODAY)
    with CaptureQueriesContext(connection) as first:
        response = executive_client.get(reverse("commplan:dashboard"), follow=True)
    grow(plan, N, TODAY)
    with CaptureQueriesContext(connection) as second:
        executive_client.get(reverse("commplan:dashboard"), follow=True)

    assert response.redirect_chain == [(f"/plans/{plan.pk}/dashboard/", 302)]
    assert len(first) == len(second) <= MAX_QUERIES
