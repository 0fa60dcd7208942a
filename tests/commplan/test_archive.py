"""An archived plan is kept for reading: every change is refused and nothing is saved."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape


@pytest.fixture
def archived(plan, row):
    plan.archived_at = timezone.now()
    plan.save(update_fields=["archived_at"])
    return plan


def test_an_archived_plan_can_still_be_read(manager_client, archived, row):
    response = manager_client.get(reverse("commplan:plan_detail", args=[archived.pk]))
    assert response.status_code == 200
    assert row.stakeholder.name in response.content.decode()


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("commplan:plan_update", lambda row: [row.plan_id]),
        ("commplan:row_create", lambda row: [row.plan_id]),
        ("commplan:row_update", lambda row: [row.plan_id, row.pk]),
        ("commplan:row_inline", lambda row: [row.plan_id, row.pk]),
        ("commplan:review_create", lambda row: [row.plan_id, row.pk]),
        ("stakeholders:stakeholder_create", lambda row: [row.plan_id]),
    ],
)
def test_a_manager_cannot_change_an_archived_plan(
    manager_client, archived, row, snapshot, name, args
):
    before = snapshot()
    response = manager_client.post(reverse(name, args=args(row)), {"name": "Changed"})
    assert response.status_code == 403
    assert "archived" in response.content.decode()
    assert snapshot() == before


def test_an_owner_cannot_review_a_row_of_an_archived_plan(owner_client, archived, row):
    url = reverse("commplan:review_create", args=[archived.pk, row.pk])
    data = {"reviewed_on": timezone.localdate(), "happened": "done", "goal_reached": "yes"}
    response = owner_client.post(url, data)
    assert response.status_code == 403
    assert not row.reviews.exists()


def archive_url(plan):
    return reverse("commplan:plan_archive", args=[plan.pk])


def test_a_manager_archives_the_plan_and_restores_it(manager_client, plan, row):
    response = manager_client.post(
        archive_url(plan), {"action": "archive", "confirmed": "1"}, follow=True
    )
    plan.refresh_from_db()
    assert plan.archived_at is not None
    page = response.content.decode()
    assert "The plan was archived" in page
    assert "It is read-only and nobody is reminded about it." in page
    assert "Add activity" not in page  # nothing to change is offered any more

    response = manager_client.post(archive_url(plan), {"action": "restore"}, follow=True)
    plan.refresh_from_db()
    assert plan.archived_at is None
    assert "Add activity" in response.content.decode()


@pytest.mark.parametrize("who", ["owner_client", "executive_client"])
def test_only_managers_archive(request, plan, who, snapshot):
    client = request.getfixturevalue(who)
    before = snapshot()
    response = client.post(archive_url(plan), {"action": "archive"})
    assert response.status_code == 403
    assert snapshot() == before


def test_an_outsider_cannot_even_see_the_archive_action(outsider_client, plan):
    assert outsider_client.post(archive_url(plan), {"action": "archive"}).status_code == 404


def test_an_unknown_action_is_refused_and_changes_nothing(manager_client, plan):
    response = manager_client.post(archive_url(plan), {"action": "explode"})
    assert response.status_code == 400
    plan.refresh_from_db()
    assert plan.archived_at is None


def test_edit_pages_of_an_archived_plan_refuse_to_open(manager_client, archived, row):
    for name, args in [
        ("commplan:row_create", [archived.pk]),
        ("commplan:row_update", [archived.pk, row.pk]),
        ("commplan:plan_update", [archived.pk]),
        ("milestones:milestone_create", [archived.pk]),
    ]:
        response = manager_client.get(reverse(name, args=args))
        assert response.status_code == 403, name
        assert "archived" in response.content.decode()
    # The reminder log stays readable.
    assert (
        manager_client.get(reverse("commplan:reminder_list", args=[archived.pk])).status_code == 200
    )


def test_an_archived_plan_leaves_the_plan_list_and_the_dashboard(manager_client, archived):
    name = escape(archived.name)  # as the page shows it ("S&amp;OP plan …")
    listing = manager_client.get(reverse("commplan:plan_list")).content.decode()
    assert name not in listing
    assert "1 archived plan" in listing
    assert "All your plans are archived." in listing
    assert "not on any communication plan" not in listing
    archived_listing = manager_client.get(reverse("commplan:plan_list") + "?archived=1")
    assert name in archived_listing.content.decode()
    dashboard = manager_client.get(reverse("commplan:dashboard"), follow=True)
    assert dashboard.status_code == 200
    assert name not in dashboard.content.decode()
    restored = manager_client.post(
        reverse("commplan:plan_archive", args=[archived.pk]), {"action": "restore"}
    )
    assert restored.status_code == 302
    assert name in manager_client.get(reverse("commplan:plan_list")).content.decode()


# Archiving asks first; a refused change says the plan is archived -------------------------------


def test_archiving_asks_first_saying_what_it_does_and_changes_nothing_yet(manager_client, plan):
    manager_client.cookies["django_language"] = "da"

    response = manager_client.post(archive_url(plan), {"action": "archive"})

    plan.refresh_from_db()
    assert plan.archived_at is None
    page = response.content.decode()
    assert response.status_code == 200
    assert "Arkivér »" in page
    assert "kan intet i den ændres" in page
    assert 'name="confirmed"' in page
    assert f'href="{plan.get_absolute_url()}"' in page  # cancel goes back to the plan


def test_a_change_to_an_archived_plan_says_the_plan_is_archived_and_links_back(
    manager_client, archived, row
):
    manager_client.cookies["django_language"] = "da"

    response = manager_client.get(reverse("commplan:row_update", args=[archived.pk, row.pk]))

    page = response.content.decode()
    assert response.status_code == 403
    assert '<h1 class="h3">Planen er arkiveret</h1>' in page
    assert f'href="{archived.get_absolute_url()}"' in page
    assert "Det har du ikke adgang til her" not in page


def test_an_in_place_edit_saved_after_archiving_is_told_the_plan_is_archived(
    manager_client, archived, row
):
    url = reverse("commplan:row_inline", args=[archived.pk, row.pk])

    response = manager_client.post(url, {"name": "Changed"}, headers={"hx-request": "true"})

    assert response.status_code == 403
    assert response["X-Refused"] == "archived"  # app.js shows the archived text, not the role one


def test_a_refusal_for_the_role_is_not_called_archived(owner_client, plan):
    response = owner_client.get(reverse("commplan:plan_update", args=[plan.pk]))

    assert response.status_code == 403
    assert "X-Refused" not in response
