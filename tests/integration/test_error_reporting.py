"""A failing Celery task, in a real worker on the real broker with the production settings,
reaches Sentry (a local stand-in), tagged and without personal data (issue 11 §3)."""

import time

from tests.fake_sentry import FakeSentry

SECRET_KEY = "pV7q-Lm2_Xz9RtK4wYb8NcH3dGfA6eU1oIiSjT0vQsWnPlMkJhB5"


def test_a_failing_task_in_the_worker_reaches_sentry(celery, test_database_url, world_factory):
    world = world_factory(1)
    # The sweep fails at its first query: the worker's database does not exist.
    missing_database = test_database_url.rsplit("/", 1)[0] + "/commplan_no_such_database"
    with FakeSentry() as sentry:
        worker = celery.start_worker(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SECRET_KEY=SECRET_KEY,
            ALLOWED_HOSTS="planner.example.com",
            DATABASE_URL=missing_database,
            SENTRY_DSN=sentry.dsn,
            SENTRY_ENVIRONMENT="ci",
        ).wait_ready()
        celery.sweep()

        sentry.wait_for_event()
        time.sleep(1)  # anything else the worker reports about this failure
        events = sentry.events()

    (event,) = events
    exception = event["exception"]["values"][-1]  # the last is the one raised
    assert exception["type"] == "OperationalError"
    assert "commplan_no_such_database" in exception["value"]
    assert exception["mechanism"]["type"] == "celery"
    assert event["environment"] == "ci"
    assert event["release"].startswith("commplanner@")
    everything = "\n".join(sentry.envelopes)
    assert world.owners[0].email not in everything
    assert "Task commplan.sweep_reminders" in worker.log()
