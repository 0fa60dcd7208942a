"""Settings shared by every environment; each value that varies comes from the environment."""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import jinja2
from config.env import (
    env_admins,
    env_bool,
    env_choice,
    env_database,
    env_int,
    env_list,
    env_str,
    env_timezone,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

# The development key, public in this repository on purpose; production refuses it.
INSECURE_SECRET_KEY = "django-insecure-local-only-change-me"  # noqa: S105 - not a secret
SECRET_KEY = env_str("SECRET_KEY", INSECURE_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "csp",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "commplan",
    "stakeholders",
    "milestones",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside WhiteNoise and the request limits, so static files and every refusal page carry
    # the header too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML compressed (a 1,000-row plan: 1.3 MB, 60 bytes a row gzipped); WhiteNoise serves the
    # static files precompressed before this runs. BREACH: Django masks the CSRF token anew in
    # every response and this middleware pads each response with random bytes (Heal The
    # BREACH), so a reflected search term cannot be used to guess a page's secrets by size.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "commplan.accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "commplan.accounts.middleware.PrivatePagesMiddleware",
    # After authentication: a signed-in person's saved language beats cookie and browser.
    "commplan.language.ProfileLanguageMiddleware",
    # After the language is known, before anything reads the body.
    "config.limits.RequestSizeLimitMiddleware",
    "config.limits.MethodNotAllowedPageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lock-out flagged during sign-in into the response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    # The plan table's rows only (commplan/rows/table.py): a compiled template writes a 1,000-row
    # table in a fraction of the Django template language's time (issue 16).
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"autoescape": True, "undefined": jinja2.StrictUndefined},
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'commplan.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; a busy timeout rides out the rest.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes' backend comes first: it refuses a locked-out sign-in before a password is checked.
# The SSO backend answers only our single sign-on callback (commplan/accounts/sso.py) and does
# nothing while OIDC_ISSUER is unset.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "commplan.accounts.sso.SsoBackend",
]
# Single sign-on with OpenID Connect (mozilla-django-oidc; commplan/accounts/sso.py): on when
# OIDC_ISSUER is set. The provider's endpoints and keys come from its discovery document
# (<issuer>/.well-known/openid-configuration), fetched when first needed and kept for an hour.
OIDC_ISSUER = env_url("OIDC_ISSUER", "") if env_str("OIDC_ISSUER", "") else ""
OIDC_RP_CLIENT_ID = env_str("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET", "")
OIDC_DISPLAY_NAME = env_str("OIDC_DISPLAY_NAME", "")  # "Microsoft": "Sign in with Microsoft"
OIDC_RP_SCOPES = env_str("OIDC_SCOPES", "openid email profile")
# Email domains whose addresses this provider owns, so its `email` claim counts as verified
# even without `email_verified` (Entra ID sends none): e.g. "firma.dk,firma.com".
OIDC_TRUSTED_EMAIL_DOMAINS = [d.lower().lstrip("@") for d in env_list("OIDC_TRUSTED_EMAIL_DOMAINS")]
# Password sign-in off for everyone but superusers (the break-glass account, README).
SSO_ONLY = env_bool("SSO_ONLY", False)
if OIDC_ISSUER and not (OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET):
    raise ImproperlyConfigured("OIDC_ISSUER is set: set OIDC_CLIENT_ID and OIDC_CLIENT_SECRET too.")
if OIDC_ISSUER and "openid" not in OIDC_RP_SCOPES.split():
    raise ImproperlyConfigured(f"OIDC_SCOPES must include openid, not {OIDC_RP_SCOPES!r}.")
if SSO_ONLY and not OIDC_ISSUER:
    raise ImproperlyConfigured("SSO_ONLY=1 needs single sign-on: set OIDC_ISSUER too.")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_TIMEOUT = 10  # seconds for each request to the provider
OIDC_STORE_ID_TOKEN = True  # for the provider's sign-out (id_token_hint)
OIDC_AUTHENTICATION_CALLBACK_URL = "sso_callback"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "commplan:home"
LOGOUT_REDIRECT_URL = "login"
# A reset link works for an hour, and only once (the token hashes the current password).
PASSWORD_RESET_TIMEOUT = 60 * 60

# Sessions end after SESSION_IDLE_MINUTES without a request, so a laptop left open over lunch
# or overnight is signed out, while a working day is never interrupted: requests push the end
# on (commplan.accounts.middleware.IdleTimeoutMiddleware, at most one session write per
# SESSION_REFRESH_SECONDS rather than SESSION_SAVE_EVERY_REQUEST's one per request). Two hours
# outlasts a long meeting.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 120, minimum=10, maximum=7 * 24 * 60) * 60
SESSION_REFRESH_SECONDS = 5 * 60
SESSION_SAVE_EVERY_REQUEST = False

# Sign-in throttling (django-axes plus commplan/accounts/throttle.py). Every password check of a
# username is counted, atomically: from the SIGNIN_SLOW_AFTER-th check on, each further check,
# from any address, waits a doubling delay (SIGNIN_SLOW_SECONDS, twice that, ... up to
# SIGNIN_SLOW_MAX_SECONDS), which slows guessing of one account even from many addresses. The
# delay never shuts the owner out: a browser that signed in as them before (device cookie) and an
# address with no recent failures for the username are let through to the password check. After
# AXES_FAILURE_LIMIT failures from one address that username is locked there for
# AXES_COOLOFF_TIME (username + address: an attacker behind the office proxy cannot lock everyone
# out, and one elsewhere cannot lock a person out of their own network).
SIGNIN_SLOW_AFTER = 3
SIGNIN_SLOW_SECONDS = 5
SIGNIN_SLOW_MAX_SECONDS = 300
# A browser that signed in as a person before skips the slow-down until it fails this often.
SIGNIN_DEVICE_FAILURES = 5
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Attempts refused during a lock-out do not extend it: the page can say when it ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False  # no banner on every start-up
AXES_LOCKOUT_CALLABLE = "commplan.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "commplan.accounts.throttle.client_ip"
AXES_WHITELIST_CALLABLE = "commplan.accounts.throttle.trusted_device"

# Reverse proxies in front of the app (0: clients connect directly). Only with a proxy are
# X-Forwarded-Proto and the last PROXY_COUNT addresses of X-Forwarded-For believed: a client can
# send either header itself, and only the entries our own proxies appended are true.
PROXY_COUNT = env_int("PROXY_COUNT", 0, minimum=0, maximum=5)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PROXY_COUNT else None

# Content-Security-Policy on every response: scripts and styles only from our own static files
# (no inline scripts, event handlers or style attributes: tests/test_csp.py checks the
# templates); Bootstrap's CSS draws its icons with data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],  # the web app manifest (commplan:manifest)
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
# Error reports (the debug page, emails to ADMINS) hide every setting that may carry a secret,
# including URLs such as REDIS_URL that can hold a password.
DEFAULT_EXCEPTION_REPORTER_FILTER = "config.reporting.SecretsHiddenFilter"
# Errors go to Sentry when SENTRY_DSN is set (production.py and local.py start it), otherwise
# ADMINS ("Name <a@example.dk>, b@example.dk") get an email for each server error and each
# failed background task.
ADMINS = env_admins("ADMINS")
SENTRY_DSN = env_url("SENTRY_DSN", "") if env_str("SENTRY_DSN", "") else ""
SENTRY_RELEASE = env_str("SENTRY_RELEASE", "")

# Internationalisation: English and Danish; the browser chooses, the switcher overrides, and a
# signed-in person's saved language wins (commplan/language.py).
LANGUAGE_CODE = env_choice("LANGUAGE_CODE", "en", ("en", "da"))
LANGUAGES = [("en", _("English")), ("da", _("Danish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_timezone("TIME_ZONE", "Europe/Copenhagen")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Files browsers ask for at the site's root (favicon.ico), served by WhiteNoise as they are.
WHITENOISE_ROOT = BASE_DIR / "public"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Email: SMTP when EMAIL_HOST is set, otherwise files under var/mail/ that a person can read.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1, maximum=300)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "S&OP Communication Planner <planner@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# Celery: Redis when REDIS_URL or CELERY_BROKER_URL is set, otherwise a file-based broker in var/.
REDIS_URL = (
    env_url("REDIS_URL", "", schemes=("redis", "rediss")) if env_str("REDIS_URL", "") else ""
)
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
BROKER_TIMEOUT = 2  # seconds
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL == "filesystem://":
    _queue = VAR_DIR / "celery" / "queue"
    # Kombu's filesystem transport does not create its folders; web and worker both need them.
    for _folder in (_queue, VAR_DIR / "celery" / "processed"):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "store_processed": False,
    }
else:
    # A broker that is down, or accepts connections and never answers, must not hang a web
    # request that enqueues a task: every socket gives up after BROKER_TIMEOUT seconds and a
    # publish is tried twice at most, so `delay` fails within a few seconds (the caller logs it
    # and the next sweep does the work from the database).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_timeout": BROKER_TIMEOUT,
        "socket_connect_timeout": BROKER_TIMEOUT,
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.2,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_REDIS_SOCKET_TIMEOUT = BROKER_TIMEOUT
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = BROKER_TIMEOUT
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True


_ADMIN_EMAILS = [] if SENTRY_DSN else ["mail_admins"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        # Server errors (500) and failed Celery tasks: emailed unless Sentry has them.
        "django": {"handlers": _ADMIN_EMAILS, "level": "INFO"},
        "celery.app.trace": {"handlers": _ADMIN_EMAILS, "level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
        # django-axes reports each failed sign-in as a warning; its INFO lines only say it ran.
        "axes": {"level": "WARNING"},
    },
}
CSRF_FAILURE_VIEW = "config.views.csrf_failure"

# Request size: form fields up to DATA_UPLOAD_MAX_MEMORY_SIZE (plain text, so 2.5 MB is a lot),
# at most DATA_UPLOAD_MAX_NUMBER_FIELDS fields, and the whole body (uploads included) up to
# MAX_REQUEST_SIZE; beyond that a 413 page says which limit was passed (config/limits.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
MAX_REQUEST_SIZE = env_int("MAX_REQUEST_MB", 10, minimum=1, maximum=1024) * 1024 * 1024
FORMAT_MODULE_PATH = ["config.formats"]

# Reminders: beat runs the sweep every REMINDER_SWEEP_MINUTES; a reminder left 'sending' by a
# worker that died may be claimed again after REMINDER_LEASE_SECONDS. The sender restarts the
# lease before each email, so the lease must outlast the longest SMTP exchange of one email:
# each of its commands may take EMAIL_TIMEOUT (connect, EHLO, STARTTLS, EHLO, AUTH, MAIL, RCPT
# (one recipient per email), DATA, the message, QUIT), or a second sweep could send it again.
REMINDER_SWEEP_MINUTES = env_int("REMINDER_SWEEP_MINUTES", 15, minimum=1, maximum=1440)
REMINDER_LEASE_SECONDS = env_int("REMINDER_LEASE_SECONDS", 600, minimum=1, maximum=86400)
SMTP_COMMANDS_PER_EMAIL = 10
if REMINDER_LEASE_SECONDS <= EMAIL_TIMEOUT * SMTP_COMMANDS_PER_EMAIL:
    raise ImproperlyConfigured(
        f"REMINDER_LEASE_SECONDS ({REMINDER_LEASE_SECONDS}) must be longer than EMAIL_TIMEOUT "
        f"({EMAIL_TIMEOUT}) × {SMTP_COMMANDS_PER_EMAIL} SMTP commands of one email "
        f"= {EMAIL_TIMEOUT * SMTP_COMMANDS_PER_EMAIL} s, or a second sweep may send an email "
        "that is still on its way again. Raise REMINDER_LEASE_SECONDS or lower EMAIL_TIMEOUT."
    )
REMINDER_BATCH_SIZE = env_int("REMINDER_BATCH_SIZE", 200, minimum=1, maximum=10000)
REMINDER_MAX_BACKOFF_MINUTES = env_int("REMINDER_MAX_BACKOFF_MINUTES", 60, minimum=1, maximum=1440)
CELERY_BEAT_SCHEDULE = {
    "sweep-reminders": {
        "task": "commplan.sweep_reminders",
        "schedule": REMINDER_SWEEP_MINUTES * 60,
    },
    "forget-feedback-text": {
        "task": "commplan.forget_feedback_text",
        "schedule": 24 * 60 * 60,
    },
}
# Teams webhooks (commplan/teams/): short timeouts, so a slow Teams holds a sweep up for
# seconds, not minutes; like an email, one card's POST must end within the lease.
TEAMS_CONNECT_TIMEOUT = env_int("TEAMS_CONNECT_TIMEOUT", 3, minimum=1, maximum=60)
TEAMS_READ_TIMEOUT = env_int("TEAMS_READ_TIMEOUT", 7, minimum=1, maximum=120)
if REMINDER_LEASE_SECONDS <= TEAMS_CONNECT_TIMEOUT + TEAMS_READ_TIMEOUT:
    raise ImproperlyConfigured(
        f"REMINDER_LEASE_SECONDS ({REMINDER_LEASE_SECONDS}) must be longer than "
        f"TEAMS_CONNECT_TIMEOUT + TEAMS_READ_TIMEOUT ({TEAMS_CONNECT_TIMEOUT + TEAMS_READ_TIMEOUT}"
        " s), or a second sweep may post a card that is still on its way again."
    )
# The weekly executive summary goes out with the first sweep on Monday from this local hour.
SUMMARY_HOUR = env_int("SUMMARY_HOUR", 7, minimum=0, maximum=23)
# A reminder email lists at most this many activities, then links to the rest.
REMINDER_EMAIL_ROWS = env_int("REMINDER_EMAIL_ROWS", 50, minimum=1, maximum=1000)
# The cache holds short-lived counters only (the pulse's per-address rate limit): Redis when
# REDIS_URL is set, so every web process counts together, otherwise each process's memory.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_timeout": BROKER_TIMEOUT, "socket_connect_timeout": BROKER_TIMEOUT},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Pulse feedback: an occurrence's distribution and free text are shown from this many answers
# (never fewer than 3, so no answer can be traced to a person in a small group); the free text
# of answers is deleted after this many months (the daily task above).
FEEDBACK_ANONYMITY_THRESHOLD = env_int("FEEDBACK_ANONYMITY_THRESHOLD", 5, minimum=3, maximum=1000)
FEEDBACK_TEXT_MONTHS = env_int("FEEDBACK_TEXT_MONTHS", 12, minimum=1, maximum=120)
# Answers one address may post per minute (counted in the cache; the address is not stored).
FEEDBACK_RATE_PER_MINUTE = env_int("FEEDBACK_RATE_PER_MINUTE", 120, minimum=1, maximum=1_000_000)
# Uploaded spreadsheets wait here between their import preview and its commit (at most an hour).
IMPORT_DIR = VAR_DIR / "imports"

# The REST API (commplan/api/): personal tokens or the browser's session, the same role rules as
# the pages, JSON errors, cursor pages, and a rate limit per token (API_RATE, e.g. "600/hour").
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "commplan.api.authentication.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["commplan.api.throttling.PerTokenRateThrottle"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "commplan.api.pagination.IdCursorPagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "commplan.api.errors.json_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Numbers as JSON numbers: Power BI and Excel read them as such, not as text.
    "COERCE_DECIMAL_TO_STRING": False,
}
API_RATE = env_str("API_RATE", "1200/hour")
# The rate limits' counts: in Redis when there is one, so that every web process counts the same
# requests; otherwise in each process's memory (a limit per process).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "commplan",
    }
SPECTACULAR_SETTINGS = {
    "TITLE": "S&OP Communication Planner API",
    "DESCRIPTION": (
        "Plans and, under each plan, its activities (rows), stakeholders, milestones, messages, "
        "channels, reviews and dashboard figures. Authenticate with a personal API token "
        "(Your settings → API tokens) as `Authorization: Bearer <token>`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/",
    # Two models have a `status`: each its own named choice set in the schema.
    "ENUM_NAME_OVERRIDES": {
        "RowStatusEnum": "commplan.models.RowStatus",
        "MilestoneStatusEnum": "milestones.models.MilestoneStatus",
    },
}
