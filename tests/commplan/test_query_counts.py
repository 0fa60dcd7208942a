"""Every list page costs the same number of queries with N and 2N things on it (no N+1)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commplan.models import (
    Goal,
    Happened,
    Reminder,
    ReminderItem,
    ReminderKind,
    ReminderStatus,
    Review,
    Role,
)
from commplan.rows.forms import PlanRowInlineForm

from ..factories import MembershipFactory, PlanFactory, PlanRowFactory, form_data

N = 5
PLAN_TABLE_MAX_QUERIES = 12  # issue 16


def grow(plan, viewer, n):
    """Adds `n` rows to `plan`, each with its own stakeholder, message, channel, milestone and
    owner and two reviews, and `n` other plans in which `viewer` owns a row."""
    today = timezone.localdate()
    for i in range(n):
        owner = MembershipFactory(plan=plan, role=Role.OWNER).user
        row = PlanRowFactory(
            plan=plan,
            owner=owner,
            scheduled_date=today - datetime.timedelta(days=30),
            # Half overdue, half due soon, so the review filters match rows too.
            next_review_date=today + datetime.timedelta(days=(i + 1) * (-1) ** i),
            assurance=f"Agenda item {i}",
        )
        for days_ago in (7, 14):
            Review.objects.create(
                row=row,
                reviewed_by=owner,
                reviewed_on=today - datetime.timedelta(days=days_ago),
                happened=Happened.DONE,
                goal_reached=Goal.YES,
                actual_hours=Decimal("1.5"),
                actual_cost=Decimal("100"),
            )
        other = PlanFactory()
        MembershipFactory(plan=other, user=viewer, role=Role.OWNER)
        PlanRowFactory(plan=other, owner=viewer)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


LIST_PAGES = [
    ("commplan:plan_detail", "pk"),
    ("commplan:plan_list", None),
    ("commplan:my_work", None),
    ("stakeholders:stakeholder_list", "plan_pk"),
    ("milestones:milestone_list", "plan_pk"),
    ("commplan:message_list", "plan_pk"),
    ("commplan:channel_list", "plan_pk"),
    ("commplan:member_list", "plan_pk"),
]


@pytest.mark.parametrize(("name", "plan_kwarg"), LIST_PAGES)
def test_list_page_queries_do_not_grow_with_rows(manager_client, manager, plan, name, plan_kwarg):
    url = reverse(name, kwargs={plan_kwarg: plan.pk} if plan_kwarg else {})

    grow(plan, manager, N)
    with_n, first = count_queries(manager_client, url)
    grow(plan, manager, N)
    with_2n, response = count_queries(manager_client, url)

    assert with_n == with_2n
    # The page really lists the things that were added.
    assert len(response.context["object_list"]) - len(first.context["object_list"]) == N


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=agenda",
        "q=Stakeholder Message",
        "status=planned",
        "due=overdue",
        "due=soon",
        "sort=owner",
        "sort=-next_review",
        "sort=stakeholder&per_page=25",
        "phase=4",
    ],
)
def test_plan_table_filters_add_no_queries_per_row(manager_client, manager, plan, query):
    url = reverse("commplan:plan_detail", kwargs={"pk": plan.pk}) + "?" + query

    grow(plan, manager, N)
    with_n, first = count_queries(manager_client, url)
    grow(plan, manager, N)
    with_2n, response = count_queries(manager_client, url)

    assert with_n == with_2n <= PLAN_TABLE_MAX_QUERIES
    assert len(response.context["object_list"]) > len(first.context["object_list"]) > 0


def test_plan_table_filtered_to_one_stakeholder_costs_the_same_as_the_plan_grows(
    manager_client, manager, plan
):
    grow(plan, manager, N)
    stakeholder = plan.rows.first().stakeholder
    url = reverse("commplan:plan_detail", kwargs={"pk": plan.pk}) + f"?stakeholder={stakeholder.pk}"
    with_n, _ = count_queries(manager_client, url)
    grow(plan, manager, N)
    with_2n, response = count_queries(manager_client, url)

    assert with_n == with_2n <= PLAN_TABLE_MAX_QUERIES
    assert [row.stakeholder for row in response.context["object_list"]] == [stakeholder]


def test_the_plan_table_shows_the_actuals_of_rows_with_many_reviews(manager_client, manager, plan):
    url = reverse("commplan:plan_detail", kwargs={"pk": plan.pk})

    grow(plan, manager, N)
    with_n, _ = count_queries(manager_client, url)
    grow(plan, manager, N)
    with_2n, response = count_queries(manager_client, url)

    assert with_n == with_2n <= PLAN_TABLE_MAX_QUERIES
    rows = response.context["object_list"]
    # Two reviews each, summed per row: a join would have doubled the rows instead.
    assert len(rows) == 2 * N
    assert {(row.actual_hours, row.actual_cost) for row in rows} == {(3, 200)}
    totals = response.context["totals"]
    assert (totals["actual_hours"], totals["actual_cost"]) == (6 * N, 400 * N)


def add_reminders(plan, n):
    """`n` sent reminders, each to its own owner and naming one of their rows in `plan`."""
    today = timezone.localdate()
    for i in range(n):
        owner = MembershipFactory(plan=plan, role=Role.OWNER).user
        row = PlanRowFactory(plan=plan, owner=owner)
        reminder = Reminder.objects.create(
            recipient=owner,
            kind=ReminderKind.DIGEST,
            due_on=today - datetime.timedelta(days=i % 3),
            status=ReminderStatus.SENT,
            sent_at=timezone.now(),
            attempts=1,
        )
        ReminderItem.objects.create(reminder=reminder, row=row, due_date=reminder.due_on)


def test_the_reminder_list_costs_the_same_with_n_and_2n_reminders(manager_client, plan):
    url = reverse("commplan:reminder_list", kwargs={"plan_pk": plan.pk})

    add_reminders(plan, N)
    with_n, first = count_queries(manager_client, url)
    add_reminders(plan, N)
    with_2n, response = count_queries(manager_client, url)

    assert with_n == with_2n
    assert len(response.context["object_list"]) == 2 * len(first.context["object_list"]) == 2 * N


class DatabaseWork:
    """Counts SQLite's virtual-machine steps (in hundreds) while it is on: the database's work,
    the same on every run, unlike a timing."""

    def __init__(self):
        self.steps = 0

    def __enter__(self):
        connection.ensure_connection()
        connection.connection.set_progress_handler(self._step, 100)
        return self

    def __exit__(self, *exc):
        connection.connection.set_progress_handler(None, 100)

    def _step(self):
        self.steps += 1
        return 0  # go on


@pytest.mark.skipif(connection.vendor != "sqlite", reason="counts SQLite's steps")
def test_the_reminder_list_does_not_slow_down_with_the_square_of_the_rows_it_names(
    manager_client, manager, plan
):
    """A plan of thousands of rows made the page time out: each reminder's row count was a
    subquery run again for every row the reminder named (issue 11 §1.4). Naming 200 more rows
    per reminder must cost about the same each time, not more and more."""
    url = reverse("commplan:reminder_list", kwargs={"plan_pk": plan.pk})
    template = PlanRowFactory(plan=plan, owner=manager)
    today = timezone.localdate()
    reminders = [
        Reminder.objects.create(
            recipient=manager,
            kind=ReminderKind.ESCALATION,
            due_on=today - datetime.timedelta(days=day),
            status=ReminderStatus.SENT,
            sent_at=timezone.now(),
        )
        for day in range(3)
    ]
    work = []
    for _ in range(3):
        rows = PlanRowFactory._meta.model.objects.bulk_create(
            [
                PlanRowFactory.build(
                    plan=plan,
                    owner=manager,
                    stakeholder=template.stakeholder,
                    message=template.message,
                    channel=template.channel,
                    milestone=template.milestone,
                )
                for _ in range(200)
            ]
        )
        ReminderItem.objects.bulk_create(
            ReminderItem(reminder=reminder, row=row, due_date=reminder.due_on)
            for reminder in reminders
            for row in rows
        )
        manager_client.get(url)  # warm
        with DatabaseWork() as counter:
            response = manager_client.get(url)
        assert response.status_code == 200
        work.append(counter.steps)

    first_step, second_step = work[1] - work[0], work[2] - work[1]
    assert second_step < 1.3 * first_step, work
    assert [r.row_count for r in response.context["object_list"]] == [600, 600, 600]


# Opening: session, person, role, the row, and the five lists of the plan's stakeholders,
# messages, channels, owners and milestones.
INLINE_OPEN_QUERIES = 9
# Saving: session, person, role, the row with its links (an unchanged choice needs no lookup),
# the owner's role; the savepoint, the row locked, updated, its history written and the
# savepoint released; the saved row as the table shows it; the totals (rows, their reviews).
INLINE_SAVE_QUERIES = 13


@pytest.mark.parametrize("query", ["", "?status=planned&q=agenda"])
def test_the_in_place_edit_opens_and_saves_in_the_same_few_queries_however_big_the_plan(
    manager_client, manager, plan, query
):
    def counts():
        row = plan.rows.order_by("pk").first()
        url = reverse("commplan:row_inline", args=[plan.pk, row.pk]) + query
        with CaptureQueriesContext(connection) as opened:
            assert manager_client.get(url).status_code == 200
        data = form_data(PlanRowInlineForm(instance=row), planned_hours=str(len(opened)))
        with CaptureQueriesContext(connection) as saved:
            response = manager_client.post(url, data)
        assert response.status_code == 200
        assert "row-saved" in response.content.decode()
        return len(opened), len(saved)

    grow(plan, manager, N)
    with_n = counts()
    grow(plan, manager, N)
    with_2n = counts()

    # Twice as many stakeholders, messages, channels, owners and rows: no more queries, and a
    # filtered table's totals cost none more either.
    assert with_n == with_2n == (INLINE_OPEN_QUERIES, INLINE_SAVE_QUERIES)
