"""Output functions of the Documenten API: loaded rows in, spec-shaped dicts out, no queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from iwerk.core.api.references import ApiUrls
from iwerk.documenten.models import (
    BestandsDeel,
    EnkelvoudigInformatieObject,
    Gebruiksrecht,
    ObjectInformatieObject,
    Versie,
    Verzending,
)

PREFIX = "/documenten/api/v1"
CATALOGI = "/catalogi/api/v1"


@dataclass
class DocumentenContext:
    urls: ApiUrls
    parts: dict[int, list[BestandsDeel]] = field(default_factory=dict)

    def url(self, resource: str, uuid) -> str:
        return self.urls.build(PREFIX, resource, uuid)

    def absolute(self, path_or_url: str) -> str:
        """Relations to iwerk's own objects are kept host-less; give them this request's host."""
        return self.urls.base + path_or_url if path_or_url.startswith("/") else path_or_url


def _d(value) -> str | None:
    return value.isoformat() if value else None


def document_json(doc: EnkelvoudigInformatieObject, versie: Versie, ctx: DocumentenContext) -> dict:
    g = versie.gegevens
    url = ctx.url("enkelvoudiginformatieobjecten", doc.uuid)
    return {
        "url": url,
        "identificatie": doc.identificatie,
        "bronorganisatie": doc.bronorganisatie,
        "creatiedatum": g["creatiedatum"],
        "titel": g["titel"],
        "vertrouwelijkheidaanduiding": g["vertrouwelijkheidaanduiding"],
        "isGereedVoorPublicatie": g.get("isGereedVoorPublicatie"),
        "tonenAanInitiator": g.get("tonenAanInitiator", False),
        "auteur": g["auteur"],
        "status": g.get("status", ""),
        "inhoudIsVervallen": g.get("inhoudIsVervallen"),
        "formaat": g.get("formaat", ""),
        "taal": g["taal"],
        "versie": versie.versie,
        "beginRegistratie": _d(versie.begin_registratie),
        "bestandsnaam": g.get("bestandsnaam", ""),
        "inhoud": f"{url}/download?versie={versie.versie}" if versie.inhoud else None,
        "bestandsomvang": versie.bestandsomvang,
        "link": g.get("link", ""),
        "beschrijving": g.get("beschrijving", ""),
        "ontvangstdatum": g.get("ontvangstdatum"),
        "verzenddatum": g.get("verzenddatum"),
        "indicatieGebruiksrecht": doc.indicatie_gebruiksrecht,
        "verschijningsvorm": g.get("verschijningsvorm", ""),
        "ondertekening": g.get("ondertekening"),
        "integriteit": g.get("integriteit"),
        "informatieobjecttype": ctx.urls.build(
            CATALOGI, "informatieobjecttypen", g["informatieobjecttype"]
        ),
        "locked": doc.locked,
        "bestandsdelen": [
            {
                "url": ctx.url("bestandsdelen", part.uuid),
                "volgnummer": part.volgnummer,
                "omvang": part.omvang,
                "voltooid": part.voltooid,
                # The spec lists the lock here; only the lock holder may know it (drc-009).
                "lock": "",
            }
            for part in ctx.parts.get(doc.pk, [])
        ],
        "trefwoorden": g.get("trefwoorden", []),
    }


def current_json(doc: EnkelvoudigInformatieObject, ctx: DocumentenContext) -> dict:
    return document_json(doc, doc.huidige_versie, ctx)


def gebruiksrecht_json(obj: Gebruiksrecht, ctx: DocumentenContext) -> dict:
    return {
        "url": ctx.url("gebruiksrechten", obj.uuid),
        "informatieobject": ctx.url("enkelvoudiginformatieobjecten", obj.informatieobject.uuid),
        "startdatum": _d(obj.startdatum),
        "einddatum": _d(obj.einddatum),
        "omschrijvingVoorwaarden": obj.omschrijving_voorwaarden,
    }


def oio_json(obj: ObjectInformatieObject, ctx: DocumentenContext) -> dict:
    return {
        "url": ctx.url("objectinformatieobjecten", obj.uuid),
        "informatieobject": ctx.url("enkelvoudiginformatieobjecten", obj.informatieobject.uuid),
        "object": ctx.absolute(obj.object),
        "objectType": obj.object_type,
    }


ADRES_FIELDS = (
    "binnenlandsCorrespondentieadres",
    "buitenlandsCorrespondentieadres",
    "correspondentiePostadres",
    "faxnummer",
    "emailadres",
    "telefoonnummer",
)


def verzending_json(obj: Verzending, ctx: DocumentenContext) -> dict:
    return {
        "url": ctx.url("verzendingen", obj.uuid),
        "betrokkene": obj.betrokkene,
        "informatieobject": ctx.url("enkelvoudiginformatieobjecten", obj.informatieobject.uuid),
        "aardRelatie": obj.aard_relatie,
        "toelichting": obj.toelichting,
        "ontvangstdatum": _d(obj.ontvangstdatum),
        "verzenddatum": _d(obj.verzenddatum),
        "contactPersoon": obj.contact_persoon,
        "contactpersoonnaam": obj.contactpersoonnaam,
        **{name: obj.adres.get(name) for name in ADRES_FIELDS},
        "mijnOverheid": bool(obj.adres.get("mijnOverheid", False)),
    }
