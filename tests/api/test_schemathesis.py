"""Schemathesis against /api/schema/ (issue 17): for each persona's token, requests generated
from the schema for every operation get no 500, and every answer matches the schema (status
code, content type, body).

The path's ids are the seeded plan's objects, so requests reach real plans and objects (not
only 404s), and changes send the object's current ETag, so they reach the forms. A few fixed
examples per operation and persona keep the run short (about a minute under load in CI).
"""

import time

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from commplan.locking import etag_of
from config.wsgi import application

from .test_api_permissions import build_api_world

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 3
# The object each detail path names, by the path's word before its `{pk}` (`{id}` for plans).
OBJECTS = {
    "plans": "plan",
    "rows": "row",
    "stakeholders": "stakeholder",
    "milestones": "milestone",
    "messages": "message",
    "channels": "channel",
    "reviews": "review",
}


def target(operation, world):
    """(path parameter, the world's object it names) for a detail path, else None."""
    parts = operation.path.strip("/").split("/")
    if parts[-1] not in ("{pk}", "{id}"):
        return None
    return parts[-1].strip("{}"), getattr(world, OBJECTS[parts[-2]])


def run_operation(operation, world, token):
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case):
        name, obj = target(operation, world) or (None, None)
        if case.path_parameters is not None:
            if "plan_pk" in case.path_parameters:
                case.path_parameters["plan_pk"] = world.plan.pk
            if obj is not None:
                case.path_parameters[name] = obj.pk
        # Uncompressed: the test transport does not undo the GZip middleware.
        headers = {"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"}
        if obj is not None and case.method.upper() in ("PATCH", "DELETE"):
            current = type(obj)._default_manager.filter(pk=obj.pk).first()
            if current is not None:
                headers["If-Match"] = etag_of(current)
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


@pytest.fixture
def connection_kept_open():
    """Calls through the WSGI handler keep the test's database connection open, as Django's
    test client does: its request_finished would close it, and the test's transaction with it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("persona", ["manager", "owner", "executive", "outsider"])
def test_api_matches_its_schema(db, connection_kept_open, persona):
    world, _clients = build_api_world()
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20  # every route is in the schema

    started = time.process_time()
    for operation in operations:
        run_operation(operation, world, world.tokens[persona][1])
    print(f"schemathesis, {persona}: {time.process_time() - started:.1f} s CPU")
