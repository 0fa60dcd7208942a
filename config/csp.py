"""django-csp's middleware, with the policy written once rather than for every response.

django-csp builds the Content-Security-Policy header from the settings for each response, and
the report-only one too, each through a dataclass and a join of every directive: a tenth of a
millisecond a response, a tenth of what the public pulse page costs in all (issue 19 §4). This
project's policy is the settings' alone, the same for every response, unless a view changes it
(django-csp's decorators, which set attributes on the response) or a page asks for a nonce:
those responses are left to django-csp as before.
"""

from typing import Any

from csp import middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponseBase

PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)

_kept: dict[bool, str] = {}  # report_only -> the header ("" for none)


def _forget(**kwargs: Any) -> None:
    _kept.clear()


setting_changed.connect(_forget, dispatch_uid="config_csp_forget")


class CSPMiddleware(middleware.CSPMiddleware):
    def _kept_policy(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool
    ) -> str:
        if report_only not in _kept:
            parts = self.get_policy_parts(request, response, report_only=report_only)
            _kept[report_only] = middleware.build_policy(
                **middleware.asdict(parts), report_only=report_only
            )
        return _kept[report_only]

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in PER_RESPONSE
        ):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (404, 500):  # the debug pages
            return response
        for report_only, header, exempt, setting in (
            (False, HEADER, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (True, HEADER_REPORT_ONLY, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            policy = self._kept_policy(request, response, report_only)
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if (
                policy
                and header not in response
                and not getattr(response, exempt, False)
                and not request.path_info.startswith(tuple(prefixes))
            ):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = middleware.CheckableLazyObject(  # type: ignore[attr-defined]
            self._csp_nonce_post_response
        )
        return response
