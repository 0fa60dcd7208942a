"""Thirty simultaneous wrong guesses for one username on PostgreSQL, each request in its own
thread and database connection: no more passwords are checked than three guesses one after
another would check."""

import threading

import pytest
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.test import Client

from tests.factories import UserFactory

from .test_edit_conflicts import in_threads

pytestmark = pytest.mark.integration


def test_thirty_guesses_at_once_check_no_more_passwords_than_allowed(
    postgres, transactional_db, monkeypatch
):
    UserFactory(username="mette", password="right-horse-battery")
    checked, lock = [], threading.Lock()
    real_check = AbstractBaseUser.check_password

    def counting_check(user, raw_password):
        with lock:
            checked.append(raw_password)
        return real_check(user, raw_password)

    monkeypatch.setattr(AbstractBaseUser, "check_password", counting_check)

    def guess(index):
        return lambda: (
            Client()
            .post(
                "/accounts/login/",
                {"username": "mette", "password": f"guess{index}"},
                REMOTE_ADDR="198.51.100.7",
            )
            .status_code
        )

    statuses = in_threads(*(guess(index) for index in range(30)))

    assert len(checked) == settings.SIGNIN_SLOW_AFTER, (checked, statuses)
    assert statuses.count(429) == 30 - settings.SIGNIN_SLOW_AFTER
