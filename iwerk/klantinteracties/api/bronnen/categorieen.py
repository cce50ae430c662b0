"""categorieen and categorie-relaties: how the gemeente groups partijen (experimental in 0.9.0)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import Field

from iwerk.core.api.schemas import ApiSchema, QuerySchema, Text
from iwerk.klantinteracties.api.bron import Bron, Context
from iwerk.klantinteracties.models import Categorie
from iwerk.klantinteracties.services import categorieen as services


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

# (bron, resource name in the audit trail and notifications)
BRONNEN = [(CATEGORIE, "categorie")]
_ = date  # categorie-relaties (begin/eindDatum) follow in this module
