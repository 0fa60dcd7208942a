"""Settings for the test suite: fast hashing, in-memory email, the same database switch."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_CODE = "en"

# Staged imports of the test suite stay out of the project's var/, one folder per process: a test
# that sweeps old uploads must not delete those of another test run on the same machine.
IMPORT_DIR = Path(tempfile.gettempdir()) / f"commplan-test-imports-{os.getpid()}"

# The API matrix and schemathesis send hundreds of requests per token; tests/api lower it.
API_RATE = "100000/hour"
# Each test process counts its own requests, never those of another run sharing the Redis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
