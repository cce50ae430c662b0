"""What the resource modules share: the reference and identificator schemas, and the one
rendering of the address and contactnaam groups (partijen and betrokkenen alike).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from pydantic import Field

from iwerk.core.api.schemas import ApiSchema, Text
from iwerk.klantinteracties.models import (
    ADRES_VELDEN,
)

BRONNEN: list = []  # this module declares no resource of its own


class Verwijzing(ApiSchema):
    """A reference as the API takes it: {"uuid": …} (its url is read-only)."""

    read_only = frozenset({"url"})
    uuid: UUID


class Objectidentificator(ApiSchema):
    """objectId, codeObjecttype, codeRegister, codeSoortObjectId of an object elsewhere."""

    object_id: Text(200) = ""
    code_objecttype: Text(200) = ""
    code_register: Text(200) = ""
    code_soort_object_id: Text(200) = ""


class Adres(ApiSchema):
    nummeraanduiding_id: str = Field(default="", max_length=16, pattern=r"^([0-9]{16})?$")
    straatnaam: Text(255) = ""
    huisnummer: int | None = Field(default=None, ge=1, le=99999)
    huisnummertoevoeging: Text(20) = ""
    postcode: str = Field(default="", max_length=7, pattern=r"^([1-9][0-9]{3} [A-Z]{2})?$")
    stad: Text(255) = ""
    adresregel1: Text(80) = ""
    adresregel2: Text(80) = ""
    adresregel3: Text(80) = ""
    land: str = Field(default="", pattern=r"^([A-Za-z]{2})?$")


class Contactnaam(ApiSchema):
    voorletters: Text(10) = ""
    voornaam: Text(200) = ""
    voorvoegsel_achternaam: Text(10) = ""
    achternaam: Text(200) = ""


def identificator_json(obj: Any) -> dict[str, str]:
    return {
        "objectId": obj.object_id,
        "codeObjecttype": obj.code_objecttype,
        "codeRegister": obj.code_register,
        "codeSoortObjectId": obj.code_soort_object_id,
    }


def uuid_uit(waarde: str | None) -> UUID | None:
    """The uuid a `…__url` filter names (the last part of its path); None for none."""
    if not waarde:
        return None
    try:
        return UUID(urlsplit(waarde).path.rstrip("/").rsplit("/", 1)[-1])
    except ValueError:
        return None


_ADRES_API = {
    "nummeraanduiding_id": "nummeraanduidingId",
    "straatnaam": "straatnaam",
    "huisnummer": "huisnummer",
    "huisnummertoevoeging": "huisnummertoevoeging",
    "postcode": "postcode",
    "stad": "stad",
    "adresregel1": "adresregel1",
    "adresregel2": "adresregel2",
    "adresregel3": "adresregel3",
    "land": "land",
}


def adres_json(obj: Any, prefix: str) -> dict | None:
    """An address group: null when nothing of it is filled in, else its filled-in parts (an
    empty postcode, land or nummeraanduidingId would break the API's own patterns)."""
    waarden = {
        _ADRES_API[veld]: getattr(obj, f"{prefix}_{veld}")
        for veld in ADRES_VELDEN
        if getattr(obj, f"{prefix}_{veld}") not in ("", None)
    }
    return waarden or None


def contactnaam_groep(obj: Any) -> dict[str, str]:
    """The contactnaam group with all four parts (empty ones as ""): a partij's
    partijIdentificatie always has it."""
    return {
        "voorletters": obj.contactnaam_voorletters,
        "voornaam": obj.contactnaam_voornaam,
        "voorvoegselAchternaam": obj.contactnaam_voorvoegsel_achternaam,
        "achternaam": obj.contactnaam_achternaam,
    }


def contactnaam_json(obj: Any) -> dict | None:
    """A betrokkene's contactnaam: null when no part of it is filled in."""
    waarden = contactnaam_groep(obj)
    return waarden if any(waarden.values()) else None
