"""Who may use every API route (issue 17): every route × persona × method, by personal token.

The same rules as the pages (tests/commplan/test_permissions.py), from the same code: outsiders
404, members without the role 403, the activity's owner only its assurance and reviews; without
a token 401. Each write sends valid data and the ETag it read, so a 403 is the permission, not a
form error or a version check. A refused request changes no table; an allowed one changes what
it says. tests/test_url_sweep.py checks that every API route has an entry here.
"""

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commplan.locking import etag_of
from commplan.models import ApiToken, Channel, CommunicationPlan, Message, PlanRow, Review, Role
from milestones.models import Milestone
from stakeholders.models import Stakeholder

from ..matrix import PERSONAS, build_world, changed_fields, seeded_once

METHODS = ["GET", "POST", "PATCH", "DELETE"]
MEMBERS = ("executive", "owner", "manager")


@dataclass
class Route:
    """How one API route answers. `scope`: 'public' (no token needed), 'site' (any signed-in
    person) or 'plan' (the plan's members; outsiders 404). `ok` maps each method the route
    takes to its success status; `who` maps a writing method to the personas allowed (members
    read). `data(w)` is the JSON a write sends; `obj(w)` the object whose ETag it sends;
    `changed(w, diff)` asserts what a successful write changed."""

    scope: str
    kwargs: Callable = lambda w: {}
    ok: dict = field(default_factory=lambda: {"GET": 200})
    who: dict = field(default_factory=dict)
    data: Callable = lambda w, method: {}
    obj: Callable | None = None
    changed: Callable | None = None
    html: bool = False  # the docs: a page for people, whose refusals are pages too


def plan_only(w):
    return {"plan_pk": w.plan.pk}


def in_plan(attr):
    return lambda w: {"plan_pk": w.plan.pk, "pk": getattr(w, attr).pk}


def tables(diff):
    return {label for label, _pk, _field in diff}


def child(attr, model, create, change, **extra):
    """The list and detail routes of a plan's `model` objects (the spare `attr` of the world)."""

    def changed_by(w, diff, method):
        if method == "DELETE":
            assert not model.objects.filter(pk=getattr(w, attr).pk).exists()
        elif method == "POST":
            assert model.objects.filter(plan=w.plan, **create).exists()
        else:
            obj = model.objects.get(pk=getattr(w, attr).pk)
            assert {name: getattr(obj, name) for name in change} == change

    manager_only = {"POST": ("manager",), "PATCH": ("manager",), "DELETE": ("manager",)}
    who = {**manager_only, **extra.pop("who", {})}
    return (
        Route(
            "plan",
            plan_only,
            ok={"GET": 200, "POST": 201},
            who=who,
            data=lambda w, method: create,
            changed=changed_by,
        ),
        Route(
            "plan",
            in_plan(attr),
            ok={"GET": 200, "PATCH": 200, "DELETE": 204},
            who=who,
            data=extra.pop("data", lambda w, method: change),
            obj=lambda w: model.objects.get(pk=getattr(w, attr).pk),
            changed=extra.pop("changed", changed_by),
        ),
    )


def row_changed(w, diff, method):
    if method == "DELETE":
        assert not PlanRow.objects.filter(pk=w.row.pk).exists()
    elif method == "POST":
        assert PlanRow.objects.filter(plan=w.plan, notes="From the API").exists()
    else:
        assert PlanRow.objects.get(pk=w.row.pk).assurance == "On the pre-S&OP agenda"
        assert ("commplan.PlanRow", w.row.pk, "planned_cost") not in diff


def review_recorded(w, diff, method):
    review = Review.objects.exclude(pk=w.review.pk).get(row=w.row)
    assert (review.reviewed_by, review.evidence) == (w.user, "Minutes")


rows_list, row_detail = child(
    "row",
    PlanRow,
    create={},
    change={"assurance": "On the pre-S&OP agenda"},
    who={"PATCH": ("manager", "owner")},
    changed=row_changed,
)
stakeholder_list, stakeholder_detail = child(
    "stakeholder", Stakeholder, {"name": "Key suppliers", "importance": 4}, {"involvement": 1}
)
milestone_list, milestone_detail = child(
    "milestone",
    Milestone,
    {"title": "Pilot go-live", "phase": 4, "planned_date": "2026-09-01"},
    {"title": "Executive S&OP"},
)
message_list, message_detail = child(
    "message", Message, {"content": "Why S&OP", "goal": "Buy-in"}, {"goal": "Agreement"}
)
channel_list, channel_detail = child(
    "channel", Channel, {"name": "Town hall Q3", "kind": "town_hall"}, {"name": "Intranet news"}
)
rows_list.data = lambda w, method: {
    "stakeholder": w.stakeholder.pk,
    "message": w.message.pk,
    "owner": w.owner.pk,
    "notes": "From the API",
}
rows_list.changed = row_changed


def plan_created(w, diff, method):
    plan = CommunicationPlan.objects.get(name="From the API")
    assert plan.role_for(w.user) == Role.MANAGER


API_ROUTES = {
    "commplan:api:root": Route("public"),
    "commplan:api:schema": Route("public"),
    "commplan:api:docs": Route("public", html=True),
    "commplan:api:not-found": Route("public", ok={}),
    "commplan:api:plan-list": Route(
        "site",
        ok={"GET": 200, "POST": 201},
        who={"POST": ("outsider", *MEMBERS)},
        data=lambda w, method: {"name": "From the API"},
        changed=plan_created,
    ),
    "commplan:api:plan-detail": Route(
        "plan",
        lambda w: {"pk": w.plan.pk},
        ok={"GET": 200, "PATCH": 200},
        who={"PATCH": ("manager",)},
        data=lambda w, method: {"name": "Renamed by the API"},
        obj=lambda w: CommunicationPlan.objects.get(pk=w.plan.pk),
        changed=lambda w, diff, method: CommunicationPlan.objects.get(
            pk=w.plan.pk, name="Renamed by the API"
        ),
    ),
    "commplan:api:plan-dashboard": Route("plan", plan_only),
    "commplan:api:row-list": rows_list,
    "commplan:api:row-detail": row_detail,
    "commplan:api:stakeholder-list": stakeholder_list,
    "commplan:api:stakeholder-detail": stakeholder_detail,
    "commplan:api:milestone-list": milestone_list,
    "commplan:api:milestone-detail": milestone_detail,
    "commplan:api:message-list": message_list,
    "commplan:api:message-detail": message_detail,
    "commplan:api:channel-list": channel_list,
    "commplan:api:channel-detail": channel_detail,
    "commplan:api:review-list": Route(
        "plan",
        plan_only,
        ok={"GET": 200, "POST": 201},
        who={"POST": ("manager", "owner")},
        data=lambda w, method: {
            "row": w.row.pk,
            "happened": "done",
            "goal_reached": "yes",
            "evidence": "Minutes",
        },
        changed=review_recorded,
    ),
    "commplan:api:review-detail": Route("plan", in_plan("review")),
}


def build_api_world():
    """The permission matrix's world (tests/matrix.py), one review more, and a client per
    persona that sends that persona's personal token (none for anonymous)."""
    world, _sessions = build_world()
    world.review = Review.objects.create(
        row=world.row, reviewed_by=world.owner, happened="done", goal_reached="yes"
    )
    clients = {"anonymous": Client()}
    for persona, (_record, token) in world.tokens.items():
        clients[persona] = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    return world, clients


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with seeded_once(django_db_blocker, build_api_world) as seeded:
        yield seeded


@pytest.fixture
def world(db, seeded):
    return copy.deepcopy(seeded[0])


def expected_status(route, persona, method):
    if route.scope == "public":
        return route.ok.get(method, 404 if not route.ok else 405)
    if persona == "anonymous":
        return 401
    if route.scope == "plan" and persona == "outsider":
        return 404
    if method not in route.ok:
        return 405
    if method == "GET" or persona in route.who.get(method, ()):
        return route.ok[method]
    return 403


def api_request(client, method, url, data=None, etag=None):
    headers = {"HTTP_IF_MATCH": etag} if etag else {}
    if method == "GET":
        return client.get(url)
    body = json.dumps(data or {})
    return client.generic(method, url, body, content_type="application/json", **headers)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(API_ROUTES))
def test_api_permission_matrix(seeded, world, snapshot, name, persona, method):
    route = API_ROUTES[name]
    client = seeded[1][persona]
    world.user = getattr(world, persona, None)
    url = (
        reverse(name, kwargs=route.kwargs(world))
        if name != "commplan:api:not-found"
        else ("/api/no-such-thing/")
    )
    etag = etag_of(route.obj(world)) if route.obj and method in ("PATCH", "DELETE") else None
    # The tokens were last used when the world was built; a suite slower than the few minutes in
    # which a token's last use is not written again would make a refused request look like a
    # change. Used just now, then.
    ApiToken.objects.update(last_used_at=timezone.now())
    before = snapshot()

    response = api_request(client, method, url, route.data(world, method), etag)

    expected = expected_status(route, persona, method)
    assert response.status_code == expected, response.content.decode()[:2000]
    if response.status_code >= 400 and not route.html:
        assert "json" in response["Content-Type"]  # the schema's own type is JSON too
        assert json.loads(response.content)["detail"]
    if method != "GET" and expected < 300:
        route.changed(world, changed_fields(before, snapshot()), method)
    else:
        assert snapshot() == before
