"""Zaken API 1.7.0: zaakinformatieobjecten."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from iwerk.core.api.endpoint import route
from iwerk.core.api.problems import ValidationFailed
from iwerk.core.api.references import resolve_uuid
from iwerk.core.api.responses import created, detail_response, json_response, no_content
from iwerk.core.api.schemas import parse_body, parse_query
from iwerk.core.api.visibility import visible_or_403
from iwerk.zaken import selectors, services
from iwerk.zaken.api import output as out
from iwerk.zaken.api import schemas as s
from iwerk.zaken.api.views.common import (
    API,
    READ,
    _expanded,
    _expanded_list,
    _filter_zaak,
    _zaak_by_url,
    ctx,
)
from iwerk.zaken.models import Status, ZaakInformatieObject

DOCUMENTEN = "/documenten/api/v1"


def _document(request, url: str):
    from iwerk.documenten.models import EnkelvoudigInformatieObject

    key = resolve_uuid(
        request,
        url,
        prefix=DOCUMENTEN,
        resource="enkelvoudiginformatieobjecten",
        field="informatieobject",
    )
    document = (
        EnkelvoudigInformatieObject.objects.select_related("informatieobjecttype")
        .filter(uuid=key)
        .first()
    )
    if document is None:
        raise ValidationFailed.single(
            "informatieobject", "bad-url", "De URL verwijst niet naar een bestaand document."
        )
    return document


def _zio_status(request, url: str | None):
    if not url:
        return None
    key = resolve_uuid(request, url, prefix=out.PREFIX, resource="statussen", field="status")
    status = Status.objects.filter(uuid=key).first()
    if status is None:
        raise ValidationFailed.single(
            "status", "bad-url", "De URL verwijst niet naar een bestaande status."
        )
    return status


def _zios(request: HttpRequest):
    return selectors.zaakinformatieobjecten(request.actor)


def zio_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.ZaakInformatieObjectQuery)
    qs = _filter_zaak(request, _zios(request), q)
    if q.informatieobject:
        key = resolve_uuid(
            request,
            q.informatieobject,
            prefix=DOCUMENTEN,
            resource="enkelvoudiginformatieobjecten",
            field="informatieobject",
        )
        qs = qs.filter(informatieobject__uuid=key)
    context = ctx(request)
    rows = [out.zio_json(obj, context) for obj in qs.order_by("pk")]
    return json_response(_expanded_list(request, rows, "zaakinformatieobjecten", q))


def zio_create(request: HttpRequest) -> HttpResponse:
    data = parse_body(request, s.ZaakInformatieObjectIn)
    obj = services.add_zaakinformatieobject(
        actor=request.actor,
        zaak=_zaak_by_url(request, data.zaak, "zaak"),
        document=_document(request, data.informatieobject),
        titel=data.titel,
        beschrijving=data.beschrijving,
        vernietigingsdatum=data.vernietigingsdatum,
        status=_zio_status(request, data.status),
        uuid=data.uuid,
        registratiedatum=data.registratiedatum,
    )
    return created(out.zio_json(_zios(request).get(pk=obj.pk), ctx(request)))


def zio_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.DetailQuery)
    obj = visible_or_403(_zios(request), ZaakInformatieObject, uuid)
    return detail_response(
        request, _expanded(request, out.zio_json(obj, ctx(request)), "zaakinformatieobjecten", q)
    )


def zio_update(request: HttpRequest, uuid) -> HttpResponse:
    obj = visible_or_403(_zios(request), ZaakInformatieObject, uuid)
    data = parse_body(
        request,
        s.ZaakInformatieObjectIn,
        current=out.zio_json(obj, ctx(request)),
        partial=request.method == "PATCH",
    )
    # zaak and informatieobject are fixed once related (zrc-004).
    if _zaak_by_url(request, data.zaak, "zaak").pk != obj.zaak_id:
        raise ValidationFailed.single(
            "zaak", "wijzigen-niet-toegelaten", "De zaak van een zaakinformatieobject ligt vast."
        )
    if _document(request, data.informatieobject).pk != obj.informatieobject_id:
        raise ValidationFailed.single(
            "informatieobject",
            "wijzigen-niet-toegelaten",
            "Het document van een zaakinformatieobject ligt vast.",
        )
    services.change_zaakinformatieobject(
        actor=request.actor,
        zio=obj,
        titel=data.titel,
        beschrijving=data.beschrijving,
        vernietigingsdatum=data.vernietigingsdatum,
        status=_zio_status(request, data.status),
    )
    return json_response(out.zio_json(_zios(request).get(pk=obj.pk), ctx(request)))


def zio_delete(request: HttpRequest, uuid) -> HttpResponse:
    services.delete_zaakinformatieobject(
        actor=request.actor, zio=visible_or_403(_zios(request), ZaakInformatieObject, uuid)
    )
    return no_content()


zio_collection = route(API, get=zio_list, post=zio_create)
zio_detail = route(API, get=zio_read, put=zio_update, patch=zio_update, delete=zio_delete)
