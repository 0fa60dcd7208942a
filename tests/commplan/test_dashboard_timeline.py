"""The dashboard's timeline and milestone table for a plan with many milestones: a crowded phase
is drawn per period (how many, how many late), every milestone is still listed once in the
table, under its phase's line with the phase's sums.

The clock is frozen at Monday 15 June 2026, as in test_dashboard.py.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from milestones.models import MilestoneStatus, Phase
from tests.factories import MilestoneFactory, PlanRowFactory

D = datetime.date


@pytest.fixture
def clock():
    moment = datetime.datetime(2026, 6, 15, 9, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def crowded(plan):
    """Phase 1: 16 milestones, 8 in March (reached, every other one 2 days late) and 8 in April
    (reached on time). Phase 4: two milestones, one of them 5 days late and still open."""
    for day in range(1, 17, 2):
        late = 2 if day % 4 == 1 else 0
        MilestoneFactory(
            plan=plan,
            title=f"March step {day}",
            phase=Phase.RECOGNITION,
            planned_date=D(2026, 3, day),
            actual_date=D(2026, 3, day + late),
            status=MilestoneStatus.REACHED,
        )
        MilestoneFactory(
            plan=plan,
            title=f"April step {day}",
            phase=Phase.RECOGNITION,
            planned_date=D(2026, 4, day),
            actual_date=D(2026, 4, day),
            status=MilestoneStatus.REACHED,
        )
    pilot = MilestoneFactory(
        plan=plan, title="Pilot start", phase=Phase.PILOT, planned_date=D(2026, 6, 10)
    )
    MilestoneFactory(plan=plan, title="Pilot review", phase=Phase.PILOT, planned_date=D(2026, 7, 1))
    PlanRowFactory(plan=plan, milestone=pilot, planned_hours=3, planned_cost=100)
    PlanRowFactory(plan=plan, milestone=pilot, planned_hours=2, planned_cost=50)
    return plan


def test_a_crowded_phase_is_drawn_per_period_and_listed_in_full(crowded, executive_client, clock):
    response = executive_client.get(reverse("commplan:plan_dashboard", args=[crowded.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    svg = re.search(r'<svg class="timeline".*?</svg>', html, re.S).group()
    # Phase 1's sixteen milestones: one bar per month, each saying how many and how many late.
    bars = re.findall(r'<a class="mark cluster[^"]*" href="#phase-1".*?</a>', svg, re.S)
    assert len(bars) == 2
    assert "8 milestones, <tspan" in bars[0] and "4 late" in bars[0]
    assert "8 milestones</text>" in bars[1] and "late" not in bars[1]
    # The pilot's two milestones keep their own markers, titles and slip.
    assert svg.count('<polygon class="planned"') == 2
    assert "Pilot start" in svg and "+5" in svg
    # The table lists every milestone once, under its phase's line with the phase's sums.
    table = re.search(r'<table[^>]*id="milestone-table".*?</table>', html, re.S).group()
    for day in range(1, 17, 2):
        assert table.count(f">March step {day}<") == 1
        assert table.count(f">April step {day}<") == 1
    pilot_group = re.search(r'<tbody class="phase-group" id="phase-4">.*?</tbody>', table, re.S)
    phase_line = re.search(r'<tr class="phase-row[^"]*">.*?</tr>', pilot_group.group(), re.S)
    assert "2 milestones" in phase_line.group()
    assert ">2</td>" in phase_line.group()  # its two activities
    assert "DKK\xa0150.00" in phase_line.group()


def test_a_phase_with_few_milestones_is_drawn_one_by_one(plan, executive_client, clock):
    for day in (1, 8, 15):
        MilestoneFactory(plan=plan, phase=Phase.PILOT, planned_date=D(2026, 6, day))

    response = executive_client.get(reverse("commplan:plan_dashboard", args=[plan.pk]))

    svg = re.search(r'<svg class="timeline".*?</svg>', response.content.decode(), re.S).group()
    assert svg.count('<polygon class="planned"') == 3
    assert "cluster" not in svg
