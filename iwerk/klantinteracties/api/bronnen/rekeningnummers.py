"""rekeningnummers: the bank accounts of partijen."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from django.db.models import QuerySet
from pydantic import StringConstraints

from iwerk.core.api.schemas import ApiSchema
from iwerk.klantinteracties.api.bron import Bron, Context
from iwerk.klantinteracties.api.bronnen.categorieen import Lijst, Verwijzing
from iwerk.klantinteracties.models import Rekeningnummer
from iwerk.klantinteracties.services import partij_rekeningnummers as services

# The API's own patterns; the ISO 13616 check digits and the BIC's length are the service's.
Iban = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z]{2}[0-9]{2}[A-Za-z0-9]{1,30}$", max_length=34)
]
Bic = Annotated[str, StringConstraints(pattern=r"^(\S{8,11})?$")]


class RekeningnummerIn(ApiSchema):
    read_only = frozenset({"uuid", "url"})
    partij: Verwijzing | None = None
    iban: Iban
    bic: Bic = ""


class RekeningnummerLijst(Lijst):
    bic: str | None = None
    iban: str | None = None
    uuid: UUID | None = None


def rekeningnummer_json(obj: Rekeningnummer, ctx: Context) -> dict[str, Any]:
    data = {
        "uuid": str(obj.uuid),
        "url": ctx.url("rekeningnummers", obj.uuid),
        "partij": ctx.fk("partijen", obj.partij.uuid if obj.partij else None),
        "iban": obj.iban,
    }
    if obj.bic:  # absent when empty: the API's pattern allows no ""
        data["bic"] = obj.bic
    return data


def _filter(qs: QuerySet, q: RekeningnummerLijst, request: Any) -> QuerySet:
    gelijk = {"bic": q.bic, "iban": q.iban, "uuid": q.uuid}
    return qs.filter(**{veld: waarde for veld, waarde in gelijk.items() if waarde is not None})


def _velden(data: RekeningnummerIn) -> dict[str, Any]:
    return {
        "iban": data.iban,
        "bic": data.bic,
        "partij": data.partij.uuid if data.partij else None,
    }


REKENINGNUMMER = Bron(
    naam="rekeningnummers",
    model=Rekeningnummer,
    weergave=rekeningnummer_json,
    query=RekeningnummerLijst,
    schema=RekeningnummerIn,
    filter=_filter,
    laden=lambda qs: qs.select_related("partij"),
    aanmaken=lambda wie, data, request: services.rekeningnummer_aanmaken(
        wie, **_velden(data), request=request
    ),
    bijwerken=lambda wie, obj, data, request: services.rekeningnummer_bijwerken(
        wie, obj, **_velden(data)
    ),
    verwijderen=services.rekeningnummer_verwijderen,
)

BRONNEN = [(REKENINGNUMMER, "rekeningnummer")]
