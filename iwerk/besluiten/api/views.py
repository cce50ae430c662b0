"""Besluiten API 1.1.0 endpoints: parse, authorise, call a service, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from iwerk.besluiten import selectors, services
from iwerk.besluiten.api import output as out
from iwerk.besluiten.api import schemas as s
from iwerk.besluiten.models import Besluit, BesluitInformatieObject
from iwerk.catalogi import selectors as catalogi_selectors
from iwerk.catalogi.models import BesluitType
from iwerk.core.api import expand as expander
from iwerk.core.api.audittrail import trail_routes
from iwerk.core.api.endpoint import Api, route
from iwerk.core.api.problems import ValidationFailed
from iwerk.core.api.references import resolve_uuid
from iwerk.core.api.responses import (
    created,
    detail_response,
    json_response,
    no_content,
    paginated_response,
)
from iwerk.core.api.schemas import parse_body, parse_query
from iwerk.core.api.visibility import visible_or_403
from iwerk.documenten.models import EnkelvoudigInformatieObject
from iwerk.zaken.models import Zaak

API = Api(
    name="besluiten",
    version="1.1.0",
    prefix=out.PREFIX,
    component="brc",
    migreren="besluiten.migreren",
)
READ = ("brc", "besluiten.lezen")


def ctx(request: HttpRequest) -> out.BesluitenContext:
    return out.BesluitenContext(request.urls)


def _row(request, model, url: str, *, prefix: str, resource: str, field: str, related=()):
    key = resolve_uuid(request, url, prefix=prefix, resource=resource, field=field)
    obj = model.objects.select_related(*related).filter(uuid=key).first()
    if obj is None:
        raise ValidationFailed.single(
            field, "bad-url", "De URL verwijst niet naar een bestaand object."
        )
    return obj


def _besluittype(request, url: str) -> BesluitType:
    key = resolve_uuid(
        request, url, prefix=out.CATALOGI, resource="besluittypen", field="besluittype"
    )
    besluittype = catalogi_selectors.type_by_uuid(BesluitType, key)
    if besluittype is None:
        raise ValidationFailed.single(
            "besluittype", "bad-url", "De URL verwijst niet naar een bestaand object."
        )
    return besluittype


def _zaak(request, url: str | None) -> Zaak | None:
    if not url:
        return None
    return _row(
        request, Zaak, url, prefix=out.ZAKEN, resource="zaken", field="zaak", related=("zaaktype",)
    )


def _gegevens(data: s.BesluitIn) -> services.BesluitGegevens:
    # data.uuid is used on create only (register_besluit), in a migration write only.
    return services.BesluitGegevens(
        verantwoordelijke_organisatie=data.verantwoordelijke_organisatie,
        datum=data.datum,
        ingangsdatum=data.ingangsdatum,
        identificatie=data.identificatie,
        toelichting=data.toelichting,
        bestuursorgaan=data.bestuursorgaan,
        vervaldatum=data.vervaldatum,
        vervalreden=data.vervalreden,
        publicatiedatum=data.publicatiedatum,
        verzenddatum=data.verzenddatum,
        uiterlijke_reactiedatum=data.uiterlijke_reactiedatum,
        uuid=data.uuid,
    )


def _render(request, pk: int) -> dict:
    besluit = Besluit.objects.select_related("besluittype", "zaak").get(pk=pk)
    return out.besluit_json(besluit, ctx(request))


# --- besluiten -----------------------------------------------------------------------------


def besluit_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.BesluitQuery)
    qs = selectors.besluiten(request.actor)
    if q.identificatie is not None:
        qs = qs.filter(identificatie=q.identificatie)
    if q.verantwoordelijke_organisatie is not None:
        qs = qs.filter(verantwoordelijke_organisatie=q.verantwoordelijke_organisatie)
    if q.besluittype:
        key = resolve_uuid(
            request,
            q.besluittype,
            prefix=out.CATALOGI,
            resource="besluittypen",
            field="besluittype",
        )
        qs = qs.filter(besluittype__uuid=key)
    if q.zaak:
        key = resolve_uuid(request, q.zaak, prefix=out.ZAKEN, resource="zaken", field="zaak")
        qs = qs.filter(zaak__uuid=key)
    context = ctx(request)
    return paginated_response(
        request,
        qs.order_by("-pk"),
        q.page,
        lambda rows: expander.expand_rows(
            request, [out.besluit_json(b, context) for b in rows], out.PREFIX, "besluiten", q.expand
        ),
        count_generation="besluiten",
    )


def besluit_create(request: HttpRequest) -> HttpResponse:
    data = parse_body(request, s.BesluitIn)
    besluit = services.register_besluit(
        actor=request.actor,
        besluittype=_besluittype(request, data.besluittype),
        zaak=_zaak(request, data.zaak),
        gegevens=_gegevens(data),
    )
    return created(_render(request, besluit.pk))


def besluit_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.DetailQuery)
    besluit = visible_or_403(selectors.besluiten(request.actor), Besluit, uuid)
    data = out.besluit_json(besluit, ctx(request))
    return detail_response(
        request, expander.expand_rows(request, [data], out.PREFIX, "besluiten", q.expand)[0]
    )


def besluit_update(request: HttpRequest, uuid) -> HttpResponse:
    besluit = visible_or_403(selectors.besluiten(request.actor), Besluit, uuid)
    data = parse_body(
        request,
        s.BesluitIn,
        current=out.besluit_json(besluit, ctx(request)),
        partial=request.method == "PATCH",
    )
    services.update_besluit(
        actor=request.actor,
        besluit=besluit,
        besluittype=_besluittype(request, data.besluittype),
        zaak=_zaak(request, data.zaak),
        gegevens=_gegevens(data),
    )
    return json_response(_render(request, besluit.pk))


def besluit_delete(request: HttpRequest, uuid) -> HttpResponse:
    services.delete_besluit(
        actor=request.actor,
        besluit=visible_or_403(selectors.besluiten(request.actor), Besluit, uuid),
    )
    return no_content()


# --- besluitinformatieobjecten -------------------------------------------------------------


def bio_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.BesluitInformatieObjectQuery)
    qs = selectors.besluitinformatieobjecten(request.actor)
    if q.besluit:
        key = resolve_uuid(
            request, q.besluit, prefix=out.PREFIX, resource="besluiten", field="besluit"
        )
        qs = qs.filter(besluit__uuid=key)
    if q.informatieobject:
        key = resolve_uuid(
            request,
            q.informatieobject,
            prefix=out.DOCUMENTEN,
            resource="enkelvoudiginformatieobjecten",
            field="informatieobject",
        )
        qs = qs.filter(informatieobject__uuid=key)
    context = ctx(request)
    rows = [out.bio_json(obj, context) for obj in qs.order_by("pk")]
    return json_response(
        expander.expand_rows(request, rows, out.PREFIX, "besluitinformatieobjecten", q.expand)
    )


def bio_create(request: HttpRequest) -> HttpResponse:
    data = parse_body(request, s.BesluitInformatieObjectIn)
    besluit = _row(
        request,
        Besluit,
        data.besluit,
        prefix=out.PREFIX,
        resource="besluiten",
        field="besluit",
        related=("besluittype",),
    )
    document = _row(
        request,
        EnkelvoudigInformatieObject,
        data.informatieobject,
        prefix=out.DOCUMENTEN,
        resource="enkelvoudiginformatieobjecten",
        field="informatieobject",
        related=("informatieobjecttype",),
    )
    obj = services.add_besluitinformatieobject(
        actor=request.actor, besluit=besluit, document=document, uuid=data.uuid
    )
    return created(out.bio_json(obj, ctx(request)))


def bio_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.DetailQuery)
    obj = visible_or_403(
        selectors.besluitinformatieobjecten(request.actor), BesluitInformatieObject, uuid
    )
    data = out.bio_json(obj, ctx(request))
    return detail_response(
        request,
        expander.expand_rows(request, [data], out.PREFIX, "besluitinformatieobjecten", q.expand)[0],
    )


def bio_delete(request: HttpRequest, uuid) -> HttpResponse:
    obj = visible_or_403(
        selectors.besluitinformatieobjecten(request.actor), BesluitInformatieObject, uuid
    )
    services.delete_besluitinformatieobject(actor=request.actor, bio=obj)
    return no_content()


besluit_collection = route(API, get=besluit_list, post=besluit_create)
besluit_detail = route(
    API, get=besluit_read, put=besluit_update, patch=besluit_update, delete=besluit_delete
)
audittrail_collection, audittrail_detail = trail_routes(API, Besluit, selectors.besluiten)
bio_collection = route(API, get=bio_list, post=bio_create)
bio_detail = route(API, get=bio_read, delete=bio_delete)
