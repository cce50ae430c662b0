"""Zaken API 1.7.0: resultaten."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from iwerk.catalogi.models import ResultaatType
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
from iwerk.zaken import selectors, services
from iwerk.zaken.api import output as out
from iwerk.zaken.api import schemas as s
from iwerk.zaken.api.views.common import (
    API,
    READ,
    _catalogi_type,
    _expanded,
    _expanded_list,
    _filter_type,
    _filter_zaak,
    _zaak_by_url,
    ctx,
)
from iwerk.zaken.models import Resultaat


def resultaat_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.ResultaatQuery)
    qs = _filter_zaak(request, selectors.resultaten(request.actor), q)
    qs = _filter_type(request, qs, q.resultaattype, "resultaattypen", "resultaattype")
    context = ctx(request)
    return paginated_response(
        request,
        qs.order_by("-pk"),
        q.page,
        lambda rows: _expanded_list(
            request, [out.resultaat_json(r, context) for r in rows], "resultaten", q
        ),
        count_generation="zaken",
    )


def resultaat_create(request: HttpRequest) -> HttpResponse:
    data = parse_body(request, s.ResultaatIn)
    zaak = _zaak_by_url(request, data.zaak, "zaak")
    resultaattype = _catalogi_type(
        request, ResultaatType, "resultaattypen", data.resultaattype, "resultaattype"
    )
    resultaat = services.add_resultaat(
        actor=request.actor,
        zaak=zaak,
        resultaattype=resultaattype,
        toelichting=data.toelichting,
        uuid=data.uuid,
    )
    return created(
        out.resultaat_json(selectors.resultaten(request.actor).get(pk=resultaat.pk), ctx(request))
    )


def resultaat_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.DetailQuery)
    resultaat = visible_or_403(selectors.resultaten(request.actor), Resultaat, uuid)
    return detail_response(
        request, _expanded(request, out.resultaat_json(resultaat, ctx(request)), "resultaten", q)
    )


def resultaat_update(request: HttpRequest, uuid) -> HttpResponse:
    resultaat = visible_or_403(selectors.resultaten(request.actor), Resultaat, uuid)
    data = parse_body(
        request,
        s.ResultaatIn,
        current=out.resultaat_json(resultaat, ctx(request)),
        partial=request.method == "PATCH",
    )
    resultaattype = _catalogi_type(
        request, ResultaatType, "resultaattypen", data.resultaattype, "resultaattype"
    )
    if _zaak_by_url(request, data.zaak, "zaak").pk != resultaat.zaak_id:
        raise ValidationFailed.single(
            "zaak", "wijzigen-niet-toegelaten", "De zaak van een resultaat ligt vast."
        )
    services.change_resultaat(
        actor=request.actor,
        resultaat=resultaat,
        resultaattype=resultaattype,
        toelichting=data.toelichting,
    )
    return json_response(
        out.resultaat_json(selectors.resultaten(request.actor).get(pk=resultaat.pk), ctx(request))
    )


def resultaat_delete(request: HttpRequest, uuid) -> HttpResponse:
    resultaat = visible_or_403(selectors.resultaten(request.actor), Resultaat, uuid)
    services.delete_resultaat(actor=request.actor, resultaat=resultaat)
    return no_content()


resultaat_collection = route(API, get=resultaat_list, post=resultaat_create)
resultaat_detail = route(
    API, get=resultaat_read, put=resultaat_update, patch=resultaat_update, delete=resultaat_delete
)
