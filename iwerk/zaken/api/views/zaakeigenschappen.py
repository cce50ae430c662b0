"""Zaken API 1.7.0: zaakeigenschappen (nested under the zaak)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from iwerk.catalogi.models import Eigenschap
from iwerk.core.api.endpoint import route
from iwerk.core.api.problems import NotFound, ValidationFailed
from iwerk.core.api.responses import created, detail_response, json_response, no_content
from iwerk.core.api.schemas import parse_body
from iwerk.core.api.visibility import visible_or_403
from iwerk.zaken import selectors, services
from iwerk.zaken.api import output as out
from iwerk.zaken.api import schemas as s
from iwerk.zaken.api.views.common import API, READ, _catalogi_type, _zaak_by_url, ctx
from iwerk.zaken.models import Zaak, ZaakEigenschap


def _eigenschap_zaak(request: HttpRequest, zaak_uuid) -> Zaak:
    return visible_or_403(selectors.zaken(request.actor), Zaak, zaak_uuid)


def _with_warning(response: HttpResponse, warning: str | None) -> HttpResponse:
    if warning:
        response["X-Warning"] = warning
    return response


def zaakeigenschap_list(request: HttpRequest, zaak_uuid) -> HttpResponse:
    request.actor.require(READ)
    zaak = _eigenschap_zaak(request, zaak_uuid)
    rows = (
        ZaakEigenschap.objects.filter(zaak=zaak).select_related("zaak", "eigenschap").order_by("pk")
    )
    context = ctx(request)
    return json_response([out.zaakeigenschap_json(e, context) for e in rows])


def zaakeigenschap_create(request: HttpRequest, zaak_uuid) -> HttpResponse:
    zaak = _eigenschap_zaak(request, zaak_uuid)
    data = parse_body(request, s.ZaakEigenschapIn)
    if _zaak_by_url(request, data.zaak, "zaak").pk != zaak.pk:
        raise ValidationFailed.single(
            "zaak", "invalid", "De zaak in de body hoort bij een andere URL."
        )
    eigenschap = _catalogi_type(request, Eigenschap, "eigenschappen", data.eigenschap, "eigenschap")
    obj, warning = services.set_zaakeigenschap(
        actor=request.actor, zaak=zaak, eigenschap=eigenschap, waarde=data.waarde, uuid=data.uuid
    )
    return _with_warning(created(out.zaakeigenschap_json(obj, ctx(request))), warning)


def _zaakeigenschap(request, zaak_uuid, uuid) -> ZaakEigenschap:
    zaak = _eigenschap_zaak(request, zaak_uuid)
    obj = (
        ZaakEigenschap.objects.select_related("zaak", "eigenschap")
        .filter(zaak=zaak, uuid=uuid)
        .first()
    )
    if obj is None:
        raise NotFound("Deze zaakeigenschap bestaat niet bij deze zaak.")
    return obj


def zaakeigenschap_read(request: HttpRequest, zaak_uuid, uuid) -> HttpResponse:
    request.actor.require(READ)
    return detail_response(
        request, out.zaakeigenschap_json(_zaakeigenschap(request, zaak_uuid, uuid), ctx(request))
    )


def zaakeigenschap_update(request: HttpRequest, zaak_uuid, uuid) -> HttpResponse:
    obj = _zaakeigenschap(request, zaak_uuid, uuid)
    data = parse_body(
        request,
        s.ZaakEigenschapIn,
        current=out.zaakeigenschap_json(obj, ctx(request)),
        partial=request.method == "PATCH",
    )
    eigenschap = _catalogi_type(request, Eigenschap, "eigenschappen", data.eigenschap, "eigenschap")
    obj, warning = services.set_zaakeigenschap(
        actor=request.actor,
        zaak=obj.zaak,
        eigenschap=eigenschap,
        waarde=data.waarde,
        zaakeigenschap=obj,
    )
    return _with_warning(json_response(out.zaakeigenschap_json(obj, ctx(request))), warning)


def zaakeigenschap_delete(request: HttpRequest, zaak_uuid, uuid) -> HttpResponse:
    services.delete_zaakeigenschap(
        actor=request.actor, zaakeigenschap=_zaakeigenschap(request, zaak_uuid, uuid)
    )
    return no_content()


zaakeigenschap_collection = route(API, get=zaakeigenschap_list, post=zaakeigenschap_create)
zaakeigenschap_detail = route(
    API,
    get=zaakeigenschap_read,
    put=zaakeigenschap_update,
    patch=zaakeigenschap_update,
    delete=zaakeigenschap_delete,
)
