"""Pulse feedback (issue 19 §1): the public page, its abuse guards, the figures on the row page
and in the review, the anonymity threshold and the free text's retention."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from commplan.feedback import public
from commplan.feedback.services import forget_text, record_answer, row_pulse
from commplan.models import (
    FeedbackLink,
    FeedbackResponse,
    FeedbackTally,
    FeedbackTotal,
    Goal,
    PulseKind,
    anonymity_threshold,
)

from ..factories import PlanRowFactory, StakeholderFactory


@pytest.fixture(autouse=True)
def fresh_cache():
    """The rate limit counts in the cache: each test starts from nothing."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def link(row):
    return FeedbackLink.objects.create(plan=row.plan, row=row)


def answer_url(link):
    return reverse("commplan:feedback_answer", args=[link.token])


def answers(link, *given):
    """Record (clarity, meaning, support, text) answers to `link`."""
    for clarity, meaning, support, text in given:
        record_answer(link, clarity=clarity, meaning=meaning, support=support, unclear=text)


# The public page.


def test_the_page_shows_the_message_title_and_nothing_else_of_the_plan(row, link, owner):
    row.plan.name = "Secret plan Z"
    row.plan.save()
    row.message.goal = "Hidden goal Q"
    row.message.save()

    html = Client().get(answer_url(link)).content.decode()

    assert row.message.content in html
    for secret in ("Secret plan Z", "Hidden goal Q", row.stakeholder.name, owner.username):
        assert secret not in html
    assert 'name="clarity"' in html and 'name="meaning"' in html  # "understand" asks both
    assert 'name="support"' not in html


def test_a_phone_answers_once_and_is_thanked(link):
    phone = Client()

    response = phone.post(answer_url(link), {"clarity": "5", "meaning": "yes", "unclear": " Hi "})
    again = phone.post(answer_url(link), {"clarity": "1"})

    assert response.status_code == 302
    answer = FeedbackResponse.objects.get()
    assert (answer.clarity, answer.meaning, answer.unclear) == (5, "yes", "Hi")
    assert "Thank you for your answer" in again.content.decode()
    assert FeedbackResponse.objects.count() == 1
    cookie = response.cookies["answered"]
    assert cookie["path"] == answer_url(link) and cookie["httponly"]
    assert Client().post(answer_url(link), {"clarity": "3"}).status_code == 302
    assert FeedbackTally.objects.get().responses == 2


def test_nothing_about_the_person_is_stored(link):
    Client().post(
        answer_url(link),
        {"clarity": "4"},
        HTTP_USER_AGENT="Phone/1.0",
        REMOTE_ADDR="203.0.113.9",
    )

    stored = FeedbackResponse.objects.values().get()
    assert "203.0.113.9" not in str(stored) and "Phone" not in str(stored)
    assert isinstance(stored["answered_on"], datetime.date)
    assert not isinstance(stored["answered_on"], datetime.datetime)


@pytest.mark.parametrize(
    ("data", "status", "says"),
    [
        ({"clarity": "4", "website": "http://spam"}, 400, "could not be saved"),
        ({}, 400, "Answer at least one question"),
        ({"clarity": "6"}, 400, "Select a valid choice"),
        ({"clarity": "4", "unclear": "x" * 1001}, 400, "at most 1000 characters"),
        ({"clarity": "4", "unclear": "x" * 20_000}, 413, "too long"),
    ],
)
def test_bad_answers_are_refused_and_nothing_saved(link, data, status, says):
    response = Client().post(answer_url(link), data)

    assert response.status_code == status
    assert says in response.content.decode()
    assert not FeedbackResponse.objects.exists() and not FeedbackTally.objects.exists()


@override_settings(FEEDBACK_RATE_PER_MINUTE=2)
def test_one_address_is_slowed_down_without_keeping_it(link):
    statuses = [
        Client(REMOTE_ADDR="198.51.100.7").post(answer_url(link), {"clarity": "3"}).status_code
        for _ in range(3)
    ]
    other = Client(REMOTE_ADDR="198.51.100.8").post(answer_url(link), {"clarity": "3"})

    assert statuses == [302, 302, 429]
    assert other.status_code == 302
    assert FeedbackResponse.objects.count() == 3


def test_a_closed_link_says_so_kindly_and_takes_nothing(link, manager):
    link.closed_at, link.closed_by = datetime.datetime.now(datetime.UTC), manager
    link.save()

    page = Client().get(answer_url(link))
    post = Client().post(answer_url(link), {"clarity": "4"})

    assert page.status_code == 200 and "takes no more answers" in page.content.decode()
    assert post.status_code == 410
    assert not FeedbackResponse.objects.exists()


def test_a_made_up_token_is_refused_without_asking_the_database(link):
    forged = link.token[:22] + "00000000"

    with CaptureQueriesContext(connection) as queries:
        response = Client().get(reverse("commplan:feedback_answer", args=[forged]))

    assert response.status_code == 404
    assert len(queries) == 0


def test_the_page_speaks_the_browsers_language(link):
    html = Client().get(answer_url(link), HTTP_ACCEPT_LANGUAGE="da").content.decode()

    assert 'lang="da"' in html
    assert "Hvor klart var budskabet?" in html and "Hvad bliver gemt" in html


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_each_link_and_language_keeps_its_own_page_with_a_token_per_response(row, link):
    other = FeedbackLink.objects.create(plan=row.plan, row=PlanRowFactory(plan=row.plan))
    other.row.message.content = "Another message entirely"
    other.row.message.save()
    phone = Client(enforce_csrf_checks=True)

    first = phone.get(answer_url(link)).content.decode()
    second = Client().get(answer_url(link)).content.decode()
    danish = Client().get(answer_url(link), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    another = Client().get(answer_url(other)).content.decode()
    token = CSRF.search(first).group(1)
    posted = phone.post(answer_url(link), {"csrfmiddlewaretoken": token, "clarity": "4"})
    forged = Client(enforce_csrf_checks=True).post(answer_url(link), {"clarity": "4"})

    assert row.message.content in first and "Another message" not in first
    assert "Another message entirely" in another and row.message.content not in another
    assert "How clear was the message?" in first and "Hvor klart var budskabet?" in danish
    assert token != CSRF.search(second).group(1)  # masked anew for every response
    assert first.replace(token, "") == second.replace(CSRF.search(second).group(1), "")
    assert posted.status_code == 302 and forged.status_code == 403
    assert FeedbackResponse.objects.count() == 1


def test_a_signed_in_person_sees_their_own_page_and_never_shares_it(manager_client, link):
    anonymous_before = Client().get(answer_url(link)).content.decode()
    signed_in = manager_client.get(answer_url(link)).content.decode()
    anonymous_after = Client().get(answer_url(link)).content.decode()

    assert "Sign out" in signed_in
    assert "Sign out" not in anonymous_before and "Sign out" not in anonymous_after


def test_a_kept_page_asks_the_database_nothing_and_a_post_saves_in_one_statement(link):
    Client().get(answer_url(link))

    with CaptureQueriesContext(connection) as page:
        Client().get(answer_url(link))
    with CaptureQueriesContext(connection) as post:
        assert Client().post(answer_url(link), {"clarity": "4"}).status_code == 302

    assert len(page) == 0
    writes = [q["sql"] for q in post if q["sql"].startswith(("INSERT", "WITH"))]
    # The answer, its day's tally and its link's total.
    assert len(writes) == (1 if connection.vendor == "postgresql" else 3)


def test_a_kept_page_reads_its_link_again_after_a_while_and_is_written_once(link, monkeypatch):
    Client().get(answer_url(link))
    monkeypatch.setattr(public, "LINK_SECONDS", 0)

    with CaptureQueriesContext(connection) as read:
        again = Client().get(answer_url(link))

    assert len(read) == 1 and again.status_code == 200
    assert again.templates == []  # nothing it shows has changed: the kept page


def test_a_link_closed_here_shows_so_at_once(link, manager):
    assert "Send" in Client().get(answer_url(link)).content.decode()
    link.closed_at, link.closed_by = datetime.datetime.now(datetime.UTC), manager
    link.save()

    assert "takes no more answers" in Client().get(answer_url(link)).content.decode()


def test_a_link_closed_by_another_process_takes_no_answer_though_its_page_was_kept(link):
    assert "Send" in Client().get(answer_url(link)).content.decode()
    # As another web process closes it: this one hears of no save.
    FeedbackLink.objects.filter(pk=link.pk).update(closed_at=datetime.datetime.now(datetime.UTC))

    post = Client().post(answer_url(link), {"clarity": "4"})
    page = Client().get(answer_url(link)).content.decode()

    assert post.status_code == 410 and "takes no more answers" in post.content.decode()
    assert "takes no more answers" in page
    assert not FeedbackResponse.objects.exists() and not FeedbackTally.objects.exists()


def test_an_archived_plans_link_takes_no_answer(row, link):
    Client().get(answer_url(link))
    row.plan.archived_at = datetime.datetime.now(datetime.UTC)
    row.plan.save()

    post = Client().post(answer_url(link), {"clarity": "4"})

    assert post.status_code == 410 and not FeedbackResponse.objects.exists()
    assert record_answer(link, clarity=4) is None


POSTS = st.fixed_dictionaries(
    {},
    optional={
        "clarity": st.one_of(st.sampled_from(["1", "5", "0", "6", "x", ""]), st.text()),
        "meaning": st.one_of(st.sampled_from(["yes", "partly", "no", "YES"]), st.text()),
        "support": st.text(max_size=5),
        "unclear": st.text(max_size=1200),
        "website": st.sampled_from(["", "x"]),
    },
)


def test_any_post_is_saved_whole_or_refused_with_nothing_saved(link):
    @given(POSTS)
    def post(data):
        cache.clear()
        before = FeedbackResponse.objects.count()

        response = Client().post(answer_url(link), data)

        saved = FeedbackResponse.objects.count() - before
        assert response.status_code in (302, 400)
        assert saved == (1 if response.status_code == 302 else 0)
        if saved:
            answer = FeedbackResponse.objects.order_by("-pk").first()
            assert answer.clarity in (None, 1, 2, 3, 4, 5)
            assert answer.meaning in ("", "yes", "partly", "no")
            assert answer.support is None  # "understand" does not ask it
            assert answer.clarity or answer.meaning or answer.unclear

    post()


# The figures.


def test_figures_match_a_hand_count_and_small_links_stay_hidden(row, link):
    row.message.pulse = PulseKind.COMMIT
    row.message.save()
    occurrence = FeedbackLink.objects.create(
        plan=row.plan, row=row, occurrence=datetime.date(2026, 5, 1)
    )
    answers(
        link,
        (5, "yes", 4, ""),
        (4, "yes", 5, "Which site?"),
        (4, "partly", 3, ""),
        (2, "no", 1, "Too long"),
        (None, "yes", None, ""),
        (3, "", 2, ""),
    )
    answers(occurrence, (1, "no", 1, "Only mine"), (1, "no", 1, ""))

    pulse = row_pulse(row)

    assert (pulse.responses, pulse.total.responses, pulse.withheld) == (8, 6, 2)
    # Clarity over the shown link: 5 answers, 4 and 5 are 3 of them -> 60 %.
    assert pulse.total.clear_share == 60
    assert pulse.total.meaning_share == 60  # 3 yes of 5 meaning answers
    assert pulse.total.support_share == 40  # 4 and 5: 2 of 5
    assert pulse.total.distribution("clarity") == [
        ("1", 0, 0),
        ("2", 1, 20),
        ("3", 1, 20),
        ("4", 2, 40),
        ("5", 1, 20),
    ]
    assert sorted(t.unclear for t in pulse.texts) == ["Too long", "Which site?"]
    # The tallies hold exactly what the answers say.
    raw = FeedbackResponse.objects.filter(row=row)
    totals = FeedbackTally.objects.filter(row=row).totals()
    assert totals["responses"] == raw.count() == 8
    assert totals["clarity_1"] == raw.filter(clarity=1).count() == 2
    assert totals["meaning_no"] == raw.filter(meaning="no").count() == 3
    assert totals["texts"] == raw.exclude(unclear="").count() == 3


def test_the_row_page_shows_responses_but_no_distribution_below_the_threshold(
    manager_client, row, link
):
    answers(link, *[(4, "yes", None, "Secret text")] * (anonymity_threshold() - 1))

    html = manager_client.get(row.get_absolute_url()).content.decode()

    assert "4 responses" in html
    assert "The answers are shown from 5 responses" in html
    assert "Secret text" not in html and "clear or very clear</span>" not in html


def test_the_row_page_shows_the_distribution_and_managers_hide_text(
    manager_client, owner_client, row, link
):
    answers(link, *[(4, "yes", None, "")] * 4, (1, "no", None, "What warehouse?"))

    html = manager_client.get(row.get_absolute_url()).content.decode()
    text = FeedbackResponse.objects.exclude(unclear="").get()
    manager_client.post(reverse("commplan:feedback_text_hide", args=[row.plan_id, text.pk]))

    assert "5 responses" in html and "80 % clear or very clear" in html
    assert "What warehouse?" in html
    assert "What warehouse?" not in owner_client.get(row.get_absolute_url()).content.decode()


@override_settings(FEEDBACK_ANONYMITY_THRESHOLD=1)
def test_the_threshold_is_never_below_three():
    assert anonymity_threshold() == 3


def test_the_row_page_reads_a_constant_number_of_queries(manager_client, row, link):
    other = FeedbackLink.objects.create(plan=row.plan, row=row, occurrence=row.scheduled_date)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert manager_client.get(row.get_absolute_url()).status_code == 200
        return len(captured)

    answers(link, *[(3, "yes", None, "x")] * 5)
    few = queries()
    answers(link, *[(4, "no", None, "y")] * 10)
    answers(other, *[(5, "yes", None, "z")] * 10)

    assert queries() == few


def test_the_review_shows_the_evidence_and_suggests_the_answer(owner_client, row, link):
    row.message.target_share, row.message.target_responses = 80, 5
    row.message.save()
    answers(link, *[(5, "yes", None, "")] * 4, (4, "partly", None, ""), (2, "no", None, ""))

    response = owner_client.get(reverse("commplan:review_create", args=[row.plan_id, row.pk]))

    html = response.content.decode()
    assert "6 responses" in html and "83 % clear or very clear" in html
    assert "Target: at least 80 % clear or very clear, from at least 5 responses." in html
    assert "Suggested answer: Yes" in html
    assert response.context["form"]["goal_reached"].value() == Goal.YES
    checked = re.search(r'<input[^>]*name="goal_reached"[^>]*value="yes"[^>]*>', html).group()
    assert "checked" in checked


def test_the_review_suggests_nothing_from_too_few_answers(owner_client, row, link):
    answers(link, (5, "yes", None, ""))

    response = owner_client.get(reverse("commplan:review_create", args=[row.plan_id, row.pk]))

    assert "Too few responses yet to suggest an answer." in response.content.decode()
    assert not response.context["form"]["goal_reached"].value()


# Links, QR codes and retention.


def test_the_owner_makes_a_link_per_occurrence_and_managers_close_it(
    owner_client, manager_client, plan, owner
):
    row = PlanRowFactory(
        plan=plan,
        owner=owner,
        cadence="weekly",
        scheduled_date=datetime.date.today(),
        next_review_date=None,
    )
    url = reverse("commplan:feedback_link_create", args=[plan.pk, row.pk])

    owner_client.post(url, {"occurrence": ""})
    owner_client.post(url, {"occurrence": row.scheduled_date.isoformat()})
    refused = owner_client.post(url, {"occurrence": "2001-01-01"})
    link = FeedbackLink.objects.get(row=row, occurrence=row.scheduled_date)
    manager_client.post(reverse("commplan:feedback_link_close", args=[plan.pk, link.pk]))

    assert refused.status_code == 400
    assert FeedbackLink.objects.filter(row=row).count() == 2
    link.refresh_from_db()
    assert link.is_closed
    page = owner_client.get(row.get_absolute_url()).content.decode()
    assert f"/f/{link.token}/" in page and "Copy link" in page


@pytest.mark.parametrize(("kind", "start"), [("svg", b"<?xml"), ("png", b"\x89PNG")])
def test_the_qr_code_downloads(executive_client, link, kind, start):
    url = reverse("commplan:feedback_qr", args=[link.plan_id, link.pk, kind])

    response = executive_client.get(url)

    assert response.status_code == 200 and response.content.startswith(start)
    assert response["Content-Disposition"].startswith("attachment;")


def test_old_free_text_is_forgotten_and_the_counts_stay(link):
    record_answer(link, clarity=4, unclear="Old", today=datetime.date(2025, 1, 2))
    record_answer(link, clarity=4, unclear="New", today=datetime.date(2026, 6, 1))

    forgotten = forget_text(today=datetime.date(2026, 6, 2))

    assert forgotten == 1
    assert sorted(FeedbackResponse.objects.values_list("unclear", flat=True)) == ["", "New"]
    assert FeedbackTally.objects.totals()["responses"] == 2


def test_each_links_totals_are_its_tallies_added_up_under_their_attribution(row, link):
    """Figures of all time read a row per link (FeedbackTotal), those of some weeks the days'
    tallies: the one must be the other added up, or a difference between them would be made
    up. A tally keeps the group of the day's first answer; so does the total it adds to."""
    first, second = datetime.date(2026, 6, 1), datetime.date(2026, 6, 2)
    group = row.stakeholder
    record_answer(link, clarity=5, meaning="yes", support=4, today=first)
    row.stakeholder = StakeholderFactory(plan=row.plan)  # the activity now reaches another group
    row.save()
    link.row = row
    record_answer(link, clarity=2, unclear="Why?", today=first)  # counted with the day's tally
    record_answer(link, support=1, today=second)

    totals = {
        total.stakeholder_id: total
        for total in FeedbackTotal.objects.filter(link=link).order_by("pk")
    }
    tallies = {tally.day: tally for tally in FeedbackTally.objects.filter(link=link)}
    assert tallies[first].stakeholder_id == group.pk  # as the day began
    assert sorted(totals, key=str) == sorted([group.pk, row.stakeholder_id], key=str)
    for name in ["responses", "texts", "clarity_5", "clarity_2", "meaning_yes", "support_1"]:
        assert getattr(totals[group.pk], name) == getattr(tallies[first], name), name
        assert getattr(totals[row.stakeholder_id], name) == getattr(tallies[second], name)
    assert sum(total.responses for total in totals.values()) == 3
