"""Personas and a plan they share, for every test.

manager, owner and executive are members of `plan` with those roles; outsider is signed in but
on no plan; anonymous is not signed in. Each `*_client` fixture is a Django test client signed
in as that person. `snapshot` captures every table but the sessions, so a test can prove nothing
changed; `service_env` gives integration tests the address of a real service, or skips them.
"""

import os
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings

from commplan.models import Role

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
hypothesis_settings.register_profile(
    "ci",
    max_examples=6,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    **_HYPOTHESIS,
)
hypothesis_settings.register_profile("thorough", max_examples=100, **_HYPOTHESIS)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language. A request by the test client leaves the
    language its middleware chose active in the thread, so a test that signs in a Danish-preferring
    person would otherwise turn the next test on that worker Danish."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


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


# Sessions change on every request (sign-in, language, idle refresh); content types and
# permissions are written by migrations only. Nothing else may change unnoticed.
SNAPSHOT_SKIPPED = {Session, ContentType, Permission}


def snapshot_models():
    """Every table that a request could change: the domain's and its history records
    (simple_history), baselines and profiles, users, groups and who has which permission,
    django-axes' sign-in records and the admin's log, many-to-many tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model not in SNAPSHOT_SKIPPED
    ]


@pytest.fixture
def snapshot(db):
    """A function returning every table's rows, {label: {pk: {field: value}}}, to compare
    before/after."""
    models = snapshot_models()

    def take():
        return {
            model._meta.label: {
                row[model._meta.pk.attname]: row for row in model.objects.order_by("pk").values()
            }
            for model in models
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
