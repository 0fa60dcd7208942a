"""Upload → preview → commit in the browser's requests (issue 5 §1)."""

import datetime
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commplan.imports import staging
from commplan.models import Membership, PlanRow, Role

from ..factories import MembershipFactory, PlanFactory
from .import_files import excel_csv, toolkit_rows, xlsx


def upload(client, plan, content, name="plan.xlsx"):
    return client.post(
        reverse("commplan:import_upload", args=[plan.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


def staged_files():
    return sorted(staging._folder().glob("*.upload"))


def owner_field(response, label):
    """The name of the select deciding about `label` on the preview page."""
    html = response.content.decode()
    row = re.search(rf"<th scope=\"row\"[^>]*>{re.escape(label)}</th>.*?</tr>", html, re.S)
    return re.search(r'<select name="([^"]+)"', row.group()).group(1)


def test_the_plan_page_links_managers_to_the_import(manager_client, owner_client, plan):
    url = reverse("commplan:import_upload", args=[plan.pk])

    assert url in manager_client.get(plan.get_absolute_url()).content.decode()
    assert url not in owner_client.get(plan.get_absolute_url()).content.decode()


def test_upload_preview_and_commit(manager_client, plan, owner, snapshot):
    content = xlsx(
        toolkit_rows(
            ["Salg", "Ny proces", "Møde", owner.email, "2 t / 1.200 DKK"],
            ["Indkøb", "Prognoser", "E-mail", "Jens Hansen", "kaffe"],
        )
    )
    before = snapshot()

    response = upload(manager_client, plan, content)

    assert response.status_code == 302
    preview_url = response["Location"]
    page = manager_client.get(preview_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Preview of plan.xlsx" in html
    assert "Jens Hansen" in html and "Owners who are not members of the plan" in html
    assert "“kaffe” could not be read as hours and cost" in html
    assert "Import 2 activities" in html
    assert snapshot() == before  # nothing saved before the commit

    response = manager_client.post(
        preview_url, {"action": "commit", owner_field(page, "Jens Hansen"): f"member:{owner.pk}"}
    )

    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert [r.owner for r in PlanRow.objects.filter(plan=plan).order_by("pk")] == [owner, owner]
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    assert staging.load(token, plan, response.wsgi_request.user) is None  # the file is deleted
    table = manager_client.get(plan.get_absolute_url()).content.decode()
    assert "2 activities were imported from plan.xlsx." in table
    assert "Prognoser" in table
    # The upload is gone: the same preview cannot be committed twice.
    again = manager_client.post(preview_url, {"action": "commit"})
    assert again.status_code == 302
    assert again["Location"] == reverse("commplan:import_upload", args=[plan.pk])
    assert PlanRow.objects.filter(plan=plan).count() == 2


def test_a_bad_file_gets_a_form_error_and_nothing_is_staged(manager_client, plan, snapshot):
    before, files = snapshot(), staged_files()

    response = upload(manager_client, plan, b"%PDF-1.4 not a sheet", name="plan.pdf")

    assert response.status_code == 200
    assert "This is not a spreadsheet" in response.content.decode()
    assert (snapshot(), staged_files()) == (before, files)


def test_rows_with_errors_cannot_be_committed(manager_client, plan, snapshot):
    response = upload(manager_client, plan, excel_csv(toolkit_rows(["", "Why", "", "", ""])))
    page = manager_client.get(response["Location"])
    before = snapshot()

    html = page.content.decode()
    assert "The file has 1 error." in html
    assert 'href="#import-row-2">Row 2</a>: Stakeholders (target group) is empty.' in html
    assert re.search(r'<button type="submit"[^>]*value="commit"[^>]*disabled', html)

    response = manager_client.post(response["Location"], {"action": "commit"})

    assert response.status_code == 409
    assert "The file has errors: nothing was imported." in response.content.decode()
    assert snapshot() == before


def test_inviting_needs_an_email(manager_client, plan, snapshot):
    response = upload(manager_client, plan, excel_csv(toolkit_rows(["S", "M", "", "Jens", ""])))
    page = manager_client.get(response["Location"])
    before = snapshot()

    response = manager_client.post(
        response["Location"], {"action": "commit", owner_field(page, "Jens"): "invite"}
    )

    assert response.status_code == 400
    assert "Give the email address of the person to invite." in response.content.decode()
    assert snapshot() == before


def test_cancel_discards_the_upload(manager_client, plan, snapshot):
    before = snapshot()
    response = upload(manager_client, plan, excel_csv(toolkit_rows(["S", "M", "", "", ""])))
    token = response["Location"].rstrip("/").rsplit("/", 1)[1]
    manager = response.wsgi_request.user

    response = manager_client.post(response["Location"], {"action": "cancel"})

    assert response.status_code == 302
    assert staging.load(token, plan, manager) is None
    assert snapshot() == before


def test_an_upload_is_only_for_its_uploader_and_only_for_an_hour(
    manager_client, plan, executive, client
):
    response = upload(manager_client, plan, excel_csv(toolkit_rows(["S", "M", "", "", ""])))
    url = response["Location"]
    Membership.objects.filter(plan=plan, user=executive).update(role=Role.MANAGER)
    client.force_login(executive)

    assert client.get(url)["Location"] == reverse("commplan:import_upload", args=[plan.pk])
    assert manager_client.get(url).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        assert manager_client.get(url).status_code == 302


def test_old_staged_files_are_swept(manager_client, plan):
    upload(manager_client, plan, excel_csv(toolkit_rows(["S", "M", "", "", ""])))
    files = staged_files()

    staging.sweep(now=timezone.now().timestamp() + 2 * staging.MAX_AGE)

    assert files and not any(path.exists() for path in files)


def test_an_archived_plan_refuses_imports(manager_client, plan, snapshot):
    plan.archived_at = timezone.now()
    plan.save()
    before = snapshot()

    response = upload(manager_client, plan, excel_csv(toolkit_rows(["S", "M", "", "", ""])))

    assert response.status_code == 403
    assert manager_client.get(reverse("commplan:import_upload", args=[plan.pk])).status_code == 403
    assert snapshot() == before


def generated_file(count, owner):
    """`count` rows over three stakeholders, channels and milestones, one unknown owner."""
    rows = [["Stakeholders", "Message", "Channel", "Owner", "Milestone", "Time and resources"]]
    for n in range(count):
        who = owner.email if n % 2 else "Jens Hansen"
        rows.append([f"Group {n % 3}", f"Message {n}", f"Channel {n % 3}", who, f"M{n % 3}", "2 t"])
    return excel_csv(rows)


@pytest.mark.parametrize("step", ["preview", "commit"])
def test_queries_do_not_grow_with_the_rows(manager_client, manager, owner, step):
    counts = []
    for count in (10, 20):
        plan = PlanFactory()  # a fresh plan: everything in the file is new each time
        MembershipFactory(plan=plan, user=manager, role=Role.MANAGER)
        MembershipFactory(plan=plan, user=owner, role=Role.OWNER)
        url = upload(manager_client, plan, generated_file(count, owner))["Location"]
        page = manager_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            if step == "preview":
                response = manager_client.get(url)
            else:
                field = owner_field(page, "Jens Hansen")
                response = manager_client.post(url, {"action": "commit", field: "unassigned"})
        assert response.status_code == (200 if step == "preview" else 302)
        assert step == "preview" or plan.rows.count() == count
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
