"""Personal API tokens under Your settings (issue 17): named, shown once, stored hashed,
optional expiry, revoked; a token that is revoked, expired or whose person is deactivated
opens nothing."""

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commplan.models import ApiToken
from commplan.models.api import token_digest

from .conftest import ApiClient

URL = "/my/settings/api-tokens/"


def created_token(response):
    return re.search(r'id="new-token" value="([^"]+)"', response.content.decode()).group(1)


def test_a_new_token_is_shown_once_and_stored_only_as_a_hash(manager_client, manager):
    response = manager_client.post(URL, {"name": "Power BI report", "expires_in": "90"})

    token = created_token(response)
    record = ApiToken.objects.get(user=manager)
    assert response.status_code == 200
    assert record.name == "Power BI report"
    assert record.digest == token_digest(token) and token not in record.digest
    assert timedelta(days=89) < record.expires_at - timezone.now() <= timedelta(days=90)
    # Listed by its first characters only, on every later visit.
    later = manager_client.get(URL).content.decode()
    assert token not in later and f"{record.shown}…" in later
    assert ApiClient(token).get("/api/plans/").status_code == 200


def test_a_token_needs_a_name(manager_client, manager):
    response = manager_client.post(URL, {"name": "  ", "expires_in": ""})

    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_revoked_token_stops_working_and_others_tokens_cannot_be_revoked(
    manager_client, owner_client, manager
):
    record, token = ApiToken.issue(manager, "Script")
    revoke = reverse("commplan:api_token_revoke", args=[record.pk])

    assert owner_client.post(revoke).status_code == 404
    assert ApiClient(token).get("/api/plans/").status_code == 200
    assert manager_client.post(revoke).status_code == 302

    response = ApiClient(token).get("/api/plans/")
    assert response.status_code == 401
    assert "revoked" in json.loads(response.content)["detail"]


@pytest.mark.parametrize("case", ["expired", "deactivated", "mistyped"])
def test_a_token_that_may_not_be_used_is_refused(manager, case):
    expires = timezone.now() - timedelta(minutes=1) if case == "expired" else None
    _record, token = ApiToken.issue(manager, "Old", expires)
    if case == "deactivated":
        manager.is_active = False
        manager.save()

    response = ApiClient(token + ("x" if case == "mistyped" else "")).get("/api/plans/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_settings_link_to_the_tokens(manager_client):
    html = manager_client.get(reverse("commplan:my_settings")).content.decode()

    assert f'href="{URL}"' in html
