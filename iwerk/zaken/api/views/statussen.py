"""Zaken API 1.7.0: statussen."""

from __future__ import annotations

from django.db.models import F, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse

from iwerk.catalogi.models import StatusType
from iwerk.core import audit
from iwerk.core.api.endpoint import route
from iwerk.core.api.problems import ValidationFailed
from iwerk.core.api.references import resolve_uuid
from iwerk.core.api.responses import created, detail_response, paginated_response
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
from iwerk.zaken.models import Status


def status_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.StatusQuery)
    qs = _filter_zaak(request, selectors.statussen(request.actor), q)
    qs = _filter_type(request, qs, q.statustype, "statustypen", "statustype")

    def render(rows):
        rows = list(rows)
        context = ctx(request, statussen=rows)
        return _expanded_list(
            request, [out.status_json(st, context) for st in rows], "statussen", q
        )

    if q.indicatie_laatst_gezette_status is not None:
        latest = (
            Status.objects.filter(zaak=OuterRef("zaak"))
            .order_by("-datum_status_gezet", "-pk")
            .values("pk")[:1]
        )
        qs = qs.annotate(latest=Subquery(latest))
        qs = (
            qs.filter(pk=F("latest"))
            if q.indicatie_laatst_gezette_status
            else qs.exclude(pk=F("latest"))
        )
    return paginated_response(
        request,
        qs.order_by("-datum_status_gezet", "-pk"),
        q.page,
        render,
        count_generation="zaken",  # moved by every audited change of the Zaken API
    )


def status_create(request: HttpRequest) -> HttpResponse:
    """The zaak is read once, locked, by set_status; the answer is the status as its audit
    record pictures it (same transaction), so nothing is read again."""
    data = parse_body(request, s.StatusIn)
    zaak = resolve_uuid(request, data.zaak, prefix=out.PREFIX, resource="zaken", field="zaak")
    try:
        statustype = _catalogi_type(
            request, StatusType, "statustypen", data.statustype, "statustype"
        )
    except ValidationFailed:
        _zaak_by_url(request, data.zaak, "zaak")  # a zaak that does not exist is named first
        raise
    status = services.set_status(
        actor=request.actor,
        zaak=zaak,
        statustype=statustype,
        datum_status_gezet=data.datum_status_gezet,
        statustoelichting=data.statustoelichting,
        gezetdoor=data.gezetdoor,
        uuid=data.uuid,
    )
    recorded = audit.recorded_representation(status, request.urls.base)
    if recorded is None:  # set_status records every status; a plain read otherwise
        status = selectors.statussen(request.actor).get(pk=status.pk)
        recorded = out.status_json(status, ctx(request, statussen=[status]))
    return created(recorded)


def status_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.DetailQuery)
    status = visible_or_403(selectors.statussen(request.actor), Status, uuid)
    return detail_response(
        request,
        _expanded(
            request, out.status_json(status, ctx(request, statussen=[status])), "statussen", q
        ),
    )


status_collection = route(API, get=status_list, post=status_create)
status_detail = route(API, get=status_read)
