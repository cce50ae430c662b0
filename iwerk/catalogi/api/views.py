"""Catalogi API 1.3.3 endpoints: parse, authorise, call one service or selector, render."""

from __future__ import annotations

from collections.abc import Callable

import orjson
from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from iwerk.catalogi import services
from iwerk.catalogi.api import expand as expand_mod
from iwerk.catalogi.api import output as out
from iwerk.catalogi.api import refs
from iwerk.catalogi.api import schemas as s
from iwerk.catalogi.models import (
    BesluitType,
    InformatieObjectType,
    ZaakType,
    valid_on,
)
from iwerk.catalogi.selectors import (
    besluittypen_with_relations,
    catalogussen_with_relations,
)
from iwerk.core.api.endpoint import Api
from iwerk.core.api.problems import ValidationFailed
from iwerk.core.api.responses import (
    created,
    detail_response,
    json_response,
    paginated_response,
)
from iwerk.core.api.schemas import parse_body, parse_query

API = Api(name="catalogi", version="1.3.3", prefix=out.PREFIX)

READ = (
    ("ztc", "catalogi.lezen"),
    ("zrc", "zaken.lezen"),
    ("drc", "documenten.lezen"),
    ("brc", "besluiten.lezen"),
)
WRITE = (("ztc", "catalogi.schrijven"), ("ztc", "catalogi.geforceerd-schrijven"))
DELETE = (("ztc", "catalogi.schrijven"), ("ztc", "catalogi.geforceerd-verwijderen"))


def _ctx(request: HttpRequest, on=None) -> out.RenderContext:
    return out.RenderContext(request.urls, on or timezone.localdate())


def _own_hosts(request: HttpRequest) -> set[str]:
    return {request.get_host(), *settings.IWERK_API_HOSTS}


def _status(qs: QuerySet, status: str, prefix: str = "") -> QuerySet:
    if status == "definitief":
        return qs.filter(**{f"{prefix}concept": False})
    if status == "concept":
        return qs.filter(**{f"{prefix}concept": True})
    return qs


def _render(
    request,
    ctx,
    to_json: Callable,
    prime: Callable | None = None,
    *,
    resource: str = "",
    expand: str | None = None,
):
    tree = expand_mod.parse(expand, resource)

    def render(rows):
        rendered = ctx.render_many(resource, list(rows), to_json, prime)
        return expand_mod.apply(rendered, resource, tree, actor=request.actor, ctx=ctx)

    return render


def _detail(
    request: HttpRequest,
    obj,
    to_json,
    ctx,
    prime=None,
    *,
    resource: str = "",
    expand: str | None = None,
):
    tree = expand_mod.parse(expand, resource)
    rendered = ctx.render_many(resource, [obj], to_json, prime)
    data = expand_mod.apply(rendered, resource, tree, actor=request.actor, ctx=ctx)[0]
    return detail_response(request, data)


def _current(obj, to_json, ctx, prime=None) -> dict:
    if prime:
        prime(ctx, [obj])
    return to_json(obj, ctx)


def _is_patch(request: HttpRequest) -> bool:
    return request.method == "PATCH"


def _only_einde_geldigheid(request: HttpRequest) -> bool:
    try:
        body = orjson.loads(request.body or b"{}")
    except orjson.JSONDecodeError:
        return False
    return _is_patch(request) and isinstance(body, dict) and set(body) == {"eindeGeldigheid"}


def _geldigheid_fields(data) -> dict:
    return {
        "datum_begin_geldigheid": data.begin_geldigheid,
        "datum_einde_geldigheid": data.einde_geldigheid,
        "begin_object": data.begin_object,
        "einde_object": data.einde_object,
    }


# --- Catalogussen ----------------------------------------------------------------------


def _catalogus_fields(data: s.CatalogusIn) -> dict:
    return {
        "domein": data.domein,
        "rsin": data.rsin,
        "contactpersoon_beheer_naam": data.contactpersoon_beheer_naam,
        "contactpersoon_beheer_telefoonnummer": data.contactpersoon_beheer_telefoonnummer,
        "contactpersoon_beheer_emailadres": data.contactpersoon_beheer_emailadres,
        "naam": data.naam or "",
        "versie": data.versie or "",
        "begindatum_versie": data.begindatum_versie,
    }


def catalogus_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(*READ)
    q = parse_query(request, s.CatalogusQuery)
    qs = refs.queryset("catalogussen", request.actor)
    if q.domein:
        qs = qs.filter(domein=q.domein)
    if q.domein__in:
        qs = qs.filter(domein__in=q.domein__in)
    if q.rsin:
        qs = qs.filter(rsin=q.rsin)
    if q.rsin__in:
        qs = qs.filter(rsin__in=q.rsin__in)
    ctx = _ctx(request)
    return paginated_response(
        request,
        catalogussen_with_relations(qs),
        q.page,
        _render(request, ctx, out.catalogus_json, resource="catalogussen", expand=q.expand),
    )


def _catalogus(request, uuid):
    qs = catalogussen_with_relations(refs.queryset("catalogussen", request.actor))
    obj = qs.filter(uuid=uuid).first()
    return obj or refs.get_or_404("catalogussen", request.actor, uuid)


def catalogus_create(request: HttpRequest) -> HttpResponse:
    request.actor.require(("ztc", "catalogi.schrijven"))
    data = parse_body(request, s.CatalogusIn)
    obj = services.save_catalogus(
        actor=request.actor, catalogus=None, fields=_catalogus_fields(data)
    )
    return created(out.catalogus_json(_catalogus(request, obj.uuid), _ctx(request)))


def catalogus_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(*READ)
    q = parse_query(request, s.DetailQuery)
    return _detail(
        request,
        _catalogus(request, uuid),
        out.catalogus_json,
        _ctx(request),
        resource="catalogussen",
        expand=q.expand,
    )


def catalogus_update(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(*WRITE)
    obj = _catalogus(request, uuid)
    ctx = _ctx(request)
    data = parse_body(
        request, s.CatalogusIn, current=out.catalogus_json(obj, ctx), partial=_is_patch(request)
    )
    services.save_catalogus(actor=request.actor, catalogus=obj, fields=_catalogus_fields(data))
    return json_response(out.catalogus_json(_catalogus(request, uuid), ctx))


# --- Zaaktypen -------------------------------------------------------------------------


def _zaaktype_fields(data: s.ZaakTypeIn) -> dict:
    fields = {
        "identificatie": data.identificatie,
        "omschrijving": data.omschrijving,
        "omschrijving_generiek": data.omschrijving_generiek,
        "vertrouwelijkheidaanduiding": data.vertrouwelijkheidaanduiding,
        "doel": data.doel,
        "aanleiding": data.aanleiding,
        "toelichting": data.toelichting,
        "indicatie_intern_of_extern": data.indicatie_intern_of_extern,
        "handeling_initiator": data.handeling_initiator,
        "onderwerp": data.onderwerp,
        "handeling_behandelaar": data.handeling_behandelaar,
        "doorlooptijd": data.doorlooptijd,
        "servicenorm": data.servicenorm or "",
        "opschorting_en_aanhouding_mogelijk": data.opschorting_en_aanhouding_mogelijk,
        "verlenging_mogelijk": data.verlenging_mogelijk,
        "verlengingstermijn": data.verlengingstermijn or "",
        "trefwoorden": list(data.trefwoorden),
        "publicatie_indicatie": data.publicatie_indicatie,
        "publicatietekst": data.publicatietekst,
        "verantwoordingsrelatie": list(data.verantwoordingsrelatie),
        "producten_of_diensten": list(data.producten_of_diensten),
        "selectielijst_procestype": data.selectielijst_procestype,
        "referentieproces_naam": data.referentieproces.naam,
        "referentieproces_link": data.referentieproces.link,
        "verantwoordelijke": data.verantwoordelijke,
        "broncatalogus": data.broncatalogus.model_dump(by_alias=True)
        if data.broncatalogus
        else None,
        "bronzaaktype": data.bronzaaktype.model_dump(by_alias=True) if data.bronzaaktype else None,
        "versiedatum": data.versiedatum or data.begin_geldigheid,
        "gerelateerde_zaaktypen": [
            {"zaaktype": r.zaaktype, "aardRelatie": r.aard_relatie, "toelichting": r.toelichting}
            for r in data.gerelateerde_zaaktypen
        ],
    }
    fields.update(_geldigheid_fields(data))
    return fields


def _prime_zaaktypen(ctx, rows):
    ctx.prime_zaaktypen(rows)


def _zaaktype(request, uuid):
    obj = refs.queryset("zaaktypen", request.actor).filter(uuid=uuid).first()
    return obj or refs.get_or_404("zaaktypen", request.actor, uuid)


def zaaktype_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(*READ)
    q = parse_query(request, s.ZaakTypeQuery)
    qs = _status(refs.queryset("zaaktypen", request.actor), q.status)
    if q.catalogus:
        qs = qs.filter(
            catalogus__uuid=refs.filter_uuid(request, q.catalogus, "catalogussen", "catalogus")
        )
    if q.identificatie:
        qs = qs.filter(identificatie=q.identificatie)
    if q.datum_geldigheid:
        qs = qs.filter(valid_on(q.datum_geldigheid))
    rows = qs
    if q.trefwoorden:
        # JSON containment differs per database; trefwoorden lists are short, so filter the ids in Python.
        wanted = set(q.trefwoorden)
        ids = [
            pk for pk, words in qs.values_list("pk", "trefwoorden") if wanted <= set(words or [])
        ]
        rows = rows.filter(pk__in=ids)
    ctx = _ctx(request, q.datum_geldigheid)
    return paginated_response(
        request,
        rows,
        q.page,
        _render(
            request, ctx, out.zaaktype_json, _prime_zaaktypen, resource="zaaktypen", expand=q.expand
        ),
    )


def _zaaktype_relations(request, data: s.ZaakTypeIn):
    catalogus = refs.by_url(request, "catalogussen", data.catalogus, "catalogus")
    besluittypen = refs.many_by_url(
        request, "besluittypen", list(data.besluittypen), "besluittypen"
    )
    deelzaaktypen = refs.many_by_url(
        request, "zaaktypen", list(data.deelzaaktypen), "deelzaaktypen"
    )
    return catalogus, besluittypen, deelzaaktypen


def zaaktype_create(request: HttpRequest) -> HttpResponse:
    request.actor.require(("ztc", "catalogi.schrijven"))
    data = parse_body(request, s.ZaakTypeIn)
    catalogus, besluittypen, deelzaaktypen = _zaaktype_relations(request, data)
    obj = services.save_zaaktype(
        actor=request.actor,
        zaaktype=None,
        fields=_zaaktype_fields(data),
        catalogus=catalogus,
        besluittypen=besluittypen,
        deelzaaktypen=deelzaaktypen,
        own_hosts=_own_hosts(request),
    )
    ctx = _ctx(request)
    return created(_current(_zaaktype(request, obj.uuid), out.zaaktype_json, ctx, _prime_zaaktypen))


def zaaktype_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(*READ)
    q = parse_query(request, s.ZaakTypeDetailQuery)
    return _detail(
        request,
        _zaaktype(request, uuid),
        out.zaaktype_json,
        _ctx(request, q.datum_geldigheid),
        _prime_zaaktypen,
        resource="zaaktypen",
        expand=q.expand,
    )


def zaaktype_update(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(*WRITE)
    obj = _zaaktype(request, uuid)
    ctx = _ctx(request)
    current = _current(obj, out.zaaktype_json, ctx, _prime_zaaktypen)
    data = parse_body(request, s.ZaakTypeIn, current=current, partial=_is_patch(request))
    catalogus, besluittypen, deelzaaktypen = _zaaktype_relations(request, data)
    # The representation lists only published versions; echoing it back must not drop concept relations.
    if list(data.besluittypen) == current["besluittypen"]:
        besluittypen = _by_name(
            BesluitType, obj.catalogus_id, "omschrijving", obj.besluittype_omschrijvingen
        )
    if list(data.deelzaaktypen) == current["deelzaaktypen"]:
        deelzaaktypen = _by_name(
            ZaakType, obj.catalogus_id, "identificatie", obj.deelzaaktype_identificaties
        )
    services.save_zaaktype(
        actor=request.actor,
        zaaktype=obj,
        fields=_zaaktype_fields(data),
        catalogus=catalogus,
        besluittypen=besluittypen,
        deelzaaktypen=deelzaaktypen,
        own_hosts=_own_hosts(request),
        only_einde_geldigheid=_only_einde_geldigheid(request),
    )
    return json_response(
        _current(_zaaktype(request, uuid), out.zaaktype_json, _ctx(request), _prime_zaaktypen)
    )


def _by_name(model, catalogus_id: int, field: str, names: list[str]) -> list:
    """One object per stored name (the newest version), for relations kept by name."""
    found = {}
    for obj in model.objects.filter(catalogus_id=catalogus_id, **{f"{field}__in": names}).order_by(
        "pk"
    ):
        found[getattr(obj, field)] = obj
    return [found[name] for name in names if name in found]


def zaaktype_delete(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(*DELETE)
    services.delete_zaaktype(
        actor=request.actor, zaaktype=refs.get_or_404("zaaktypen", request.actor, uuid)
    )
    # Catalogi 1.3.3 documents 200 (not 204) for deleting zaak-, besluit- and informatieobjecttypen.
    return json_response({})


def zaaktype_publish(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(("ztc", "catalogi.schrijven"))
    services.publish_zaaktype(
        actor=request.actor, zaaktype=refs.get_or_404("zaaktypen", request.actor, uuid)
    )
    return json_response(
        _current(_zaaktype(request, uuid), out.zaaktype_json, _ctx(request), _prime_zaaktypen)
    )


# --- Informatieobjecttypen ---------------------------------------------------------------


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
    qs = _status(refs.queryset("informatieobjecttypen", request.actor), q.status)
    if q.catalogus:
        qs = qs.filter(
            catalogus__uuid=refs.filter_uuid(request, q.catalogus, "catalogussen", "catalogus")
        )
    if q.omschrijving:
        qs = qs.filter(omschrijving=q.omschrijving)
    if q.datum_geldigheid:
        qs = qs.filter(valid_on(q.datum_geldigheid))
    ctx = _ctx(request, q.datum_geldigheid)
    return paginated_response(
        request,
        qs,
        q.page,
        _render(
            request,
            ctx,
            out.informatieobjecttype_json,
            _prime_iots,
            resource="informatieobjecttypen",
            expand=q.expand,
        ),
    )


def iot_create(request: HttpRequest) -> HttpResponse:
    request.actor.require(("ztc", "catalogi.schrijven"))
    data = parse_body(request, s.InformatieObjectTypeIn)
    catalogus = refs.by_url(request, "catalogussen", data.catalogus, "catalogus")
    obj = services.save_informatieobjecttype(
        actor=request.actor, iot=None, fields=_iot_fields(data), catalogus=catalogus
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
    obj = refs.get_or_404("informatieobjecttypen", request.actor, uuid)
    return _detail(
        request,
        obj,
        out.informatieobjecttype_json,
        _ctx(request),
        _prime_iots,
        resource="informatieobjecttypen",
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


# --- Besluittypen ----------------------------------------------------------------------


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
    qs = _status(_besluittype_qs(request), q.status)
    if q.catalogus:
        qs = qs.filter(
            catalogus__uuid=refs.filter_uuid(request, q.catalogus, "catalogussen", "catalogus")
        )
    if q.omschrijving:
        qs = qs.filter(omschrijving=q.omschrijving)
    if q.datum_geldigheid:
        qs = qs.filter(valid_on(q.datum_geldigheid))
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
    ctx = _ctx(request, q.datum_geldigheid)
    return paginated_response(
        request,
        qs,
        q.page,
        _render(
            request,
            ctx,
            out.besluittype_json,
            _prime_besluittypen,
            resource="besluittypen",
            expand=q.expand,
        ),
    )


def besluittype_create(request: HttpRequest) -> HttpResponse:
    request.actor.require(("ztc", "catalogi.schrijven"))
    data = parse_body(request, s.BesluitTypeIn)
    catalogus = refs.by_url(request, "catalogussen", data.catalogus, "catalogus")
    iots = _iots_by_url_or_name(
        request, list(data.informatieobjecttypen), catalogus, "informatieobjecttypen"
    )
    obj = services.save_besluittype(
        actor=request.actor,
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
    return _detail(
        request,
        _besluittype(request, uuid),
        out.besluittype_json,
        _ctx(request),
        _prime_besluittypen,
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
