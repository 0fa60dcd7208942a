"""With DEBUG off, errors render our own pages, not Django's or a traceback."""

import pytest
from django.core import mail
from django.urls import reverse

from commplan.accounts.forms import SignInForm
from commplan.followup import views


@pytest.fixture(autouse=True)
def _debug_off(settings):
    settings.DEBUG = False


def test_a_page_outside_your_plans_is_our_404(outsider_client, plan):
    response = outsider_client.get(reverse("commplan:plan_detail", args=[plan.pk]))

    html = response.content.decode()
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert "it belongs to a plan you are not a member of" in html
    assert "Traceback" not in html


def test_a_refused_write_is_our_403(executive_client, plan):
    response = executive_client.get(reverse("commplan:plan_update", args=[plan.pk]))

    html = response.content.decode()
    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]
    assert "Nothing was changed." in html


def test_a_crash_is_our_500(manager_client, monkeypatch, caplog):
    def crash(self, request, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.MyWorkView, "get", crash)
    manager_client.raise_request_exception = False

    with caplog.at_level("CRITICAL", logger="django.request"):
        response = manager_client.get(reverse("commplan:my_work"))

    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "boom" not in html and "Traceback" not in html


def test_error_reports_to_admins_never_show_a_secret(client, db, settings, monkeypatch):
    secret = "hunter2-do-not-show"
    settings.ADMINS = [("Operations", "ops@example.dk")]
    settings.EMAIL_HOST_PASSWORD = secret
    settings.REDIS_URL = f"redis://:{secret}@redis:6379/0"
    settings.CELERY_BROKER_URL = settings.REDIS_URL

    def crash(self):
        raise RuntimeError("boom")

    monkeypatch.setattr(SignInForm, "clean", crash)
    client.raise_request_exception = False
    # The error is logged (and so mailed to ADMINS); pytest keeps the log out of the output.
    response = client.post(reverse("login"), {"username": "mette", "password": secret})

    assert response.status_code == 500
    [report] = mail.outbox
    assert "RuntimeError" in report.body
    assert "REDIS_URL" in report.body and "EMAIL_HOST_PASSWORD" in report.body
    assert secret not in report.body


def test_opening_a_button_address_says_so_and_changes_nothing(manager_client, plan):
    response = manager_client.get(reverse("commplan:plan_archive", args=[plan.pk]))

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "This address is not opened directly" in response.content.decode()
    plan.refresh_from_db()
    assert plan.archived_at is None


def test_posting_to_a_page_that_is_only_read_says_so(manager_client, plan):
    response = manager_client.post(reverse("commplan:plan_list"), {"name": "x"})

    assert response.status_code == 405
    assert "It can only be opened, not sent a form." in response.content.decode()


def test_sign_out_opened_by_hand_is_explained_in_danish(manager_client):
    response = manager_client.get(reverse("logout"), headers={"accept-language": "da"})

    assert response.status_code == 405
    assert "Denne adresse åbnes ikke direkte" in response.content.decode()


def test_an_htmx_request_keeps_its_bare_405(manager_client, plan):
    response = manager_client.get(
        reverse("commplan:plan_archive", args=[plan.pk]), headers={"hx-request": "true"}
    )

    assert response.status_code == 405
    assert response.content == b""
