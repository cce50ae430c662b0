"""Input schemas of the Catalogi API 1.3.3 (request bodies and query parameters).

Every resource's `uuid` (not part of its representation) is read in a migration write only
(`migration_fields`, ADR 0063); otherwise it is an unknown field, ignored and named.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, StringConstraints

from iwerk.core.api.schemas import (
    ApiSchema,
    Duration,
    Email,
    Objecttype,
    QuerySchema,
    Rsin,
    Text,
    Url,
    Vertrouwelijkheid,
)


class CatalogusIn(ApiSchema):
    read_only = frozenset(
        {
            "url",
            "zaaktypen",
            "besluittypen",
            "besluittypeOmschrijving",
            "informatieobjecttypen",
            "informatieobjecttypeOmschrijving",
        }
    )
    migration_fields = frozenset({"uuid"})
    uuid: UUID | None = None
    domein: Text(5, required=True)
    rsin: Rsin
    contactpersoon_beheer_naam: Text(40, required=True)
    contactpersoon_beheer_telefoonnummer: Text(20) = ""
    contactpersoon_beheer_emailadres: Annotated[Email, StringConstraints(max_length=254)] = ""
    naam: Text(200) | None = None
    versie: Text(20) | None = None
    begindatum_versie: date | None = None


class ReferentieProcesIn(ApiSchema):
    naam: Text(80, required=True)
    link: Url | Literal[""] = ""


class BronCatalogusIn(ApiSchema):
    url: Url
    domein: Text(5, required=True)
    rsin: Text(9, required=True)


class BronZaaktypeIn(ApiSchema):
    url: Url
    identificatie: Text(50, required=True)
    omschrijving: Text(80, required=True)


class ZaakTypenRelatieIn(ApiSchema):
    read_only = frozenset({"zaaktypeIdentificatie"})
    zaaktype: Text(200, required=True)
    aard_relatie: Literal["vervolg", "bijdrage", "onderwerp"]
    toelichting: Text(255) = ""


class ZaakTypeIn(ApiSchema):
    read_only = frozenset(
        {
            "url",
            "concept",
            "zaakobjecttypen",
            "statustypen",
            "resultaattypen",
            "eigenschappen",
            "informatieobjecttypen",
            "roltypen",
            "besluittypeOmschrijving",
            "informatieobjecttypeOmschrijving",
            "deelzaaktypeIdentificaties",
            "resultaattypeOmschrijving",
        }
    )
    migration_fields = frozenset({"uuid"})
    uuid: UUID | None = None
    identificatie: Text(50, required=True)
    omschrijving: Text(80, required=True)
    omschrijving_generiek: Text(80) = ""
    vertrouwelijkheidaanduiding: Vertrouwelijkheid
    doel: Text(required=True)
    aanleiding: Text(required=True)
    toelichting: str = ""
    indicatie_intern_of_extern: Literal["intern", "extern"]
    handeling_initiator: Text(20, required=True)
    onderwerp: Text(80, required=True)
    handeling_behandelaar: Text(20, required=True)
    doorlooptijd: Duration
    servicenorm: Duration | None = None
    opschorting_en_aanhouding_mogelijk: bool
    verlenging_mogelijk: bool
    verlengingstermijn: Duration | None = None
    trefwoorden: list[Text(30)] = []
    publicatie_indicatie: bool
    publicatietekst: str = ""
    verantwoordingsrelatie: list[Text(40)] = []
    producten_of_diensten: list[Annotated[Url, StringConstraints(max_length=1000)]]
    selectielijst_procestype: Annotated[Url, StringConstraints(max_length=200)] | Literal[""] = ""
    referentieproces: ReferentieProcesIn
    verantwoordelijke: Text(50, required=True)
    broncatalogus: BronCatalogusIn | None = None
    bronzaaktype: BronZaaktypeIn | None = None
    catalogus: Url
    besluittypen: list[Url]
    deelzaaktypen: list[Url] = []
    gerelateerde_zaaktypen: list[ZaakTypenRelatieIn]
    begin_geldigheid: date
    einde_geldigheid: date | None = None
    begin_object: date | None = None
    einde_object: date | None = None
    versiedatum: date | None = None


class InformatieObjectTypeOmschrijvingGeneriekIn(ApiSchema):
    informatieobjecttype_omschrijving_generiek: Text(80, required=True)
    definitie_informatieobjecttype_omschrijving_generiek: Text(255, required=True)
    herkomst_informatieobjecttype_omschrijving_generiek: Text(12, required=True)
    hierarchie_informatieobjecttype_omschrijving_generiek: Text(80, required=True)
    opmerking_informatieobjecttype_omschrijving_generiek: Text(255) | None = None


class InformatieObjectTypeIn(ApiSchema):
    read_only = frozenset(
        {
            "url",
            "concept",
            "zaaktypen",
            "zaaktypeIdentificaties",
            "besluittypen",
            "besluittypeOmschrijving",
        }
    )
    migration_fields = frozenset({"uuid"})
    uuid: UUID | None = None
    catalogus: Url
    omschrijving: Text(80, required=True)
    vertrouwelijkheidaanduiding: Vertrouwelijkheid
    begin_geldigheid: date
    einde_geldigheid: date | None = None
    begin_object: date | None = None
    einde_object: date | None = None
    informatieobjectcategorie: Text(80, required=True)
    trefwoord: list[Text(30)] = []
    omschrijving_generiek: InformatieObjectTypeOmschrijvingGeneriekIn | None = None


class BesluitTypeIn(ApiSchema):
    read_only = frozenset(
        {
            "url",
            "concept",
            "zaaktypen",
            "zaaktypeIdentificaties",
            "resultaattypen",
            "resultaattypenOmschrijving",
            "vastgelegdIn",
            "informatieobjecttypeOmschrijvingen",
        }
    )
    migration_fields = frozenset({"uuid"})
    uuid: UUID | None = None
    catalogus: Url
    omschrijving: Text(80) = ""
    omschrijving_generiek: Text(80) = ""
    besluitcategorie: Text(40) = ""
    reactietermijn: Duration | None = None
    publicatie_indicatie: bool
    publicatietekst: str = ""
    publicatietermijn: Duration | None = None
    toelichting: str = ""
    informatieobjecttypen: list[str]
    begin_geldigheid: date
    einde_geldigheid: date | None = None
    begin_object: date | None = None
    einde_object: date | None = None


class ChildIn(ApiSchema):
    """Fields every zaaktype child shares (ztc-010 types)."""

    migration_fields = frozenset({"uuid"})
    uuid: UUID | None = None
    zaaktype: Url
    begin_geldigheid: date | None = None
    einde_geldigheid: date | None = None
    begin_object: date | None = None
    einde_object: date | None = None


class CheckListItemIn(ApiSchema):
    itemnaam: Text(30, required=True)
    toelichting: Text(1000) | None = None
    vraagstelling: Text(255, required=True)
    verplicht: bool = False


class StatusTypeIn(ChildIn):
    read_only = frozenset({"url", "catalogus", "zaaktypeIdentificatie", "isEindstatus"})
    omschrijving: Text(80, required=True)
    omschrijving_generiek: Text(80) = ""
    statustekst: Text(1000) = ""
    volgnummer: Annotated[int, Field(ge=1, le=9999)]
    informeren: bool = False
    doorlooptijd: Duration | None = None
    toelichting: Text(1000) | None = None
    checklistitem_statustype: list[CheckListItemIn] = []
    eigenschappen: list[Url] = []


class RolTypeIn(ChildIn):
    read_only = frozenset({"url", "zaaktypeIdentificatie"})
    omschrijving: Text(100, required=True)
    omschrijving_generiek: Literal[
        "adviseur",
        "behandelaar",
        "belanghebbende",
        "beslisser",
        "initiator",
        "klantcontacter",
        "zaakcoordinator",
        "mede_initiator",
    ]
    catalogus: Url | None = None


class BrondatumArchiefprocedureIn(ApiSchema):
    afleidingswijze: Literal[
        "afgehandeld",
        "ander_datumkenmerk",
        "eigenschap",
        "gerelateerde_zaak",
        "hoofdzaak",
        "ingangsdatum_besluit",
        "termijn",
        "vervaldatum_besluit",
        "zaakobject",
    ]
    datumkenmerk: Text(80) = ""
    einddatum_bekend: bool = False
    objecttype: Objecttype | Literal[""] = ""
    registratie: Text(80) = ""
    procestermijn: Duration | None = None


class ResultaatTypeIn(ChildIn):
    read_only = frozenset(
        {
            "url",
            "zaaktypeIdentificatie",
            "omschrijvingGeneriek",
            "besluittypeOmschrijving",
            "informatieobjecttypeOmschrijving",
        }
    )
    omschrijving: Text(30, required=True)
    resultaattypeomschrijving: Annotated[Url, StringConstraints(max_length=1000)]
    selectielijstklasse: Annotated[Url, StringConstraints(max_length=1000)]
    toelichting: str = ""
    archiefnominatie: Literal["blijvend_bewaren", "vernietigen", ""] = ""
    archiefactietermijn: Duration | None = None
    brondatum_archiefprocedure: BrondatumArchiefprocedureIn | None = None
    procesobjectaard: Text(200) | None = None
    catalogus: Url | None = None
    indicatie_specifiek: bool | None = None
    procestermijn: Duration | None = None
    besluittypen: list[Url] = []
    informatieobjecttypen: list[Url] = []


class EigenschapSpecificatieIn(ApiSchema):
    groep: Text(32) = ""
    formaat: Literal["tekst", "getal", "datum", "datum_tijd"]
    lengte: Text(14, required=True)
    kardinaliteit: Text(3, required=True)
    waardenverzameling: list[Text(100)] = []


class EigenschapIn(ChildIn):
    read_only = frozenset({"url", "catalogus", "zaaktypeIdentificatie"})
    naam: Text(20, required=True)
    definitie: Text(255, required=True)
    specificatie: EigenschapSpecificatieIn
    toelichting: Text(1000) = ""
    statustype: Url | None = None


class ZaakObjectTypeIn(ChildIn):
    read_only = frozenset(
        {
            "url",
            "zaaktypeIdentificatie",
            "resultaattypen",
            "resultaattypeOmschrijving",
            "statustypen",
        }
    )
    ander_objecttype: bool
    objecttype: Annotated[Url, StringConstraints(max_length=200)]
    relatie_omschrijving: Text(80, required=True)
    catalogus: Url
    begin_geldigheid: date | None = None


class ZaakTypeInformatieObjectTypeIn(ApiSchema):
    read_only = frozenset({"url", "catalogus", "zaaktypeIdentificatie"})
    migration_fields = frozenset({"uuid"})
    uuid: UUID | None = None
    zaaktype: Url
    informatieobjecttype: Text(1000, required=True)
    volgnummer: Annotated[int, Field(ge=1, le=999)]
    richting: Literal["inkomend", "intern", "uitgaand"]
    statustype: Url | None = None


# --- Query parameters -------------------------------------------------------------

Status = Literal["alles", "concept", "definitief"]


class ListQuery(QuerySchema):
    page: int | None = None
    expand: str | None = None


class CatalogusQuery(ListQuery):
    multi = frozenset({"domein__in", "rsin__in"})
    domein: str | None = None
    domein__in: list[str] | None = Field(default=None, alias="domein__in")
    rsin: str | None = None
    rsin__in: list[str] | None = Field(default=None, alias="rsin__in")


class ZaakTypeQuery(ListQuery):
    multi = frozenset({"trefwoorden"})
    catalogus: str | None = None
    identificatie: str | None = None
    trefwoorden: list[str] | None = None
    status: Status = "definitief"
    datum_geldigheid: date | None = None


class InformatieObjectTypeQuery(ListQuery):
    catalogus: str | None = None
    status: Status = "definitief"
    datum_geldigheid: date | None = None
    omschrijving: str | None = None


class BesluitTypeQuery(ListQuery):
    catalogus: str | None = None
    zaaktypen: str | None = None
    informatieobjecttypen: str | None = None
    status: Status = "definitief"
    omschrijving: str | None = None
    datum_geldigheid: date | None = None


class ChildQuery(ListQuery):
    zaaktype: str | None = None
    zaaktype_identificatie: str | None = None
    status: Status = "definitief"
    datum_geldigheid: date | None = None


class RolTypeQuery(ChildQuery):
    omschrijving_generiek: str | None = None


class ResultaatTypeQuery(ChildQuery):
    # 1.3.3 lists both spellings of these two parameters.
    zaaktype_identificatie_snake: str | None = Field(default=None, alias="zaaktype_identificatie")
    datum_geldigheid_snake: date | None = Field(default=None, alias="datum_geldigheid")


class ZaakObjectTypeQuery(ListQuery):
    ander_objecttype: bool | None = None
    catalogus: str | None = None
    datum_begin_geldigheid: date | None = None
    datum_einde_geldigheid: date | None = None
    datum_geldigheid: date | None = None
    objecttype: str | None = None
    relatie_omschrijving: str | None = None
    zaaktype: str | None = None
    zaaktype_identificatie: str | None = None


class ZiotQuery(ListQuery):
    zaaktype: str | None = None
    informatieobjecttype: str | None = None
    richting: Literal["inkomend", "intern", "uitgaand"] | None = None
    status: Status = "definitief"


class DetailQuery(QuerySchema):
    expand: str | None = None


class ZaakTypeDetailQuery(DetailQuery):
    datum_geldigheid: date | None = None
