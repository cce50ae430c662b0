"""categorieen and categorie-relaties: how the gemeente groups partijen (experimental in 0.9.0)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from pydantic import Field

from iwerk.core.api.schemas import ApiSchema, QuerySchema, Text
from iwerk.klantinteracties.api.bron import PREFIX, Bron, Context
from iwerk.klantinteracties.models import Categorie, CategorieRelatie
from iwerk.klantinteracties.services import categorieen as services

_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


def uuid_uit_url(url: str, collectie: str) -> str | None:
    """The uuid in a URL of this API's collectie (a `…__url` filter), or None for any other URL
    (then nothing matches, as the reference's URL filter finds no object)."""
    gevonden = re.search(rf"{re.escape(PREFIX)}/{collectie}/({_UUID})/?$", url)
    return gevonden.group(1) if gevonden else None


def op_url(qs: QuerySet, veld: str, url: str | None, collectie: str) -> QuerySet:
    if url is None:
        return qs
    uuid = uuid_uit_url(url, collectie)
    return qs.filter(**{veld: uuid}) if uuid else qs.none()


class CategorieIn(ApiSchema):
    read_only = frozenset({"uuid", "url"})
    naam: Text(80) = ""


class Lijst(QuerySchema):
    page: int | None = None
    page_size: int | None = Field(default=None, alias="pageSize")


def categorie_json(obj: Categorie, ctx: Context) -> dict[str, Any]:
    return {"uuid": str(obj.uuid), "url": ctx.url("categorieen", obj.uuid), "naam": obj.naam}


CATEGORIE = Bron(
    naam="categorieen",
    model=Categorie,
    weergave=categorie_json,
    query=Lijst,
    schema=CategorieIn,
    aanmaken=lambda wie, data, request: services.categorie_aanmaken(wie, data.naam, request),
    bijwerken=lambda wie, obj, data, request: services.categorie_bijwerken(wie, obj, data.naam),
    verwijderen=services.categorie_verwijderen,
)


class Verwijzing(ApiSchema):
    """{"uuid": …} of another object; its url (and naam) are read-only."""

    read_only = frozenset({"url", "naam"})
    uuid: UUID


class CategorieRelatieIn(ApiSchema):
    read_only = frozenset({"uuid", "url"})
    partij: Verwijzing | None = None
    categorie: Verwijzing | None = None
    begin_datum: date | None = None
    eind_datum: date | None = None


class RelatieLijst(Lijst):
    begin_datum: date | None = None
    eind_datum: date | None = None
    categorie_naam: str | None = Field(default=None, alias="categorie__naam")
    categorie_url: str | None = Field(default=None, alias="categorie__url")
    categorie_uuid: UUID | None = Field(default=None, alias="categorie__uuid")
    partij_nummer: str | None = Field(default=None, alias="partij__nummer")
    partij_url: str | None = Field(default=None, alias="partij__url")
    partij_uuid: UUID | None = Field(default=None, alias="partij__uuid")


def categorie_relatie_json(obj: CategorieRelatie, ctx: Context) -> dict[str, Any]:
    categorie = obj.categorie
    return {
        "uuid": str(obj.uuid),
        "url": ctx.url("categorie-relaties", obj.uuid),
        "partij": ctx.fk("partijen", obj.partij.uuid if obj.partij else None),
        "categorie": None
        if categorie is None
        else {**ctx.fk("categorieen", categorie.uuid), "naam": categorie.naam},  # type: ignore[dict-item]
        "beginDatum": obj.begin_datum.isoformat() if obj.begin_datum else None,
        "eindDatum": obj.eind_datum.isoformat() if obj.eind_datum else None,
    }


def _relatie_filter(qs: QuerySet, q: RelatieLijst, request: Any) -> QuerySet:
    gelijk = {
        "begin_datum": q.begin_datum,
        "eind_datum": q.eind_datum,
        "categorie__naam": q.categorie_naam,
        "categorie__uuid": q.categorie_uuid,
        "partij__nummer": q.partij_nummer,
        "partij__uuid": q.partij_uuid,
    }
    qs = qs.filter(**{veld: waarde for veld, waarde in gelijk.items() if waarde is not None})
    qs = op_url(qs, "categorie__uuid", q.categorie_url, "categorieen")
    return op_url(qs, "partij__uuid", q.partij_url, "partijen")


def _uuid(verwijzing: Verwijzing | None) -> UUID | None:
    return verwijzing.uuid if verwijzing is not None else None


CATEGORIE_RELATIE = Bron(
    naam="categorie-relaties",
    model=CategorieRelatie,
    weergave=categorie_relatie_json,
    query=RelatieLijst,
    schema=CategorieRelatieIn,
    filter=_relatie_filter,
    laden=lambda qs: qs.select_related("partij", "categorie"),
    aanmaken=lambda wie, data, request: services.categorie_relatie_aanmaken(
        wie,
        partij=_uuid(data.partij),
        categorie=_uuid(data.categorie),
        begin_datum=data.begin_datum,
        eind_datum=data.eind_datum,
        request=request,
    ),
    bijwerken=lambda wie, obj, data, request: services.categorie_relatie_bijwerken(
        wie,
        obj,
        partij=_uuid(data.partij),
        categorie=_uuid(data.categorie),
        begin_datum=data.begin_datum,
        eind_datum=data.eind_datum,
    ),
    verwijderen=services.categorie_relatie_verwijderen,
)

# (bron, resource name in the audit trail and notifications)
BRONNEN = [(CATEGORIE, "categorie"), (CATEGORIE_RELATIE, "categorierelatie")]
