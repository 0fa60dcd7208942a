"""What phones and tablets get from the server (issue 13): My work as cards with one action,
plan table cells labelled for the card layout, filters behind a counted button, and no noise
(a done activity's past review date, zero costs)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commplan.models import RowStatus
from commplan.templatetags.commplan import SOFT_HYPHEN, hyphenate

from ..factories import PlanRowFactory


def test_my_work_cards_have_one_review_button_per_activity(owner_client, plan, owner):
    rows = PlanRowFactory.create_batch(3, plan=plan, owner=owner, status=RowStatus.ACTIVE)
    html = owner_client.get(reverse("commplan:my_work")).content.decode()
    cards = re.findall(r'<li class="card my-card.*?</li>', html, re.S)
    assert len(cards) == len(rows)
    for card in cards:
        assert card.count("Record review") == 1
        assert "Channel" in card and "Due" in card and "Status" in card


def test_plan_table_cells_carry_their_column_heading(manager_client, row):
    html = manager_client.get(row.plan.get_absolute_url()).content.decode()
    labels = re.findall(r'data-label="([^"]+)"', html)
    assert {
        "Stakeholders (target group)",
        "Message content and goal",
        "Channel",
        "Owner",
        "Time and resources",
    } <= set(labels)


def test_filter_button_counts_the_filters_in_use(manager_client, row):
    url = row.plan.get_absolute_url()
    assert "Filter (0)" in manager_client.get(url).content.decode()
    html = manager_client.get(url, {"status": RowStatus.ACTIVE, "due": "overdue"}).content.decode()
    assert "Filter (2)" in html
    assert 'data-bs-target="#plan-filters"' in html


def test_done_activity_shows_no_past_review_date_nor_zero_cost(manager_client, plan, owner):
    past = timezone.localdate() - datetime.timedelta(days=40)
    done = PlanRowFactory(
        plan=plan,
        owner=owner,
        status=RowStatus.DONE,
        next_review_date=past,
        planned_cost=Decimal("0"),
    )
    html = manager_client.get(plan.get_absolute_url()).content.decode()
    cells = re.search(rf'<tr id="row-{done.pk}".*?</tr>', html, re.S).group()
    assert past.isoformat() not in cells
    assert "0.00" not in cells


def test_danish_compounds_break_at_their_syllables():
    assert hyphenate("Efterspørgselsplanlægning", "da").split(SOFT_HYPHEN) == [
        "Ef",
        "ter",
        "spørgsels",
        "plan",
        "læg",
        "ning",
    ]
    assert hyphenate("Produktion og forsyning", "da") == (
        f"Pro{SOFT_HYPHEN}duk{SOFT_HYPHEN}tion og for{SOFT_HYPHEN}sy{SOFT_HYPHEN}ning"
    )


def test_row_form_says_what_each_field_and_empty_choice_means(manager_client, row):
    html = manager_client.get(
        reverse("commplan:row_update", args=[row.plan_id, row.pk])
    ).content.decode()
    assert "---------" not in html
    assert "No owner yet" in html and "Choose a stakeholder" in html


CARD_LISTS = [
    ("commplan:plan_list", False),
    ("commplan:member_list", True),
    ("stakeholders:stakeholder_list", True),
    ("milestones:milestone_list", True),
    ("commplan:channel_list", True),
    ("commplan:message_list", True),
    ("commplan:baseline_list", True),
]


@pytest.mark.parametrize(("name", "per_plan"), CARD_LISTS)
def test_list_cards_label_every_value_from_the_server(manager_client, row, name, per_plan):
    # On a phone each value shows its column's heading above it; the page sends the labels, no
    # script writes them. Only the cell of Edit/Delete buttons goes without.
    baseline = {"name": "Pilot approved", "note": "Agreed"}
    manager_client.post(reverse("commplan:baseline_create", args=[row.plan_id]), baseline)
    url = reverse(name, args=[row.plan_id] if per_plan else [])
    html = manager_client.get(url).content.decode()
    body = re.search(r'<table class="table table-cards.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    cells = re.findall(r"<td([^>]*)>(.*?)</td>", body, re.S)
    assert cells
    for attributes, content in cells:
        assert "data-label=" in attributes or 'class="btn' in content, (attributes, content)


def test_dashboard_milestone_cards_label_every_figure(manager_client, row):
    html = manager_client.get(reverse("commplan:plan_dashboard", args=[row.plan_id])).content
    table = re.search(r'<table[^>]*id="milestone-table".*?</table>', html.decode(), re.S).group()
    milestone_line = re.search(
        r'<tr>\s*<th scope="row" class="fw-normal milestone-name">.*?</tr>', table, re.S
    )
    labels = re.findall(r'<td data-label="([^"]+)"', milestone_line.group())
    assert labels == [
        "Planned date",
        "Actual date",
        "Status",
        "Slip (days)",
        "Activities planned",
        "Activities done",
        "Reviews recorded",
        "Reviews on time",
        "Goal reached",
        "Planned hours",
        "Actual hours",
        "Planned cost",
        "Actual cost",
    ]
