"""Settings for production: every secret from the environment, HTTPS everywhere.

Start-up stops, naming the variable, without SECRET_KEY (50+ random characters, not the
development key), ALLOWED_HOSTS or an https:// SITE_URL. `manage.py check --deploy` passes.
"""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_hosts, env_int, env_list, env_secret_key, env_url

from .base import *  # noqa: F403
from .base import INSECURE_SECRET_KEY

SECRET_KEY = env_secret_key("SECRET_KEY", INSECURE_SECRET_KEY)
# Never on in production: the debug page shows settings, source code and the request.
if env_bool("DEBUG", False):
    raise ImproperlyConfigured("DEBUG cannot be turned on with config.settings.production.")
DEBUG = False
ALLOWED_HOSTS = env_hosts("ALLOWED_HOSTS")
SITE_URL = env_url("SITE_URL", schemes=("https",))
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])

# Production runs behind one reverse proxy that terminates HTTPS (README, "Running it in
# production"); PROXY_COUNT=0 when gunicorn faces the clients itself.
PROXY_COUNT = env_int("PROXY_COUNT", 1, minimum=0, maximum=5)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PROXY_COUNT else None

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
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
