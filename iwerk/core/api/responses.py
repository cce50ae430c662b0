"""JSON responses for the ZGW APIs: orjson bodies, ETags, pagination."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode

import orjson
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import BigIntegerField, ExpressionWrapper, F, QuerySet
from django.http import HttpRequest, HttpResponse

from iwerk.core import generations
from iwerk.core.api.problems import NotFound


def dumps(data: Any) -> bytes:
    """orjson, or the standard library for what orjson cannot write: an integer beyond 64 bits.
    PostgreSQL's jsonb keeps a client's 1.7976931348623157e308 as a 309-digit numeric, which
    reads back as a Python int (found by the stateful fuzzer in a zaakobject's free JSON)."""
    try:
        return orjson.dumps(data)
    except TypeError:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def json_response(
    data: Any, *, status: int = 200, headers: dict[str, str] | None = None
) -> HttpResponse:
    response = HttpResponse(dumps(data), status=status, content_type="application/json")
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def created(data: dict) -> HttpResponse:
    return json_response(data, status=201, headers={"Location": data["url"]})


def _empty(status: int) -> HttpResponse:
    """A response without a body carries no Content-Type (Django's default is text/html)."""
    response = HttpResponse(status=status)
    del response["Content-Type"]
    return response


def no_content() -> HttpResponse:
    return _empty(204)


def detail_response(request: HttpRequest, data: dict) -> HttpResponse:
    """200 with an ETag over the JSON body; 304 when If-None-Match names it (ZGW HTTP-caching)."""
    body = dumps(data)
    etag = f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH", "")
    if if_none_match:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        if etag in tags or "*" in tags:
            response = _empty(304)
            response["ETag"] = etag
            return response
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    return response


def cached_count(queryset: QuerySet, generation: str) -> int:
    # The SQL text includes the filters and the client's visibility conditions, so it is a safe key.
    try:
        sql = str(queryset.query).encode()
    except EmptyResultSet:  # e.g. uuid__in=[]: nothing can match, there is no SQL to key on
        return 0
    key = f"iwerk:count:{generation}:{generations.current(generation)}:{hashlib.blake2b(sql, digest_size=16).hexdigest()}"
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, 600)
    return count


# From this offset on a page is fetched as "keys first, then rows" (see paginated_response).
DEFERRED_JOIN_FROM = 1000
# A page of a result with an upper-bounded date filter is sorted (found through the filter's
# indexes), not found by walking the primary key backwards until enough rows match. The planner
# assumes matches are spread over the ids, but dates rise with the ids, so a filter that ends in
# the past selects low ids and the walk passes every newer row first (1,000,000 zaken: 230-380 ms
# against 60-110 ms sorted, docs/performance.md). Up to this many rows; a larger result walks.
SMALL_RESULT = 50_000


def _page_order(queryset: QuerySet, count: int) -> QuerySet:
    """The newest-first order as an expression no index serves."""
    if count <= SMALL_RESULT and tuple(queryset.query.order_by) == ("-pk",):
        return queryset.order_by(
            ExpressionWrapper(F("pk") + 0, output_field=BigIntegerField()).desc()
        )
    return queryset


def paginated_response(
    request: HttpRequest,
    queryset: QuerySet,
    page: int | None,
    render: Callable[[Iterable[Any]], list[dict]],
    *,
    count_generation: str | None = None,
    page_size: int | None = None,
    load: Callable[[QuerySet], QuerySet] | None = None,
    sort_small_result: bool = False,
) -> HttpResponse:
    """{count, next, previous, results} with 1-based ?page=; a page past the end is 404.

    With count_generation (the name of a core.Generatie), the exact count is cached per query
    until that generation moves: on a large register the COUNT(*) is the dearest part of a page.
    load adds what only the page's rows need (joined columns, annotations), so the count and the
    walk over keys stay on the filter's index. sort_small_result: the filter ends in the past
    (see SMALL_RESULT), so a result of at most SMALL_RESULT rows is sorted, not walked.
    """
    size = page_size or settings.IWERK_PAGE_SIZE
    number = 1 if page is None else page  # page=0 is no page (404), as the reference answers
    if number < 1:
        raise NotFound("Ongeldige pagina.")
    count = cached_count(queryset, count_generation) if count_generation else queryset.count()
    offset = (number - 1) * size
    if offset and offset >= count:
        raise NotFound("Ongeldige pagina: deze pagina bevat geen resultaten.")
    load = load or (lambda qs: qs)
    if sort_small_result:
        queryset = _page_order(queryset, count)
    if offset >= DEFERRED_JOIN_FROM:
        # Deep page: walk the offset over primary keys only (an index-only scan with the right
        # index), then load just the rows of this page.
        keys = list(queryset.values_list("pk", flat=True)[offset : offset + size])
        by_key = {row.pk: row for row in load(queryset.order_by().filter(pk__in=keys))}
        rows = [by_key[key] for key in keys if key in by_key]
    else:
        rows = list(load(queryset)[offset : offset + size])

    def link(n: int) -> str:
        params = request.GET.copy()
        params["page"] = str(n)
        return request.build_absolute_uri(request.path) + "?" + urlencode(sorted(params.items()))

    return json_response(
        {
            "count": count,
            "next": link(number + 1) if offset + size < count else None,
            "previous": link(number - 1) if number > 1 else None,
            "results": render(rows),
        }
    )
