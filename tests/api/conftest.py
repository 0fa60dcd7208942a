"""API clients: a Django test client that sends a persona's personal token."""

import json

import pytest
from django.test import Client

from commplan.models import ApiToken


class ApiClient(Client):
    """Sends `token` as `Authorization: Bearer`, and JSON bodies."""

    def __init__(self, token=None, **defaults):
        if token:
            defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        super().__init__(**defaults)

    def send(self, method, url, data=None, **headers):
        body = data if isinstance(data, (str, bytes)) else json.dumps(data or {})
        extra = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
        return self.generic(method, url, body, content_type="application/json", **extra)


def api_client_for(user):
    _record, token = ApiToken.issue(user, "Tests")
    return ApiClient(token)


@pytest.fixture
def manager_api(manager):
    return api_client_for(manager)


@pytest.fixture
def owner_api(owner):
    return api_client_for(owner)


@pytest.fixture
def executive_api(executive):
    return api_client_for(executive)
