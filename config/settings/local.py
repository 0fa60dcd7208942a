"""Settings for a developer's machine and `make run`: the embedded default."""

from config.env import env_bool, env_str
from config.reporting import project_version, start_sentry

from .base import *  # noqa: F403
from .base import SENTRY_DSN, SENTRY_RELEASE

DEBUG = env_bool("DEBUG", True)

if SENTRY_DSN:
    start_sentry(
        SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "development"),
        release=SENTRY_RELEASE or f"commplanner@{project_version()}",
    )
