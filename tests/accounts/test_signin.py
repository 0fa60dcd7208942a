"""Sign-in throttling: failures for one username slow further attempts down, then lock the
username at that address for a while; the page says what happened and for how long."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from commplan.accounts.throttle import slow_down_seconds

from ..factories import UserFactory

LOGIN = "/accounts/login/"
OFFICE = "198.51.100.10"
ELSEWHERE = "203.0.113.7"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def person(db):
    return UserFactory(username="mette", password="right-horse-battery")


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def sign_in(client, password, address=OFFICE, username="mette", **headers):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def fail(client, clock, times, address=OFFICE):
    """`times` wrong passwords, each after waiting out the slow-down; the last response."""
    for _ in range(times):
        failures = sum(a.failures_since_start for a in AccessAttempt.objects.all())
        clock.shift(slow_down_seconds(failures))
        response = sign_in(client, "wrong", address)
    return response


def signed_in(response):
    return response.status_code == 302 and response.url == reverse("commplan:home")


def test_a_wrong_password_says_so_and_nothing_more(client, person, clock):
    response = sign_in(client, "wrong")

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_after_three_failures_the_next_try_must_wait(client, person, clock):
    fail(client, clock, 3)

    # At once, even the right password is not checked.
    response = sign_in(client, "right-horse-battery")
    assert response.status_code == 429
    assert "Wait 5 seconds, then try again." in response.content.decode()

    clock.shift(4)
    assert "Wait 1 second, then try again." in sign_in(client, "wrong").content.decode()

    clock.shift(1)
    assert signed_in(sign_in(client, "right-horse-battery"))


def test_the_wait_doubles_with_each_failure_up_to_five_minutes():
    assert [slow_down_seconds(n) for n in range(2, 12)] == [
        0,
        5,
        10,
        20,
        40,
        80,
        160,
        300,
        300,
        300,
    ]


def test_ten_failures_lock_the_username_at_that_address_for_fifteen_minutes(client, person, clock):
    response = fail(client, clock, 10)

    assert response.status_code == 429
    locked_at = timezone.localtime(timezone.now())
    html = response.content.decode()
    assert "it is locked for 15 more minutes" in html
    assert f"(until {(locked_at + datetime.timedelta(minutes=15)):%H:%M})" in html
    assert "reset your password by email" in html

    # The right password does not help, and the lock does not grow while it lasts.
    clock.shift(14 * 60)
    response = sign_in(client, "right-horse-battery")
    assert response.status_code == 429
    assert "locked for 1 more minute" in response.content.decode()

    clock.shift(61)
    assert signed_in(sign_in(client, "right-horse-battery"))


def test_a_lock_from_one_address_does_not_lock_the_person_out_elsewhere(client, person, clock):
    fail(client, clock, 10, address=ELSEWHERE)
    clock.shift(300)  # the username is still slowed down everywhere

    assert signed_in(sign_in(client, "right-horse-battery", address=OFFICE))


def test_failures_for_one_username_do_not_slow_down_another(client, person, clock):
    UserFactory(username="ole", password="another-long-secret")
    fail(client, clock, 5)

    response = sign_in(client, "another-long-secret", username="ole")

    assert signed_in(response)


def test_the_page_says_what_happened_in_danish(client, person, clock):
    response = fail(client, clock, 10)
    danish = sign_in(client, "wrong", HTTP_ACCEPT_LANGUAGE="da").content.decode()

    assert response.status_code == 429
    assert "låst i 15 minutter mere" in danish
    assert "nulstil din adgangskode via e-mail" in danish


@pytest.mark.parametrize("proxies", [0, 1])
def test_the_client_address_is_read_only_from_our_own_proxies(
    client, person, clock, settings, proxies
):
    settings.PROXY_COUNT = proxies
    forged = "192.0.2.66"

    sign_in(client, "wrong", address="10.0.0.2", HTTP_X_FORWARDED_FOR=f"{forged}, {OFFICE}")

    [attempt] = AccessAttempt.objects.all()
    assert attempt.ip_address == (OFFICE if proxies else "10.0.0.2")


def test_forged_forwarded_addresses_do_not_escape_the_lock(client, person, clock, settings):
    settings.PROXY_COUNT = 1
    for n in range(10):
        clock.shift(300)
        sign_in(client, "wrong", address="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {OFFICE}")

    response = sign_in(
        client, "right-horse-battery", address="10.0.0.2", HTTP_X_FORWARDED_FOR=OFFICE
    )

    assert response.status_code == 429
    assert "locked" in response.content.decode()


def test_the_admin_signs_in_on_the_same_page(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next=/admin/"


def test_the_sign_in_page_links_to_the_password_reset(client, db):
    html = client.get(LOGIN).content.decode()

    assert 'href="/accounts/password_reset/"' in html
    assert "Forgot your password?" in html
