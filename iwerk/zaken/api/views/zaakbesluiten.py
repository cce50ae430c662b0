"""Zaken API 1.7.0: zaakbesluiten (nested under the zaak; written by the Besluiten register)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from iwerk.core.api.endpoint import route
from iwerk.core.api.problems import Conflict, NotFound, ValidationFailed
from iwerk.core.api.references import resolve_uuid
from iwerk.core.api.responses import detail_response, json_response
from iwerk.core.api.schemas import parse_body, parse_query
from iwerk.core.api.visibility import visible_or_403
from iwerk.zaken import selectors
from iwerk.zaken.api import output as out
from iwerk.zaken.api import schemas as s
from iwerk.zaken.api.views.common import API, READ, _expanded, _expanded_list, ctx
from iwerk.zaken.models import Zaak, ZaakBesluit


def _zaakbesluit(request, zaak_uuid, uuid) -> ZaakBesluit:
    zaak = visible_or_403(selectors.zaken(request.actor), Zaak, zaak_uuid)
    obj = ZaakBesluit.objects.select_related("zaak").filter(zaak=zaak, uuid=uuid).first()
    if obj is None:
        raise NotFound("Dit zaakbesluit bestaat niet bij deze zaak.")
    return obj


def zaakbesluit_list(request: HttpRequest, zaak_uuid) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.DetailQuery)
    zaak = visible_or_403(selectors.zaken(request.actor), Zaak, zaak_uuid)
    context = ctx(request)
    rows = [
        out.zaakbesluit_json(obj, context)
        for obj in ZaakBesluit.objects.filter(zaak=zaak).select_related("zaak").order_by("pk")
    ]
    return json_response(_expanded_list(request, rows, "zaakbesluiten", q))


def zaakbesluit_create(request: HttpRequest, zaak_uuid) -> HttpResponse:
    """Only another installation's Besluiten API writes here; iwerk's own does so itself (brc-006)."""
    zaak = visible_or_403(selectors.zaken(request.actor), Zaak, zaak_uuid)
    data = parse_body(request, s.ZaakBesluitIn)
    key = resolve_uuid(
        request, data.besluit, prefix="/besluiten/api/v1", resource="besluiten", field="besluit"
    )
    path = f"/besluiten/api/v1/besluiten/{key}"
    if ZaakBesluit.objects.filter(zaak=zaak, besluit=path).exists():
        raise ValidationFailed.single("besluit", "unique", "Dit besluit hoort al bij deze zaak.")
    raise ValidationFailed.single(
        "besluit",
        "inconsistent-relation",
        "Dit besluit hoort niet bij deze zaak; leg de relatie vast in het besluit (Besluiten API).",
    )


def zaakbesluit_read(request: HttpRequest, zaak_uuid, uuid) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.DetailQuery)
    data = out.zaakbesluit_json(_zaakbesluit(request, zaak_uuid, uuid), ctx(request))
    return detail_response(request, _expanded(request, data, "zaakbesluiten", q))


def zaakbesluit_delete(request: HttpRequest, zaak_uuid, uuid) -> HttpResponse:
    _zaakbesluit(request, zaak_uuid, uuid)
    # The besluit still names this zaak: the relation ends when the besluit is deleted (brc-006).
    raise Conflict(
        "Dit besluit hoort bij deze zaak; verwijder het besluit via de Besluiten API.",
        code="inconsistent-relation",
    )


zaakbesluit_collection = route(API, get=zaakbesluit_list, post=zaakbesluit_create)
zaakbesluit_detail = route(API, get=zaakbesluit_read, delete=zaakbesluit_delete)
