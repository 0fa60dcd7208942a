"""One click turns a person's reminder digest off (RFC 8058): the digest carries
List-Unsubscribe and List-Unsubscribe-Post; the signed address needs no sign-in, GET asks and
POST does it, in the person's language; escalations to managers stay on; a forged address
changes nothing."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from commplan.models import Profile, ReminderFrequency, Role
from commplan.reminders import sweep as reminders
from commplan.reminders.emails import unsubscribe_token, unsubscriber
from tests.factories import MembershipFactory, PlanFactory, PlanRowFactory, UserFactory

SITE = "https://planner.example.com"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def person(db):
    """An owner in one plan and the manager of another, each with an activity overdue long
    enough to escalate: they get a digest and an escalation."""
    person = UserFactory(username="pia", email="pia@example.dk")
    overdue = timezone.localdate() - datetime.timedelta(days=30)
    owned_in, managed = PlanFactory(name="Owned in"), PlanFactory(name="Managed")
    MembershipFactory(plan=owned_in, user=person, role=Role.OWNER)
    MembershipFactory(plan=managed, user=person, role=Role.MANAGER)
    other = MembershipFactory(plan=managed, role=Role.OWNER).user
    PlanRowFactory(plan=owned_in, owner=person, next_review_date=overdue, scheduled_date=None)
    PlanRowFactory(plan=managed, owner=other, next_review_date=overdue, scheduled_date=None)
    return person


def url_for(person):
    return f"/unsubscribe/{unsubscribe_token(person)}/"


def emails_to(person):
    return {message.subject: message for message in mail.outbox if message.to == [person.email]}


def frequency(person):
    profile = Profile.objects.filter(user=person).first()
    return profile.reminder_frequency if profile else ReminderFrequency.DAILY


def test_the_digest_carries_one_click_unsubscribe_and_the_escalation_does_not(person):
    reminders.sweep()

    by_kind = {
        "escalation" if "seriously overdue" in subject else "digest": message
        for subject, message in emails_to(person).items()
    }
    assert set(by_kind) == {"digest", "escalation"}
    headers = by_kind["digest"].message()
    # The token is signed with a timestamp, so it is read from the header, not signed again here.
    header = headers["List-Unsubscribe"]
    link = re.fullmatch(rf"<({re.escape(SITE)}/unsubscribe/([^/<>]+)/)>", header)
    assert link, header
    assert unsubscriber(link[2]) == person
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link[1] in by_kind["digest"].body
    assert "List-Unsubscribe" not in by_kind["escalation"].message()


def test_one_click_turns_the_digest_off_and_escalations_stay(person):
    # As a mail program does it: no session, no CSRF token, the RFC 8058 body.
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        url_for(person),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert "Your reminder digest is off" in response.content.decode()
    assert frequency(person) == ReminderFrequency.OFF
    reminders.sweep()
    [subject] = emails_to(person)
    assert "seriously overdue" in subject


def test_get_asks_first_and_changes_nothing(person):
    response = Client().get(url_for(person))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Stop the reminder digest?" in html and "pia@example.dk" in html
    assert '<form method="post">' in html
    assert frequency(person) == ReminderFrequency.DAILY


def test_the_page_is_in_the_persons_language(person):
    Profile.objects.create(user=person, language="da")

    asked = Client().get(url_for(person), HTTP_ACCEPT_LANGUAGE="en")
    done = Client().post(url_for(person))

    assert "Stop påmindelsesoversigten?" in asked.content.decode()
    assert "Din påmindelsesoversigt er slået fra" in done.content.decode()


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        "MQ:forged:signature",
        lambda person: unsubscribe_token(person)[:-2] + "xx",  # altered signature
        lambda person: unsubscribe_token(person).replace(  # another person's id, same signature
            unsubscribe_token(person).split(":")[0], "Mg", 1
        ),
    ],
    ids=["garbage", "forged", "altered", "other-person"],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_bad_token_answers_404_and_changes_nothing(person, token, method):
    token = token(person) if callable(token) else token

    response = getattr(Client(), method)(f"/unsubscribe/{token}/")

    assert response.status_code == 404
    assert frequency(person) == ReminderFrequency.DAILY


def test_a_closed_account_cannot_be_unsubscribed(person):
    person.is_active = False
    person.save()

    assert Client().post(url_for(person)).status_code == 404
    assert not Profile.objects.filter(user=person).exists()
