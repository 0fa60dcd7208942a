"""Nobody can lock a person out: an attacker rotating addresses slows guessing of a username,
but its owner still signs in from a fresh address and from a browser they used before."""

import pytest
from django.test import Client

from commplan.accounts import throttle

from .test_signin import clock, person, sign_in, signed_in  # noqa: F401 (fixtures)

ATTACKERS = [f"198.18.{n // 250}.{n % 250 + 1}" for n in range(59)]
HOME = "192.0.2.44"


def rotating_attack(client, addresses=ATTACKERS):
    """One wrong guess from each address, at once; the responses' status codes."""
    return [sign_in(client, "guess", address=address).status_code for address in addresses]


def known_device(clock):  # noqa: F811
    """A browser that signed in as mette once, and signed out."""
    browser = Client()
    assert signed_in(sign_in(browser, "right-horse-battery", address=HOME))
    browser.post("/accounts/logout/")
    clock.shift(60)
    return browser


def test_an_attack_from_rotating_addresses_does_not_keep_the_owner_out(client, person, clock):  # noqa: F811
    rotating_attack(Client())

    # The owner, from an address of their own that never failed, with the right password.
    assert signed_in(sign_in(client, "right-horse-battery", address=HOME))


def test_the_owner_signs_in_on_a_known_device_even_where_the_attacker_sits(person, clock):  # noqa: F811
    browser = known_device(clock)
    attacker = Client()
    # The attacker guesses from the owner's own office until the username is locked there.
    for _ in range(10):
        clock.shift(300)
        sign_in(attacker, "guess", address=HOME)
    assert sign_in(attacker, "right-horse-battery", address=HOME).status_code == 429

    assert signed_in(sign_in(browser, "right-horse-battery", address=HOME))


def test_the_attacker_is_still_slowed(client, person, clock):  # noqa: F811
    statuses = rotating_attack(client)

    # Each new address gets one check; an address that failed waits like everyone else.
    assert set(statuses) == {200}
    again = sign_in(client, "guess", address=ATTACKERS[0])
    assert again.status_code == 429
    assert "Wait 300 seconds" in again.content.decode()


def test_a_stolen_device_cookie_is_trusted_only_for_a_few_failures(person, clock, settings):  # noqa: F811
    browser = known_device(clock)
    rotating_attack(Client(), ATTACKERS[:5])  # the username is slowed everywhere
    statuses = []
    for _ in range(settings.SIGNIN_DEVICE_FAILURES + 1):
        statuses.append(sign_in(browser, "guess", address=ATTACKERS[0]).status_code)

    assert statuses == [200] * settings.SIGNIN_DEVICE_FAILURES + [429]


def test_a_device_cookie_for_another_person_or_forged_counts_for_nothing(person, clock):  # noqa: F811
    browser = Client()
    browser.cookies[throttle.DEVICE_COOKIE] = throttle.new_device_cookie("someone-else")
    rotating_attack(Client(), ATTACKERS[:5])
    sign_in(browser, "guess", address=ATTACKERS[0])  # this address has failed now

    assert sign_in(browser, "right-horse-battery", address=ATTACKERS[0]).status_code == 429
    browser.cookies[throttle.DEVICE_COOKIE] = "forged:value"
    assert sign_in(browser, "right-horse-battery", address=ATTACKERS[0]).status_code == 429


def test_signing_in_sets_a_lasting_http_only_device_cookie(client, person, clock):  # noqa: F811
    response = sign_in(client, "right-horse-battery")

    cookie = response.cookies[throttle.DEVICE_COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == throttle.DEVICE_MAX_AGE


@pytest.mark.parametrize("typed", ["Mette", " mette "])
def test_case_and_spaces_do_not_give_an_attacker_fresh_counts(client, person, clock, typed):  # noqa: F811
    for _ in range(3):
        sign_in(client, "guess", address=ATTACKERS[0])

    assert sign_in(client, "guess", address=ATTACKERS[0], username=typed).status_code == 429
