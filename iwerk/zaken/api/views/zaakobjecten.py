"""Zaken API 1.7.0: zaakobjecten."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from iwerk.catalogi.models import ZaakObjectType
from iwerk.core import external
from iwerk.core.api.endpoint import route
from iwerk.core.api.responses import (
    created,
    detail_response,
    json_response,
    no_content,
    paginated_response,
)
from iwerk.core.api.schemas import parse_body, parse_query
from iwerk.core.api.visibility import visible_or_403
from iwerk.zaken import selectors, services
from iwerk.zaken.api import output as out
from iwerk.zaken.api import schemas as s
from iwerk.zaken.api.views.common import (
    API,
    READ,
    _catalogi_type,
    _expanded,
    _expanded_list,
    _filter_zaak,
    _zaak_by_url,
    ctx,
)
from iwerk.zaken.models import ZaakObject


def _zaakobject_fields(data: s.ZaakObjectIn) -> dict:
    external.check_if_allowed(data.object, "object")  # B28: the object must answer, when checkable
    return {
        "object": data.object,
        "object_type": data.object_type,
        "object_type_overige": data.object_type_overige,
        "object_type_overige_definitie": data.object_type_overige_definitie,
        "relatieomschrijving": data.relatieomschrijving,
        "object_identificatie": data.object_identificatie,
    }


def _zaakobjecttype(request, data: s.ZaakObjectIn):
    if not data.zaakobjecttype:
        return None
    return _catalogi_type(
        request, ZaakObjectType, "zaakobjecttypen", data.zaakobjecttype, "zaakobjecttype"
    )


def _zaakobjecten(request: HttpRequest):
    return selectors.zaak_parts(ZaakObject, request.actor).select_related("zaakobjecttype")


def zaakobject_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.ZaakObjectQuery)
    qs = _filter_zaak(request, _zaakobjecten(request), q)
    qs = qs.filter(
        **{
            k: v
            for k, v in {"object": q.object, "object_type": q.object_type}.items()
            if v is not None
        }
    )
    context = ctx(request)
    return paginated_response(
        request,
        qs.order_by("-pk"),
        q.page,
        lambda rows: _expanded_list(
            request, [out.zaakobject_json(row, context) for row in rows], "zaakobjecten", q
        ),
        count_generation="zaken",
    )


def zaakobject_create(request: HttpRequest) -> HttpResponse:
    data = parse_body(request, s.ZaakObjectIn)
    obj = services.save_zaakobject(
        actor=request.actor,
        zaak=_zaak_by_url(request, data.zaak, "zaak"),
        fields=_zaakobject_fields(data),
        zaakobjecttype=_zaakobjecttype(request, data),
        uuid=data.uuid,
    )
    return created(out.zaakobject_json(_zaakobjecten(request).get(pk=obj.pk), ctx(request)))


def zaakobject_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.DetailQuery)
    obj = visible_or_403(_zaakobjecten(request), ZaakObject, uuid)
    return detail_response(
        request, _expanded(request, out.zaakobject_json(obj, ctx(request)), "zaakobjecten", q)
    )


def zaakobject_update(request: HttpRequest, uuid) -> HttpResponse:
    obj = visible_or_403(_zaakobjecten(request), ZaakObject, uuid)
    data = parse_body(
        request,
        s.ZaakObjectIn,
        current=out.zaakobject_json(obj, ctx(request)),
        partial=request.method == "PATCH",
    )
    services.save_zaakobject(
        actor=request.actor,
        zaak=_zaak_by_url(request, data.zaak, "zaak"),
        fields=_zaakobject_fields(data),
        zaakobjecttype=_zaakobjecttype(request, data),
        zaakobject=obj,
    )
    return json_response(out.zaakobject_json(_zaakobjecten(request).get(pk=obj.pk), ctx(request)))


def zaakobject_delete(request: HttpRequest, uuid) -> HttpResponse:
    services.delete_zaakobject(
        actor=request.actor, zaakobject=visible_or_403(_zaakobjecten(request), ZaakObject, uuid)
    )
    return no_content()


zaakobject_collection = route(API, get=zaakobject_list, post=zaakobject_create)
zaakobject_detail = route(
    API,
    get=zaakobject_read,
    put=zaakobject_update,
    patch=zaakobject_update,
    delete=zaakobject_delete,
)
