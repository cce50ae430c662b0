"""Autorisaties API 1.1.0: applicaties and their autorisaties."""

from __future__ import annotations

from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from pydantic import StringConstraints

from iwerk.autorisaties import selectors, services
from iwerk.autorisaties.models import Applicatie, Component
from iwerk.core.api.endpoint import Api
from iwerk.core.api.problems import NotFound
from iwerk.core.api.responses import (
    created,
    detail_response,
    json_response,
    no_content,
    paginated_response,
)
from iwerk.core.api.schemas import ApiSchema, QuerySchema, parse_body, parse_query

API = Api(name="autorisaties", version="1.1.0", prefix="/autorisaties/api/v1")
READ = ("ac", "autorisaties.lezen")
WRITE = ("ac", "autorisaties.bijwerken")
CATALOGI = "/catalogi/api/v1"

Vertrouwelijkheid = Literal[
    "openbaar",
    "beperkt_openbaar",
    "intern",
    "zaakvertrouwelijk",
    "vertrouwelijk",
    "confidentieel",
    "geheim",
    "zeer_geheim",
    "",
]
Url = Annotated[str, StringConstraints(max_length=1000)]


class AutorisatieIn(ApiSchema):
    read_only = frozenset({"componentWeergave"})
    component: Literal["ac", "nrc", "zrc", "ztc", "drc", "brc"]
    scopes: list[Annotated[str, StringConstraints(min_length=1, max_length=100)]]
    zaaktype: Url | None = None
    informatieobjecttype: Url | None = None
    besluittype: Url | None = None
    max_vertrouwelijkheidaanduiding: Vertrouwelijkheid | None = None


class ApplicatieIn(ApiSchema):
    read_only = frozenset({"url"})
    client_ids: list[Annotated[str, StringConstraints(min_length=1, max_length=50)]]
    label: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    heeft_alle_autorisaties: bool = False
    alleen_is_gereed_voor_publicatie: bool = False
    autorisaties: list[AutorisatieIn] = []


class ApplicatieQuery(QuerySchema):
    multi = frozenset({"clientIds"})
    client_ids: list[str] | None = None
    page: int | None = None


class ConsumerQuery(QuerySchema):
    client_id: str


def _autorisatie_json(
    component: str, scopes: list[str], type_url: str, max_vertrouwelijkheid: str
) -> dict:
    data = {
        "component": component,
        "componentWeergave": Component(component).label,
        "scopes": scopes,
    }
    field = {"zrc": "zaaktype", "drc": "informatieobjecttype", "brc": "besluittype"}.get(component)
    if field:
        data[field] = type_url
    if component in ("zrc", "drc"):
        data["maxVertrouwelijkheidaanduiding"] = max_vertrouwelijkheid or "zeer_geheim"
    return data


def applicatie_json(request: HttpRequest, a: Applicatie, catalogus_types: dict) -> dict:
    autorisaties = []
    for au in a.autorisaties.all():
        type_url = au.zaaktype or au.informatieobjecttype or au.besluittype
        autorisaties.append(
            _autorisatie_json(au.component, au.scopes, type_url, au.max_vertrouwelijkheidaanduiding)
        )
    kinds = {"zrc": "zaaktypen", "drc": "informatieobjecttypen", "brc": "besluittypen"}
    for ca in a.catalogus_autorisaties.all():
        kind = kinds.get(ca.component)
        if kind is None:
            autorisaties.append(
                _autorisatie_json(ca.component, ca.scopes, "", ca.max_vertrouwelijkheidaanduiding)
            )
            continue
        # The standard knows only per-type autorisaties: show one per type of the catalogus.
        for uuid in catalogus_types.get(ca.catalogus_id, {}).get(kind, []):
            url = request.urls.build(CATALOGI, kind, uuid)
            autorisaties.append(
                _autorisatie_json(ca.component, ca.scopes, url, ca.max_vertrouwelijkheidaanduiding)
            )
    return {
        "url": request.urls.build(API.prefix, "applicaties", a.uuid),
        "clientIds": [c.client_id for c in a.clients.all()],
        "label": a.label,
        "heeftAlleAutorisaties": a.heeft_alle_autorisaties,
        "alleenIsGereedVoorPublicatie": a.alleen_is_gereed_voor_publicatie,
        "autorisaties": autorisaties,
    }


def _render(request: HttpRequest, rows: list[Applicatie]) -> list[dict]:
    types = selectors.catalogus_types(rows)
    return [applicatie_json(request, a, types) for a in rows]


def _get(request: HttpRequest, uuid) -> Applicatie:
    obj = (
        selectors.with_api_relations(selectors.applicaties_visible_to(request.actor))
        .filter(uuid=uuid)
        .first()
    )
    if obj is None:
        raise NotFound("Deze applicatie bestaat niet of is niet zichtbaar voor deze client.")
    return obj


def _specs(data: ApplicatieIn) -> list[services.AutorisatieSpec]:
    return [
        services.AutorisatieSpec(
            component=a.component,
            scopes=list(a.scopes),
            zaaktype=a.zaaktype or "",
            informatieobjecttype=a.informatieobjecttype or "",
            besluittype=a.besluittype or "",
            max_vertrouwelijkheidaanduiding=a.max_vertrouwelijkheidaanduiding or "",
        )
        for a in data.autorisaties
    ]


def _save(request: HttpRequest, applicatie: Applicatie | None, data: ApplicatieIn) -> Applicatie:
    return services.save_applicatie(
        actor=request.actor,
        applicatie=applicatie,
        client_ids=list(data.client_ids),
        label=data.label,
        heeft_alle_autorisaties=data.heeft_alle_autorisaties,
        alleen_is_gereed_voor_publicatie=data.alleen_is_gereed_voor_publicatie,
        autorisaties=_specs(data),
    )


def applicatie_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, ApplicatieQuery)
    qs = selectors.applicaties_visible_to(request.actor)
    if q.client_ids:
        qs = qs.filter(clients__client_id__in=q.client_ids).distinct()
    qs = selectors.with_api_relations(qs.order_by("pk"))
    return paginated_response(request, qs, q.page, lambda rows: _render(request, list(rows)))


def applicatie_create(request: HttpRequest) -> HttpResponse:
    request.actor.require(WRITE)
    data = parse_body(request, ApplicatieIn)
    obj = _save(request, None, data)
    return created(_render(request, [selectors.applicatie_for_api(obj.pk)])[0])


def applicatie_consumer(request: HttpRequest) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, ConsumerQuery)
    obj = (
        selectors.with_api_relations(selectors.applicaties_visible_to(request.actor))
        .filter(clients__client_id=q.client_id)
        .first()
    )
    if obj is None:
        raise NotFound("Geen applicatie met deze client_id.")
    return json_response(_render(request, [obj])[0])


def applicatie_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(READ)
    parse_query(request, QuerySchema)
    return detail_response(request, _render(request, [_get(request, uuid)])[0])


def applicatie_update(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(WRITE)
    obj = _get(request, uuid)
    current = _render(request, [obj])[0]
    data = parse_body(request, ApplicatieIn, current=current, partial=request.method == "PATCH")
    _save(request, obj, data)
    return json_response(_render(request, [selectors.applicatie_for_api(obj.pk)])[0])


def applicatie_delete(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(WRITE)
    services.delete_applicatie(actor=request.actor, applicatie=_get(request, uuid))
    return no_content()
