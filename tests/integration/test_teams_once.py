"""Teams cards once each: two sweeps at the same moment (two workers on PostgreSQL and Redis)
post each card once to the local stand-in for Teams; the claim is made in PostgreSQL."""

import pytest
from django.conf import settings

from commplan.models import ReminderKind, ReminderStatus, TeamsPost, TeamsWebhook
from commplan.teams import crypto
from tests.fake_teams import FakeTeams

from .conftest import wait_until

pytestmark = pytest.mark.integration


def connect(url, **owner):
    return TeamsWebhook.objects.create(
        url_encrypted=crypto.encrypt(url), hint=crypto.hint(url), **owner
    )


def test_two_workers_sweeping_at_once_post_each_card_once(world_factory, celery):
    # A slow Teams and one card per claim keep both sweeps busy at the same time, so they
    # compete for every card rather than one finishing before the other starts.
    with FakeTeams([(202, {}, 0.25)]) as teams:
        world = world_factory(owner_count=5)
        for i, owner in enumerate(world.owners):
            connect(teams.url(f"owner{i}"), user=owner)
        connect(teams.url("plan"), plan=world.plan)
        workers = [
            celery.start_worker(REMINDER_BATCH_SIZE=1, SECRET_KEY=settings.SECRET_KEY)
            for _ in range(2)
        ]
        for worker in workers:
            worker.wait_ready()

        celery.sweep()
        celery.sweep()
        for worker in workers:
            # The task's "succeeded" line: the cards go out after the emails' sweep line.
            wait_until(worker.spans, 30, message=worker.log)

        [(start_a, end_a)], [(start_b, end_b)] = (worker.spans() for worker in workers)
        assert start_a < end_b and start_b < end_a, "the two sweeps did not run at the same time"
        paths = sorted(path.split("/")[2] for path, _payload in teams.requests)
        expected = sorted([f"owner{i}" for i in range(5)] + ["plan"])
        assert paths == expected  # one card each: five owners' digests, the plan's digest
        posts = list(TeamsPost.objects.all())
        assert {(post.status, post.attempts) for post in posts} == {(ReminderStatus.SENT, 1)}
        assert {post.kind for post in posts} == {ReminderKind.DIGEST}

        # Beat fires again: nothing new for the same day.
        celery.sweep()
        wait_until(lambda: sum(len(w.spans()) for w in workers) >= 3, 30, message="third sweep")
        assert len(teams.requests) == len(expected)
