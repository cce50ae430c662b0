"""The root of each ZGW API: `GET /<api>/api/v1/` answers the links to the API's collections.

The shape is the reference implementation's (vng-api-common's DefaultRouter root, as Open Zaak
serves it): one key per top-level collection, its path segment in camelCase as Open Zaak's
renderer writes keys (`zaaknummer_reserveren` → `zaaknummerReserveren`), the collection's absolute
URL without a trailing slash as value; no token asked (ADR 0043). The collections are read from
the app's own URL patterns, so a new collection appears without a second list to keep.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence

import orjson
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, path

from iwerk.core.api.endpoint import Api, ApiRequest, route
from iwerk.core.api.references import ApiUrls

# Hosts are checked against ALLOWED_HOSTS before a body is built; the bound only matters with
# ALLOWED_HOSTS = ["*"], where any Host header would otherwise add an entry.
_HOSTS_CACHED = 32
_COLLECTION = re.compile(r"[a-z][a-z0-9_-]*")


def collection_names(urlpatterns: Sequence[URLPattern | URLResolver]) -> tuple[str, ...]:
    """The top-level collections among an API's URL patterns, in their order: routes of one
    plain segment. Nested resources (`zaken/<uuid>/audittrail`), `_zoek`, the docs and the
    contract have a slash in their route; a detail has a converter."""
    routes = (str(pattern.pattern) for pattern in urlpatterns if isinstance(pattern, URLPattern))
    return tuple(dict.fromkeys(r for r in routes if _COLLECTION.fullmatch(r)))


def camel(name: str) -> str:
    return re.sub(r"_([a-z0-9])", lambda match: match.group(1).upper(), name)


def root_urls(api: Api, urlpatterns: Sequence[URLPattern | URLResolver]) -> list[URLPattern]:
    """The URL pattern of the API's root, to add to the API's own `urlpatterns`.

    The body depends on the scheme and host only (request_base: the same URLs every API resource
    carries, behind a proxy too), so it is rendered once per host and kept; a request costs no
    query and no token check. HEAD, 405 with Allow and API-version come from `route`."""
    names = collection_names(urlpatterns)
    if not names:
        raise ValueError(f"{api.name}: no collection in the URL patterns")

    @functools.lru_cache(maxsize=_HOSTS_CACHED)
    def body(base: str) -> bytes:
        urls = ApiUrls(base)
        return orjson.dumps({camel(name): urls.build(api.prefix, name) for name in names})

    def api_root(request: ApiRequest) -> HttpResponse:
        return HttpResponse(body(request.urls.base), content_type="application/json")

    public = dataclasses.replace(api, authenticated=False)
    return [path("", route(public, get=api_root), name=f"{api.name}-api-root")]
