"""Errors reach Sentry without personal data when SENTRY_DSN is set, else ADMINS by email
(issue 11 §3). The Celery side, with a real worker, is in tests/integration."""

import pytest
import sentry_sdk
from django.core import mail
from django.test import Client
from django.urls import reverse

from commplan.reminders.views import ReminderListView
from config.reporting import start_sentry

from .fake_sentry import FakeSentry

CLIENT_ADDRESS = "203.0.113.77"


@pytest.fixture
def broken_page(monkeypatch, plan):
    """The Reminders page fails with a programming error."""

    def fail(self, **kwargs):
        raise RuntimeError("the Reminders page broke")

    monkeypatch.setattr(ReminderListView, "get_context_data", fail)
    return reverse("commplan:reminder_list", args=[plan.pk])


@pytest.fixture
def manager_browser(manager):
    manager.username = "jane.doe.4711"
    manager.email = "jane.doe@example.dk"
    manager.first_name, manager.last_name = "Jane", "Doe"
    manager.save()
    client = Client(raise_request_exception=False, REMOTE_ADDR=CLIENT_ADDRESS)
    client.force_login(manager)
    client.cookies["csrftoken"] = "csrf-cookie-value-1234567890abcdef"
    return client


@pytest.fixture
def fake_sentry():
    with FakeSentry() as sentry:
        yield sentry
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # no DSN: the SDK is off again for the tests that follow


def test_a_server_error_reaches_sentry_without_personal_data(
    fake_sentry, manager_browser, broken_page, manager
):
    start_sentry(fake_sentry.dsn, environment="ci", release="commplanner@test")

    response = manager_browser.get(broken_page + "?q=1", HTTP_USER_AGENT="Firefox")
    sentry_sdk.flush(timeout=5)

    assert response.status_code == 500
    (event,) = fake_sentry.wait_for_event()
    (exception,) = event["exception"]["values"]
    assert (exception["type"], exception["value"]) == ("RuntimeError", "the Reminders page broke")
    assert (event["environment"], event["release"]) == ("ci", "commplanner@test")
    assert event["transaction"] == "/plans/{plan_pk}/reminders/"
    everything = "\n".join(fake_sentry.envelopes)
    session = manager_browser.cookies["sessionid"].value
    for personal in (
        manager.email,
        manager.username,
        "Jane",
        "Doe",
        CLIENT_ADDRESS,
        session,
        "csrf-cookie-value-1234567890abcdef",
    ):
        assert personal not in everything, personal
    assert "user" not in event or not event["user"].get("ip_address")


def test_without_sentry_admins_get_an_email_about_a_server_error(
    manager_browser, broken_page, settings
):
    settings.ADMINS = [("Ops", "ops@example.dk")]

    response = manager_browser.get(broken_page)

    assert response.status_code == 500
    (email,) = mail.outbox
    assert email.to == ["ops@example.dk"]
    assert "RuntimeError" in email.body
    assert "the Reminders page broke" in email.body
