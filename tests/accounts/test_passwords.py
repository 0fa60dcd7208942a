"""Forgotten and changed passwords, and sessions that end after inactivity."""

import datetime
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse

from commplan.models import Profile

from ..factories import UserFactory

SITE = "https://plan.example.dk"
LINK = re.compile(re.escape(SITE) + r"(/accounts/reset/[^/\s]+/[^/\s]+/)")


@pytest.fixture
def person(db, settings):
    settings.SITE_URL = SITE
    return UserFactory(
        username="mette", email="mette@example.dk", password="old-long-secret", first_name="Mette"
    )


def request_reset(client, email, **headers):
    return client.post(reverse("password_reset"), {"email": email}, **headers)


def test_a_forgotten_password_is_reset_through_the_emailed_link(client, person):
    response = request_reset(client, "Mette@Example.dk")
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200

    [message] = mail.outbox
    assert message.to == ["mette@example.dk"]
    assert message.subject == "Choose a new password for the S&OP Communication Planner"
    assert "Hello Mette" in message.body
    link = LINK.search(message.body).group(1)  # built from SITE_URL, not the request's host
    html = message.alternatives[0][0]
    assert f'href="{SITE}{link}"' in html

    # Django swaps the token for a session-held one and redirects to the form.
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-secret", "new_password2": "a-brand-new-secret"},
        follow=True,
    )
    assert "Your new password is saved." in done.content.decode()

    person.refresh_from_db()
    assert person.check_password("a-brand-new-secret")
    # The link works once.
    again = client.get(link, follow=True).content.decode()
    assert "This link has expired or has already been used." in again


def test_the_email_is_in_the_persons_language(client, person):
    Profile.objects.update_or_create(user=person, defaults={"language": "da"})

    request_reset(client, person.email)

    [message] = mail.outbox
    assert message.subject == "Vælg en ny adgangskode til S&OP-kommunikationsplanlæggeren"
    assert "Hej Mette" in message.body


def test_without_a_language_setting_the_email_follows_the_page(client, person):
    request_reset(client, person.email, HTTP_ACCEPT_LANGUAGE="da")

    [message] = mail.outbox
    assert message.subject == "Vælg en ny adgangskode til S&OP-kommunikationsplanlæggeren"


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, person):
    response = request_reset(client, "nobody@example.dk", follow=True)

    assert "Check your email" in response.content.decode()
    assert mail.outbox == []


def test_a_reset_lifts_a_sign_in_lock(client, person):
    AccessAttempt.objects.create(
        username="mette",
        ip_address="198.51.100.10",
        user_agent="",
        failures_since_start=10,
        attempt_time=datetime.datetime.now(datetime.UTC),
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
    )
    request_reset(client, person.email)
    link = LINK.search(mail.outbox[0].body).group(1)
    form_url = client.get(link).url
    client.post(
        form_url, {"new_password1": "a-brand-new-secret", "new_password2": "a-brand-new-secret"}
    )

    response = client.post(
        reverse("login"),
        {"username": "mette", "password": "a-brand-new-secret"},
        REMOTE_ADDR="198.51.100.10",
    )

    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()


def test_a_signed_in_person_changes_their_password(client, person):
    client.force_login(person)
    url = reverse("password_change")
    assert 'href="/accounts/password_change/"' in client.get("/my/").content.decode()

    wrong = client.post(
        url,
        {
            "old_password": "not-it",
            "new_password1": "a-brand-new-secret",
            "new_password2": "a-brand-new-secret",
        },
    )
    assert "Your old password was entered incorrectly" in wrong.content.decode()

    response = client.post(
        url,
        {
            "old_password": "old-long-secret",
            "new_password1": "a-brand-new-secret",
            "new_password2": "a-brand-new-secret",
        },
        follow=True,
    )
    assert "Your new password is saved." in response.content.decode()
    person.refresh_from_db()
    assert person.check_password("a-brand-new-secret")
    # Still signed in on this device.
    assert client.get("/my/").status_code == 200


def test_changing_a_password_needs_signing_in(client, db):
    response = client.get(reverse("password_change"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_session_ends_after_two_hours_without_a_request(client, person, settings):
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)) as clock:
        client.post(reverse("login"), {"username": "mette", "password": "old-long-secret"})
        # Each request pushes the end on: a working day is never interrupted.
        for _ in range(4):
            clock.shift(datetime.timedelta(minutes=119))
            assert client.get("/my/").status_code == 200

        clock.shift(datetime.timedelta(minutes=121))
        response = client.get("/my/")

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_session_is_written_at_most_every_five_minutes(client, person):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.post(reverse("login"), {"username": "mette", "password": "old-long-secret"})
        [session] = Session.objects.all()
        ends = session.expire_date

        clock.shift(datetime.timedelta(minutes=4))
        client.get("/my/")
        assert Session.objects.get().expire_date == ends

        clock.shift(datetime.timedelta(minutes=1))
        client.get("/my/")
        assert Session.objects.get().expire_date == ends + datetime.timedelta(minutes=5)


# What each sign-in and password page answers to GET, signed out and signed in: a page (200),
# or a redirect to sign in (login) or onwards (302). Never an error.
AUTH_PAGES = {
    "login": (200, 200),
    "logout": (405, 405),  # signing out is a POST
    "password_change": ("login", 200),
    "password_change_done": ("login", 200),
    "password_reset": (200, 200),
    "password_reset_done": (200, 200),
    "password_reset_complete": (200, 200),
}


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
@pytest.mark.parametrize("name", sorted(AUTH_PAGES))
def test_every_account_page_answers(client, person, name, signed_in):
    if signed_in:
        client.force_login(person)

    response = client.get(reverse(name))

    expected = AUTH_PAGES[name][signed_in]
    if expected == "login":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == expected


def test_a_forged_reset_link_changes_nothing(client, person):
    response = client.get("/accounts/reset/MQ/not-a-token/", follow=True)

    assert "This link has expired or has already been used." in response.content.decode()
    person.refresh_from_db()
    assert person.check_password("old-long-secret")
