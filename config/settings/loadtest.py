"""Production settings served over plain HTTP on this machine, for `make loadtest` only.

Everything production does (DEBUG off, WhiteNoise with the manifest, cookies HttpOnly, the same
middleware) except what needs HTTPS in front: the load generator talks to gunicorn directly, so
no redirect to HTTPS, no HSTS, and cookies that are sent over HTTP.
"""

from .production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
