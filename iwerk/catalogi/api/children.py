"""Endpoints of the types inside one zaaktype (statustypen, roltypen, resultaattypen, …).

They share one shape — list/create/read/update/delete filtered by zaaktype — so one
table describes what differs per resource; the rules stay in services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from iwerk.catalogi import services
from iwerk.catalogi.api import output as out
from iwerk.catalogi.api import refs
from iwerk.catalogi.api import schemas as s
from iwerk.catalogi.api.views.common import (
    API,
    DELETE,
    READ,
    WRITE,
    _is_patch,
    _loading,
    _loading_prime,
    _own_hosts,
    _status,
    _visible_row,
)
from iwerk.catalogi.models import InformatieObjectType, valid_on
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


def _objects(request: HttpRequest, data, field: str, resource: str):
    values = getattr(data, field)
    return refs.many_by_url(request, resource, list(values), field)


def _save_statustype(request, obj, zaaktype, data: s.StatusTypeIn):
    fields = {
        "omschrijving": data.omschrijving,
        "omschrijving_generiek": data.omschrijving_generiek,
        "statustekst": data.statustekst,
        "volgnummer": data.volgnummer,
        "informeren": data.informeren,
        "doorlooptijd": data.doorlooptijd or "",
        "toelichting": data.toelichting or "",
        "checklistitem_statustype": [
            c.model_dump(by_alias=True) for c in data.checklistitem_statustype
        ],
        "begin_object": data.begin_object,
        "einde_object": data.einde_object,
    }
    return services.save_statustype(
        actor=request.actor,
        uuid=data.uuid,
        statustype=obj,
        zaaktype=zaaktype,
        fields=fields,
        eigenschappen=_objects(request, data, "eigenschappen", "eigenschappen"),
        begin=data.begin_geldigheid,
    )


def _save_roltype(request, obj, zaaktype, data: s.RolTypeIn):
    fields = {
        "omschrijving": data.omschrijving,
        "omschrijving_generiek": data.omschrijving_generiek,
        "begin_object": data.begin_object,
        "einde_object": data.einde_object,
    }
    return services.save_roltype(
        actor=request.actor,
        uuid=data.uuid,
        roltype=obj,
        zaaktype=zaaktype,
        fields=fields,
        begin=data.begin_geldigheid,
    )


def _save_resultaattype(request, obj, zaaktype, data: s.ResultaatTypeIn):
    fields = {
        "omschrijving": data.omschrijving,
        "resultaattypeomschrijving": data.resultaattypeomschrijving,
        "selectielijstklasse": data.selectielijstklasse,
        "toelichting": data.toelichting,
        "archiefnominatie": data.archiefnominatie,
        "archiefactietermijn": data.archiefactietermijn or "",
        "procesobjectaard": data.procesobjectaard or "",
        "indicatie_specifiek": data.indicatie_specifiek,
        "procestermijn": data.procestermijn or "",
        "begin_object": data.begin_object,
        "einde_object": data.einde_object,
    }
    brondatum = (
        data.brondatum_archiefprocedure.model_dump() if data.brondatum_archiefprocedure else None
    )
    return services.save_resultaattype(
        actor=request.actor,
        uuid=data.uuid,
        resultaattype=obj,
        zaaktype=zaaktype,
        fields=fields,
        brondatum=brondatum,
        besluittypen=_objects(request, data, "besluittypen", "besluittypen"),
        informatieobjecttypen=_objects(
            request, data, "informatieobjecttypen", "informatieobjecttypen"
        ),
        begin=data.begin_geldigheid,
        own_hosts=_own_hosts(request),
    )


def _save_eigenschap(request, obj, zaaktype, data: s.EigenschapIn):
    spec = data.specificatie
    fields = {
        "naam": data.naam,
        "definitie": data.definitie,
        "toelichting": data.toelichting,
        "specificatie_groep": spec.groep,
        "specificatie_formaat": spec.formaat,
        "specificatie_lengte": spec.lengte,
        "specificatie_kardinaliteit": spec.kardinaliteit,
        "specificatie_waardenverzameling": list(spec.waardenverzameling),
        "begin_object": data.begin_object,
        "einde_object": data.einde_object,
    }
    statustype = (
        refs.by_url(request, "statustypen", data.statustype, "statustype")
        if data.statustype
        else None
    )
    return services.save_eigenschap(
        actor=request.actor,
        uuid=data.uuid,
        eigenschap=obj,
        zaaktype=zaaktype,
        fields=fields,
        statustype=statustype,
        begin=data.begin_geldigheid,
    )


def _save_zaakobjecttype(request, obj, zaaktype, data: s.ZaakObjectTypeIn):
    fields = {
        "ander_objecttype": data.ander_objecttype,
        "objecttype": data.objecttype,
        "relatie_omschrijving": data.relatie_omschrijving,
        "begin_object": data.begin_object,
        "einde_object": data.einde_object,
    }
    catalogus = refs.by_url(request, "catalogussen", data.catalogus, "catalogus")
    return services.save_zaakobjecttype(
        actor=request.actor,
        uuid=data.uuid,
        zaakobjecttype=obj,
        zaaktype=zaaktype,
        fields=fields,
        catalogus=catalogus,
        begin=data.begin_geldigheid,
    )


def _save_ziot(request, obj, zaaktype, data: s.ZaakTypeInformatieObjectTypeIn):
    value = data.informatieobjecttype
    if value.startswith(("http://", "https://")):
        iot = refs.by_url(request, "informatieobjecttypen", value, "informatieobjecttype")
    else:
        # 1.3: the informatieobjecttype is named by its omschrijving (historiemodel).
        iot = (
            InformatieObjectType.objects.filter(
                catalogus_id=zaaktype.catalogus_id, omschrijving=value
            )
            .order_by("concept", "-datum_begin_geldigheid")
            .first()
        )
        if iot is None:
            raise ValidationFailed.single(
                "informatieobjecttype",
                "bad-url",
                "Geen informatieobjecttype met deze omschrijving in de catalogus van het zaaktype.",
            )
    statustype = (
        refs.by_url(request, "statustypen", data.statustype, "statustype")
        if data.statustype
        else None
    )
    fields = {"volgnummer": data.volgnummer, "richting": data.richting}
    return services.save_ziot(
        actor=request.actor,
        uuid=data.uuid,
        ziot=obj,
        zaaktype=zaaktype,
        informatieobjecttype=iot,
        fields=fields,
        statustype=statustype,
    )


@dataclass(frozen=True)
class Child:
    resource: str
    schema: type
    query: type
    to_json: Callable
    save: Callable
    prime: Callable | None = None


CHILDREN = {
    "statustypen": Child(
        "statustypen",
        s.StatusTypeIn,
        s.ChildQuery,
        out.statustype_json,
        _save_statustype,
        prime=lambda ctx, rows: ctx.prime_statustypen(rows),
    ),
    "roltypen": Child("roltypen", s.RolTypeIn, s.RolTypeQuery, out.roltype_json, _save_roltype),
    "resultaattypen": Child(
        "resultaattypen",
        s.ResultaatTypeIn,
        s.ResultaatTypeQuery,
        out.resultaattype_json,
        _save_resultaattype,
        prime=lambda ctx, rows: ctx.prime_resultaattypen(rows),
    ),
    "eigenschappen": Child(
        "eigenschappen", s.EigenschapIn, s.ChildQuery, out.eigenschap_json, _save_eigenschap
    ),
    "zaakobjecttypen": Child(
        "zaakobjecttypen",
        s.ZaakObjectTypeIn,
        s.ZaakObjectTypeQuery,
        out.zaakobjecttype_json,
        _save_zaakobjecttype,
    ),
    "zaaktype-informatieobjecttypen": Child(
        "zaaktype-informatieobjecttypen",
        s.ZaakTypeInformatieObjectTypeIn,
        s.ZiotQuery,
        out.ziot_json,
        _save_ziot,
        prime=lambda ctx, rows: ctx.prime_ziots(rows),
    ),
}


def _filter(request: HttpRequest, child: Child, q, qs):
    if getattr(q, "status", None):
        qs = _status(qs, q.status, "zaaktype__")
    if getattr(q, "zaaktype", None):
        qs = qs.filter(
            zaaktype__uuid=refs.filter_uuid(request, q.zaaktype, "zaaktypen", "zaaktype")
        )
    ident = getattr(q, "zaaktype_identificatie", None) or getattr(
        q, "zaaktype_identificatie_snake", None
    )
    if ident:
        qs = qs.filter(zaaktype__identificatie=ident)
    on = getattr(q, "datum_geldigheid", None) or getattr(q, "datum_geldigheid_snake", None)
    if on:
        qs = qs.filter(valid_on(on, "zaaktype__"))
    if child.resource == "roltypen" and q.omschrijving_generiek:
        qs = qs.filter(omschrijving_generiek=q.omschrijving_generiek)
    if child.resource == "zaaktype-informatieobjecttypen":
        if q.richting:
            qs = qs.filter(richting=q.richting)
        if q.informatieobjecttype:
            key = refs.filter_uuid(
                request, q.informatieobjecttype, "informatieobjecttypen", "informatieobjecttype"
            )
            iot = (
                InformatieObjectType.objects.filter(uuid=key)
                .values("catalogus_id", "omschrijving")
                .first()
            )
            qs = (
                qs.filter(
                    zaaktype__catalogus_id=iot["catalogus_id"],
                    informatieobjecttype_omschrijving=iot["omschrijving"],
                )
                if iot
                else qs.none()
            )
    if child.resource == "zaakobjecttypen":
        if q.ander_objecttype is not None:
            qs = qs.filter(ander_objecttype=q.ander_objecttype)
        if q.catalogus:
            qs = qs.filter(
                zaaktype__catalogus__uuid=refs.filter_uuid(
                    request, q.catalogus, "catalogussen", "catalogus"
                )
            )
        if q.objecttype:
            qs = qs.filter(objecttype=q.objecttype)
        if q.relatie_omschrijving:
            qs = qs.filter(relatie_omschrijving=q.relatie_omschrijving)
        if q.datum_begin_geldigheid:
            qs = qs.filter(zaaktype__datum_begin_geldigheid=q.datum_begin_geldigheid)
        if q.datum_einde_geldigheid:
            qs = qs.filter(zaaktype__datum_einde_geldigheid=q.datum_einde_geldigheid)
    return qs


def _handlers(child: Child):
    def ctx_for(request, on=None):
        return out.RenderContext(request.urls, on or timezone.localdate())

    def render_one(request, obj, ctx=None):
        ctx = ctx or ctx_for(request)
        if child.prime:
            child.prime(ctx, [obj])
        return child.to_json(obj, ctx)

    def list_(request: HttpRequest) -> HttpResponse:
        request.actor.require(*READ)
        q = parse_query(request, child.query)
        qs = _filter(request, child, q, refs.queryset(child.resource, request.actor))
        on = getattr(q, "datum_geldigheid", None)
        ctx = ctx_for(request, on)

        tree = expander.parse(q.expand, out.PREFIX, child.resource)

        def render(rows):
            rendered = ctx.render_many(child.resource, list(rows), child.to_json, child.prime)
            return expander.apply(request, rendered, out.PREFIX, child.resource, tree)

        return paginated_response(request, qs, q.page, render)

    def create(request: HttpRequest) -> HttpResponse:
        request.actor.require(*WRITE)
        data = parse_body(request, child.schema)
        zaaktype = refs.by_url(request, "zaaktypen", data.zaaktype, "zaaktype")
        obj = child.save(request, None, zaaktype, data)
        return created(
            render_one(request, refs.get_or_404(child.resource, request.actor, obj.uuid))
        )

    def read(request: HttpRequest, uuid) -> HttpResponse:
        request.actor.require(*READ)
        q = parse_query(request, s.DetailQuery)
        tree = expander.parse(q.expand, out.PREFIX, child.resource)
        ctx = ctx_for(request)
        # The full row only when its representation is not cached (a quick visibility check first).
        row = _visible_row(
            request,
            child.resource,
            uuid,
            lambda: refs.get_or_404(child.resource, request.actor, uuid),
        )
        data = ctx.render_many(
            child.resource, [row], _loading(child.to_json), _loading_prime(child.prime)
        )[0]
        return detail_response(
            request, expander.apply(request, [data], out.PREFIX, child.resource, tree)[0]
        )

    def update(request: HttpRequest, uuid) -> HttpResponse:
        request.actor.require(*WRITE)
        obj = refs.get_or_404(child.resource, request.actor, uuid)
        data = parse_body(
            request, child.schema, current=render_one(request, obj), partial=_is_patch(request)
        )
        zaaktype = refs.by_url(request, "zaaktypen", data.zaaktype, "zaaktype")
        if zaaktype.pk != obj.zaaktype_id:
            raise ValidationFailed.single(
                "zaaktype", "wijzigen-niet-toegelaten", "Het zaaktype kan niet gewijzigd worden."
            )
        child.save(request, obj, zaaktype, data)
        return json_response(
            render_one(request, refs.get_or_404(child.resource, request.actor, uuid))
        )

    def delete(request: HttpRequest, uuid) -> HttpResponse:
        request.actor.require(*DELETE)
        obj = refs.get_or_404(child.resource, request.actor, uuid)
        if child.resource == "zaaktype-informatieobjecttypen":
            services.delete_ziot(actor=request.actor, ziot=obj)
        else:
            services.delete_child(actor=request.actor, obj=obj)
        return no_content()

    return (
        route(API, get=list_, post=create),
        route(API, get=read, put=update, patch=update, delete=delete),
    )


VIEWS = {name: _handlers(child) for name, child in CHILDREN.items()}
