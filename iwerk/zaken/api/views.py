"""Zaken API 1.7.0 endpoints (zaken, statussen, resultaten): parse, authorise, call a service, render."""

from __future__ import annotations

import uuid as uuidlib
from urllib.parse import urlsplit

from django.db.models import F, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse

from iwerk.catalogi import selectors as catalogi_selectors
from iwerk.catalogi.models import (
    Eigenschap,
    ResultaatType,
    RolType,
    StatusType,
    ZaakObjectType,
    ZaakType,
)
from iwerk.core import audit, external, geo, inzage
from iwerk.core.api import expand as expander
from iwerk.core.api import fields as selection
from iwerk.core.api.audittrail import trail_routes
from iwerk.core.api.endpoint import Api, route
from iwerk.core.api.problems import (
    Conflict,
    InvalidParam,
    NotAcceptable,
    NotFound,
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
from iwerk.core.api.schemas import parse_body, parse_query, validate
from iwerk.core.api.visibility import visible_or_403
from iwerk.core.choices import vertrouwelijkheden_up_to
from iwerk.zaken import selectors, services
from iwerk.zaken.api import output as out
from iwerk.zaken.api import schemas as s
from iwerk.zaken.models import (
    KlantContact,
    Resultaat,
    Rol,
    Status,
    Zaak,
    ZaakBesluit,
    ZaakContactMoment,
    ZaakEigenschap,
    ZaakInformatieObject,
    ZaakNotitie,
    ZaakObject,
    ZaakVerzoek,
)

API = Api(name="zaken", version="1.7.0", prefix=out.PREFIX)
CRS = "EPSG:4326"
READ = ("zrc", "zaken.lezen")

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


# --- helpers -----------------------------------------------------------------------------


def _expanded(request: HttpRequest, data: dict, resource: str, q) -> dict:
    return _expanded_list(request, [data], resource, q)[0]


def _expanded_list(request: HttpRequest, rows: list[dict], resource: str, q) -> list[dict]:
    return expander.expand_rows(request, rows, out.PREFIX, resource, q.expand)


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


def ctx(
    request: HttpRequest, zaken: list[Zaak] | None = None, statussen: list[Status] | None = None
):
    context = out.ZakenContext(request.urls)
    if zaken:
        context.relations = selectors.zaak_relations([z.pk for z in zaken])
    if statussen:
        context.latest_status_ids = selectors.latest_status_ids({st.zaak_id for st in statussen})
        context.status_zios = selectors.zios_per_status([st.pk for st in statussen])
    return context


def _catalogi_type(request, model, resource: str, url: str, field: str):
    key = resolve_uuid(request, url, prefix="/catalogi/api/v1", resource=resource, field=field)
    obj = catalogi_selectors.type_by_uuid(model, key)
    if obj is None:
        raise ValidationFailed.single(
            field, "bad-url", "De URL verwijst niet naar een bestaand object."
        )
    return obj


def _own_hosts(request: HttpRequest) -> set[str]:
    return {request.get_host(), *services.default_own_hosts()}


def _zaak_by_url(request, url: str, field: str) -> Zaak:
    key = resolve_uuid(request, url, prefix=out.PREFIX, resource="zaken", field=field)
    zaak = Zaak.objects.select_related("zaaktype").filter(uuid=key).first()
    if zaak is None:
        raise ValidationFailed.single(
            field, "bad-url", "De URL verwijst niet naar een bestaande zaak."
        )
    return zaak


# --- zaken ---------------------------------------------------------------------------------


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
            request, qs, page, render, count_generation="zaken", load=selectors.zaak_columns
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
    return _zaken_page(request, qs, query.page, q.expand or query.expand, q.fields)


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
    )
    zaak = services.register_zaak(
        actor=request.actor, zaaktype=zaaktype, gegevens=gegevens, own_hosts=_own_hosts(request)
    )
    return with_crs(created(_render_zaak(request, zaak)))


def zaak_read(request: HttpRequest, uuid) -> HttpResponse:
    check_crs(request, body=False)
    request.actor.require(READ)
    q = parse_query(request, s.DetailQuery)
    zaak = visible_or_403(selectors.zaken(request.actor), Zaak, uuid)
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
    zaak = visible_or_403(selectors.zaken(request.actor, "zaken.bijwerken"), Zaak, uuid)
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
    zaak = visible_or_403(selectors.zaken(request.actor, "zaken.verwijderen"), Zaak, uuid)
    services.delete_zaak(actor=request.actor, zaak=zaak)
    return with_crs(no_content())


# --- statussen -----------------------------------------------------------------------------


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
    return paginated_response(request, qs.order_by("-datum_status_gezet", "-pk"), q.page, render)


def status_create(request: HttpRequest) -> HttpResponse:
    data = parse_body(request, s.StatusIn)
    zaak = _zaak_by_url(request, data.zaak, "zaak")
    statustype = _catalogi_type(request, StatusType, "statustypen", data.statustype, "statustype")
    status = services.set_status(
        actor=request.actor,
        zaak=zaak,
        statustype=statustype,
        datum_status_gezet=data.datum_status_gezet,
        statustoelichting=data.statustoelichting,
        gezetdoor=data.gezetdoor,
    )
    status = selectors.statussen(request.actor).get(pk=status.pk)
    return created(out.status_json(status, ctx(request, statussen=[status])))


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


# --- resultaten ----------------------------------------------------------------------------


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
    )


def resultaat_create(request: HttpRequest) -> HttpResponse:
    data = parse_body(request, s.ResultaatIn)
    zaak = _zaak_by_url(request, data.zaak, "zaak")
    resultaattype = _catalogi_type(
        request, ResultaatType, "resultaattypen", data.resultaattype, "resultaattype"
    )
    resultaat = services.add_resultaat(
        actor=request.actor, zaak=zaak, resultaattype=resultaattype, toelichting=data.toelichting
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


zaak_collection = route(API, get=zaak_list, post=zaak_create)
zaak_search = route(API, post=zaak_zoek)
zaak_detail = route(API, get=zaak_read, put=zaak_update, patch=zaak_update, delete=zaak_delete)
status_collection = route(API, get=status_list, post=status_create)
status_detail = route(API, get=status_read)
resultaat_collection = route(API, get=resultaat_list, post=resultaat_create)
resultaat_detail = route(
    API, get=resultaat_read, put=resultaat_update, patch=resultaat_update, delete=resultaat_delete
)


# --- rollen --------------------------------------------------------------------------------


def _betrokkene_identificatie(data: s.RolIn) -> dict | None:
    if data.betrokkene_identificatie is None:
        return None
    schema = s.BETROKKENE_SCHEMAS[data.betrokkene_type]
    try:
        parsed = validate(schema, data.betrokkene_identificatie)
    except ValidationFailed as exc:
        raise ValidationFailed(
            [
                InvalidParam(f"betrokkeneIdentificatie.{p.name}", p.code, p.reason)
                for p in exc.params
            ]
        ) from exc
    return parsed.model_dump(by_alias=True, mode="json")


ROL_IDENTIFICATIE_FILTERS = {
    "vestigingsnummer": ("vestiging", "vestigingsNummer"),
    "anp_identificatie": ("natuurlijk_persoon", "anpIdentificatie"),
    "inp_a_nummer": ("natuurlijk_persoon", "inpA_nummer"),
    "inn_nnp_id": ("niet_natuurlijk_persoon", "innNnpId"),
    "ann_identificatie": ("niet_natuurlijk_persoon", "annIdentificatie"),
    "organisatorische_eenheid": ("organisatorische_eenheid", "identificatie"),
}


def rol_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.RolQuery)
    qs = _filter_zaak(request, selectors.rollen(request.actor), q)
    qs = _filter_type(request, qs, q.roltype, "roltypen", "roltype")
    simple = {
        "betrokkene": q.betrokkene,
        "betrokkene_type": q.betrokkene_type,
        "roltype__omschrijving": q.omschrijving,
        "roltype__omschrijving_generiek": q.omschrijving_generiek,
        "bsn": q.inp_bsn,
        "medewerker_identificatie": q.medewerker,
    }
    qs = qs.filter(**{k: v for k, v in simple.items() if v is not None})
    # Identifiers without a searchable copy on Rol: a lookup in betrokkene_identificatie of
    # the rollen of that betrokkeneType (docs/adr/0027).
    for name, (betrokkene_type, key) in ROL_IDENTIFICATIE_FILTERS.items():
        if getattr(q, name):
            qs = qs.filter(
                betrokkene_type=betrokkene_type,
                **{f"betrokkene_identificatie__{key}": getattr(q, name)},
            )
    context = ctx(request)
    return paginated_response(
        request,
        qs.order_by("-pk"),
        q.page,
        lambda rows: _expanded_list(
            request, [out.rol_json(row, context) for row in rows], "rollen", q
        ),
    )


def rol_create(request: HttpRequest) -> HttpResponse:
    data = parse_body(request, s.RolIn)
    zaak = _zaak_by_url(request, data.zaak, "zaak")
    roltype = _catalogi_type(request, RolType, "roltypen", data.roltype, "roltype")
    external.check_if_allowed(data.betrokkene, "betrokkene")
    rol = services.add_rol(
        actor=request.actor,
        zaak=zaak,
        roltype=roltype,
        betrokkene_type=data.betrokkene_type,
        betrokkene=data.betrokkene,
        betrokkene_identificatie=_betrokkene_identificatie(data),
        roltoelichting=data.roltoelichting,
        indicatie_machtiging=data.indicatie_machtiging,
        afwijkende_naam_betrokkene=data.afwijkende_naam_betrokkene,
        contactpersoon_rol=data.contactpersoon_rol.model_dump(by_alias=True)
        if data.contactpersoon_rol
        else None,
    )
    return created(out.rol_json(selectors.rollen(request.actor).get(pk=rol.pk), ctx(request)))


def rol_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.DetailQuery)
    rol = visible_or_403(selectors.rollen(request.actor), Rol, uuid)
    return detail_response(
        request, _expanded(request, out.rol_json(rol, ctx(request)), "rollen", q)
    )


def rol_delete(request: HttpRequest, uuid) -> HttpResponse:
    rol = visible_or_403(selectors.rollen(request.actor), Rol, uuid)
    services.delete_rol(actor=request.actor, rol=rol)
    return no_content()


rol_collection = route(API, get=rol_list, post=rol_create)
rol_detail = route(API, get=rol_read, delete=rol_delete)


# --- audittrail ----------------------------------------------------------------------------


audittrail_collection, audittrail_detail = trail_routes(API, Zaak, selectors.zaken)


# --- zaakeigenschappen (nested under the zaak) ---------------------------------------------


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
        actor=request.actor, zaak=zaak, eigenschap=eigenschap, waarde=data.waarde
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


def zaaknummer_reserveren(request: HttpRequest) -> HttpResponse:
    data = parse_body(request, s.ReserveringIn)
    numbers = services.reserve_identificaties(
        actor=request.actor, bronorganisatie=data.bronorganisatie, aantal=data.aantal
    )
    # 1.7.0 documents an array (its examples show a bare object for one number): always a list.
    return json_response([{"zaaknummer": n} for n in numbers], status=201)


zaakeigenschap_collection = route(API, get=zaakeigenschap_list, post=zaakeigenschap_create)
zaakeigenschap_detail = route(
    API,
    get=zaakeigenschap_read,
    put=zaakeigenschap_update,
    patch=zaakeigenschap_update,
    delete=zaakeigenschap_delete,
)
reserveren = route(API, post=zaaknummer_reserveren)


# --- klantcontacten, zaakcontactmomenten, zaakverzoeken --------------------------------------


def _visible_children(request: HttpRequest, model):
    return selectors._visible(
        model.objects.all(), request.actor, "zaken.lezen", "zaak__"
    ).select_related("zaak")


def _filter_type(request: HttpRequest, qs, url: str | None, resource: str, field: str):
    """Filter on a catalogue type given by URL (statustype, resultaattype, roltype, …)."""
    if not url:
        return qs
    key = resolve_uuid(request, url, prefix="/catalogi/api/v1", resource=resource, field=field)
    return qs.filter(**{f"{field}__uuid": key})


def _filter_zaak(request: HttpRequest, qs, q):
    if q.zaak:
        qs = qs.filter(
            zaak__uuid=resolve_uuid(
                request, q.zaak, prefix=out.PREFIX, resource="zaken", field="zaak"
            )
        )
    return qs


def klantcontact_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.ZaakLinkQuery)
    qs = _filter_zaak(request, _visible_children(request, KlantContact), q).order_by("-pk")
    context = ctx(request)
    return paginated_response(
        request, qs, q.page, lambda rows: [out.klantcontact_json(k, context) for k in rows]
    )


def klantcontact_create(request: HttpRequest) -> HttpResponse:
    data = parse_body(request, s.KlantContactIn)
    obj = services.add_klantcontact(
        actor=request.actor,
        zaak=_zaak_by_url(request, data.zaak, "zaak"),
        datumtijd=data.datumtijd,
        identificatie=data.identificatie,
        kanaal=data.kanaal,
        onderwerp=data.onderwerp,
        toelichting=data.toelichting,
    )
    return created(out.klantcontact_json(obj, ctx(request)))


def klantcontact_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(READ)
    obj = visible_or_403(_visible_children(request, KlantContact), KlantContact, uuid)
    return json_response(out.klantcontact_json(obj, ctx(request)))


def _link_views(model, schema, field: str, to_json):
    def list_(request: HttpRequest) -> HttpResponse:
        request.actor.require(READ)
        q = parse_query(request, s.ZaakLinkQuery)
        qs = _filter_zaak(request, _visible_children(request, model), q)
        if getattr(q, field):
            qs = qs.filter(**{field: getattr(q, field)})
        context = ctx(request)
        return json_response([to_json(obj, context) for obj in qs.order_by("pk")])

    def create(request: HttpRequest) -> HttpResponse:
        data = parse_body(request, schema)
        external.check_if_allowed(getattr(data, field), field)
        obj = services.add_link(
            actor=request.actor,
            zaak=_zaak_by_url(request, data.zaak, "zaak"),
            model=model,
            url=getattr(data, field),
        )
        return created(to_json(obj, ctx(request)))

    def read(request: HttpRequest, uuid) -> HttpResponse:
        request.actor.require(READ)
        return json_response(
            to_json(visible_or_403(_visible_children(request, model), model, uuid), ctx(request))
        )

    def delete(request: HttpRequest, uuid) -> HttpResponse:
        services.delete_link(
            actor=request.actor, obj=visible_or_403(_visible_children(request, model), model, uuid)
        )
        return no_content()

    return route(API, get=list_, post=create), route(API, get=read, delete=delete)


klantcontact_collection = route(API, get=klantcontact_list, post=klantcontact_create)
klantcontact_detail = route(API, get=klantcontact_read)
zaakcontactmoment_collection, zaakcontactmoment_detail = _link_views(
    ZaakContactMoment, s.ZaakContactMomentIn, "contactmoment", out.zaakcontactmoment_json
)
zaakverzoek_collection, zaakverzoek_detail = _link_views(
    ZaakVerzoek, s.ZaakVerzoekIn, "verzoek", out.zaakverzoek_json
)


# --- zaakobjecten --------------------------------------------------------------------------


def _zaakobject_fields(data: s.ZaakObjectIn) -> dict:
    external.check_if_allowed(data.object, "object")  # B28: the object must answer, when checkable
    return {
        "object": data.object,
        "object_type": data.object_type,
        "object_type_overige": data.object_type_overige,
        "object_type_overige_definitie": data.object_type_overige_definitie,
        "relatieomschrijving": data.relatieomschrijving,
        "object_identificatie": data.object_identificatie,
    }


def _zaakobjecttype(request, data: s.ZaakObjectIn):
    if not data.zaakobjecttype:
        return None
    return _catalogi_type(
        request, ZaakObjectType, "zaakobjecttypen", data.zaakobjecttype, "zaakobjecttype"
    )


def _zaakobjecten(request: HttpRequest):
    return selectors.zaak_parts(ZaakObject, request.actor).select_related("zaakobjecttype")


def zaakobject_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.ZaakObjectQuery)
    qs = _filter_zaak(request, _zaakobjecten(request), q)
    qs = qs.filter(
        **{
            k: v
            for k, v in {"object": q.object, "object_type": q.object_type}.items()
            if v is not None
        }
    )
    context = ctx(request)
    return paginated_response(
        request,
        qs.order_by("-pk"),
        q.page,
        lambda rows: _expanded_list(
            request, [out.zaakobject_json(row, context) for row in rows], "zaakobjecten", q
        ),
    )


def zaakobject_create(request: HttpRequest) -> HttpResponse:
    data = parse_body(request, s.ZaakObjectIn)
    obj = services.save_zaakobject(
        actor=request.actor,
        zaak=_zaak_by_url(request, data.zaak, "zaak"),
        fields=_zaakobject_fields(data),
        zaakobjecttype=_zaakobjecttype(request, data),
    )
    return created(out.zaakobject_json(_zaakobjecten(request).get(pk=obj.pk), ctx(request)))


def zaakobject_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.DetailQuery)
    obj = visible_or_403(_zaakobjecten(request), ZaakObject, uuid)
    return detail_response(
        request, _expanded(request, out.zaakobject_json(obj, ctx(request)), "zaakobjecten", q)
    )


def zaakobject_update(request: HttpRequest, uuid) -> HttpResponse:
    obj = visible_or_403(_zaakobjecten(request), ZaakObject, uuid)
    data = parse_body(
        request,
        s.ZaakObjectIn,
        current=out.zaakobject_json(obj, ctx(request)),
        partial=request.method == "PATCH",
    )
    services.save_zaakobject(
        actor=request.actor,
        zaak=_zaak_by_url(request, data.zaak, "zaak"),
        fields=_zaakobject_fields(data),
        zaakobjecttype=_zaakobjecttype(request, data),
        zaakobject=obj,
    )
    return json_response(out.zaakobject_json(_zaakobjecten(request).get(pk=obj.pk), ctx(request)))


def zaakobject_delete(request: HttpRequest, uuid) -> HttpResponse:
    services.delete_zaakobject(
        actor=request.actor, zaakobject=visible_or_403(_zaakobjecten(request), ZaakObject, uuid)
    )
    return no_content()


zaakobject_collection = route(API, get=zaakobject_list, post=zaakobject_create)
zaakobject_detail = route(
    API,
    get=zaakobject_read,
    put=zaakobject_update,
    patch=zaakobject_update,
    delete=zaakobject_delete,
)


# --- zaaknotities --------------------------------------------------------------------------

NOTITIE_FILTERS = (
    "aangemaakt_door",
    "aangemaakt_door__icontains",
    "aanmaakdatum",
    "aanmaakdatum__gt",
    "aanmaakdatum__gte",
    "aanmaakdatum__lt",
    "aanmaakdatum__lte",
    "wijzigingsdatum",
    "wijzigingsdatum__gt",
    "wijzigingsdatum__gte",
    "wijzigingsdatum__lt",
    "wijzigingsdatum__lte",
    "notitie_type",
    "onderwerp",
    "onderwerp__icontains",
    "status",
    "tekst",
    "tekst__icontains",
)


def _notities(request: HttpRequest):
    return selectors.notities(request.actor)


def notitie_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.ZaakNotitieQuery)
    qs = _notities(request).filter(
        **{n: getattr(q, n) for n in NOTITIE_FILTERS if getattr(q, n) is not None}
    )
    if q.gerelateerd_aan:
        # 1.7.0 types this filter as an integer (a database key, which iwerk never shows); iwerk
        # takes the zaak's URL or uuid, and anything else names no zaak: an empty list.
        key = q.gerelateerd_aan.rstrip("/").rsplit("/", 1)[-1]
        try:
            qs = qs.filter(gerelateerd_aan__uuid=uuidlib.UUID(key))
        except ValueError:
            qs = qs.none()
    context = ctx(request)
    return paginated_response(
        request,
        qs.order_by("-aanmaakdatum", "-pk"),
        q.page,
        lambda rows: [out.notitie_json(n, context) for n in rows],
        page_size=q.page_size,
    )


def _notitie_fields(data: s.ZaakNotitieIn) -> dict:
    return {
        "onderwerp": data.onderwerp,
        "tekst": data.tekst,
        "aangemaakt_door": data.aangemaakt_door,
        "notitie_type": data.notitie_type,
        "status": data.status,
    }


def notitie_create(request: HttpRequest) -> HttpResponse:
    data = parse_body(request, s.ZaakNotitieIn)
    zaak = _zaak_by_url(request, data.gerelateerd_aan, "gerelateerdAan")
    obj = services.save_notitie(actor=request.actor, zaak=zaak, fields=_notitie_fields(data))
    return created(out.notitie_json(_notities(request).get(pk=obj.pk), ctx(request)))


def notitie_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(READ)
    return json_response(
        out.notitie_json(visible_or_403(_notities(request), ZaakNotitie, uuid), ctx(request))
    )


def notitie_update(request: HttpRequest, uuid) -> HttpResponse:
    obj = visible_or_403(_notities(request), ZaakNotitie, uuid)
    data = parse_body(
        request,
        s.ZaakNotitieIn,
        current=out.notitie_json(obj, ctx(request)),
        partial=request.method == "PATCH",
    )
    zaak = _zaak_by_url(request, data.gerelateerd_aan, "gerelateerdAan")
    services.save_notitie(actor=request.actor, zaak=zaak, fields=_notitie_fields(data), notitie=obj)
    return json_response(out.notitie_json(_notities(request).get(pk=obj.pk), ctx(request)))


def notitie_delete(request: HttpRequest, uuid) -> HttpResponse:
    services.delete_notitie(
        actor=request.actor, notitie=visible_or_403(_notities(request), ZaakNotitie, uuid)
    )
    return no_content()


notitie_collection = route(API, get=notitie_list, post=notitie_create)
notitie_detail = route(
    API, get=notitie_read, put=notitie_update, patch=notitie_update, delete=notitie_delete
)


# --- zaakinformatieobjecten ----------------------------------------------------------------

DOCUMENTEN = "/documenten/api/v1"


def _document(request, url: str):
    from iwerk.documenten.models import EnkelvoudigInformatieObject

    key = resolve_uuid(
        request,
        url,
        prefix=DOCUMENTEN,
        resource="enkelvoudiginformatieobjecten",
        field="informatieobject",
    )
    document = (
        EnkelvoudigInformatieObject.objects.select_related("informatieobjecttype")
        .filter(uuid=key)
        .first()
    )
    if document is None:
        raise ValidationFailed.single(
            "informatieobject", "bad-url", "De URL verwijst niet naar een bestaand document."
        )
    return document


def _zio_status(request, url: str | None):
    if not url:
        return None
    key = resolve_uuid(request, url, prefix=out.PREFIX, resource="statussen", field="status")
    status = Status.objects.filter(uuid=key).first()
    if status is None:
        raise ValidationFailed.single(
            "status", "bad-url", "De URL verwijst niet naar een bestaande status."
        )
    return status


def _zios(request: HttpRequest):
    return selectors.zaakinformatieobjecten(request.actor)


def zio_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.ZaakInformatieObjectQuery)
    qs = _filter_zaak(request, _zios(request), q)
    if q.informatieobject:
        key = resolve_uuid(
            request,
            q.informatieobject,
            prefix=DOCUMENTEN,
            resource="enkelvoudiginformatieobjecten",
            field="informatieobject",
        )
        qs = qs.filter(informatieobject__uuid=key)
    context = ctx(request)
    rows = [out.zio_json(obj, context) for obj in qs.order_by("pk")]
    return json_response(_expanded_list(request, rows, "zaakinformatieobjecten", q))


def zio_create(request: HttpRequest) -> HttpResponse:
    data = parse_body(request, s.ZaakInformatieObjectIn)
    obj = services.add_zaakinformatieobject(
        actor=request.actor,
        zaak=_zaak_by_url(request, data.zaak, "zaak"),
        document=_document(request, data.informatieobject),
        titel=data.titel,
        beschrijving=data.beschrijving,
        vernietigingsdatum=data.vernietigingsdatum,
        status=_zio_status(request, data.status),
    )
    return created(out.zio_json(_zios(request).get(pk=obj.pk), ctx(request)))


def zio_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.DetailQuery)
    obj = visible_or_403(_zios(request), ZaakInformatieObject, uuid)
    return detail_response(
        request, _expanded(request, out.zio_json(obj, ctx(request)), "zaakinformatieobjecten", q)
    )


def zio_update(request: HttpRequest, uuid) -> HttpResponse:
    obj = visible_or_403(_zios(request), ZaakInformatieObject, uuid)
    data = parse_body(
        request,
        s.ZaakInformatieObjectIn,
        current=out.zio_json(obj, ctx(request)),
        partial=request.method == "PATCH",
    )
    # zaak and informatieobject are fixed once related (zrc-004).
    if _zaak_by_url(request, data.zaak, "zaak").pk != obj.zaak_id:
        raise ValidationFailed.single(
            "zaak", "wijzigen-niet-toegelaten", "De zaak van een zaakinformatieobject ligt vast."
        )
    if _document(request, data.informatieobject).pk != obj.informatieobject_id:
        raise ValidationFailed.single(
            "informatieobject",
            "wijzigen-niet-toegelaten",
            "Het document van een zaakinformatieobject ligt vast.",
        )
    services.change_zaakinformatieobject(
        actor=request.actor,
        zio=obj,
        titel=data.titel,
        beschrijving=data.beschrijving,
        vernietigingsdatum=data.vernietigingsdatum,
        status=_zio_status(request, data.status),
    )
    return json_response(out.zio_json(_zios(request).get(pk=obj.pk), ctx(request)))


def zio_delete(request: HttpRequest, uuid) -> HttpResponse:
    services.delete_zaakinformatieobject(
        actor=request.actor, zio=visible_or_403(_zios(request), ZaakInformatieObject, uuid)
    )
    return no_content()


zio_collection = route(API, get=zio_list, post=zio_create)
zio_detail = route(API, get=zio_read, put=zio_update, patch=zio_update, delete=zio_delete)


# --- zaakbesluiten (nested under the zaak; written by the Besluiten register) ---------------


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
