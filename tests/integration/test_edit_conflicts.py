"""No lost updates on PostgreSQL: two people save the same version of a row at the same moment,
each request in its own thread with its own database connection; exactly one save wins and the
other is shown the winner's change.

The requests go through Django's test client in each thread, so every layer runs as in
production (view, form, row lock, history) against the real database.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from commplan.models import PlanRow, Role
from commplan.rows.forms import PlanRowInlineForm
from tests.factories import MembershipFactory, PlanFactory, PlanRowFactory, form_data

from .conftest import wait_until

pytestmark = pytest.mark.integration


@pytest.fixture
def shared_row(postgres, transactional_db):
    """A committed row and four managers of its plan, each with a signed-in client."""
    plan = PlanFactory()
    clients = []
    for index in range(4):
        user = MembershipFactory(
            plan=plan, role=Role.MANAGER, user__username=f"race_manager{index}"
        ).user
        client = Client()
        client.force_login(user)
        clients.append(client)
    return PlanRowFactory(plan=plan, owner=None), clients


def in_threads(*jobs):
    """Run each job in its own thread (and database connection) at once; their results."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)
    errors = []

    def run(index, job):
        try:
            barrier.wait(timeout=10)
            results[index] = job()
        except BaseException as error:  # pytest.fail() too; reported by the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return results


@pytest.mark.parametrize("url_name", ["commplan:row_inline", "commplan:row_update"])
def test_of_four_saves_of_the_same_version_at_once_exactly_one_wins(shared_row, url_name):
    row, clients = shared_row
    url = reverse(url_name, args=[row.plan_id, row.pk])
    opened = [form_data(client.get(url).context["form"]) for client in clients]
    history_before = row.history.count()

    def save(client, data, hours):
        return lambda: (hours, client.post(url, data | {"planned_hours": hours}).status_code)

    results = in_threads(
        *(
            save(client, data, f"{index + 1}0")
            for index, (client, data) in enumerate(zip(clients, opened, strict=True))
        )
    )

    winners = [hours for hours, status in results if status in (200, 302)]
    assert len(winners) == 1, results
    assert sorted(status for _hours, status in results).count(409) == 3
    row.refresh_from_db()
    assert row.planned_hours == Decimal(winners[0])
    assert row.history.count() == history_before + 1


def test_a_save_waits_for_the_one_holding_the_row_and_then_sees_its_change(shared_row):
    """The interleaving the lock is for, made certain: the first save holds the row, uncommitted,
    until the second is seen waiting for it in pg_stat_activity; then the first commits."""
    row, (_first, second_client, *_others) = shared_row
    url = reverse("commplan:row_inline", args=[row.plan_id, row.pk])
    first = PlanRowInlineForm(
        form_data(PlanRowInlineForm(instance=row), planned_hours="11"),
        instance=PlanRow.objects.get(pk=row.pk),
    )
    second_data = form_data(second_client.get(url).context["form"], planned_hours="22")
    holding, second_waits = threading.Event(), threading.Event()

    def first_save():
        assert first.is_valid(), first.errors
        with transaction.atomic():
            first.save()
            holding.set()
            second_waits.wait(timeout=10)
        return "saved"

    def second_save():
        holding.wait(timeout=10)
        return second_client.post(url, second_data).status_code

    def watch():
        holding.wait(timeout=10)
        waiting = wait_until(blocked_on_a_lock, timeout=10, message="the second save to wait")
        second_waits.set()
        return waiting

    results = in_threads(first_save, second_save, watch)

    assert results[:2] == ["saved", 409]
    row.refresh_from_db()
    assert row.planned_hours == Decimal("11")


def blocked_on_a_lock():
    """How many other connections to this database wait for a lock (a row lock, here)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock' "
            "AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]
