"""Every response refuses framing, and what a signed-in person is shown stays out of caches."""

import pytest
from django.urls import reverse

from commplan.models import Profile
from commplan.plans.forms import PlanForm

from .factories import form_data


@pytest.fixture(autouse=True)
def _debug_off(settings):
    settings.DEBUG = False


def test_static_files_refuse_framing(client, settings):
    # WhiteNoise serves from the source folders, as in development (no collectstatic here).
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = client.get("/static/css/app.css")

    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("kind", ["400", "404", "405", "413"])
def test_refusal_pages_refuse_framing(manager_client, plan, settings, kind):
    if kind == "400":
        response = manager_client.post("/i18n/setlang/", {"language": "xx"})
    elif kind == "404":
        response = manager_client.get("/plans/999999/")
    elif kind == "405":
        response = manager_client.get(reverse("commplan:plan_archive", args=[plan.pk]))
    else:
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
        url = reverse("commplan:plan_update", args=[plan.pk])
        response = manager_client.post(
            url, form_data(PlanForm(instance=plan), purpose="x" * 20_000)
        )

    assert response.status_code == int(kind)
    assert response["X-Frame-Options"] == "DENY"


def no_store(response):
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def test_signed_in_pages_and_fragments_are_not_stored(manager_client, plan, row):
    pages = [
        plan.get_absolute_url(),
        reverse("commplan:my_work"),
        reverse("commplan:row_inline", args=[plan.pk, row.pk]),
    ]
    for url in pages:
        response = manager_client.get(url, headers={"HX-Request": "true"})
        assert response.status_code == 200, url
        assert no_store(response), (url, response.get("Cache-Control"))


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_exports_are_not_stored(manager_client, plan, row, file_format):
    url = reverse("commplan:plan_export", args=[plan.pk]) + f"?format={file_format}"

    response = manager_client.get(url)

    assert response.status_code == 200
    assert no_store(response)


def test_calendar_feeds_are_not_stored(client, owner, row):
    Profile.objects.update_or_create(user=owner, defaults={"calendar_token": "headers-token"})

    response = client.get(reverse("commplan:calendar_feed", args=["headers-token"]))

    assert response.status_code == 200
    assert no_store(response)
