"""config.settings.production passes Django's deployment checks, and refuses to start without
the values that keep it safe."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k3Jx9-Qv_T7mZpL2wR8sYb4NcH6dGfA1eU0oIiVyXtWqSzPnMlKjB5"
GOOD = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "plan.example.dk",
    "SITE_URL": "https://plan.example.dk",
}
SETTING_NAMES = ("SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "DEBUG", "PROXY_COUNT")


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
