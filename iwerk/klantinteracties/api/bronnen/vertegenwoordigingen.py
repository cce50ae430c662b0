"""vertegenwoordigingen: one partij acts for another."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from pydantic import Field

from iwerk.core.api.schemas import ApiSchema
from iwerk.klantinteracties.api.bron import Bron, Context
from iwerk.klantinteracties.api.bronnen.categorieen import Lijst, Verwijzing, op_url
from iwerk.klantinteracties.models import Vertegenwoordiging
from iwerk.klantinteracties.services import partij_rekeningnummers as services


class VertegenwoordigingIn(ApiSchema):
    read_only = frozenset({"uuid", "url"})
    vertegenwoordigende_partij: Verwijzing
    vertegenwoordigde_partij: Verwijzing


class VertegenwoordigingLijst(Lijst):
    vertegenwoordigde_partij_url: str | None = Field(
        default=None, alias="vertegenwoordigdePartij__url"
    )
    vertegenwoordigde_partij_uuid: UUID | None = Field(
        default=None, alias="vertegenwoordigdePartij__uuid"
    )
    vertegenwoordigende_partij_url: str | None = Field(
        default=None, alias="vertegenwoordigendePartij__url"
    )
    vertegenwoordigende_partij_uuid: UUID | None = Field(
        default=None, alias="vertegenwoordigendePartij__uuid"
    )


def vertegenwoordiging_json(obj: Vertegenwoordiging, ctx: Context) -> dict[str, Any]:
    return {
        "uuid": str(obj.uuid),
        "url": ctx.url("vertegenwoordigingen", obj.uuid),
        "vertegenwoordigendePartij": ctx.fk("partijen", obj.vertegenwoordigende_partij.uuid),
        "vertegenwoordigdePartij": ctx.fk("partijen", obj.vertegenwoordigde_partij.uuid),
    }


def _filter(qs: QuerySet, q: VertegenwoordigingLijst, request: Any) -> QuerySet:
    if q.vertegenwoordigde_partij_uuid is not None:
        qs = qs.filter(vertegenwoordigde_partij__uuid=q.vertegenwoordigde_partij_uuid)
    if q.vertegenwoordigende_partij_uuid is not None:
        qs = qs.filter(vertegenwoordigende_partij__uuid=q.vertegenwoordigende_partij_uuid)
    qs = op_url(qs, "vertegenwoordigde_partij__uuid", q.vertegenwoordigde_partij_url, "partijen")
    return op_url(
        qs, "vertegenwoordigende_partij__uuid", q.vertegenwoordigende_partij_url, "partijen"
    )


def _velden(data: VertegenwoordigingIn) -> dict[str, UUID]:
    return {
        "vertegenwoordigende": data.vertegenwoordigende_partij.uuid,
        "vertegenwoordigde": data.vertegenwoordigde_partij.uuid,
    }


VERTEGENWOORDIGING = Bron(
    naam="vertegenwoordigingen",
    model=Vertegenwoordiging,
    weergave=vertegenwoordiging_json,
    query=VertegenwoordigingLijst,
    schema=VertegenwoordigingIn,
    filter=_filter,
    laden=lambda qs: qs.select_related("vertegenwoordigende_partij", "vertegenwoordigde_partij"),
    aanmaken=lambda wie, data, request: services.vertegenwoordiging_aanmaken(
        wie, **_velden(data), request=request
    ),
    bijwerken=lambda wie, obj, data, request: services.vertegenwoordiging_bijwerken(
        wie, obj, **_velden(data)
    ),
    verwijderen=services.vertegenwoordiging_verwijderen,
)

BRONNEN = [(VERTEGENWOORDIGING, "vertegenwoordigden")]
