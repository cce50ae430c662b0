"""Rate limits against guessing and flooding: the public portaal's posts and failed API logins.

Counters live in Django's cache (django-ratelimit): per process in the demo (locmem), shared
between all web nodes when IWERK_CACHE_BACKEND points at Redis or Memcached in production.
"""

from __future__ import annotations

from django.conf import settings
from django_ratelimit import ALL
from django_ratelimit.core import get_usage, is_ratelimited


def client_ip(group, request) -> str:
    """The caller's address; behind the load balancer the one it appended last."""
    if settings.IWERK_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def portaal_post_te_vaak(request) -> bool:
    return is_ratelimited(
        request,
        group="portaal-post",
        key=client_ip,
        rate=settings.IWERK_PORTAAL_RATELIMIT,
        method="POST",
        increment=True,
    )


def api_geblokkeerd(request) -> bool:
    """Whether this address failed to authenticate too often recently (checked before trying)."""
    usage = get_usage(
        request, group="api-auth", key=client_ip, rate=settings.IWERK_API_AUTH_RATELIMIT,
        method=ALL, increment=False,
    )  # fmt: skip
    return usage is not None and usage["count"] >= usage["limit"]


def api_mislukt(request) -> None:
    is_ratelimited(
        request, group="api-auth", key=client_ip, rate=settings.IWERK_API_AUTH_RATELIMIT,
        method=ALL, increment=True,
    )  # fmt: skip
