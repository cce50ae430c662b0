"""Input schemas of the Zaken API 1.7.0 (request bodies and query parameters)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, StringConstraints

from iwerk.core.api.schemas import ApiSchema, Duration, QuerySchema, Rsin, Url

Vertrouwelijkheid = Literal[
    "openbaar",
    "beperkt_openbaar",
    "intern",
    "zaakvertrouwelijk",
    "vertrouwelijk",
    "confidentieel",
    "geheim",
    "zeer_geheim",
]
Archiefnominatie = Literal["blijvend_bewaren", "vernietigen"]
Archiefstatus = Literal[
    "nog_te_archiveren", "gearchiveerd", "gearchiveerd_procestermijn_onbekend", "overgedragen"
]


def S(max_length: int | None = None, *, required: bool = False):  # noqa: N802 - reads like a type
    return Annotated[
        str, StringConstraints(max_length=max_length, min_length=1 if required else None)
    ]


class VerlengingIn(ApiSchema):
    reden: S(200, required=True)
    duur: Duration


class OpschortingIn(ApiSchema):
    indicatie: bool
    reden: S(200)
    eerdere_opschorting: bool | None = None


class ProcessobjectIn(ApiSchema):
    datumkenmerk: S(250, required=True)
    identificatie: S(250, required=True)
    objecttype: S(250, required=True)
    registratie: S(250, required=True)


class KenmerkIn(ApiSchema):
    kenmerk: S(40, required=True)
    bron: S(40, required=True)


class RelevanteZaakIn(ApiSchema):
    url: Annotated[Url, StringConstraints(max_length=1000)]
    aard_relatie: Literal["vervolg", "onderwerp", "bijdrage", "overig"]
    overige_relatie: S(100) | None = None
    toelichting: S(255) | None = None


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
    identificatie: S(40) = ""
    bronorganisatie: Rsin
    omschrijving: S(80) = ""
    toelichting: S(1000) = ""
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
    laatste_betaaldatum: AwareDatetime | None = None
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
    opdrachtgevende_organisatie: S(9) = ""
    processobjectaard: S(200) | None = None
    startdatum_bewaartermijn: date | None = None
    processobject: ProcessobjectIn | None = None


class StatusIn(ApiSchema):
    read_only = frozenset({"url", "uuid", "indicatieLaatstGezetteStatus", "zaakinformatieobjecten"})
    zaak: Url
    statustype: Url
    datum_status_gezet: AwareDatetime | datetime
    statustoelichting: S(1000) = ""
    gezetdoor: Url | Literal[""] = ""


class ResultaatIn(ApiSchema):
    read_only = frozenset({"url", "uuid"})
    zaak: Url
    resultaattype: Url
    toelichting: S(1000) = ""


class ZaakQuery(QuerySchema):
    multi = frozenset({"bronorganisatie__in", "archiefnominatie__in", "archiefstatus__in"})
    identificatie: str | None = None
    bronorganisatie: str | None = None
    bronorganisatie__in: list[str] | None = Field(default=None, alias="bronorganisatie__in")
    zaaktype: str | None = None
    archiefnominatie: str | None = None
    archiefnominatie__in: list[str] | None = Field(default=None, alias="archiefnominatie__in")
    archiefactiedatum: date | None = None
    archiefactiedatum__isnull: bool | None = Field(default=None, alias="archiefactiedatum__isnull")
    archiefactiedatum__lt: date | None = Field(default=None, alias="archiefactiedatum__lt")
    archiefactiedatum__gt: date | None = Field(default=None, alias="archiefactiedatum__gt")
    archiefstatus: str | None = None
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
