"""Input schemas of the Zaken API 1.7.0 (request bodies and query parameters).

`migration_fields` (a resource's `uuid`, the dates the standard sets to "now") are read in a
migration write only (ADR 0063, core.api.schemas.ApiSchema); otherwise they stay read-only.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from iwerk.core.api.schemas import (
    ApiSchema,
    DateTime,
    Duration,
    Objecttype,
    QuerySchema,
    Rsin,
    Text,
    Url,
    Vertrouwelijkheid,
)

Archiefnominatie = Literal["blijvend_bewaren", "vernietigen"]
Archiefstatus = Literal[
    "nog_te_archiveren", "gearchiveerd", "gearchiveerd_procestermijn_onbekend", "overgedragen"
]


class VerlengingIn(ApiSchema):
    reden: Text(200, required=True)
    duur: Duration


class OpschortingIn(ApiSchema):
    indicatie: bool
    reden: Text(200)
    eerdere_opschorting: bool | None = None


class ProcessobjectIn(ApiSchema):
    datumkenmerk: Text(250, required=True)
    identificatie: Text(250, required=True)
    objecttype: Text(250, required=True)
    registratie: Text(250, required=True)


class KenmerkIn(ApiSchema):
    kenmerk: Text(40, required=True)
    bron: Text(40, required=True)


class RelevanteZaakIn(ApiSchema):
    url: Annotated[Url, StringConstraints(max_length=1000)]
    aard_relatie: Literal["vervolg", "onderwerp", "bijdrage", "overig"]
    overige_relatie: Text(100) | None = None
    toelichting: Text(255) | None = None


class ZaakIn(ApiSchema):
    read_only = frozenset(
        {
            "url",
            "uuid",
            "einddatum",
            "betalingsindicatieWeergave",
            "deelzaken",
            "eigenschappen",
            "rollen",
            "status",
            "zaakinformatieobjecten",
            "zaakobjecten",
            "resultaat",
        }
    )
    migration_fields = frozenset({"uuid"})
    uuid: UUID | None = None
    identificatie: Text(40) = ""
    bronorganisatie: Rsin
    omschrijving: Text(80) = ""
    toelichting: Text(1000) = ""
    zaaktype: Url
    registratiedatum: date | None = None
    verantwoordelijke_organisatie: Rsin
    startdatum: date
    einddatum_gepland: date | None = None
    uiterlijke_einddatum_afdoening: date | None = None
    publicatiedatum: date | None = None
    communicatiekanaal: Url | Literal[""] = ""
    producten_of_diensten: list[Annotated[Url, StringConstraints(max_length=1000)]] = []
    vertrouwelijkheidaanduiding: Vertrouwelijkheid | None = None
    betalingsindicatie: Literal["nvt", "nog_niet", "gedeeltelijk", "geheel", ""] = ""
    laatste_betaaldatum: DateTime | None = None
    zaakgeometrie: dict | None = None
    verlenging: VerlengingIn | None = None
    opschorting: OpschortingIn | None = None
    selectielijstklasse: Url | Literal[""] = ""
    hoofdzaak: Url | None = None
    relevante_andere_zaken: list[RelevanteZaakIn] = []
    kenmerken: list[KenmerkIn] = []
    archiefnominatie: Archiefnominatie | Literal[""] | None = None
    archiefstatus: Archiefstatus = "nog_te_archiveren"
    archiefactiedatum: date | None = None
    opdrachtgevende_organisatie: Text(9) = ""
    processobjectaard: Text(200) | None = None
    startdatum_bewaartermijn: date | None = None
    processobject: ProcessobjectIn | None = None


class StatusIn(ApiSchema):
    read_only = frozenset({"url", "uuid", "indicatieLaatstGezetteStatus", "zaakinformatieobjecten"})
    migration_fields = frozenset({"uuid"})
    uuid: UUID | None = None
    zaak: Url
    statustype: Url
    datum_status_gezet: DateTime
    statustoelichting: Text(1000) = ""
    gezetdoor: Url | Literal[""] = ""


class ResultaatIn(ApiSchema):
    read_only = frozenset({"url", "uuid"})
    migration_fields = frozenset({"uuid"})
    uuid: UUID | None = None
    zaak: Url
    resultaattype: Url
    toelichting: Text(1000) = ""


class ZaakExtraFilters(BaseModel):
    """Filters of GET /zaken and POST /zaken/_zoek (1.7.0) beyond the 1.5 set, spelled as in the spec."""

    registratiedatum__gt: date | None = Field(default=None, alias="registratiedatum__gt")
    registratiedatum__lt: date | None = Field(default=None, alias="registratiedatum__lt")
    einddatum__gt: date | None = Field(default=None, alias="einddatum__gt")
    einddatum__lt: date | None = Field(default=None, alias="einddatum__lt")
    einddatum_gepland: date | None = Field(default=None, alias="einddatumGepland")
    einddatum_gepland__gt: date | None = Field(default=None, alias="einddatumGepland__gt")
    einddatum_gepland__lt: date | None = Field(default=None, alias="einddatumGepland__lt")
    uiterlijke_einddatum_afdoening: date | None = Field(
        default=None, alias="uiterlijkeEinddatumAfdoening"
    )
    uiterlijke_einddatum_afdoening__gt: date | None = Field(
        default=None, alias="uiterlijkeEinddatumAfdoening__gt"
    )
    uiterlijke_einddatum_afdoening__lt: date | None = Field(
        default=None, alias="uiterlijkeEinddatumAfdoening__lt"
    )
    rol__betrokkene_type: str | None = Field(default=None, alias="rol__betrokkeneType")
    rol__betrokkene: str | None = Field(default=None, alias="rol__betrokkene")
    rol__omschrijving_generiek: str | None = Field(default=None, alias="rol__omschrijvingGeneriek")
    rol__anp_identificatie: str | None = Field(
        default=None, alias="rol__betrokkeneIdentificatie__natuurlijkPersoon__anpIdentificatie"
    )
    rol__inp_a_nummer: str | None = Field(
        default=None, alias="rol__betrokkeneIdentificatie__natuurlijkPersoon__inpA_nummer"
    )
    rol__inn_nnp_id: str | None = Field(
        default=None, alias="rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId"
    )
    rol__ann_identificatie: str | None = Field(
        default=None, alias="rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__annIdentificatie"
    )
    rol__vestigings_nummer: str | None = Field(
        default=None, alias="rol__betrokkeneIdentificatie__vestiging__vestigingsNummer"
    )
    rol__medewerker: str | None = Field(
        default=None, alias="rol__betrokkeneIdentificatie__medewerker__identificatie"
    )
    rol__organisatorische_eenheid: str | None = Field(
        default=None,
        alias="rol__betrokkeneIdentificatie__organisatorischeEenheid__identificatie",
    )


class ZaakQuery(QuerySchema, ZaakExtraFilters):
    multi = frozenset({"bronorganisatie__in", "archiefnominatie__in", "archiefstatus__in"})
    identificatie: str | None = None
    bronorganisatie: str | None = None
    bronorganisatie__in: list[str] | None = Field(default=None, alias="bronorganisatie__in")
    zaaktype: str | None = None
    # The OAS gives these an enum: a value outside it is a 400, as for vertrouwelijkheidaanduiding
    # (an archive tool's typo must not read as "nothing due"); its __in lists are plain strings.
    archiefnominatie: Archiefnominatie | None = None
    # The OAS gives the __in lists plain strings (no enum): any value is accepted, as written.
    archiefnominatie__in: list[str] | None = Field(default=None, alias="archiefnominatie__in")
    archiefactiedatum: date | None = None
    archiefactiedatum__isnull: bool | None = Field(default=None, alias="archiefactiedatum__isnull")
    archiefactiedatum__lt: date | None = Field(default=None, alias="archiefactiedatum__lt")
    archiefactiedatum__gt: date | None = Field(default=None, alias="archiefactiedatum__gt")
    archiefstatus: Archiefstatus | None = None
    archiefstatus__in: list[str] | None = Field(default=None, alias="archiefstatus__in")
    startdatum: date | None = None
    startdatum__gt: date | None = Field(default=None, alias="startdatum__gt")
    startdatum__gte: date | None = Field(default=None, alias="startdatum__gte")
    startdatum__lt: date | None = Field(default=None, alias="startdatum__lt")
    startdatum__lte: date | None = Field(default=None, alias="startdatum__lte")
    registratiedatum: date | None = None
    einddatum: date | None = None
    einddatum__isnull: bool | None = Field(default=None, alias="einddatum__isnull")
    rol__betrokkene_identificatie__natuurlijk_persoon__inp_bsn: str | None = Field(
        default=None, alias="rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn"
    )
    maximale_vertrouwelijkheidaanduiding: Vertrouwelijkheid | None = None
    ordering: str | None = None
    page: int | None = None
    expand: str | None = None


class StatusQuery(QuerySchema):
    zaak: str | None = None
    statustype: str | None = None
    indicatie_laatst_gezette_status: bool | None = None
    page: int | None = None
    expand: str | None = None


class ResultaatQuery(QuerySchema):
    zaak: str | None = None
    resultaattype: str | None = None
    page: int | None = None
    expand: str | None = None


class DetailQuery(QuerySchema):
    expand: str | None = None


# --- Rollen --------------------------------------------------------------------------------


def _bsn(value: str) -> str:
    from pydantic_core import PydanticCustomError

    from iwerk.core.validators import rsin_error

    if value and rsin_error(value):
        raise PydanticCustomError("invalid", "Dit is geen geldig BSN (9 cijfers, elfproef).")
    return value


Bsn = Annotated[str, StringConstraints(max_length=9), AfterValidator(_bsn)]


class VerblijfsAdresIn(ApiSchema):
    aoa_identificatie: Text(100, required=True)
    wpl_woonplaats_naam: Text(80, required=True)
    gor_openbare_ruimte_naam: Text(80, required=True)
    aoa_postcode: Text(7) = ""
    aoa_huisnummer: Annotated[int, Field(ge=0, le=99999)]
    aoa_huisletter: Text(1) = ""
    aoa_huisnummertoevoeging: Text(4) = ""
    inp_locatiebeschrijving: Text(1000) = ""


class SubVerblijfBuitenlandIn(ApiSchema):
    lnd_landcode: Text(4, required=True)
    lnd_landnaam: Text(40, required=True)
    sub_adres_buitenland_1: Text(35) = Field(default="", alias="subAdresBuitenland_1")
    sub_adres_buitenland_2: Text(35) = Field(default="", alias="subAdresBuitenland_2")
    sub_adres_buitenland_3: Text(35) = Field(default="", alias="subAdresBuitenland_3")


class NatuurlijkPersoonIn(ApiSchema):
    inp_bsn: Bsn = ""
    anp_identificatie: Text(17) = ""
    inp_a_nummer: Text(10) = Field(default="", alias="inpA_nummer")
    geslachtsnaam: Text(200) = ""
    voorvoegsel_geslachtsnaam: Text(80) = ""
    voorletters: Text(20) = ""
    voornamen: Text(200) = ""
    geslachtsaanduiding: Literal["m", "v", "o", ""] = ""
    geboortedatum: Text(18) = ""
    verblijfsadres: VerblijfsAdresIn | None = None
    sub_verblijf_buitenland: SubVerblijfBuitenlandIn | None = None


class NietNatuurlijkPersoonIn(ApiSchema):
    inn_nnp_id: Text(9) = ""
    ann_identificatie: Text(17) = ""
    statutaire_naam: Text(500) = ""
    inn_rechtsvorm: Literal[
        "besloten_vennootschap",
        "economische_samenwerking",
        "europese_naamloze_vennootschap",
        "europese_cooperatieve_venootschap",
        "europese_economische_samenwerking",
        "kerkgenootschap",
        "naamloze_vennootschap",
        "onderlinge_waarborg_maatschappij",
        "overig_privaatrechtelijke_rechtspersoon",
        "stichting",
        "vereniging",
        "vereniging_van_eigenaars",
        "publiekrechtelijke_rechtspersoon",
        "vennootschap_onder_firma",
        "maatschap",
        "rederij",
        "commanditaire_vennootschap",
        "kapitaalvennootschap_binnen_eer",
        "overige_buitenlandse_rechtspersoon_vennootschap",
        "kapitaalvennootschap_buiten_eer",
        "",
    ] = ""
    bezoekadres: Text(1000) = ""
    sub_verblijf_buitenland: SubVerblijfBuitenlandIn | None = None


def _kvk(value: str) -> str:
    from pydantic_core import PydanticCustomError

    if value and (len(value) != 8 or not value.isdigit()):
        raise PydanticCustomError("invalid", "Een KvK-nummer bestaat uit 8 cijfers.")
    return value


class VestigingIn(ApiSchema):
    vestigings_nummer: Text(24) = ""
    handelsnaam: list[Text(625)] = []
    verblijfsadres: VerblijfsAdresIn | None = None
    sub_verblijf_buitenland: SubVerblijfBuitenlandIn | None = None
    kvk_nummer: Annotated[str, StringConstraints(max_length=8), AfterValidator(_kvk)] = ""


class OrganisatorischeEenheidIn(ApiSchema):
    identificatie: Text(24) = ""
    naam: Text(50) = ""
    is_gehuisvest_in: Text(24) = ""


class MedewerkerIn(ApiSchema):
    identificatie: Text(254) = ""
    achternaam: Text(200) = ""
    voorletters: Text(20) = ""
    voorvoegsel_achternaam: Text(10) = ""


BETROKKENE_SCHEMAS = {
    "natuurlijk_persoon": NatuurlijkPersoonIn,
    "niet_natuurlijk_persoon": NietNatuurlijkPersoonIn,
    "vestiging": VestigingIn,
    "organisatorische_eenheid": OrganisatorischeEenheidIn,
    "medewerker": MedewerkerIn,
}


class ContactPersoonRolIn(ApiSchema):
    emailadres: Text(254) = ""
    functie: Text(50) = ""
    telefoonnummer: Text(20) = ""
    naam: Text(40, required=True)


class RolIn(ApiSchema):
    read_only = frozenset(
        {"url", "uuid", "omschrijving", "omschrijvingGeneriek", "registratiedatum", "statussen"}
    )
    migration_fields = frozenset({"registratiedatum", "uuid"})
    uuid: UUID | None = None
    registratiedatum: DateTime | None = None
    zaak: Url
    betrokkene: Url | Literal[""] = ""
    betrokkene_type: Literal[
        "natuurlijk_persoon",
        "niet_natuurlijk_persoon",
        "vestiging",
        "organisatorische_eenheid",
        "medewerker",
    ]
    afwijkende_naam_betrokkene: Text(625) = ""
    roltype: Url
    roltoelichting: Text(1000) = ""
    indicatie_machtiging: Literal["gemachtigde", "machtiginggever", ""] = ""
    contactpersoon_rol: ContactPersoonRolIn | None = None
    betrokkene_identificatie: dict | None = None


class RolQuery(QuerySchema):
    zaak: str | None = None
    betrokkene: str | None = None
    betrokkene_type: str | None = None
    roltype: str | None = None
    omschrijving: str | None = None
    omschrijving_generiek: str | None = None
    inp_bsn: str | None = Field(
        default=None, alias="betrokkeneIdentificatie__natuurlijkPersoon__inpBsn"
    )
    medewerker: str | None = Field(
        default=None, alias="betrokkeneIdentificatie__medewerker__identificatie"
    )
    vestigingsnummer: str | None = Field(
        default=None, alias="betrokkeneIdentificatie__vestiging__vestigingsNummer"
    )
    anp_identificatie: str | None = Field(
        default=None, alias="betrokkeneIdentificatie__natuurlijkPersoon__anpIdentificatie"
    )
    inp_a_nummer: str | None = Field(
        default=None, alias="betrokkeneIdentificatie__natuurlijkPersoon__inpA_nummer"
    )
    inn_nnp_id: str | None = Field(
        default=None, alias="betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId"
    )
    ann_identificatie: str | None = Field(
        default=None, alias="betrokkeneIdentificatie__nietNatuurlijkPersoon__annIdentificatie"
    )
    organisatorische_eenheid: str | None = Field(
        default=None, alias="betrokkeneIdentificatie__organisatorischeEenheid__identificatie"
    )
    page: int | None = None
    expand: str | None = None


class GeoWithinIn(ApiSchema):
    within: dict


class ZaakZoekIn(ApiSchema, ZaakExtraFilters):
    """POST /zaken/_zoek: the list filters as a body, plus uuid__in, zaaktype__in and geometry."""

    model_config = ApiSchema.model_config | {"alias_generator": None, "populate_by_name": False}

    uuid__in: list[str] | None = None
    identificatie: str | None = None
    bronorganisatie: str | None = None
    bronorganisatie__in: list[str] | None = None
    zaaktype: str | None = None
    zaaktype__in: list[str] | None = None
    archiefnominatie: Archiefnominatie | None = None
    archiefnominatie__in: list[str] | None = None
    archiefactiedatum: date | None = None
    archiefactiedatum__isnull: bool | None = None
    archiefactiedatum__lt: date | None = None
    archiefactiedatum__gt: date | None = None
    archiefstatus: Archiefstatus | None = None
    archiefstatus__in: list[str] | None = None
    startdatum: date | None = None
    startdatum__gt: date | None = None
    startdatum__gte: date | None = None
    startdatum__lt: date | None = None
    startdatum__lte: date | None = None
    registratiedatum: date | None = None
    einddatum: date | None = None
    einddatum__isnull: bool | None = None
    maximale_vertrouwelijkheidaanduiding: Vertrouwelijkheid | None = Field(
        default=None, alias="maximaleVertrouwelijkheidaanduiding"
    )
    rol__betrokkene_identificatie__natuurlijk_persoon__inp_bsn: str | None = Field(
        default=None, alias="rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn"
    )
    zaakgeometrie: GeoWithinIn | None = None
    ordering: str | None = None
    expand: str | None = None
    fields: list[str | dict[str, list]] | None = None


class ZaakEigenschapIn(ApiSchema):
    read_only = frozenset({"url", "uuid", "naam"})
    migration_fields = frozenset({"uuid"})
    uuid: UUID | None = None
    zaak: Url
    eigenschap: Url
    waarde: str


class ReserveringIn(ApiSchema):
    bronorganisatie: Rsin
    aantal: int = 1


class KlantContactIn(ApiSchema):
    read_only = frozenset({"url", "uuid"})
    migration_fields = frozenset({"uuid"})
    uuid: UUID | None = None
    zaak: Url
    identificatie: Text(14) = ""
    datumtijd: DateTime
    kanaal: Text(20) = ""
    onderwerp: Text(200) = ""
    toelichting: Text(1000) = ""


class ZaakContactMomentIn(ApiSchema):
    read_only = frozenset({"url", "uuid"})
    migration_fields = frozenset({"uuid"})
    uuid: UUID | None = None
    zaak: Url
    contactmoment: Annotated[Url, StringConstraints(max_length=1000)]


class ZaakVerzoekIn(ApiSchema):
    read_only = frozenset({"url", "uuid"})
    migration_fields = frozenset({"uuid"})
    uuid: UUID | None = None
    zaak: Url
    verzoek: Annotated[Url, StringConstraints(max_length=1000)]


class ZaakLinkQuery(QuerySchema):
    zaak: str | None = None
    contactmoment: str | None = None
    verzoek: str | None = None
    page: int | None = None


class ZaakObjectIn(ApiSchema):
    read_only = frozenset({"url", "uuid"})
    migration_fields = frozenset({"uuid"})
    uuid: UUID | None = None
    zaak: Url
    object: Annotated[Url, StringConstraints(max_length=1000)] | Literal[""] = ""
    zaakobjecttype: Annotated[Url, StringConstraints(max_length=1000)] | None = None
    object_type: Objecttype
    object_type_overige: Annotated[str, StringConstraints(max_length=100, pattern=r"^[a-z_]*$")] = (
        ""
    )
    object_type_overige_definitie: dict | None = None
    relatieomschrijving: Text(80) = ""
    object_identificatie: dict | None = None


class ZaakObjectQuery(QuerySchema):
    zaak: str | None = None
    object: str | None = None
    object_type: str | None = None
    page: int | None = None
    expand: str | None = None


class ZaakNotitieIn(ApiSchema):
    read_only = frozenset({"url", "aanmaakdatum", "wijzigingsdatum"})
    migration_fields = frozenset({"uuid", "wijzigingsdatum", "aanmaakdatum"})
    uuid: UUID | None = None
    aanmaakdatum: DateTime | None = None
    wijzigingsdatum: DateTime | None = None
    onderwerp: Text(255, required=True)
    tekst: Text(required=True)
    aangemaakt_door: Text(255) = ""
    notitie_type: Literal["intern", "extern"] = "intern"
    status: Literal["concept", "definitief"] = "concept"
    gerelateerd_aan: Url


class ZaakNotitieQuery(QuerySchema):
    aangemaakt_door: str | None = None
    aangemaakt_door__icontains: str | None = Field(default=None, alias="aangemaaktDoor__icontains")
    aanmaakdatum: DateTime | None = None
    aanmaakdatum__gt: DateTime | None = Field(default=None, alias="aanmaakdatum__gt")
    aanmaakdatum__gte: DateTime | None = Field(default=None, alias="aanmaakdatum__gte")
    aanmaakdatum__lt: DateTime | None = Field(default=None, alias="aanmaakdatum__lt")
    aanmaakdatum__lte: DateTime | None = Field(default=None, alias="aanmaakdatum__lte")
    wijzigingsdatum: DateTime | None = None
    wijzigingsdatum__gt: DateTime | None = Field(default=None, alias="wijzigingsdatum__gt")
    wijzigingsdatum__gte: DateTime | None = Field(default=None, alias="wijzigingsdatum__gte")
    wijzigingsdatum__lt: DateTime | None = Field(default=None, alias="wijzigingsdatum__lt")
    wijzigingsdatum__lte: DateTime | None = Field(default=None, alias="wijzigingsdatum__lte")
    gerelateerd_aan: str | None = None
    notitie_type: Literal["intern", "extern"] | None = None
    onderwerp: str | None = None
    onderwerp__icontains: str | None = Field(default=None, alias="onderwerp__icontains")
    status: Literal["concept", "definitief"] | None = None
    tekst: str | None = None
    tekst__icontains: str | None = Field(default=None, alias="tekst__icontains")
    page: int | None = None
    page_size: Annotated[int, Field(ge=1, le=100)] | None = None


class ZaakInformatieObjectIn(ApiSchema):
    read_only = frozenset({"url", "uuid", "aardRelatieWeergave", "registratiedatum"})
    migration_fields = frozenset({"registratiedatum", "uuid"})
    uuid: UUID | None = None
    registratiedatum: DateTime | None = None
    informatieobject: Annotated[Url, StringConstraints(max_length=1000)]
    zaak: Annotated[Url, StringConstraints(max_length=1000)]
    titel: Text(200) = ""
    beschrijving: Text() = ""
    vernietigingsdatum: DateTime | None = None
    status: Annotated[Url, StringConstraints(max_length=1000)] | None = None


class ZaakInformatieObjectQuery(QuerySchema):
    zaak: str | None = None
    informatieobject: str | None = None
    expand: str | None = None


class ZaakBesluitIn(ApiSchema):
    read_only = frozenset({"url", "uuid"})
    besluit: Annotated[Url, StringConstraints(max_length=1000)]
