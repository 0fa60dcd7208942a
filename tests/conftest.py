"""Personas and a plan they share, for every test.

manager, owner and executive are members of `plan` with those roles; outsider is signed in but
on no plan; anonymous is not signed in. Each `*_client` fixture is a Django test client signed
in as that person.
"""

import os

import pytest
from django.test import Client

from commplan.models import Role

from .factories import MembershipFactory, PlanFactory, PlanRowFactory

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


@pytest.fixture
def plan(db):
    return PlanFactory()


@pytest.fixture
def manager(plan):
    return MembershipFactory(plan=plan, role=Role.MANAGER, user__username="manager").user


@pytest.fixture
def owner(plan):
    return MembershipFactory(plan=plan, role=Role.OWNER, user__username="owner").user


@pytest.fixture
def executive(plan):
    return MembershipFactory(plan=plan, role=Role.EXECUTIVE, user__username="executive").user


@pytest.fixture
def outsider(db):
    """Signed in, a member of another plan only."""
    return MembershipFactory(role=Role.MANAGER, user__username="outsider").user


@pytest.fixture
def row(plan, owner):
    """A row in `plan` owned by `owner`."""
    return PlanRowFactory(plan=plan, owner=owner)


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def manager_client(manager):
    return _client_for(manager)


@pytest.fixture
def owner_client(owner):
    return _client_for(owner)


@pytest.fixture
def executive_client(executive):
    return _client_for(executive)


@pytest.fixture
def outsider_client(outsider):
    return _client_for(outsider)


@pytest.fixture
def anonymous_client():
    return Client()
