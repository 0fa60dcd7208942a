"""Personas and a plan they share, for every test.

manager, owner and executive are members of `plan` with those roles; outsider is signed in but
on no plan; anonymous is not signed in. Each `*_client` fixture is a Django test client signed
in as that person. `snapshot` captures the domain tables so a test can prove nothing changed;
`service_env` gives integration tests the address of a real service, or skips them.
"""

import os
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from hypothesis import HealthCheck, Phase, settings

from commplan.models import (
    Channel,
    CommunicationPlan,
    Membership,
    Message,
    PlanRow,
    Profile,
    Reminder,
    ReminderItem,
    Review,
    Role,
)
from milestones.models import Milestone
from stakeholders.models import Stakeholder

from .factories import MembershipFactory, PlanFactory, PlanRowFactory

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"

# Hypothesis: by default ("ci") a few fixed examples per test, the same on every run, no example
# database and no shrinking, so the suite stays short and a failure repeats; HYPOTHESIS_PROFILE=
# thorough searches wider and shrinks what it finds (run it after changing a form).
_HYPOTHESIS = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile(
    "ci",
    max_examples=6,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    **_HYPOTHESIS,
)
settings.register_profile("thorough", max_examples=100, **_HYPOTHESIS)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


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


SNAPSHOT_MODELS = [
    get_user_model(),
    CommunicationPlan,
    Membership,
    Stakeholder,
    Milestone,
    Message,
    Channel,
    PlanRow,
    Review,
    Profile,
    Reminder,
    ReminderItem,
]


@pytest.fixture
def snapshot(db):
    """A function returning every domain table's rows, field by field, to compare before/after."""

    def take():
        return {
            model._meta.label: list(model.objects.order_by("pk").values())
            for model in SNAPSHOT_MODELS
        }

    return take


def require_service(name, schemes=None):
    """The URL in environment variable `name`: skips the test when it is unset (or not one of
    `schemes`), fails instead when REQUIRE_SERVICES=1 so CI cannot pass without the service."""
    url = os.environ.get(name, "").strip()
    if url and (schemes is None or urlsplit(url).scheme in schemes):
        return url
    reason = f"{name} is not set" if not url else f"{name} is not a {'/'.join(schemes)} URL"
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason}, and REQUIRE_SERVICES=1 says the service must be tested.")
    pytest.skip(reason)


@pytest.fixture
def service_env():
    """`require_service` for integration tests: `url = service_env("REDIS_URL")`."""
    return require_service
