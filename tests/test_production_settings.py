"""config.settings.production passes Django's deployment checks, and refuses to start without
the values that keep it safe."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.reporting import project_version

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k3Jx9-Qv_T7mZpL2wR8sYb4NcH6dGfA1eU0oIiVyXtWqSzPnMlKjB5"
GOOD = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "plan.example.dk",
    "SITE_URL": "https://plan.example.dk",
    "DATABASE_URL": "postgres://commplan@db.example.dk:5432/commplan",
    "REDIS_URL": "redis://redis.example.dk:6379/0",
    "EMAIL_HOST": "smtp.example.dk",
}
SETTING_NAMES = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "DEBUG",
    "PROXY_COUNT",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "EMAIL_HOST",
    "ADMINS",
    "ALLOW_SQLITE",
    "ALLOW_FILE_BROKER",
    "ALLOW_FILE_EMAIL",
    "SENTRY_DSN",
    "SENTRY_RELEASE",
    "SENTRY_ENVIRONMENT",
)


def run(args, **overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in SETTING_NAMES and not k.startswith("DJANGO_")
    }
    env.update(GOOD)
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_deployment_check_finds_nothing():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])

    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


SETTINGS_OF_PRODUCTION = (
    "from django.conf import settings; s = settings; "
    "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
    "s.SECURE_PROXY_SSL_HEADER, s.ALLOWED_HOSTS)"
)


def test_https_everywhere_behind_one_proxy_by_default():
    result = run(["-c", "import django; django.setup(); " + SETTINGS_OF_PRODUCTION])

    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == (
        "False True True True ('HTTP_X_FORWARDED_PROTO', 'https') ['plan.example.dk']"
    )


def test_without_a_proxy_the_forwarded_scheme_is_not_believed():
    result = run(
        ["-c", "import django; django.setup(); " + SETTINGS_OF_PRODUCTION], PROXY_COUNT="0"
    )

    assert result.returncode == 0, result.stderr
    assert " None " in result.stdout


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SECRET_KEY": None}, "Set the SECRET_KEY environment variable."),
        ({"SECRET_KEY": ""}, "Set the SECRET_KEY environment variable."),
        ({"SECRET_KEY": "too-short-a-secret"}, "SECRET_KEY must be a random value of at least 50"),
        ({"SECRET_KEY": "django-insecure-local-only-change-me"}, "insecure development key"),
        ({"SECRET_KEY": "django-insecure-" + GOOD_KEY}, "insecure development key"),
        ({"SECRET_KEY": "ab" * 40}, "SECRET_KEY must be a random value"),
        ({"ALLOWED_HOSTS": None}, "Set the ALLOWED_HOSTS environment variable"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must name the site's hosts, not '*'"),
        ({"SITE_URL": None}, "Set the SITE_URL environment variable."),
        (
            {"SITE_URL": "http://plan.example.dk"},
            "SITE_URL must be an absolute URL starting with https",
        ),
        ({"DEBUG": "true"}, "DEBUG cannot be turned on"),
        ({"DATABASE_URL": None}, "DATABASE_URL is not set or names SQLite"),
        ({"DATABASE_URL": "sqlite:////srv/commplan.sqlite3"}, "ALLOW_SQLITE=1"),
        ({"DATABASE_URL": None, "ALLOW_SQLITE": "maybe"}, "ALLOW_SQLITE must be true or false"),
        ({"REDIS_URL": None}, "REDIS_URL (or CELERY_BROKER_URL) is not set"),
        ({"REDIS_URL": None, "CELERY_BROKER_URL": "filesystem://"}, "ALLOW_FILE_BROKER=1"),
        ({"EMAIL_HOST": None}, "EMAIL_HOST is not set, so emails would be written to files"),
        ({"ADMINS": "Jane Doe"}, "ADMINS must be email addresses"),
        ({"ADMINS": "ops@example.dk,,it@example.dk"}, "ADMINS has an empty entry"),
        (
            {
                "OIDC_ISSUER": "http://sso.example.dk",
                "OIDC_CLIENT_ID": "a",
                "OIDC_CLIENT_SECRET": "b",
            },
            "OIDC_ISSUER must be an absolute URL starting with https",
        ),
    ],
    ids=[
        "no-key",
        "empty-key",
        "short-key",
        "development-key",
        "insecure-prefix",
        "repetitive-key",
        "no-hosts",
        "any-host",
        "no-site-url",
        "plain-http",
        "debug",
        "no-database",
        "sqlite",
        "sqlite-opt-in-garbled",
        "no-broker",
        "file-broker",
        "no-mail-server",
        "admin-without-address",
        "admins-empty-entry",
        "sso-over-plain-http",
    ],
)
def test_production_refuses_to_start(overrides, message):
    result = run(["-c", "import config.settings.production"], **overrides)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr
    # The refusal never prints the secret it refused.
    if overrides.get("SECRET_KEY"):
        assert overrides["SECRET_KEY"] not in result.stderr


def settings_of(names, **overrides):
    script = "import django; django.setup(); from django.conf import settings; " + "; ".join(
        f"print(repr(settings.{name}))" for name in names
    )
    result = run(["-c", script], **overrides)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_a_one_box_install_opts_in_to_each_embedded_part():
    engine, broker, backend = settings_of(
        ["DATABASES['default']['ENGINE']", "CELERY_BROKER_URL", "EMAIL_BACKEND"],
        DATABASE_URL=None,
        REDIS_URL=None,
        EMAIL_HOST=None,
        ALLOW_SQLITE="1",
        ALLOW_FILE_BROKER="yes",
        ALLOW_FILE_EMAIL="true",
    )

    assert engine == "'django.db.backends.sqlite3'"
    assert broker == "'filesystem://'"
    assert backend == "'django.core.mail.backends.filebased.EmailBackend'"


def test_admins_come_from_the_environment():
    (admins,) = settings_of(
        ["ADMINS"], ADMINS='Jane Doe <jane@example.dk>, ops@example.dk, "Holm, Ib" <ib@example.dk>'
    )

    assert admins == repr(
        [
            ("Jane Doe", "jane@example.dk"),
            ("ops@example.dk", "ops@example.dk"),
            ("Holm, Ib", "ib@example.dk"),
        ]
    )


SENTRY_STATE = (
    "import django; django.setup(); import sentry_sdk, logging; c = sentry_sdk.get_client(); "
    "o = c.options; d = o.get('data_collection') or {'cookies': {}}; "
    "print(c.is_active(), d.get('user_info'), d.get('stack_frame_variables'), "
    "d['cookies'].get('mode'), o.get('environment'), o.get('release')); "
    "print([h.__class__.__name__ for h in logging.getLogger('django').handlers])"
)


def test_errors_go_to_sentry_when_a_dsn_is_set_and_to_admins_otherwise():
    with_sentry = run(
        ["-c", SENTRY_STATE], SENTRY_DSN="https://public@sentry.example.dk/3", ADMINS="a@b.dk"
    )
    released = run(
        ["-c", SENTRY_STATE],
        SENTRY_DSN="https://public@sentry.example.dk/3",
        SENTRY_RELEASE="2026.12.1",
        SENTRY_ENVIRONMENT="staging",
    )
    without = run(["-c", SENTRY_STATE], ADMINS="a@b.dk")

    assert with_sentry.stdout.splitlines() == [
        f"True False False off production commplanner@{project_version()}",
        "[]",
    ], with_sentry.stderr
    assert released.stdout.splitlines()[0].endswith("staging 2026.12.1"), released.stderr
    assert without.stdout.splitlines()[1] == "['AdminEmailHandler']", without.stderr
    assert without.stdout.splitlines()[0].startswith("False")
