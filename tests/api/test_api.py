"""What an API client notices (issue 17): versions and conflicts, errors as JSON, filters,
pages, the rate limit and constant query counts."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commplan.models import PlanRow, RowStatus

from ..factories import ChannelFactory, MembershipFactory, PlanRowFactory, StakeholderFactory
from .conftest import ApiClient, api_client_for


def rows_url(plan, pk=None):
    return f"/api/plans/{plan.pk}/rows/" + (f"{pk}/" if pk else "")


def body(response):
    return json.loads(response.content)


def test_a_change_needs_the_version_it_read(manager_api, row, snapshot):
    url = rows_url(row.plan, row.pk)
    etag = manager_api.get(url)["ETag"]
    before = snapshot()

    without = manager_api.send("PATCH", url, {"planned_hours": 5})
    assert without.status_code == 428
    assert "If-Match" in body(without)["detail"]
    assert snapshot() == before

    saved = manager_api.send("PATCH", url, {"planned_hours": 5}, if_match=etag)
    assert saved.status_code == 200
    assert body(saved)["planned_hours"] == 5
    assert saved["ETag"] != etag

    # A second writer who read the same version is refused and changes nothing.
    stale = manager_api.send("PATCH", url, {"planned_hours": 9}, if_match=etag)
    assert stale.status_code == 412
    assert "changed this after you read it" in body(stale)["detail"]
    row.refresh_from_db()
    assert row.planned_hours == Decimal("5")


def test_the_etag_after_gzip_is_accepted_as_the_same_version(manager_api, row):
    url = rows_url(row.plan, row.pk)
    etag = manager_api.get(url)["ETag"]

    response = manager_api.send("PATCH", url, {"notes": "Weak"}, if_match=f"W/{etag}")

    assert response.status_code == 200


def test_an_unchanged_object_answers_304(manager_api, row):
    url = rows_url(row.plan, row.pk)
    etag = manager_api.get(url)["ETag"]

    assert manager_api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    listed = manager_api.get(rows_url(row.plan))
    assert manager_api.get(rows_url(row.plan), HTTP_IF_NONE_MATCH=listed["ETag"]).status_code == 304


def test_answers_are_private_and_revalidated(manager_api, row):
    response = manager_api.get(rows_url(row.plan))

    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]


def test_invalid_data_says_why_per_field_and_saves_nothing(manager_api, row, snapshot):
    url = rows_url(row.plan, row.pk)
    etag = manager_api.get(url)["ETag"]
    before = snapshot()

    response = manager_api.send("PATCH", url, {"planned_hours": -1}, if_match=etag)

    assert response.status_code == 400
    assert body(response)["errors"] == {"planned_hours": ["Planned hours cannot be negative."]}
    assert snapshot() == before


@pytest.mark.parametrize("data", ["{not json", "[1, 2]", "42", '{"planned_hours": [1]}'])
def test_garbage_is_a_json_400(manager_api, row, snapshot, data):
    url = rows_url(row.plan, row.pk)
    etag = manager_api.get(url)["ETag"]
    before = snapshot()

    response = manager_api.send("PATCH", url, data, if_match=etag)

    assert response.status_code == 400
    assert body(response)["detail"]
    assert snapshot() == before


def test_the_owner_changes_only_how_their_row_is_ensured(owner_api, row):
    url = rows_url(row.plan, row.pk)
    etag = owner_api.get(url)["ETag"]

    refused = owner_api.send("PATCH", url, {"planned_cost": 1, "assurance": "x"}, if_match=etag)
    allowed = owner_api.send("PATCH", url, {"assurance": "On the agenda"}, if_match=etag)

    assert refused.status_code == 403
    assert "only how it is ensured" in body(refused)["detail"]
    assert allowed.status_code == 200
    row.refresh_from_db()
    assert (row.assurance, row.planned_cost) == ("On the agenda", Decimal("1000.00"))


def test_an_archived_plan_refuses_changes(manager_api, row):
    row.plan.archived_at = timezone.now()
    row.plan.save()

    response = manager_api.send("POST", rows_url(row.plan), {"notes": "Late"})

    assert response.status_code == 403
    assert "archived" in body(response)["detail"]


def test_a_review_moves_the_row_on(owner_api, row):
    response = owner_api.send(
        "POST",
        f"/api/plans/{row.plan.pk}/reviews/",
        {"row": row.pk, "happened": "done", "goal_reached": "yes", "actual_hours": 2},
    )

    assert response.status_code == 201
    row.refresh_from_db()
    # A one-off activity whose communication happened is done, as on the review page.
    assert (row.status, row.next_review_date) == (RowStatus.DONE, None)


def test_a_stakeholder_still_used_is_not_deleted_and_a_channel_is_detached(manager_api, row):
    plan = row.plan
    stakeholder_url = f"/api/plans/{plan.pk}/stakeholders/{row.stakeholder_id}/"
    channel_url = f"/api/plans/{plan.pk}/channels/{row.channel_id}/"

    kept = manager_api.send(
        "DELETE", stakeholder_url, if_match=manager_api.get(stakeholder_url)["ETag"]
    )
    detached = manager_api.send(
        "DELETE", channel_url, if_match=manager_api.get(channel_url)["ETag"]
    )

    assert kept.status_code == 409
    assert "still used by activities" in body(kept)["detail"]
    assert detached.status_code == 204
    row.refresh_from_db()
    assert (row.stakeholder_id is not None, row.channel_id) == (True, None)


def test_filters_narrow_the_list_and_bad_values_are_a_400(manager_api, plan, owner):
    done = PlanRowFactory(plan=plan, owner=owner, status=RowStatus.DONE)
    PlanRowFactory(plan=plan, owner=owner, status=RowStatus.ACTIVE)

    listed = manager_api.get(rows_url(plan), {"status": "done"})
    bad = manager_api.get(rows_url(plan), {"next_review_before": "next tuesday"})

    assert [item["id"] for item in body(listed)["results"]] == [done.pk]
    assert bad.status_code == 400
    assert "next_review_before" in body(bad)["errors"]


def test_cursor_pages_give_every_row_once(manager_api, plan, owner):
    made = {PlanRowFactory(plan=plan, owner=owner).pk for _ in range(5)}
    seen, url = [], rows_url(plan) + "?page_size=2"

    while url:
        page = body(manager_api.get(url))
        seen += [item["id"] for item in page["results"]]
        url = page["next"]

    assert sorted(seen) == sorted(made)


def test_the_rate_limit_is_per_token(settings, manager):
    settings.API_RATE = "3/min"
    first, second = api_client_for(manager), api_client_for(manager)

    answers = [first.get("/api/plans/").status_code for _ in range(4)]
    limited = first.get("/api/plans/")

    assert answers == [200, 200, 200, 429]
    assert int(limited["Retry-After"]) > 0
    assert "throttled" in body(limited)["detail"].lower()
    assert second.get("/api/plans/").status_code == 200


def test_the_browser_session_reads_but_does_not_write_without_csrf(manager, row):
    client = ApiClient(enforce_csrf_checks=True)
    client.force_login(manager)

    assert client.get(rows_url(row.plan)).status_code == 200
    response = client.send("POST", rows_url(row.plan), {"notes": "Forged"})
    assert response.status_code == 403
    assert "CSRF" in body(response)["detail"]


def test_every_error_is_json_even_an_unknown_address(manager_api):
    response = manager_api.get("/api/no/such/thing/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


LISTS = ["rows", "stakeholders", "milestones", "messages", "channels", "reviews", "dashboard"]


def fill(plan, owner, count):
    for _ in range(count):
        row = PlanRowFactory(
            plan=plan,
            owner=owner,
            stakeholder=StakeholderFactory(plan=plan),
            channel=ChannelFactory(plan=plan),
        )
        row.reviews.create(happened="done", goal_reached="yes", actual_hours=1)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("kind", LISTS)
def test_query_counts_do_not_grow_with_the_plan(manager_api, plan, owner, kind):
    url = f"/api/plans/{plan.pk}/{kind}/"
    manager_api.get(url)  # the token's first use is recorded once: not part of the count
    fill(plan, owner, 3)
    few = queries(manager_api, url)
    fill(plan, owner, 3)

    assert queries(manager_api, url) == few


def test_plan_list_query_count_does_not_grow_with_plans(manager_api, manager):
    MembershipFactory(user=manager)
    manager_api.get("/api/plans/")  # the token's first use is recorded once
    few = queries(manager_api, "/api/plans/")
    for _ in range(2):
        MembershipFactory(user=manager)

    assert queries(manager_api, "/api/plans/") == few


def test_a_row_created_by_the_api_is_in_the_history_as_the_tokens_person(manager_api, plan, row):
    response = manager_api.send(
        "POST",
        rows_url(plan),
        {"stakeholder": row.stakeholder_id, "message": row.message_id, "notes": "Via API"},
    )

    assert response.status_code == 201
    created = PlanRow.objects.get(pk=body(response)["id"])
    assert created.history.latest().history_user.username == "manager"
