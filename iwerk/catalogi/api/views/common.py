"""Shared helpers of the Catalogi endpoints: scopes, rendering, lists and filters."""

from __future__ import annotations

from collections.abc import Callable

import orjson
from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from iwerk.catalogi.api import output as out
from iwerk.catalogi.api import refs
from iwerk.catalogi.models import (
    valid_on,
)
from iwerk.core.api import expand as expander
from iwerk.core.api.endpoint import Api
from iwerk.core.api.responses import (
    detail_response,
    paginated_response,
)

API = Api(name="catalogi", version="1.3.3", prefix=out.PREFIX)

READ = (
    ("ztc", "catalogi.lezen"),
    ("zrc", "zaken.lezen"),
    ("drc", "documenten.lezen"),
    ("brc", "besluiten.lezen"),
)
WRITE = (("ztc", "catalogi.schrijven"), ("ztc", "catalogi.geforceerd-schrijven"))
DELETE = (("ztc", "catalogi.schrijven"), ("ztc", "catalogi.geforceerd-verwijderen"))


def _ctx(request: HttpRequest, on=None) -> out.RenderContext:
    return out.RenderContext(request.urls, on or timezone.localdate())


def _own_hosts(request: HttpRequest) -> set[str]:
    return {request.get_host(), *settings.IWERK_API_HOSTS}


def _status(qs: QuerySet, status: str, prefix: str = "") -> QuerySet:
    if status == "definitief":
        return qs.filter(**{f"{prefix}concept": False})
    if status == "concept":
        return qs.filter(**{f"{prefix}concept": True})
    return qs


def _render(
    request,
    ctx,
    to_json: Callable,
    prime: Callable | None = None,
    *,
    resource: str = "",
    expand: str | None = None,
):
    tree = expander.parse(expand, out.PREFIX, resource)

    def render(rows):
        rendered = ctx.render_many(resource, list(rows), to_json, prime)
        return expander.apply(request, rendered, out.PREFIX, resource, tree)

    return render


def _list(
    request, qs, q, resource: str, to_json: Callable, prime: Callable | None = None
) -> HttpResponse:
    """A paginated list: the page from qs, rendered (cached) and expanded as q asks."""
    ctx = _ctx(request, getattr(q, "datum_geldigheid", None))
    render = _render(request, ctx, to_json, prime, resource=resource, expand=q.expand)
    return paginated_response(request, qs, q.page, render)


def _type_filters(request, qs, q):
    """catalogus, omschrijving and datumGeldigheid: the filters the three type lists share."""
    if q.catalogus:
        qs = qs.filter(
            catalogus__uuid=refs.filter_uuid(request, q.catalogus, "catalogussen", "catalogus")
        )
    if getattr(q, "omschrijving", None):
        qs = qs.filter(omschrijving=q.omschrijving)
    if q.datum_geldigheid:
        qs = qs.filter(valid_on(q.datum_geldigheid))
    return qs


def _detail(
    request: HttpRequest,
    obj,
    to_json,
    ctx,
    prime=None,
    *,
    resource: str = "",
    expand: str | None = None,
):
    tree = expander.parse(expand, out.PREFIX, resource)
    rendered = ctx.render_many(resource, [obj], to_json, prime)
    data = expander.apply(request, rendered, out.PREFIX, resource, tree)[0]
    return detail_response(request, data)


def _current(obj, to_json, ctx, prime=None) -> dict:
    if prime:
        prime(ctx, [obj])
    return to_json(obj, ctx)


def _is_patch(request: HttpRequest) -> bool:
    return request.method == "PATCH"


def _only_einde_geldigheid(request: HttpRequest) -> bool:
    try:
        body = orjson.loads(request.body or b"{}")
    except orjson.JSONDecodeError:
        return False
    return _is_patch(request) and isinstance(body, dict) and set(body) == {"eindeGeldigheid"}


def _geldigheid_fields(data) -> dict:
    return {
        "datum_begin_geldigheid": data.begin_geldigheid,
        "datum_einde_geldigheid": data.einde_geldigheid,
        "begin_object": data.begin_object,
        "einde_object": data.einde_object,
    }
