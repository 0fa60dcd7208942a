"""Error reports: what they may show, and where they go (Sentry, or emails to ADMINS)."""

import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

import sentry_sdk
from django.views.debug import SafeExceptionReporterFilter
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

if TYPE_CHECKING:
    from sentry_sdk._types import DataCollectionUserOptions


class SecretsHiddenFilter(SafeExceptionReporterFilter):
    """Django's filter, also hiding settings that hold URLs: a DATABASE_URL, REDIS_URL or
    CELERY_BROKER_URL can carry a password (redis://:password@host), and so can the cache's
    LOCATION."""

    hidden_settings = re.compile(
        "API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|URL|LOCATION", flags=re.IGNORECASE
    )


def project_version() -> str:
    """The version in pyproject.toml (the release when SENTRY_RELEASE is not set)."""
    with (Path(__file__).resolve().parent.parent / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


# What Sentry may collect about a request: no user, cookies, bodies, query strings, SQL
# parameters, task arguments or local variables of the failing frames (any of which can hold a
# person's name, email or what they typed); only these harmless request headers.
SENTRY_DATA_COLLECTION: "DataCollectionUserOptions" = {
    "user_info": False,
    "cookies": {"mode": "off"},
    "http_headers": {
        "request": {
            "mode": "allowlist",
            "terms": ["accept", "accept-language", "content-length", "content-type", "host"],
        }
    },
    "http_bodies": [],
    "url_query_params": {"mode": "off"},
    "database_query_data": False,
    "queues": False,
    "graphql": {"document": False, "variables": False},
    "gen_ai": {"inputs": False, "outputs": False},
    "stack_frame_variables": False,
}


def start_sentry(dsn: str, environment: str, release: str | None) -> None:
    """Report unhandled errors of web requests, Celery tasks and ERROR log lines to Sentry,
    without personal data (SENTRY_DATA_COLLECTION)."""
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        data_collection=SENTRY_DATA_COLLECTION,
        max_request_body_size="never",
    )
