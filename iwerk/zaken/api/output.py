"""Output functions of the Zaken API: loaded rows in, spec-shaped dicts out, no queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from iwerk.core.api.references import ApiUrls
from iwerk.zaken.models import (
    Betalingsindicatie,
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

PREFIX = "/zaken/api/v1"
CATALOGI = "/catalogi/api/v1"


@dataclass
class ZakenContext:
    urls: ApiUrls
    relations: dict[str, dict[int, list[str]]] = field(default_factory=dict)
    latest_status_ids: set[int] = field(default_factory=set)
    status_zios: dict[int, list[str]] = field(default_factory=dict)

    def url(self, resource: str, uuid) -> str:
        return self.urls.build(PREFIX, resource, uuid)

    def catalogi(self, resource: str, uuid) -> str:
        return self.urls.build(CATALOGI, resource, uuid)


def _d(value) -> str | None:
    return value.isoformat() if value else None


def _one(ctx: ZakenContext, relation: str, resource: str, zaak_pk: int) -> str | None:
    found = ctx.relations.get(relation, {}).get(zaak_pk)
    return ctx.url(resource, found[0]) if found else None


def zaak_json(z: Zaak, ctx: ZakenContext) -> dict:
    data = {
        "url": ctx.url("zaken", z.uuid),
        "uuid": str(z.uuid),
        "identificatie": z.identificatie,
        "bronorganisatie": z.bronorganisatie,
        "omschrijving": z.omschrijving,
        "toelichting": z.toelichting,
        "zaaktype": ctx.catalogi("zaaktypen", getattr(z, "zaaktype_uuid", None) or z.zaaktype.uuid),
        "registratiedatum": _d(z.registratiedatum),
        "verantwoordelijkeOrganisatie": z.verantwoordelijke_organisatie,
        "startdatum": _d(z.startdatum),
        "einddatum": _d(z.einddatum),
        "einddatumGepland": _d(z.einddatum_gepland),
        "uiterlijkeEinddatumAfdoening": _d(z.uiterlijke_einddatum_afdoening),
        "publicatiedatum": _d(z.publicatiedatum),
        "productenOfDiensten": z.producten_of_diensten,
        "vertrouwelijkheidaanduiding": z.vertrouwelijkheidaanduiding,
        "betalingsindicatie": z.betalingsindicatie,
        "betalingsindicatieWeergave": Betalingsindicatie(z.betalingsindicatie).label
        if z.betalingsindicatie
        else "",
        "laatsteBetaaldatum": _d(z.laatste_betaaldatum),
        "zaakgeometrie": z.zaakgeometrie,
        "verlenging": {"reden": z.verlenging_reden, "duur": z.verlenging_duur}
        if z.verlenging_duur
        else None,
        "opschorting": {
            "indicatie": z.opschorting_indicatie,
            "reden": z.opschorting_reden,
            "eerdereOpschorting": z.opschorting_eerdere_opschorting,
        },
        "hoofdzaak": ctx.url("zaken", getattr(z, "hoofdzaak_uuid", None) or z.hoofdzaak.uuid)
        if z.hoofdzaak_id
        else None,
        "deelzaken": [
            ctx.url("zaken", u) for u in ctx.relations.get("deelzaken", {}).get(z.pk, [])
        ],
        "relevanteAndereZaken": z.relevante_andere_zaken,
        "eigenschappen": [
            f"{ctx.url('zaken', z.uuid)}/zaakeigenschappen/{u}"
            for u in ctx.relations.get("eigenschappen", {}).get(z.pk, [])
        ],
        "rollen": [ctx.url("rollen", u) for u in ctx.relations.get("rollen", {}).get(z.pk, [])],
        "status": _one(ctx, "status", "statussen", z.pk),
        "zaakinformatieobjecten": [
            ctx.url("zaakinformatieobjecten", u)
            for u in ctx.relations.get("zaakinformatieobjecten", {}).get(z.pk, [])
        ],
        "zaakobjecten": [
            ctx.url("zaakobjecten", u) for u in ctx.relations.get("zaakobjecten", {}).get(z.pk, [])
        ],
        "kenmerken": z.kenmerken,
        "archiefnominatie": z.archiefnominatie or None,
        "archiefstatus": z.archiefstatus,
        "archiefactiedatum": _d(z.archiefactiedatum),
        "resultaat": _one(ctx, "resultaat", "resultaten", z.pk),
        "opdrachtgevendeOrganisatie": z.opdrachtgevende_organisatie,
        "processobjectaard": z.processobjectaard or None,
        "startdatumBewaartermijn": _d(z.startdatum_bewaartermijn),
        "processobject": z.processobject,
    }
    # uri-formatted and not nullable in 1.7.0: left out when unknown rather than sent as "".
    if z.communicatiekanaal:
        data["communicatiekanaal"] = z.communicatiekanaal
    if z.selectielijstklasse:
        data["selectielijstklasse"] = z.selectielijstklasse
    return data


def status_json(s: Status, ctx: ZakenContext) -> dict:
    data = {
        "url": ctx.url("statussen", s.uuid),
        "uuid": str(s.uuid),
        "zaak": ctx.url("zaken", s.zaak.uuid),
        "statustype": ctx.catalogi("statustypen", s.statustype.uuid),
        "datumStatusGezet": s.datum_status_gezet.isoformat(),
        "statustoelichting": s.statustoelichting,
        "indicatieLaatstGezetteStatus": s.pk in ctx.latest_status_ids,
        "zaakinformatieobjecten": [
            ctx.url("zaakinformatieobjecten", u) for u in ctx.status_zios.get(s.pk, [])
        ],
    }
    if s.gezetdoor:
        data["gezetdoor"] = s.gezetdoor
    return data


def resultaat_json(r: Resultaat, ctx: ZakenContext) -> dict:
    return {
        "url": ctx.url("resultaten", r.uuid),
        "uuid": str(r.uuid),
        "zaak": ctx.url("zaken", r.zaak.uuid),
        "resultaattype": ctx.catalogi("resultaattypen", r.resultaattype.uuid),
        "toelichting": r.toelichting,
    }


def rol_json(r: Rol, ctx: ZakenContext) -> dict:
    data = {
        "url": ctx.url("rollen", r.uuid),
        "uuid": str(r.uuid),
        "zaak": ctx.url("zaken", r.zaak.uuid),
        "betrokkeneType": r.betrokkene_type,
        "afwijkendeNaamBetrokkene": r.afwijkende_naam_betrokkene,
        "roltype": ctx.catalogi("roltypen", r.roltype.uuid),
        "omschrijving": r.roltype.omschrijving,
        "omschrijvingGeneriek": r.roltype.omschrijving_generiek,
        "roltoelichting": r.roltoelichting,
        "registratiedatum": r.registratiedatum.isoformat(),
        "indicatieMachtiging": r.indicatie_machtiging,
        "contactpersoonRol": r.contactpersoon_rol,
        "statussen": [],
        "betrokkeneIdentificatie": r.betrokkene_identificatie,
    }
    if r.betrokkene:
        data["betrokkene"] = r.betrokkene
    return data


def zaakeigenschap_json(e: ZaakEigenschap, ctx: ZakenContext) -> dict:
    zaak_url = ctx.url("zaken", e.zaak.uuid)
    return {
        "url": f"{zaak_url}/zaakeigenschappen/{e.uuid}",
        "uuid": str(e.uuid),
        "zaak": zaak_url,
        "eigenschap": ctx.catalogi("eigenschappen", e.eigenschap.uuid),
        "naam": e.naam,
        "waarde": e.waarde,
    }


def klantcontact_json(k: KlantContact, ctx: ZakenContext) -> dict:
    return {
        "url": ctx.url("klantcontacten", k.uuid),
        "uuid": str(k.uuid),
        "zaak": ctx.url("zaken", k.zaak.uuid),
        "identificatie": k.identificatie,
        "datumtijd": k.datumtijd.isoformat(),
        "kanaal": k.kanaal,
        "onderwerp": k.onderwerp,
        "toelichting": k.toelichting,
    }


def zaakcontactmoment_json(z: ZaakContactMoment, ctx: ZakenContext) -> dict:
    return {
        "url": ctx.url("zaakcontactmomenten", z.uuid),
        "uuid": str(z.uuid),
        "zaak": ctx.url("zaken", z.zaak.uuid),
        "contactmoment": z.contactmoment,
    }


def zaakverzoek_json(z: ZaakVerzoek, ctx: ZakenContext) -> dict:
    return {
        "url": ctx.url("zaakverzoeken", z.uuid),
        "uuid": str(z.uuid),
        "zaak": ctx.url("zaken", z.zaak.uuid),
        "verzoek": z.verzoek,
    }


def zaakobject_json(o: ZaakObject, ctx: ZakenContext) -> dict:
    data = {
        "url": ctx.url("zaakobjecten", o.uuid),
        "uuid": str(o.uuid),
        "zaak": ctx.url("zaken", o.zaak.uuid),
        "objectType": o.object_type,
        "objectTypeOverigeDefinitie": o.object_type_overige_definitie,
        "relatieomschrijving": o.relatieomschrijving,
        "objectIdentificatie": o.object_identificatie,
    }
    # uri fields, not nullable: absent when unknown.
    if o.object:
        data["object"] = o.object
    if o.zaakobjecttype_id:
        data["zaakobjecttype"] = ctx.catalogi("zaakobjecttypen", o.zaakobjecttype.uuid)
    if o.object_identificatie is None:
        del data["objectIdentificatie"]
    if o.object_type_overige:  # pattern [a-z_]+: an empty string would not match
        data["objectTypeOverige"] = o.object_type_overige
    return data


def notitie_json(n: ZaakNotitie, ctx: ZakenContext) -> dict:
    return {
        "url": ctx.url("zaaknotities", n.uuid),
        "onderwerp": n.onderwerp,
        "tekst": n.tekst,
        "aangemaaktDoor": n.aangemaakt_door,
        "notitieType": n.notitie_type,
        "status": n.status,
        "aanmaakdatum": n.aanmaakdatum.isoformat(),
        "wijzigingsdatum": n.wijzigingsdatum.isoformat(),
        "gerelateerdAan": ctx.url("zaken", n.gerelateerd_aan.uuid),
    }


def zio_json(obj: ZaakInformatieObject, ctx: ZakenContext) -> dict:
    return {
        "url": ctx.url("zaakinformatieobjecten", obj.uuid),
        "uuid": str(obj.uuid),
        "informatieobject": ctx.urls.build(
            "/documenten/api/v1", "enkelvoudiginformatieobjecten", obj.informatieobject.uuid
        ),
        "zaak": ctx.url("zaken", obj.zaak.uuid),
        "aardRelatieWeergave": "Hoort bij, omgekeerd: kent",
        "titel": obj.titel,
        "beschrijving": obj.beschrijving,
        "registratiedatum": obj.registratiedatum.isoformat(),
        "vernietigingsdatum": _d(obj.vernietigingsdatum),
        "status": ctx.url("statussen", obj.status.uuid) if obj.status_id else None,
    }


def zaakbesluit_json(obj: ZaakBesluit, ctx: ZakenContext) -> dict:
    besluit = obj.besluit
    return {
        "url": f"{ctx.url('zaken', obj.zaak.uuid)}/besluiten/{obj.uuid}",
        "uuid": str(obj.uuid),
        "besluit": ctx.urls.base + besluit if besluit.startswith("/") else besluit,
    }
