"""Zaken API 1.7.0: zaaknotities."""

from __future__ import annotations

import uuid as uuidlib

from django.http import HttpRequest, HttpResponse

from iwerk.core.api.endpoint import route
from iwerk.core.api.responses import created, json_response, no_content, paginated_response
from iwerk.core.api.schemas import parse_body, parse_query
from iwerk.core.api.visibility import visible_or_403
from iwerk.zaken import selectors, services
from iwerk.zaken.api import output as out
from iwerk.zaken.api import schemas as s
from iwerk.zaken.api.views.common import API, READ, _zaak_by_url, ctx
from iwerk.zaken.models import ZaakNotitie

NOTITIE_FILTERS = (
    "aangemaakt_door",
    "aangemaakt_door__icontains",
    "aanmaakdatum",
    "aanmaakdatum__gt",
    "aanmaakdatum__gte",
    "aanmaakdatum__lt",
    "aanmaakdatum__lte",
    "wijzigingsdatum",
    "wijzigingsdatum__gt",
    "wijzigingsdatum__gte",
    "wijzigingsdatum__lt",
    "wijzigingsdatum__lte",
    "notitie_type",
    "onderwerp",
    "onderwerp__icontains",
    "status",
    "tekst",
    "tekst__icontains",
)


def _notities(request: HttpRequest):
    return selectors.notities(request.actor)


def notitie_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.ZaakNotitieQuery)
    qs = _notities(request).filter(
        **{n: getattr(q, n) for n in NOTITIE_FILTERS if getattr(q, n) is not None}
    )
    if q.gerelateerd_aan:
        # 1.7.0 types this filter as an integer (a database key, which iwerk never shows); iwerk
        # takes the zaak's URL or uuid, and anything else names no zaak: an empty list.
        key = q.gerelateerd_aan.rstrip("/").rsplit("/", 1)[-1]
        try:
            qs = qs.filter(gerelateerd_aan__uuid=uuidlib.UUID(key))
        except ValueError:
            qs = qs.none()
    context = ctx(request)
    return paginated_response(
        request,
        qs.order_by("-aanmaakdatum", "-pk"),
        q.page,
        lambda rows: [out.notitie_json(n, context) for n in rows],
        page_size=q.page_size,
    )


def _notitie_fields(data: s.ZaakNotitieIn) -> dict:
    return {
        "onderwerp": data.onderwerp,
        "tekst": data.tekst,
        "aangemaakt_door": data.aangemaakt_door,
        "notitie_type": data.notitie_type,
        "status": data.status,
    }


def notitie_create(request: HttpRequest) -> HttpResponse:
    data = parse_body(request, s.ZaakNotitieIn)
    zaak = _zaak_by_url(request, data.gerelateerd_aan, "gerelateerdAan")
    obj = services.save_notitie(
        actor=request.actor,
        zaak=zaak,
        fields=_notitie_fields(data),
        uuid=data.uuid,
        aanmaakdatum=data.aanmaakdatum,
        wijzigingsdatum=data.wijzigingsdatum,
    )
    return created(out.notitie_json(_notities(request).get(pk=obj.pk), ctx(request)))


def notitie_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(READ)
    return json_response(
        out.notitie_json(visible_or_403(_notities(request), ZaakNotitie, uuid), ctx(request))
    )


def notitie_update(request: HttpRequest, uuid) -> HttpResponse:
    obj = visible_or_403(_notities(request), ZaakNotitie, uuid)
    data = parse_body(
        request,
        s.ZaakNotitieIn,
        current=out.notitie_json(obj, ctx(request)),
        partial=request.method == "PATCH",
    )
    zaak = _zaak_by_url(request, data.gerelateerd_aan, "gerelateerdAan")
    services.save_notitie(actor=request.actor, zaak=zaak, fields=_notitie_fields(data), notitie=obj)
    return json_response(out.notitie_json(_notities(request).get(pk=obj.pk), ctx(request)))


def notitie_delete(request: HttpRequest, uuid) -> HttpResponse:
    services.delete_notitie(
        actor=request.actor, notitie=visible_or_403(_notities(request), ZaakNotitie, uuid)
    )
    return no_content()


notitie_collection = route(API, get=notitie_list, post=notitie_create)
notitie_detail = route(
    API, get=notitie_read, put=notitie_update, patch=notitie_update, delete=notitie_delete
)
