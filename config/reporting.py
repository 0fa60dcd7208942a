"""What error reports may show."""

import re

from django.views.debug import SafeExceptionReporterFilter


class SecretsHiddenFilter(SafeExceptionReporterFilter):
    """Django's filter, also hiding settings that hold URLs: a DATABASE_URL, REDIS_URL or
    CELERY_BROKER_URL can carry a password (redis://:password@host)."""

    hidden_settings = re.compile(
        "API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|URL", flags=re.IGNORECASE
    )
