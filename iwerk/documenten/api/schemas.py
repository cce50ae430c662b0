"""Request bodies and query strings of the Documenten API 1.7.0."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from iwerk.core.api.schemas import (
    ApiSchema,
    DateTime,
    Email,
    QuerySchema,
    Rsin,
    Text,
    Url,
    Vertrouwelijkheid,
)

Status = Literal["in_bewerking", "ter_vaststelling", "definitief", "gearchiveerd"]
Algoritme = Literal[
    "crc_16",
    "crc_32",
    "crc_64",
    "fletcher_4",
    "fletcher_8",
    "fletcher_16",
    "fletcher_32",
    "hmac",
    "md5",
    "sha_1",
    "sha_256",
    "sha_512",
    "sha_3",
]
_UNSAFE_NAME = re.compile(r"[\\/\x00-\x1f]|^\.+$|\.\.")
_TAAL = re.compile(r"^[a-z]{3}$")


def _check_bestandsnaam(value: str) -> str:
    # A file name, never a path: it ends up in Content-Disposition and in users' downloads.
    if _UNSAFE_NAME.search(value):
        raise PydanticCustomError(
            "invalid", "Een bestandsnaam mag geen pad, '..' of stuurtekens bevatten."
        )
    return value


def _check_taal(value: str) -> str:
    if not _TAAL.match(value):
        raise PydanticCustomError(
            "invalid", "Gebruik een taalcode van drie kleine letters (ISO 639-2/B), zoals 'dut'."
        )
    return value


Bestandsnaam = Annotated[
    str, StringConstraints(max_length=255), AfterValidator(_check_bestandsnaam)
]
Taal = Annotated[str, AfterValidator(_check_taal)]


class IntegriteitIn(ApiSchema):
    algoritme: Algoritme
    waarde: Text(128, required=True)
    datum: date


class OndertekeningIn(ApiSchema):
    soort: Literal["analoog", "digitaal", "pki"]
    datum: date


class DocumentIn(ApiSchema):
    read_only = frozenset({"url", "versie", "beginRegistratie", "locked", "bestandsdelen"})
    # Read in a migration write only (ADR 0063, core.api.schemas.ApiSchema.migration_fields).
    migration_fields = frozenset({"uuid", "beginRegistratie"})
    uuid: UUID | None = None
    begin_registratie: DateTime | None = None
    identificatie: Text(40) = ""
    bronorganisatie: Rsin
    creatiedatum: date
    titel: Text(200, required=True)
    vertrouwelijkheidaanduiding: Vertrouwelijkheid | Literal[""] | None = None
    is_gereed_voor_publicatie: bool | None = None
    tonen_aan_initiator: bool = False
    auteur: Text(200, required=True)
    status: Status | Literal[""] = ""
    inhoud_is_vervallen: bool | None = None
    formaat: Text(255) = ""
    taal: Taal
    bestandsnaam: Bestandsnaam = ""
    inhoud: str | None = None
    bestandsomvang: Annotated[int, Field(ge=0)] | None = None
    link: Annotated[Url, StringConstraints(max_length=200)] | Literal[""] = ""
    beschrijving: Text(1000) = ""
    ontvangstdatum: date | None = None
    verzenddatum: date | None = None
    indicatie_gebruiksrecht: bool | None = None
    verschijningsvorm: Text() = ""
    ondertekening: OndertekeningIn | None = None
    integriteit: IntegriteitIn | None = None
    informatieobjecttype: Annotated[Url, StringConstraints(max_length=200)]
    trefwoorden: list[Text(100)] = []


class DocumentUpdateIn(DocumentIn):
    lock: Text(100, required=True)


class DocumentQuery(QuerySchema):
    multi = frozenset({"trefwoorden"})
    identificatie: str | None = None
    bronorganisatie: str | None = None
    objectinformatieobjecten_object: str | None = Field(
        default=None, alias="objectinformatieobjecten_object"
    )
    objectinformatieobjecten_object_type: Literal["besluit", "zaak", "verzoek"] | None = Field(
        default=None, alias="objectinformatieobjecten_objectType"
    )
    trefwoorden: list[str] | None = None
    expand: str | None = None
    page: int | None = None


class DocumentDetailQuery(QuerySchema):
    versie: int | None = None
    registratie_op: DateTime | None = None
    expand: str | None = None


class VersionQuery(QuerySchema):
    versie: int | None = None
    registratie_op: DateTime | None = None


class DocumentZoekIn(ApiSchema):
    uuid__in: list[str] = Field(alias="uuid__in")
    identificatie: str | None = None
    bronorganisatie: str | None = None
    expand: str | None = None


class PageQuery(QuerySchema):
    page: int | None = None


class UnlockIn(ApiSchema):
    lock: Text(100) = ""


class GebruiksrechtIn(ApiSchema):
    read_only = frozenset({"url"})
    migration_fields = frozenset({"uuid"})
    uuid: UUID | None = None
    informatieobject: Url
    startdatum: DateTime
    einddatum: DateTime | None = None
    omschrijving_voorwaarden: Text(required=True)


class GebruiksrechtQuery(QuerySchema):
    informatieobject: str | None = None
    startdatum__lt: DateTime | None = Field(default=None, alias="startdatum__lt")
    startdatum__lte: DateTime | None = Field(default=None, alias="startdatum__lte")
    startdatum__gt: DateTime | None = Field(default=None, alias="startdatum__gt")
    startdatum__gte: DateTime | None = Field(default=None, alias="startdatum__gte")
    einddatum__lt: DateTime | None = Field(default=None, alias="einddatum__lt")
    einddatum__lte: DateTime | None = Field(default=None, alias="einddatum__lte")
    einddatum__gt: DateTime | None = Field(default=None, alias="einddatum__gt")
    einddatum__gte: DateTime | None = Field(default=None, alias="einddatum__gte")
    expand: str | None = None


class ObjectInformatieObjectIn(ApiSchema):
    read_only = frozenset({"url"})
    informatieobject: Url
    object: Annotated[Url, StringConstraints(max_length=1000)]
    object_type: Literal["besluit", "zaak", "verzoek"]


class ObjectInformatieObjectQuery(QuerySchema):
    object: str | None = None
    informatieobject: str | None = None
    expand: str | None = None


class BinnenlandsAdresIn(ApiSchema):
    huisletter: Text(1) = ""
    huisnummer: int
    huisnummer_toevoeging: Text(4) = ""
    naam_openbare_ruimte: Text(80, required=True)
    postcode: Text(6) = ""
    woonplaatsnaam: Text(80, required=True)


class BuitenlandsAdresIn(ApiSchema):
    adres_buitenland1: Text(35, required=True)
    adres_buitenland2: Text(35) = ""
    adres_buitenland3: Text(35) = ""
    land_postadres: Annotated[Url, StringConstraints(max_length=200)]


class PostadresIn(ApiSchema):
    post_bus_of_antwoordnummer: int
    postadres_postcode: Text(6, required=True)
    postadres_type: Literal["antwoordnummer", "postbusnummer"]
    woonplaatsnaam: Text(80, required=True)


class VerzendingIn(ApiSchema):
    read_only = frozenset({"url"})
    migration_fields = frozenset({"uuid"})
    uuid: UUID | None = None
    betrokkene: Annotated[Url, StringConstraints(max_length=200)]
    informatieobject: Url
    aard_relatie: Literal["afzender", "geadresseerde"]
    toelichting: Text(200) = ""
    ontvangstdatum: date | None = None
    verzenddatum: date | None = None
    contact_persoon: Annotated[Url, StringConstraints(max_length=1000)]
    contactpersoonnaam: Text(40) = ""
    binnenlands_correspondentieadres: BinnenlandsAdresIn | None = None
    buitenlands_correspondentieadres: BuitenlandsAdresIn | None = None
    correspondentie_postadres: PostadresIn | None = None
    faxnummer: Text(15) | None = None
    emailadres: Annotated[Email, StringConstraints(max_length=100)] | None = None
    mijn_overheid: bool = False
    telefoonnummer: Text(15) | None = None


class VerzendingQuery(QuerySchema):
    aard_relatie: Literal["afzender", "geadresseerde"] | None = None
    informatieobject: str | None = None
    betrokkene: str | None = None
    expand: str | None = None
    page: int | None = None
