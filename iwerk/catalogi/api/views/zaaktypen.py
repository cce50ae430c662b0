"""Catalogi API: zaaktypen."""

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
    _own_hosts,
    _status,
    _type_filters,
    _visible_row,
)
from iwerk.catalogi.models import (
    BesluitType,
    ZaakType,
)
from iwerk.core.api.responses import (
    created,
    json_response,
)
from iwerk.core.api.schemas import parse_body, parse_query


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
    qs = _type_filters(request, _status(refs.queryset("zaaktypen", request.actor), q.status), q)
    if q.identificatie:
        qs = qs.filter(identificatie=q.identificatie)
    rows = qs
    if q.trefwoorden:
        # JSON containment differs per database; trefwoorden lists are short, so filter the ids in Python.
        wanted = set(q.trefwoorden)
        ids = [
            pk for pk, words in qs.values_list("pk", "trefwoorden") if wanted <= set(words or [])
        ]
        rows = rows.filter(pk__in=ids)
    return _list(request, rows, q, "zaaktypen", out.zaaktype_json, _prime_zaaktypen)


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
        uuid=data.uuid,
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
    # The full row only when its representation is not cached (a quick visibility check first).
    return _detail(
        request,
        _visible_row(request, "zaaktypen", uuid, lambda: _zaaktype(request, uuid)),
        _loading(out.zaaktype_json),
        _ctx(request, q.datum_geldigheid),
        _loading_prime(_prime_zaaktypen),
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
