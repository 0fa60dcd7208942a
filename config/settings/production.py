"""Settings for production: every secret from the environment, HTTPS everywhere.

Start-up stops, naming the variable, without SECRET_KEY (50+ random characters, not the
development key), ALLOWED_HOSTS or an https:// SITE_URL, and when it would run on the embedded
parts (SQLite, the file-based broker, emails written to files) without the operator's explicit
opt-in for a one-box install. `manage.py check --deploy` passes.
"""

from django.core.exceptions import ImproperlyConfigured

from config.env import (
    env_bool,
    env_hosts,
    env_int,
    env_list,
    env_secret_key,
    env_str,
    env_url,
)
from config.reporting import project_version, start_sentry

from .base import *  # noqa: F403
from .base import (
    CELERY_BROKER_URL,
    DATABASES,
    EMAIL_BACKEND,
    INSECURE_SECRET_KEY,
    OIDC_ISSUER,
    SENTRY_DSN,
    SENTRY_RELEASE,
)

SECRET_KEY = env_secret_key("SECRET_KEY", INSECURE_SECRET_KEY)
# Never on in production: the debug page shows settings, source code and the request.
if env_bool("DEBUG", False):
    raise ImproperlyConfigured("DEBUG cannot be turned on with config.settings.production.")
DEBUG = False
ALLOWED_HOSTS = env_hosts("ALLOWED_HOSTS")
SITE_URL = env_url("SITE_URL", schemes=("https",))
# Single sign-on's codes, tokens and keys travel to and from the provider: HTTPS only.
if OIDC_ISSUER:
    OIDC_ISSUER = env_url("OIDC_ISSUER", schemes=("https",))
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])

# Production runs behind one reverse proxy that terminates HTTPS (README, "Running it in
# production"); PROXY_COUNT=0 when gunicorn faces the clients itself.
PROXY_COUNT = env_int("PROXY_COUNT", 1, minimum=0, maximum=5)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PROXY_COUNT else None

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers and monitors often probe over plain HTTP inside the network; the health answer
# holds nothing sensitive, so it is not redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Only a consent: browsers preload a domain after its owner submits it at hstspreload.org.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
# Pages hand the CSRF token to htmx in a <meta> tag, so no script needs to read the cookie.
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# The embedded parts are for trying the app on one machine; in production each one needs the
# operator's explicit opt-in, so a forgotten variable stops start-up instead of quietly keeping
# the data in a file, queueing tasks no other machine sees, or writing emails nobody reads.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not env_bool(
    "ALLOW_SQLITE", False
):
    raise ImproperlyConfigured(
        "DATABASE_URL is not set or names SQLite: set DATABASE_URL=postgres://…, or "
        "ALLOW_SQLITE=1 to run on SQLite on one machine."
    )
if CELERY_BROKER_URL.split(":", 1)[0] in {"filesystem", "memory"} and not env_bool(
    "ALLOW_FILE_BROKER", False
):
    raise ImproperlyConfigured(
        "REDIS_URL (or CELERY_BROKER_URL) is not set, so background tasks would queue in files: "
        "set REDIS_URL=redis://…, or ALLOW_FILE_BROKER=1 to run web and worker on one machine."
    )
if EMAIL_BACKEND != "django.core.mail.backends.smtp.EmailBackend" and not env_bool(
    "ALLOW_FILE_EMAIL", False
):
    raise ImproperlyConfigured(
        "EMAIL_HOST is not set, so emails would be written to files instead of sent: set "
        "EMAIL_HOST to the SMTP server, or ALLOW_FILE_EMAIL=1 to keep them in var/mail/."
    )

if SENTRY_DSN:
    start_sentry(
        SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        release=SENTRY_RELEASE or f"commplanner@{project_version()}",
    )
