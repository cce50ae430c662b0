"""Rate limits against guessing and flooding: the public portaal's posts and failed API logins.

Counters live in Django's cache (django-ratelimit): per process in the demo (locmem), shared
between all web nodes when IWERK_CACHE_BACKEND points at Redis or Memcached in production.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited


def client_ip(group: str, request: HttpRequest) -> str:
    """The caller's address; behind the load balancer the one it appended last."""
    if settings.IWERK_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def portaal_post_te_vaak(request: HttpRequest) -> bool:
    return is_ratelimited(
        request,
        group="portaal-post",
        key=client_ip,
        rate=settings.IWERK_PORTAAL_RATELIMIT,
        method="POST",
        increment=True,
    )


def api_mislukt(request: HttpRequest, client_id: str | None) -> bool:
    """Count a failed API authentication; whether its counter is now over the limit.

    A failure counts against the client_id it presented when that client exists (a wrong
    signature or an expired token: guessing one client's secret is throttled from any address),
    against the address only otherwise (unreadable tokens, unknown client ids). Only failures
    are ever refused: a valid token is accepted whatever failed before it (ADR 0030).
    """
    key: Callable[[str, HttpRequest], str]
    if client_id:
        group, key = "api-auth-client", lambda group, request: client_id
    else:
        group, key = "api-auth-adres", client_ip
    return is_ratelimited(
        request, group=group, key=key, rate=settings.IWERK_API_AUTH_RATELIMIT,
        method=ALL, increment=True,
    )  # fmt: skip
