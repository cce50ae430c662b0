"""Documenten API 1.7.0: verzendingen."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from iwerk.core.api import expand as expander
from iwerk.core.api.endpoint import route
from iwerk.core.api.problems import ValidationFailed
from iwerk.core.api.responses import (
    created,
    detail_response,
    json_response,
    no_content,
    paginated_response,
)
from iwerk.core.api.schemas import parse_body, parse_query
from iwerk.core.api.visibility import visible_or_403
from iwerk.documenten import selectors, services
from iwerk.documenten.api import output as out
from iwerk.documenten.api import schemas as s
from iwerk.documenten.api.views.common import API, READ, _document_by_url, _document_filter_key, ctx
from iwerk.documenten.models import Verzending


def _verzending_fields(data: s.VerzendingIn) -> dict:
    adres = data.model_dump(
        by_alias=True,
        mode="json",
        include={
            "binnenlands_correspondentieadres",
            "buitenlands_correspondentieadres",
            "correspondentie_postadres",
            "faxnummer",
            "emailadres",
            "telefoonnummer",
            "mijn_overheid",
        },
    )
    chosen = [k for k, v in adres.items() if v not in (None, False, "")]
    if len(chosen) != 1:
        raise ValidationFailed.single(
            "nonFieldErrors",
            "invalid-address",
            "Geef precies één manier van verzenden op: een binnenlands of buitenlands "
            "correspondentieadres, een postadres, faxnummer, e-mailadres, telefoonnummer of mijnOverheid.",
        )
    return {
        "betrokkene": data.betrokkene,
        "aard_relatie": data.aard_relatie,
        "toelichting": data.toelichting,
        "ontvangstdatum": data.ontvangstdatum,
        "verzenddatum": data.verzenddatum,
        "contact_persoon": data.contact_persoon,
        "contactpersoonnaam": data.contactpersoonnaam,
        "adres": {k: v for k, v in adres.items() if k in chosen},
    }


def verzending_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.VerzendingQuery)
    qs = selectors.verzendingen(request.actor)
    if q.aard_relatie:
        qs = qs.filter(aard_relatie=q.aard_relatie)
    if q.betrokkene:
        qs = qs.filter(betrokkene=q.betrokkene)
    if q.informatieobject:
        qs = qs.filter(informatieobject__uuid=_document_filter_key(request, q.informatieobject))
    context = ctx(request)
    return paginated_response(
        request,
        qs.order_by("-pk"),
        q.page,
        lambda rows: expander.expand_rows(
            request,
            [out.verzending_json(v, context) for v in rows],
            out.PREFIX,
            "verzendingen",
            q.expand,
        ),
    )


def verzending_create(request: HttpRequest) -> HttpResponse:
    data = parse_body(request, s.VerzendingIn)
    obj = services.save_part(
        actor=request.actor,
        document=_document_by_url(request, data.informatieobject),
        obj=Verzending(),
        fields=_verzending_fields(data),
        uuid=data.uuid,
    )
    return created(out.verzending_json(obj, ctx(request)))


def verzending_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.ObjectInformatieObjectQuery)
    obj = visible_or_403(selectors.verzendingen(request.actor), Verzending, uuid)
    data = out.verzending_json(obj, ctx(request))
    return detail_response(
        request, expander.expand_rows(request, [data], out.PREFIX, "verzendingen", q.expand)[0]
    )


def verzending_update(request: HttpRequest, uuid) -> HttpResponse:
    obj = visible_or_403(selectors.verzendingen(request.actor), Verzending, uuid)
    data = parse_body(
        request,
        s.VerzendingIn,
        current=out.verzending_json(obj, ctx(request)),
        partial=request.method == "PATCH",
    )
    obj = services.save_part(
        actor=request.actor,
        document=_document_by_url(request, data.informatieobject),
        obj=obj,
        fields=_verzending_fields(data),
    )
    return json_response(out.verzending_json(obj, ctx(request)))


def verzending_delete(request: HttpRequest, uuid) -> HttpResponse:
    services.delete_part(
        actor=request.actor,
        obj=visible_or_403(selectors.verzendingen(request.actor), Verzending, uuid),
    )
    return no_content()


verzending_collection = route(API, get=verzending_list, post=verzending_create)
verzending_detail = route(
    API,
    get=verzending_read,
    put=verzending_update,
    patch=verzending_update,
    delete=verzending_delete,
)
