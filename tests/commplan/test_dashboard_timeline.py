"""The dashboard's timeline and milestone table for a plan with many milestones: a crowded phase
is drawn per period (how many, how many late), every milestone is still listed once in the
table, under its phase's line with the phase's sums.

The clock is frozen at Monday 15 June 2026, as in test_dashboard.py.
"""

import datetime
import re
from itertools import pairwise
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


def tick_labels(html):
    """The timeline's month labels as (x where the text starts, text)."""
    svg = re.search(r'<svg class="timeline".*?</svg>', html, re.S).group()
    found = re.findall(r'<text class="tick-label" x="([\d.]+)" y="14" dx="3">([^<]*)</text>', svg)
    return [(float(x) + 3, text) for x, text in found]


def text_width(text):
    """A generous width of `text` at the labels' 11 px (DejaVu Sans: digits 7 px)."""
    return sum(7.0 if c.isdigit() else 3.5 if c == " " else 6.4 for c in text)


@pytest.mark.parametrize("language", ["en", "da"])
@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2025, 12, 20), D(2026, 12, 31)),  # 13 months, a tick a month: tight
        (D(2025, 11, 1), D(2026, 11, 15)),
        (D(2026, 5, 1), D(2026, 8, 1)),
        (D(2025, 1, 10), D(2027, 9, 1)),  # a tick a quarter
        (D(2020, 1, 1), D(2035, 1, 1)),  # a tick a year, fifteen of them
    ],
)
def test_the_month_labels_never_overlap(plan, executive_client, clock, language, start, end):
    plan.start_date, plan.end_date = start, end
    plan.save()
    MilestoneFactory(plan=plan, phase=Phase.PILOT, planned_date=D(2026, 6, 10))

    response = executive_client.get(
        reverse("commplan:plan_dashboard", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE=language
    )

    labels = tick_labels(response.content.decode())
    assert len(labels) >= 4
    for (left, text), (next_left, next_text) in pairwise(labels):
        assert left + text_width(text) < next_left, (text, next_text)
    last_left, last_text = labels[-1]
    assert last_left + text_width(last_text) <= 1000  # inside the chart
    # The first label and every change of year say the year.
    years = [text.split()[-1] for _left, text in labels if " " in text]
    assert years and years == sorted(set(years))
    assert " " in labels[0][1] or " " in labels[1][1]


def test_a_year_starting_in_december_names_january_with_its_year(plan, executive_client, clock):
    plan.start_date, plan.end_date = D(2025, 11, 20), D(2026, 12, 20)
    plan.save()
    MilestoneFactory(plan=plan, phase=Phase.PILOT, planned_date=D(2026, 6, 10))

    response = executive_client.get(reverse("commplan:plan_dashboard", args=[plan.pk]))

    texts = [text for _left, text in tick_labels(response.content.decode())]
    assert texts[:3] == ["Dec", "Jan 2026", "Feb"]
