"""Catalogi API: types."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from iwerk.catalogi import services
from iwerk.catalogi.api import output as out
from iwerk.catalogi.api import refs
from iwerk.catalogi.api import schemas as s
from iwerk.catalogi.api.views.common import (
    DELETE,
    READ,
    WRITE,
    _ctx,
    _current,
    _detail,
    _geldigheid_fields,
    _is_patch,
    _list,
    _loading,
    _loading_prime,
    _only_einde_geldigheid,
    _status,
    _type_filters,
    _visible_row,
)
from iwerk.catalogi.models import (
    InformatieObjectType,
    ZaakType,
)
from iwerk.catalogi.selectors import (
    besluittypen_with_relations,
)
from iwerk.core.api.problems import ValidationFailed
from iwerk.core.api.responses import (
    created,
    json_response,
)
from iwerk.core.api.schemas import parse_body, parse_query


def _prime_iots(ctx, rows):
    ctx.prime_informatieobjecttypen(rows)


def _iot_fields(data: s.InformatieObjectTypeIn) -> dict:
    fields = {
        "omschrijving": data.omschrijving,
        "vertrouwelijkheidaanduiding": data.vertrouwelijkheidaanduiding,
        "informatieobjectcategorie": data.informatieobjectcategorie,
        "trefwoord": list(data.trefwoord),
        "omschrijving_generiek": data.omschrijving_generiek.model_dump(by_alias=True)
        if data.omschrijving_generiek
        else None,
    }
    fields.update(_geldigheid_fields(data))
    return fields


def iot_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(*READ)
    q = parse_query(request, s.InformatieObjectTypeQuery)
    qs = _type_filters(
        request, _status(refs.queryset("informatieobjecttypen", request.actor), q.status), q
    )
    return _list(
        request, qs, q, "informatieobjecttypen", out.informatieobjecttype_json, _prime_iots
    )


def iot_create(request: HttpRequest) -> HttpResponse:
    request.actor.require(("ztc", "catalogi.schrijven"))
    data = parse_body(request, s.InformatieObjectTypeIn)
    catalogus = refs.by_url(request, "catalogussen", data.catalogus, "catalogus")
    obj = services.save_informatieobjecttype(
        actor=request.actor, iot=None, fields=_iot_fields(data), catalogus=catalogus, uuid=data.uuid
    )
    obj = refs.get_or_404("informatieobjecttypen", request.actor, obj.uuid)
    # Catalogi 1.3.3 documents 200 for this create (201 for the other types).
    return json_response(
        _current(obj, out.informatieobjecttype_json, _ctx(request), _prime_iots),
        headers={"Location": request.urls.build(out.PREFIX, "informatieobjecttypen", obj.uuid)},
    )


def iot_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(*READ)
    q = parse_query(request, s.DetailQuery)
    resource = "informatieobjecttypen"
    # The full row only when its representation is not cached (a quick visibility check first).
    return _detail(
        request,
        _visible_row(
            request, resource, uuid, lambda: refs.get_or_404(resource, request.actor, uuid)
        ),
        _loading(out.informatieobjecttype_json),
        _ctx(request),
        _loading_prime(_prime_iots),
        resource=resource,
        expand=q.expand,
    )


def iot_update(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(*WRITE)
    obj = refs.get_or_404("informatieobjecttypen", request.actor, uuid)
    current = _current(obj, out.informatieobjecttype_json, _ctx(request), _prime_iots)
    data = parse_body(
        request, s.InformatieObjectTypeIn, current=current, partial=_is_patch(request)
    )
    catalogus = refs.by_url(request, "catalogussen", data.catalogus, "catalogus")
    services.save_informatieobjecttype(
        actor=request.actor,
        iot=obj,
        fields=_iot_fields(data),
        catalogus=catalogus,
        only_einde_geldigheid=_only_einde_geldigheid(request),
    )
    obj = refs.get_or_404("informatieobjecttypen", request.actor, uuid)
    return json_response(_current(obj, out.informatieobjecttype_json, _ctx(request), _prime_iots))


def iot_delete(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(*DELETE)
    services.delete_type(
        actor=request.actor, obj=refs.get_or_404("informatieobjecttypen", request.actor, uuid)
    )
    return json_response({})


def iot_publish(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(("ztc", "catalogi.schrijven"))
    services.publish_informatieobjecttype(
        actor=request.actor, iot=refs.get_or_404("informatieobjecttypen", request.actor, uuid)
    )
    obj = refs.get_or_404("informatieobjecttypen", request.actor, uuid)
    return json_response(_current(obj, out.informatieobjecttype_json, _ctx(request), _prime_iots))


def _prime_besluittypen(ctx, rows):
    ctx.prime_besluittypen(rows)


def _besluittype_qs(request):
    return besluittypen_with_relations(refs.queryset("besluittypen", request.actor))


def _besluittype(request, uuid):
    obj = _besluittype_qs(request).filter(uuid=uuid).first()
    return obj or refs.get_or_404("besluittypen", request.actor, uuid)


def _besluittype_fields(data: s.BesluitTypeIn) -> dict:
    fields = {
        "omschrijving": data.omschrijving,
        "omschrijving_generiek": data.omschrijving_generiek,
        "besluitcategorie": data.besluitcategorie,
        "reactietermijn": data.reactietermijn or "",
        "publicatie_indicatie": data.publicatie_indicatie,
        "publicatietekst": data.publicatietekst,
        "publicatietermijn": data.publicatietermijn or "",
        "toelichting": data.toelichting,
    }
    fields.update(_geldigheid_fields(data))
    return fields


def _iots_by_url_or_name(request, values: list[str], catalogus, field: str):
    """BesluitType.informatieobjecttypen: URLs (as documented) or omschrijvingen (historiemodel)."""
    result = []
    for index, value in enumerate(values):
        if value.startswith(("http://", "https://")):
            result.append(refs.by_url(request, "informatieobjecttypen", value, f"{field}.{index}"))
            continue
        found = (
            InformatieObjectType.objects.filter(catalogus=catalogus, omschrijving=value)
            .order_by("-pk")
            .first()
        )
        if found is None:
            raise ValidationFailed.single(
                f"{field}.{index}",
                "bad-url",
                "Geen informatieobjecttype met deze URL of omschrijving in de catalogus.",
            )
        result.append(found)
    return result


def besluittype_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(*READ)
    q = parse_query(request, s.BesluitTypeQuery)
    qs = _type_filters(request, _status(_besluittype_qs(request), q.status), q)
    if q.zaaktypen:
        key = refs.filter_uuid(request, q.zaaktypen, "zaaktypen", "zaaktypen")
        zaaktype = (
            ZaakType.objects.filter(uuid=key)
            .values("catalogus_id", "besluittype_omschrijvingen")
            .first()
        )
        qs = (
            qs.filter(
                catalogus_id=zaaktype["catalogus_id"],
                omschrijving__in=zaaktype["besluittype_omschrijvingen"],
            )
            if zaaktype
            else qs.none()
        )
    if q.informatieobjecttypen:
        key = refs.filter_uuid(
            request, q.informatieobjecttypen, "informatieobjecttypen", "informatieobjecttypen"
        )
        iot = (
            InformatieObjectType.objects.filter(uuid=key)
            .values("catalogus_id", "omschrijving")
            .first()
        )
        if iot:
            ids = [
                pk
                for pk, names in qs.filter(catalogus_id=iot["catalogus_id"]).values_list(
                    "pk", "informatieobjecttype_omschrijvingen"
                )
                if iot["omschrijving"] in names
            ]
            qs = qs.filter(pk__in=ids)
        else:
            qs = qs.none()
    return _list(request, qs, q, "besluittypen", out.besluittype_json, _prime_besluittypen)


def besluittype_create(request: HttpRequest) -> HttpResponse:
    request.actor.require(("ztc", "catalogi.schrijven"))
    data = parse_body(request, s.BesluitTypeIn)
    catalogus = refs.by_url(request, "catalogussen", data.catalogus, "catalogus")
    iots = _iots_by_url_or_name(
        request, list(data.informatieobjecttypen), catalogus, "informatieobjecttypen"
    )
    obj = services.save_besluittype(
        actor=request.actor,
        uuid=data.uuid,
        besluittype=None,
        fields=_besluittype_fields(data),
        catalogus=catalogus,
        informatieobjecttypen=iots,
    )
    return created(
        _current(
            _besluittype(request, obj.uuid),
            out.besluittype_json,
            _ctx(request),
            _prime_besluittypen,
        )
    )


def besluittype_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(*READ)
    q = parse_query(request, s.DetailQuery)
    # The full row only when its representation is not cached (a quick visibility check first).
    return _detail(
        request,
        _visible_row(request, "besluittypen", uuid, lambda: _besluittype(request, uuid)),
        _loading(out.besluittype_json),
        _ctx(request),
        _loading_prime(_prime_besluittypen),
        resource="besluittypen",
        expand=q.expand,
    )


def besluittype_update(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(*WRITE)
    obj = _besluittype(request, uuid)
    current = _current(obj, out.besluittype_json, _ctx(request), _prime_besluittypen)
    data = parse_body(request, s.BesluitTypeIn, current=current, partial=_is_patch(request))
    catalogus = refs.by_url(request, "catalogussen", data.catalogus, "catalogus")
    values = list(data.informatieobjecttypen)
    if values == current["informatieobjecttypen"]:
        # The representation lists only published versions; echoing it back must not drop concept relations.
        values = list(obj.informatieobjecttype_omschrijvingen)
    iots = _iots_by_url_or_name(request, values, catalogus, "informatieobjecttypen")
    services.save_besluittype(
        actor=request.actor,
        besluittype=obj,
        fields=_besluittype_fields(data),
        catalogus=catalogus,
        informatieobjecttypen=iots,
        only_einde_geldigheid=_only_einde_geldigheid(request),
    )
    return json_response(
        _current(
            _besluittype(request, uuid), out.besluittype_json, _ctx(request), _prime_besluittypen
        )
    )


def besluittype_delete(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(*DELETE)
    services.delete_type(
        actor=request.actor, obj=refs.get_or_404("besluittypen", request.actor, uuid)
    )
    return json_response({})


def besluittype_publish(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(("ztc", "catalogi.schrijven"))
    services.publish_besluittype(
        actor=request.actor, besluittype=refs.get_or_404("besluittypen", request.actor, uuid)
    )
    return json_response(
        _current(
            _besluittype(request, uuid), out.besluittype_json, _ctx(request), _prime_besluittypen
        )
    )
