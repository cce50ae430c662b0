"""Catalogi API: catalogussen."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from iwerk.catalogi import services
from iwerk.catalogi.api import output as out
from iwerk.catalogi.api import refs
from iwerk.catalogi.api import schemas as s
from iwerk.catalogi.api.views.common import (
    READ,
    WRITE,
    _ctx,
    _detail,
    _is_patch,
    _loading,
    _render,
    _visible_row,
)
from iwerk.catalogi.models import Catalogus
from iwerk.catalogi.selectors import (
    catalogussen_with_relations,
)
from iwerk.core.api.responses import (
    created,
    json_response,
    paginated_response,
)
from iwerk.core.api.schemas import parse_body, parse_query


def _catalogus_fields(data: s.CatalogusIn) -> dict:
    return {
        "domein": data.domein,
        "rsin": data.rsin,
        "contactpersoon_beheer_naam": data.contactpersoon_beheer_naam,
        "contactpersoon_beheer_telefoonnummer": data.contactpersoon_beheer_telefoonnummer,
        "contactpersoon_beheer_emailadres": data.contactpersoon_beheer_emailadres,
        "naam": data.naam or "",
        "versie": data.versie or "",
        "begindatum_versie": data.begindatum_versie,
    }


def catalogus_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(*READ)
    q = parse_query(request, s.CatalogusQuery)
    qs = refs.queryset("catalogussen", request.actor)
    if q.domein:
        qs = qs.filter(domein=q.domein)
    if q.domein__in:
        qs = qs.filter(domein__in=q.domein__in)
    if q.rsin:
        qs = qs.filter(rsin=q.rsin)
    if q.rsin__in:
        qs = qs.filter(rsin__in=q.rsin__in)
    ctx = _ctx(request)
    return paginated_response(
        request,
        catalogussen_with_relations(qs),
        q.page,
        _render(request, ctx, out.catalogus_json, resource="catalogussen", expand=q.expand),
    )


def _catalogus(request, uuid):
    qs = catalogussen_with_relations(refs.queryset("catalogussen", request.actor))
    obj = qs.filter(uuid=uuid).first()
    return obj or refs.get_or_404("catalogussen", request.actor, uuid)


def catalogus_create(request: HttpRequest) -> HttpResponse:
    request.actor.require(("ztc", "catalogi.schrijven"))
    data = parse_body(request, s.CatalogusIn)
    obj = services.save_catalogus(
        actor=request.actor, catalogus=None, fields=_catalogus_fields(data), uuid=data.uuid
    )
    # Rendered without the visibility filter: a catalogus in a tenant made for it just now is
    # visible to this client from its next request on (ADR 0025).
    fresh = catalogussen_with_relations(Catalogus.objects.filter(pk=obj.pk)).get()
    return created(out.catalogus_json(fresh, _ctx(request)))


def catalogus_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(*READ)
    q = parse_query(request, s.DetailQuery)
    # The row and its relations only when its representation is not cached.
    return _detail(
        request,
        _visible_row(request, "catalogussen", uuid, lambda: _catalogus(request, uuid)),
        _loading(out.catalogus_json),
        _ctx(request),
        resource="catalogussen",
        expand=q.expand,
    )


def catalogus_update(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(*WRITE)
    obj = _catalogus(request, uuid)
    ctx = _ctx(request)
    data = parse_body(
        request, s.CatalogusIn, current=out.catalogus_json(obj, ctx), partial=_is_patch(request)
    )
    services.save_catalogus(actor=request.actor, catalogus=obj, fields=_catalogus_fields(data))
    return json_response(out.catalogus_json(_catalogus(request, uuid), ctx))
