"""Zaken API 1.7.0: zaken (list, _zoek, create, read, update, delete), zaaknummer_reserveren and
the zaak's audittrail."""

from __future__ import annotations

import uuid as uuidlib
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse

from iwerk.catalogi.models import ZaakType
from iwerk.core import audit, external, geo, inzage
from iwerk.core.api import expand as expander
from iwerk.core.api import fields as selection
from iwerk.core.api.audittrail import trail_routes
from iwerk.core.api.endpoint import route
from iwerk.core.api.problems import (
    NotAcceptable,
    PreconditionFailed,
    UnsupportedMediaType,
    ValidationFailed,
)
from iwerk.core.api.references import is_own_host, resolve_uuid
from iwerk.core.api.responses import (
    created,
    detail_response,
    json_response,
    no_content,
    paginated_response,
)
from iwerk.core.api.schemas import parse_body, parse_query
from iwerk.core.choices import vertrouwelijkheden_up_to
from iwerk.zaken import selectors, services
from iwerk.zaken.api import output as out
from iwerk.zaken.api import schemas as s
from iwerk.zaken.api.views.common import API, READ, _catalogi_type, _expanded, _zaak_by_url, ctx
from iwerk.zaken.models import Rol, Zaak

CRS = "EPSG:4326"


ORDERING = {
    "startdatum",
    "-startdatum",
    "einddatum",
    "-einddatum",
    "publicatiedatum",
    "-publicatiedatum",
    "archiefactiedatum",
    "-archiefactiedatum",
    "registratiedatum",
    "-registratiedatum",
    "identificatie",
    "-identificatie",
}


def check_crs(request: HttpRequest, *, body: bool) -> None:
    """Zaak operations require Accept-Crs (and Content-Crs with a body): EPSG:4326 only (ZRC geo headers)."""
    accept = request.META.get("HTTP_ACCEPT_CRS")
    if accept is None:
        raise PreconditionFailed("De header 'Accept-Crs' ontbreekt.", code="precondition_failed")
    if accept != CRS:
        raise NotAcceptable(
            f"Alleen '{CRS}' wordt ondersteund in 'Accept-Crs'.", code="crs_not_acceptable"
        )
    if body:
        content = request.META.get("HTTP_CONTENT_CRS")
        if content is None:
            raise PreconditionFailed(
                "De header 'Content-Crs' ontbreekt.", code="precondition_failed"
            )
        if content != CRS:
            raise UnsupportedMediaType(
                f"Alleen '{CRS}' wordt ondersteund in 'Content-Crs'.", code="crs_not_supported"
            )


def with_crs(response: HttpResponse) -> HttpResponse:
    response["Content-Crs"] = CRS
    return response


def _own_hosts(request: HttpRequest) -> set[str]:
    return {request.get_host(), *services.default_own_hosts()}


def _zaak_fields(request, data: s.ZaakIn) -> dict:
    return {
        "omschrijving": data.omschrijving,
        "toelichting": data.toelichting,
        "verantwoordelijke_organisatie": data.verantwoordelijke_organisatie,
        "einddatum_gepland": data.einddatum_gepland,
        "uiterlijke_einddatum_afdoening": data.uiterlijke_einddatum_afdoening,
        "publicatiedatum": data.publicatiedatum,
        "communicatiekanaal": data.communicatiekanaal,
        "producten_of_diensten": list(data.producten_of_diensten),
        "betalingsindicatie": data.betalingsindicatie,
        "laatste_betaaldatum": data.laatste_betaaldatum,
        "zaakgeometrie": data.zaakgeometrie,
        "verlenging_reden": data.verlenging.reden if data.verlenging else "",
        "verlenging_duur": data.verlenging.duur if data.verlenging else "",
        "opschorting_indicatie": data.opschorting.indicatie if data.opschorting else False,
        "opschorting_reden": data.opschorting.reden if data.opschorting else "",
        "selectielijstklasse": data.selectielijstklasse,
        "relevante_andere_zaken": [
            r.model_dump(by_alias=True, exclude_none=True) for r in data.relevante_andere_zaken
        ],
        "kenmerken": [k.model_dump(by_alias=True) for k in data.kenmerken],
        "archiefstatus": data.archiefstatus,
        "archiefactiedatum": data.archiefactiedatum,
        "archiefnominatie": data.archiefnominatie or "",
        "opdrachtgevende_organisatie": data.opdrachtgevende_organisatie,
        "processobjectaard": data.processobjectaard or "",
        "startdatum_bewaartermijn": data.startdatum_bewaartermijn,
        "processobject": data.processobject.model_dump(by_alias=True)
        if data.processobject
        else None,
    }


def _check_relevante_zaken(request: HttpRequest, data: s.ZaakIn) -> None:
    """zrc-010: a zaak of this register, or — only when allowed — one that another answers for."""
    for index, relatie in enumerate(data.relevante_andere_zaken):
        field = f"relevanteAndereZaken.{index}.url"
        if not is_own_host(request, urlsplit(relatie.url).netloc) and external.allowed():
            external.fetch_json(relatie.url, field)
            continue
        _zaak_by_url(request, relatie.url, field)


def _render_zaak(request, zaak: Zaak) -> dict:
    """The zaak as just written: its audit snapshot (same transaction), else read again.

    Also answers clients that may create zaken of a type but not read them.
    """
    recorded = audit.recorded_representation(zaak, request.urls.base)
    if recorded is not None:
        return recorded
    zaak = selectors.zaken(request.actor).get(pk=zaak.pk)
    return out.zaak_json(zaak, ctx(request, [zaak]))


EXACT_FILTERS = (
    "identificatie",
    "bronorganisatie",
    "archiefnominatie",
    "archiefactiedatum",
    "archiefstatus",
    "startdatum",
    "registratiedatum",
    "einddatum",
    "bronorganisatie__in",
    "archiefnominatie__in",
    "archiefstatus__in",
    "archiefactiedatum__lt",
    "archiefactiedatum__gt",
    "startdatum__gt",
    "startdatum__gte",
    "startdatum__lt",
    "startdatum__lte",
    "archiefactiedatum__isnull",
    "einddatum__isnull",
)


DATE_FILTERS = {
    "registratiedatum__gt": "registratiedatum__gt",
    "registratiedatum__lt": "registratiedatum__lt",
    "einddatum__gt": "einddatum__gt",
    "einddatum__lt": "einddatum__lt",
    "einddatum_gepland": "einddatum_gepland",
    "einddatum_gepland__gt": "einddatum_gepland__gt",
    "einddatum_gepland__lt": "einddatum_gepland__lt",
    "uiterlijke_einddatum_afdoening": "uiterlijke_einddatum_afdoening",
    "uiterlijke_einddatum_afdoening__gt": "uiterlijke_einddatum_afdoening__gt",
    "uiterlijke_einddatum_afdoening__lt": "uiterlijke_einddatum_afdoening__lt",
}
# Date filters that end in the past: dates rise with the ids, so such a filter selects old zaken
# and its page is sorted rather than walked along the primary key (responses.SMALL_RESULT).
ENDING_DATE_FILTERS = tuple(
    name
    for name in (*EXACT_FILTERS, *DATE_FILTERS)
    if name.endswith(("__lt", "__lte"))
    or name
    in (
        "startdatum",
        "registratiedatum",
        "einddatum",
        "archiefactiedatum",
        "einddatum_gepland",
        "uiterlijke_einddatum_afdoening",
    )
)


def ends_in_the_past(q) -> bool:
    return any(getattr(q, name, None) is not None for name in ENDING_DATE_FILTERS)


# rol__… filters, as lookups on Rol; the common identifiers use Rol's indexed copies.
ROL_FILTERS = {
    "rol__betrokkene_identificatie__natuurlijk_persoon__inp_bsn": "bsn",
    "rol__betrokkene_type": "betrokkene_type",
    "rol__betrokkene": "betrokkene",
    "rol__omschrijving_generiek": "roltype__omschrijving_generiek",
    "rol__anp_identificatie": "betrokkene_identificatie__anpIdentificatie",
    "rol__inp_a_nummer": "betrokkene_identificatie__inpA_nummer",
    "rol__inn_nnp_id": "betrokkene_identificatie__innNnpId",
    "rol__ann_identificatie": "betrokkene_identificatie__annIdentificatie",
    "rol__vestigings_nummer": "betrokkene_identificatie__vestigingsNummer",
    "rol__medewerker": "medewerker_identificatie",
    "rol__organisatorische_eenheid": "betrokkene_identificatie__identificatie",
}


def filter_zaken(request: HttpRequest, qs, q):
    """The zaken filters shared by GET /zaken and POST /zaken/_zoek (same names in both)."""
    qs = qs.filter(
        **{name: getattr(q, name) for name in EXACT_FILTERS if getattr(q, name) is not None}
    )
    if q.zaaktype:
        key = resolve_uuid(
            request, q.zaaktype, prefix="/catalogi/api/v1", resource="zaaktypen", field="zaaktype"
        )
        # By primary key, so count and page use the zaak indexes without joining the catalogue.
        zaaktype_id = ZaakType.objects.filter(uuid=key).values_list("pk", flat=True).first()
        qs = qs.filter(zaaktype_id=zaaktype_id or 0)
    if q.maximale_vertrouwelijkheidaanduiding:
        qs = qs.filter(
            vertrouwelijkheidaanduiding__in=vertrouwelijkheden_up_to(
                q.maximale_vertrouwelijkheidaanduiding
            )
        )
    qs = qs.filter(
        **{
            lookup: getattr(q, name)
            for name, lookup in DATE_FILTERS.items()
            if getattr(q, name) is not None
        }
    )
    rol = {lookup: getattr(q, name) for name, lookup in ROL_FILTERS.items() if getattr(q, name)}
    if q.rol__organisatorische_eenheid:
        rol["betrokkene_type"] = (
            "organisatorische_eenheid"  # `identificatie` is also a medewerker key
        )
    if rol.get("bsn"):
        inzage.bsn_zoekopdracht(request.actor, bsn=rol["bsn"], kanaal="api")
    if rol:
        # One rol must match every rol__ filter; a subquery, so no join multiplies the zaken.
        qs = qs.filter(pk__in=Rol.objects.filter(**rol).values("zaak_id"))
    if q.ordering:
        fields = [f.strip() for f in q.ordering.split(",")]
        if not set(fields) <= ORDERING:
            raise ValidationFailed.single("ordering", "invalid", "Ongeldige sortering.")
        return qs.order_by(*fields, "-pk")
    return qs.order_by("-pk")


def _zaken_page(
    request: HttpRequest,
    qs,
    page: int | None,
    expand: str | None = None,
    fields: list | None = None,
    *,
    sort_small_result: bool = False,
) -> HttpResponse:
    if fields is not None:
        expand = selection.expand_paths(
            fields, lambda path: expander.can_expand(out.PREFIX, "zaken", path)
        )
    tree = expander.parse(expand, out.PREFIX, "zaken")

    def render(rows):
        rows = list(rows)
        context = ctx(request, rows)
        rendered = expander.apply(
            request, [out.zaak_json(z, context) for z in rows], out.PREFIX, "zaken", tree
        )
        if fields is not None:
            return [selection.select(row, fields) for row in rendered]
        return rendered

    return with_crs(
        paginated_response(
            request,
            qs,
            page,
            render,
            count_generation="zaken",
            load=selectors.zaak_columns,
            sort_small_result=sort_small_result,
        )
    )


def zaak_list(request: HttpRequest) -> HttpResponse:
    check_crs(request, body=False)
    request.actor.require(READ)
    q = parse_query(request, s.ZaakQuery)
    return _zaken_page(
        request,
        filter_zaken(request, selectors.zaken(request.actor, columns=False), q),
        q.page,
        q.expand,
        sort_small_result=ends_in_the_past(q),
    )


class _PageQuery(s.DetailQuery):
    page: int | None = None


def zaak_zoek(request: HttpRequest) -> HttpResponse:
    """POST /zaken/_zoek: large uuid__in lists and geometry, which do not fit a query string."""
    check_crs(request, body=True)
    request.actor.require(READ)
    query = parse_query(request, _PageQuery)
    q = parse_body(request, s.ZaakZoekIn)
    qs = filter_zaken(request, selectors.zaken(request.actor, columns=False), q)
    if q.uuid__in is not None:
        qs = qs.filter(uuid__in=[_uuid(value, "uuid__in") for value in q.uuid__in])
    if q.zaaktype__in:
        keys = [
            resolve_uuid(
                request, url, prefix="/catalogi/api/v1", resource="zaaktypen", field="zaaktype__in"
            )
            for url in q.zaaktype__in
        ]
        qs = qs.filter(zaaktype__uuid__in=keys)
    if q.zaakgeometrie is not None:
        qs = qs.filter(
            pk__in=selectors.zaken_within(
                qs, geo.parse(q.zaakgeometrie.within, "zaakgeometrie.within")
            )
        )
    if q.fields is not None and (q.expand or query.expand):
        raise ValidationFailed.single(
            "fields", "invalid", "Gebruik 'fields' of 'expand', niet allebei (zrc-029)."
        )
    return _zaken_page(
        request,
        qs,
        query.page,
        q.expand or query.expand,
        q.fields,
        sort_small_result=ends_in_the_past(q),
    )


def _uuid(value: str, field: str):
    try:
        return uuidlib.UUID(value)
    except ValueError as exc:
        raise ValidationFailed.single(field, "invalid", f"'{value}' is geen geldige UUID.") from exc


def zaak_create(request: HttpRequest) -> HttpResponse:
    check_crs(request, body=True)
    request.actor.require(("zrc", "zaken.aanmaken"))
    data = parse_body(request, s.ZaakIn)
    _check_relevante_zaken(request, data)
    zaaktype = _catalogi_type(request, ZaakType, "zaaktypen", data.zaaktype, "zaaktype")
    fields = _zaak_fields(request, data)
    gegevens = services.ZaakGegevens(
        bronorganisatie=data.bronorganisatie,
        verantwoordelijke_organisatie=data.verantwoordelijke_organisatie,
        startdatum=data.startdatum,
        omschrijving=data.omschrijving,
        toelichting=data.toelichting,
        identificatie=data.identificatie,
        registratiedatum=data.registratiedatum,
        einddatum_gepland=data.einddatum_gepland,
        uiterlijke_einddatum_afdoening=data.uiterlijke_einddatum_afdoening,
        publicatiedatum=data.publicatiedatum,
        communicatiekanaal=data.communicatiekanaal,
        producten_of_diensten=list(data.producten_of_diensten),
        vertrouwelijkheidaanduiding=data.vertrouwelijkheidaanduiding or "",
        betalingsindicatie=data.betalingsindicatie,
        laatste_betaaldatum=data.laatste_betaaldatum,
        zaakgeometrie=data.zaakgeometrie,
        selectielijstklasse=data.selectielijstklasse,
        hoofdzaak=_zaak_by_url(request, data.hoofdzaak, "hoofdzaak") if data.hoofdzaak else None,
        kenmerken=fields["kenmerken"],
        opdrachtgevende_organisatie=data.opdrachtgevende_organisatie,
        relevante_andere_zaken=fields["relevante_andere_zaken"],
        verlenging_reden=fields["verlenging_reden"],
        verlenging_duur=fields["verlenging_duur"],
        opschorting_indicatie=fields["opschorting_indicatie"],
        opschorting_reden=fields["opschorting_reden"],
        processobjectaard=fields["processobjectaard"],
        processobject=fields["processobject"],
        archiefnominatie=fields["archiefnominatie"],
        archiefstatus=fields["archiefstatus"],
        archiefactiedatum=fields["archiefactiedatum"],
        startdatum_bewaartermijn=fields["startdatum_bewaartermijn"],
        uuid=data.uuid,
    )
    zaak = services.register_zaak(
        actor=request.actor, zaaktype=zaaktype, gegevens=gegevens, own_hosts=_own_hosts(request)
    )
    return with_crs(created(_render_zaak(request, zaak)))


def zaak_read(request: HttpRequest, uuid) -> HttpResponse:
    check_crs(request, body=False)
    request.actor.require(READ)
    q = parse_query(request, s.DetailQuery)
    zaak = selectors.zaak_or_403(request.actor, uuid)
    inzage.door_actor(
        request.actor, tenant_id=zaak.tenant_id, kanaal="api", soort="zaak",
        object_uuid=zaak.uuid, zaak_uuid=zaak.uuid, omschrijving=zaak.identificatie,
        vertrouwelijkheidaanduiding=zaak.vertrouwelijkheidaanduiding,
    )  # fmt: skip
    return with_crs(
        detail_response(
            request, _expanded(request, out.zaak_json(zaak, ctx(request, [zaak])), "zaken", q)
        )
    )


def zaak_update(request: HttpRequest, uuid) -> HttpResponse:
    check_crs(request, body=True)
    zaak = selectors.zaak_or_403(request.actor, uuid, "zaken.bijwerken")
    current = out.zaak_json(zaak, ctx(request, [zaak]))
    data = parse_body(request, s.ZaakIn, current=current, partial=request.method == "PATCH")
    _check_relevante_zaken(request, data)
    zaaktype = _catalogi_type(request, ZaakType, "zaaktypen", data.zaaktype, "zaaktype")
    changes = _zaak_fields(request, data)
    changes.update(
        {
            "identificatie": data.identificatie or zaak.identificatie,
            "bronorganisatie": data.bronorganisatie,
            "zaaktype_id": zaaktype.pk,
            "startdatum": data.startdatum,
        }
    )
    if data.registratiedatum:
        changes["registratiedatum"] = data.registratiedatum
    if data.vertrouwelijkheidaanduiding:
        changes["vertrouwelijkheidaanduiding"] = data.vertrouwelijkheidaanduiding
    # The hoofdzaak's rules (zrc-013, visibility, tenant) are the service's, as on create.
    changes["hoofdzaak"] = (
        _zaak_by_url(request, data.hoofdzaak, "hoofdzaak") if data.hoofdzaak else None
    )
    zaak = services.update_zaak(
        actor=request.actor, zaak=zaak, changes=changes, own_hosts=_own_hosts(request)
    )
    return with_crs(json_response(_render_zaak(request, zaak)))


def zaak_delete(request: HttpRequest, uuid) -> HttpResponse:
    check_crs(request, body=False)
    zaak = selectors.zaak_or_403(request.actor, uuid, "zaken.verwijderen")
    services.delete_zaak(actor=request.actor, zaak=zaak)
    return with_crs(no_content())


def zaaknummer_reserveren(request: HttpRequest) -> HttpResponse:
    data = parse_body(request, s.ReserveringIn)
    numbers = services.reserve_identificaties(
        actor=request.actor, bronorganisatie=data.bronorganisatie, aantal=data.aantal
    )
    # 1.7.0 documents an array (its examples show a bare object for one number): always a list.
    return json_response([{"zaaknummer": n} for n in numbers], status=201)


zaak_collection = route(API, get=zaak_list, post=zaak_create)
zaak_search = route(API, post=zaak_zoek)
zaak_detail = route(API, get=zaak_read, put=zaak_update, patch=zaak_update, delete=zaak_delete)
reserveren = route(API, post=zaaknummer_reserveren)


audittrail_collection, audittrail_detail = trail_routes(API, Zaak, selectors.zaken)
