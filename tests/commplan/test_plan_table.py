"""The plan table's filters, search, pagination and totals."""

import datetime
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from commplan.models import Role, RowStatus
from commplan.rows.forms import PlanRowInlineForm
from milestones.models import Phase

from ..factories import (
    ChannelFactory,
    MembershipFactory,
    MessageFactory,
    MilestoneFactory,
    PlanRowFactory,
    StakeholderFactory,
    form_data,
)

DAY = datetime.timedelta(days=1)


def table(client, plan, **query):
    response = client.get(reverse("commplan:plan_detail", args=[plan.pk]), query)
    assert response.status_code == 200
    return response


def shown(response):
    return {row.pk for row in response.context["object_list"]}


@pytest.fixture
def rows(plan, owner):
    """Two rows that differ in every column the table filters or searches on."""
    today = timezone.localdate()
    other_owner = MembershipFactory(
        plan=plan, role=Role.OWNER, user__first_name="Birgitte", user__last_name="Holm"
    ).user
    owner.first_name, owner.last_name = "Anders", "Lund"
    owner.save()
    first = PlanRowFactory(
        plan=plan,
        owner=owner,
        stakeholder=StakeholderFactory(plan=plan, name="Sales team"),
        message=MessageFactory(plan=plan, content="Why forecasts matter", goal="Trust in data"),
        channel=ChannelFactory(plan=plan, name="Intranet"),
        milestone=MilestoneFactory(plan=plan, title="Kick-off", phase=Phase.RECOGNITION),
        assurance="Agenda item",
        notes="Bring coffee",
        status=RowStatus.PLANNED,
        scheduled_date=None,
        next_review_date=today - DAY,
        planned_hours=Decimal("2"),
        planned_cost=Decimal("1000"),
    )
    second = PlanRowFactory(
        plan=plan,
        owner=other_owner,
        stakeholder=StakeholderFactory(plan=plan, name="Procurement"),
        message=MessageFactory(plan=plan, content="Supplier calendar", goal="Fewer rush orders"),
        channel=ChannelFactory(plan=plan, name="Town hall"),
        milestone=MilestoneFactory(plan=plan, title="Go-live", phase=Phase.OPERATION),
        assurance="Minutes sent",
        notes="Invite suppliers",
        status=RowStatus.ACTIVE,
        scheduled_date=None,
        next_review_date=today + 3 * DAY,
        planned_hours=Decimal("5.5"),
        planned_cost=Decimal("250.25"),
    )
    return first, second


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("stakeholder", lambda row: row.stakeholder_id),
        ("channel", lambda row: row.channel_id),
        ("owner", lambda row: row.owner_id),
        ("milestone", lambda row: row.milestone_id),
        ("phase", lambda row: row.milestone.phase),
        ("status", lambda row: row.status),
    ],
)
@pytest.mark.parametrize("which", [0, 1])
def test_each_filter_shows_only_matching_rows(manager_client, plan, rows, param, value, which):
    row = rows[which]

    response = table(manager_client, plan, **{param: value(row)})

    assert shown(response) == {row.pk}


@pytest.mark.parametrize(
    ("words", "which"),
    [
        ("sales", 0),  # stakeholder
        ("FORECASTS", 0),  # message content
        ("rush", 1),  # message goal
        ("town", 1),  # channel
        ("agenda", 0),  # how it is ensured
        ("suppliers", 1),  # notes
        ("birgitte", 1),  # owner's first name
        ("lund", 0),  # owner's last name
        ("kick-off", 0),  # milestone
        ("sales intranet", 0),  # every word must match, in any column
    ],
)
def test_search_looks_in_every_column(manager_client, plan, rows, words, which):
    response = table(manager_client, plan, q=words)

    assert shown(response) == {rows[which].pk}


def test_search_with_words_in_different_rows_finds_nothing(manager_client, plan, rows):
    response = table(manager_client, plan, q="sales procurement")

    assert shown(response) == set()
    assert "No activity matches these filters." in response.content.decode()


@pytest.fixture
def reviews(plan):
    """Rows reviewed at different times, by name."""
    today = timezone.localdate()

    def row(review, status=RowStatus.PLANNED):
        return PlanRowFactory(
            plan=plan, scheduled_date=None, next_review_date=review, status=status
        )

    return {
        "last week": row(today - 7 * DAY),
        "today": row(today, RowStatus.ACTIVE),
        "in 14 days": row(today + 14 * DAY),
        "in 15 days": row(today + 15 * DAY),
        "done last week": row(today - 7 * DAY, RowStatus.DONE),
        "no date": row(None),
    }


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("overdue", {"last week"}),
        ("today", {"today"}),
        ("due", {"last week", "today"}),
        ("soon", {"today", "in 14 days"}),
    ],
)
def test_review_filters(manager_client, plan, reviews, due, expected):
    response = table(manager_client, plan, due=due)

    assert shown(response) == {reviews[name].pk for name in expected}


def test_totals_are_for_the_filtered_rows(manager_client, plan, rows):
    everything = table(manager_client, plan).content.decode()
    filtered = table(manager_client, plan, status=RowStatus.ACTIVE).content.decode()

    assert "<strong>2</strong> activities" in everything
    assert 'data-total="hours">7.5 hours' in everything
    assert 'data-total="cost">DKK\xa01,250.25' in everything
    assert "<strong>1</strong> activity" in filtered
    assert 'data-total="hours">5.5 hours' in filtered
    assert 'data-total="cost">DKK\xa0250.25' in filtered
    assert "(filtered)" in filtered and "(filtered)" not in everything


def test_pagination_keeps_the_filters_in_its_links(manager_client, plan):
    stakeholder = StakeholderFactory(plan=plan, name="Finance")
    for _ in range(30):
        PlanRowFactory(plan=plan, stakeholder=stakeholder, status=RowStatus.ACTIVE)
    PlanRowFactory(plan=plan, status=RowStatus.DONE)  # filtered out

    first = table(manager_client, plan, status="active", q="finance", per_page=25)
    links = re.findall(r'class="page-link" href="([^"]+)"', first.content.decode())
    second = manager_client.get(
        reverse("commplan:plan_detail", args=[plan.pk]) + links[-1].replace("&amp;", "&")
    )

    assert len(first.context["object_list"]) == 25
    assert links, "a second page is linked"
    for link in links:
        query = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
        assert query["status"] == ["active"]
        assert query["q"] == ["finance"]
        assert query["per_page"] == ["25"]
    assert len(second.context["object_list"]) == 5
    assert shown(first).isdisjoint(shown(second))


@pytest.mark.parametrize(("per_page", "expected"), [("25", 25), ("50", 50), ("7", 100), ("x", 100)])
def test_per_page_is_one_of_the_offered_sizes(manager_client, plan, per_page, expected):
    response = table(manager_client, plan, per_page=per_page)

    assert response.context["paginator"].per_page == expected
    assert f'<option value="{expected}" selected>' in response.content.decode()


@pytest.mark.parametrize("sort", ["stakeholder", "-stakeholder"])
def test_sorting_by_stakeholder(manager_client, plan, rows, sort):
    response = table(manager_client, plan, sort=sort)

    names = [row.stakeholder.name for row in response.context["object_list"]]
    assert names == sorted(names, reverse=sort.startswith("-"))


def test_a_filter_that_is_not_understood_is_ignored_as_the_page_says(manager_client, plan, rows):
    deleted_stakeholder = 999_999  # e.g. from a bookmark made before the stakeholder was deleted

    response = table(manager_client, plan, stakeholder=deleted_stakeholder, status="active")

    html = response.content.decode()
    assert "Some filters were not understood and were ignored" in html
    assert shown(response) == {rows[1].pk}
    assert 'data-total="hours">5.5 hours' in html


def test_an_inline_save_brings_the_new_totals_of_the_filtered_table(manager_client, plan, rows):
    row = rows[1]
    url = reverse("commplan:row_inline", args=[plan.pk, row.pk]) + "?status=active"
    data = form_data(PlanRowInlineForm(instance=row), planned_hours="10", planned_cost="99")

    response = manager_client.post(url, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="totals" aria-live="polite" data-hx-swap-oob="true"' in html
    assert "<strong>1</strong> activity" in html and "(filtered)" in html
    assert 'data-total="hours">10 hours' in html
    assert 'data-total="cost">DKK\xa099.00' in html
