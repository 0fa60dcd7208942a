"""Requests too big to handle are refused with a page that says why, and nothing is saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commplan.plans.forms import PlanForm

from .factories import form_data


@pytest.fixture(autouse=True)
def _debug_off(settings):
    settings.DEBUG = False


def plan_update(plan):
    return reverse("commplan:plan_update", args=[plan.pk])


def test_a_text_over_the_limit_is_refused_with_the_limit_named(
    manager_client, plan, snapshot, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    before = snapshot()
    data = form_data(PlanForm(instance=plan), purpose="x" * 20_000)

    response = manager_client.post(plan_update(plan), data)

    html = response.content.decode()
    assert response.status_code == 413
    assert "Too much data was sent" in html
    assert "larger than the 9.8\xa0KB this site accepts, so nothing was saved" in html
    assert snapshot() == before


def test_an_upload_over_the_limit_is_refused_before_it_is_read(
    manager_client, plan, snapshot, settings
):
    settings.MAX_REQUEST_SIZE = 50_000
    before = snapshot()
    upload = SimpleUploadedFile("plan.xlsx", b"\0" * 60_000)

    response = manager_client.post(plan_update(plan), {"name": "Renamed", "file": upload})

    assert response.status_code == 413
    assert "larger than the 48.8\xa0KB this site accepts" in response.content.decode()
    assert snapshot() == before


def test_too_many_fields_are_refused(manager_client, plan, snapshot, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    before = snapshot()
    data = form_data(PlanForm(instance=plan), name="Renamed") | {f"f{i}": "1" for i in range(60)}

    response = manager_client.post(plan_update(plan), data)

    assert response.status_code == 400
    assert "at most 50 fields in one form, so nothing was saved" in response.content.decode()
    assert snapshot() == before


def test_the_refusal_is_in_the_readers_language(manager_client, plan, settings):
    settings.MAX_REQUEST_SIZE = 1000
    manager_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"

    response = manager_client.post(plan_update(plan), {"purpose": "x" * 2000})

    html = response.content.decode()
    assert response.status_code == 413
    assert '<html lang="da">' in html
    assert "Der blev sendt for mange data" in html


def test_the_inline_edit_refusal_is_a_413_too(manager_client, row, snapshot, settings):
    settings.MAX_REQUEST_SIZE = 1000
    before = snapshot()

    response = manager_client.post(
        reverse("commplan:row_inline", args=[row.plan_id, row.pk]),
        {"assurance": "x" * 2000},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 413
    assert snapshot() == before


def test_a_garbled_content_length_is_not_a_crash(manager_client, plan):
    response = manager_client.generic(
        "POST", plan_update(plan), b"name=x", CONTENT_TYPE="text/plain", CONTENT_LENGTH="many"
    )

    assert response.status_code < 500
