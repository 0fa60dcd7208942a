"""Closing and reopening a feedback link, and hiding and showing an answer's free text, are
changes to the plan: its history says who did what and when, in both languages (issue 19)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from commplan.feedback.services import record_answer
from commplan.models import FeedbackLink, FeedbackResponse


def text(response):
    assert response.status_code == 200
    return re.sub(r"\s+", " ", strip_tags(response.content.decode()))


def changes(client, plan, query="", language="en"):
    url = reverse("commplan:plan_changes", args=[plan.pk]) + query
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


@pytest.fixture
def link(manager_client, row):
    url = reverse("commplan:feedback_link_create", args=[row.plan_id, row.pk])
    manager_client.post(url, {"occurrence": ""})
    return FeedbackLink.objects.get(row=row)


def close(client, link):
    client.post(reverse("commplan:feedback_link_close", args=[link.plan_id, link.pk]))


def hide(client, answer):
    client.post(reverse("commplan:feedback_text_hide", args=[answer.plan_id, answer.pk]))


def test_closing_and_reopening_a_link_are_in_the_plans_changes(manager_client, manager, link):
    close(manager_client, link)
    close(manager_client, link)

    response = changes(manager_client, link.plan, "?kind=feedback_link")
    entries = response.context["entries"]
    page = text(response)

    assert [e.action for e in entries] == ["changed", "changed", "created"]
    assert {e.who for e in entries} == {manager.get_full_name() or manager.username}
    assert "Closed by: empty → to" in page  # closed, then opened again: by whom is named
    assert link.row.message.content in page  # the activity it belongs to, not its token
    assert link.token not in page
    assert entries[0].url.endswith("#pulse")


def test_hiding_and_showing_a_text_are_in_the_plans_changes_without_the_text(
    manager_client, manager, link
):
    answer = record_answer(link, clarity=2, unclear="Who is Bo? Secret words")
    hide(manager_client, answer)
    hide(manager_client, answer)

    response = changes(manager_client, link.plan, "?kind=feedback_answer")
    entries = response.context["entries"]
    page = text(response)

    assert [e.action for e in entries] == ["changed", "changed"]  # the answer itself: no entry
    assert "Text hidden: No → to Yes" in page
    assert "Text hidden: Yes → to No" in page
    assert "Secret words" not in page
    assert entries[0].who == (manager.get_full_name() or manager.username)


def test_the_activitys_own_history_lists_its_link_changes(manager_client, link):
    close(manager_client, link)
    url = reverse("commplan:object_history", args=[link.plan_id, "row", link.row_id])

    kinds = {entry.kind for entry in manager_client.get(url).context["entries"]}

    assert {"feedback_link"} <= kinds


def test_the_changes_read_in_danish(manager_client, link):
    answer = record_answer(link, clarity=2, unclear="Hvad betyder det?")
    close(manager_client, link)
    hide(manager_client, answer)

    page = text(changes(manager_client, link.plan, language="da"))

    assert "Link til feedback" in page
    assert "Feedbacksvar" in page
    assert "Tekst skjult: Nej → til Ja" in page


def test_answers_write_no_history_and_are_deleted_in_one_statement(link):
    for clarity in (1, 2, 3):
        record_answer(link, clarity=clarity)
    assert FeedbackResponse.history.count() == 0

    with CaptureQueriesContext(connection) as queries:
        link.delete()

    deletes = [q["sql"] for q in queries if "commplan_feedbackresponse" in q["sql"]]
    assert len(deletes) == 1 and deletes[0].startswith("DELETE")
    assert FeedbackResponse.history.count() == 0
