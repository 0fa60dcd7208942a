"""Production settings served over plain HTTP on this machine, for `make loadtest` only.

Everything production does (DEBUG off, WhiteNoise with the manifest, cookies HttpOnly, the same
middleware) except what needs HTTPS in front: the load generator talks to gunicorn directly, so
no redirect to HTTPS, no HSTS, and cookies that are sent over HTTP. And every Locust responder
comes from 127.0.0.1, so the per-address pulse limit is lifted (FEEDBACK_RATE_PER_MINUTE, a
setting production keeps at its default).
"""

from .production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
FEEDBACK_RATE_PER_MINUTE = 1_000_000
