"""Settings read the environment strictly: garbage stops start-up and names the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env

ROOT = Path(__file__).resolve().parent.parent

# How config/settings/base.py reads each variable.
READERS = {
    "DATABASE_URL": lambda: env.env_database("DATABASE_URL", "sqlite:///db.sqlite3"),
    "DEBUG": lambda: env.env_bool("DEBUG", False),
    "EMAIL_PORT": lambda: env.env_int("EMAIL_PORT", 25, minimum=1, maximum=65535),
    "TIME_ZONE": lambda: env.env_timezone("TIME_ZONE", "Europe/Copenhagen"),
    "SITE_URL": lambda: env.env_url("SITE_URL", "http://127.0.0.1:8000"),
    "REDIS_URL": lambda: env.env_url("REDIS_URL", "", schemes=("redis", "rediss")),
    "LANGUAGE_CODE": lambda: env.env_choice("LANGUAGE_CODE", "en", ("en", "da")),
}

GARBAGE = [
    ("DATABASE_URL", "mysql://db/commplan"),
    ("DATABASE_URL", "commplan.sqlite3"),
    ("DATABASE_URL", "postgres://db.example.com"),
    ("DATABASE_URL", "postgres://user@db:notaport/commplan"),
    ("DEBUG", "maybe"),
    ("DEBUG", "2"),
    ("EMAIL_PORT", "abc"),
    ("EMAIL_PORT", "25.5"),
    ("EMAIL_PORT", "0"),
    ("EMAIL_PORT", "65536"),
    ("TIME_ZONE", "Mars/Olympus_Mons"),
    ("TIME_ZONE", "../../etc/passwd"),
    ("SITE_URL", "planner.example.com"),
    ("SITE_URL", "ftp://planner.example.com"),
    ("SITE_URL", "https://"),
    ("REDIS_URL", "localhost:6379"),
    ("REDIS_URL", "http://redis:6379/0"),
    ("LANGUAGE_CODE", "de"),
]


@pytest.mark.parametrize(("name", "value"), GARBAGE)
def test_garbage_is_refused_naming_the_variable(monkeypatch, name, value):
    monkeypatch.setenv(name, value)

    with pytest.raises(ImproperlyConfigured, match=name):
        READERS[name]()


GOOD = [
    ("DATABASE_URL", "postgres://app@db:5432/commplan", lambda v: v["NAME"] == "commplan"),
    ("DATABASE_URL", "sqlite:////tmp/x.sqlite3", lambda v: v["NAME"] == "/tmp/x.sqlite3"),  # noqa: S108 - only parsed, never opened
    ("DEBUG", " Yes ", lambda v: v is True),
    ("DEBUG", "off", lambda v: v is False),
    ("EMAIL_PORT", "587", lambda v: v == 587),
    ("EMAIL_PORT", "", lambda v: v == 25),
    ("TIME_ZONE", "Atlantic/Faroe", lambda v: v == "Atlantic/Faroe"),
    ("SITE_URL", "https://plan.example.com/", lambda v: v == "https://plan.example.com"),
    ("REDIS_URL", "rediss://:pw@redis:6380/1", lambda v: v == "rediss://:pw@redis:6380/1"),
]


@pytest.mark.parametrize(("name", "value", "check"), GOOD)
def test_good_values_are_read(monkeypatch, name, value, check):
    monkeypatch.setenv(name, value)

    assert check(READERS[name]())


@pytest.mark.parametrize("name", ["DEBUG", "EMAIL_PORT", "TIME_ZONE", "SITE_URL"])
def test_unset_variables_take_the_default(monkeypatch, name):
    monkeypatch.delenv(name, raising=False)

    assert (
        READERS[name]()
        == {
            "DEBUG": False,
            "EMAIL_PORT": 25,
            "TIME_ZONE": "Europe/Copenhagen",
            "SITE_URL": "http://127.0.0.1:8000",
        }[name]
    )


def test_a_required_variable_that_is_unset_is_named(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)

    with pytest.raises(ImproperlyConfigured, match="Set the SECRET_KEY environment variable"):
        env.env_str("SECRET_KEY")


def test_django_does_not_start_with_a_bad_email_port():
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", "EMAIL_PORT": "abc"}

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "EMAIL_PORT must be a whole number, not 'abc'" in result.stderr


def start_django(**environment):
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", **environment}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_django_does_not_start_with_a_lease_shorter_than_one_emails_smtp_exchange():
    # Each SMTP command may take 6 s, so one email may take a minute: a 20 s lease would let a
    # second sweep send an email again while it is still on its way.
    result = start_django(EMAIL_TIMEOUT="6", REMINDER_LEASE_SECONDS="20")

    assert result.returncode != 0
    assert (
        "ImproperlyConfigured: REMINDER_LEASE_SECONDS (20) must be longer than EMAIL_TIMEOUT (6)"
        in result.stderr
    )


def test_django_starts_with_a_lease_longer_than_one_emails_smtp_exchange():
    result = start_django(EMAIL_TIMEOUT="6", REMINDER_LEASE_SECONDS="61")

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        (
            {"OIDC_ISSUER": "https://login.example.dk/tenant/v2.0"},
            "OIDC_ISSUER is set: set OIDC_CLIENT_ID and OIDC_CLIENT_SECRET too.",
        ),
        (
            {
                "OIDC_ISSUER": "https://login.example.dk",
                "OIDC_CLIENT_ID": "a",
                "OIDC_CLIENT_SECRET": "b",
                "OIDC_SCOPES": "email profile",
            },
            "OIDC_SCOPES must include openid",
        ),
        ({"SSO_ONLY": "1"}, "SSO_ONLY=1 needs single sign-on: set OIDC_ISSUER too."),
        ({"OIDC_ISSUER": "login.example.dk"}, "OIDC_ISSUER must be an absolute URL"),
    ],
)
def test_django_does_not_start_with_half_a_single_sign_on(environment, message):
    result = start_django(**environment)

    assert result.returncode != 0
    assert message in result.stderr


def test_django_starts_with_single_sign_on_configured():
    result = start_django(
        OIDC_ISSUER="https://login.microsoftonline.com/tenant-id/v2.0",
        OIDC_CLIENT_ID="client",
        OIDC_CLIENT_SECRET="secret",
        SSO_ONLY="1",
    )

    assert result.returncode == 0, result.stderr
