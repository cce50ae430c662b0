"""django-csp's middleware with the policy built once, not on every response.

django-csp builds the Content-Security-Policy header from the settings for every response, twice
(enforced and report-only): ~0.15 ms, on every API request too. The header only differs per
response when the view asked for its own policy (`_csp_config`, `_csp_update`, `_csp_replace`,
as the portaal's map page does) or the page used its nonce; every other response gets the same
header, built once per settings (tests that change the settings get a new one). Those others go
through django-csp's own code, unchanged.
"""

from __future__ import annotations

import functools
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest
from django.http.response import HttpResponseBase

OWN_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)
DEBUG_EXEMPT = (500, 404)  # django-csp leaves Django's debug pages alone


@functools.cache
def _policies() -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    """(header, value, exempt attribute, excluded path prefixes): enforced, then report-only."""
    enforced = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None) or {}
    return (
        (
            HEADER,
            build_policy(),
            "_csp_exempt",
            tuple(enforced.get("EXCLUDE_URL_PREFIXES", None) or ()),
        ),
        (
            HEADER_REPORT_ONLY,
            build_policy(report_only=True),
            "_csp_exempt_ro",
            tuple(report_only.get("EXCLUDE_URL_PREFIXES", None) or ()),
        ),
    )


def _settings_changed(*, setting: str, **_kwargs: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _policies.cache_clear()


setting_changed.connect(_settings_changed, dispatch_uid="iwerk-contentpolicy")


class CSPMiddleware(DjangoCSPMiddleware):
    """django-csp's CSPMiddleware; a response without a policy of its own gets the prepared one."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in OWN_POLICY
        ):
            return super().process_response(request, response)
        if response.status_code in DEBUG_EXEMPT and settings.DEBUG:
            return response
        for header, value, exempt, excluded in _policies():
            if (
                value
                and header not in response
                and getattr(response, exempt, False) is False
                and not request.path_info.startswith(excluded)
            ):
                response[header] = value
        # As django-csp: a nonce asked for after the header is written is an error, not a gap.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
