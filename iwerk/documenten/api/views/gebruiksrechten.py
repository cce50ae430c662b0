"""Documenten API 1.7.0: gebruiksrechten."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from iwerk.core.api import expand as expander
from iwerk.core.api.endpoint import route
from iwerk.core.api.problems import ValidationFailed
from iwerk.core.api.responses import created, detail_response, json_response, no_content
from iwerk.core.api.schemas import parse_body, parse_query
from iwerk.core.api.visibility import visible_or_403
from iwerk.documenten import selectors, services
from iwerk.documenten.api import output as out
from iwerk.documenten.api import schemas as s
from iwerk.documenten.api.views.common import API, READ, _document_by_url, _document_filter_key, ctx
from iwerk.documenten.models import Gebruiksrecht

GEBRUIKSRECHT_FILTERS = (
    "startdatum__lt",
    "startdatum__lte",
    "startdatum__gt",
    "startdatum__gte",
    "einddatum__lt",
    "einddatum__lte",
    "einddatum__gt",
    "einddatum__gte",
)


def gebruiksrecht_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.GebruiksrechtQuery)
    qs = selectors.gebruiksrechten(request.actor).filter(
        **{n: getattr(q, n) for n in GEBRUIKSRECHT_FILTERS if getattr(q, n) is not None}
    )
    if q.informatieobject:
        qs = qs.filter(informatieobject__uuid=_document_filter_key(request, q.informatieobject))
    context = ctx(request)
    rows = [out.gebruiksrecht_json(g, context) for g in qs.order_by("pk")]
    return json_response(
        expander.expand_rows(request, rows, out.PREFIX, "gebruiksrechten", q.expand)
    )


def _gebruiksrecht_fields(data: s.GebruiksrechtIn) -> dict:
    if data.einddatum is not None and data.einddatum < data.startdatum:
        raise ValidationFailed.single(
            "einddatum", "invalid", "De einddatum ligt vóór de startdatum."
        )
    return {
        "startdatum": data.startdatum,
        "einddatum": data.einddatum,
        "omschrijving_voorwaarden": data.omschrijving_voorwaarden,
    }


def gebruiksrecht_create(request: HttpRequest) -> HttpResponse:
    data = parse_body(request, s.GebruiksrechtIn)
    document = _document_by_url(request, data.informatieobject)
    obj = services.save_part(
        actor=request.actor,
        document=document,
        obj=Gebruiksrecht(),
        fields=_gebruiksrecht_fields(data),
        uuid=data.uuid,
    )
    return created(out.gebruiksrecht_json(obj, ctx(request)))


def gebruiksrecht_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.GebruiksrechtQuery)
    obj = visible_or_403(selectors.gebruiksrechten(request.actor), Gebruiksrecht, uuid)
    data = out.gebruiksrecht_json(obj, ctx(request))
    return detail_response(
        request, expander.expand_rows(request, [data], out.PREFIX, "gebruiksrechten", q.expand)[0]
    )


def gebruiksrecht_update(request: HttpRequest, uuid) -> HttpResponse:
    obj = visible_or_403(selectors.gebruiksrechten(request.actor), Gebruiksrecht, uuid)
    data = parse_body(
        request,
        s.GebruiksrechtIn,
        current=out.gebruiksrecht_json(obj, ctx(request)),
        partial=request.method == "PATCH",
    )
    obj = services.save_part(
        actor=request.actor,
        document=_document_by_url(request, data.informatieobject),
        obj=obj,
        fields=_gebruiksrecht_fields(data),
    )
    return json_response(out.gebruiksrecht_json(obj, ctx(request)))


def gebruiksrecht_delete(request: HttpRequest, uuid) -> HttpResponse:
    obj = visible_or_403(selectors.gebruiksrechten(request.actor), Gebruiksrecht, uuid)
    services.delete_part(actor=request.actor, obj=obj)
    return no_content()


gebruiksrecht_collection = route(API, get=gebruiksrecht_list, post=gebruiksrecht_create)
gebruiksrecht_detail = route(
    API,
    get=gebruiksrecht_read,
    put=gebruiksrecht_update,
    patch=gebruiksrecht_update,
    delete=gebruiksrecht_delete,
)
