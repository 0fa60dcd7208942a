"""Error reports: what they may show, and where they go (Sentry, or emails to ADMINS)."""

import re
import tomllib
from pathlib import Path

import sentry_sdk
from django.views.debug import SafeExceptionReporterFilter
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration


class SecretsHiddenFilter(SafeExceptionReporterFilter):
    """Django's filter, also hiding settings that hold URLs: a DATABASE_URL, REDIS_URL or
    CELERY_BROKER_URL can carry a password (redis://:password@host)."""

    hidden_settings = re.compile(
        "API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|URL", flags=re.IGNORECASE
    )


def project_version():
    """The version in pyproject.toml (the release when SENTRY_RELEASE is not set)."""
    with (Path(__file__).resolve().parent.parent / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["project"]["version"]


def start_sentry(dsn, environment, release):
    """Report unhandled errors of web requests, Celery tasks and ERROR log lines to Sentry.

    No personal data leaves: no user, IP address, cookies or request bodies
    (send_default_pii=False, bodies never sent), and no local variables of the failing frames,
    which can hold a person's name, email or anything they typed.
    """
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
    )
