"""Zaken API 1.7.0: rollen."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from iwerk.catalogi.models import RolType
from iwerk.core import external
from iwerk.core.api.endpoint import route
from iwerk.core.api.problems import InvalidParam, ValidationFailed
from iwerk.core.api.responses import created, detail_response, no_content, paginated_response
from iwerk.core.api.schemas import parse_body, parse_query, validate
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
from iwerk.zaken.models import Rol


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
        count_generation="zaken",
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
        uuid=data.uuid,
        registratiedatum=data.registratiedatum,
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
