"""Tasks are enqueued on commit: the managers' "send reminders now" button enqueues the sweep
only when the request's transaction commits, so the worker never sweeps before it can see what
the request wrote."""

import time

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from commplan.models import Role
from config.celery_app import app
from tests.factories import MembershipFactory, PlanRowFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def default_queue(celery):
    """Tasks enqueued without a queue (as the view does) go to this test's queue."""
    assert app.conf.broker_url == celery.broker_url, "the web side must use REDIS_URL too"
    default = app.conf.task_default_queue
    app.conf.task_default_queue = celery.queue
    yield celery.queue
    app.conf.task_default_queue = default


def test_send_now_enqueues_the_sweep_when_the_request_commits(
    world_factory, celery, smtp_server, default_queue
):
    world = world_factory(owner_count=1)
    worker = celery.start_worker().wait_ready()
    client = Client()
    client.force_login(world.manager)

    with transaction.atomic():
        # Written in the same transaction as the request: invisible to the worker until commit.
        late_owner = MembershipFactory(
            plan=world.plan, role=Role.OWNER, user__username="late_owner"
        ).user
        late_row = PlanRowFactory(
            plan=world.plan,
            owner=late_owner,
            next_review_date=world.rows[0].next_review_date,
            scheduled_date=None,
        )
        response = client.post(reverse("commplan:reminder_send", kwargs={"plan_pk": world.plan.pk}))
        assert response.status_code == 302
        time.sleep(0.3)  # time for a task enqueued too early to reach the worker
        # Nothing has left for the broker while the transaction is open.
        assert celery.queued() == 0
        assert " received" not in worker.log()

    [(created, sent, _failed, _skipped)] = celery.wait_sweeps(1)
    assert (created, sent) == (2, 2)
    assert smtp_server.inbox.count_by_recipient() == {world.owners[0].email: 1, late_owner.email: 1}
    [to_late_owner] = smtp_server.inbox.to(late_owner.email)
    body = to_late_owner.message.get_body(("plain",)).get_content()
    assert f"/plans/{world.plan.pk}/rows/{late_row.pk}/reviews/new/" in body
