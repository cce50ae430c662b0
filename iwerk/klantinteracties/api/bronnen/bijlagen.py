"""bijlagen: documents that came with a klantcontact. Part of their klantcontact: visible only
to who sees the klantcontact; one without a klantcontact belongs to no contact whose
confidentiality it could reveal and is visible in its gemeente (as onderwerpobjecten)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from pydantic import Field

from iwerk.core.api.schemas import ApiSchema, QuerySchema
from iwerk.klantinteracties.api.bron import Bron, Context
from iwerk.klantinteracties.api.bronnen.gedeeld import (
    Objectidentificator,
    Verwijzing,
    identificator_json,
    uuid_uit,
)
from iwerk.klantinteracties.models import Bijlage, Scope
from iwerk.klantinteracties.selectors.toegang import Toegangen
from iwerk.klantinteracties.services import klantcontactdelen as services

RANG = "was_bijlage_van_klantcontact__vertrouwelijkheid_rang"


@dataclass(frozen=True)
class BijlageBron(Bron):
    def zichtbaar(self, wie: Toegangen, scope: str = Scope.lezen) -> QuerySet:
        return Bijlage.objects.filter(
            wie.zichtbaar(self.rang, scope)
            | (wie.zichtbaar(None, scope) & Q(was_bijlage_van_klantcontact=None))
        )


class BijlageIn(ApiSchema):
    read_only = frozenset({"uuid", "url"})
    was_bijlage_van_klantcontact: Verwijzing | None = None
    bijlageidentificator: Objectidentificator | None = None


class Lijst(QuerySchema):
    page: int | None = None
    page_size: int | None = Field(default=None, alias="pageSize")
    code_objecttype: str | None = Field(default=None, alias="bijlageidentificatorCodeObjecttype")
    code_register: str | None = Field(default=None, alias="bijlageidentificatorCodeRegister")
    code_soort_object_id: str | None = Field(
        default=None, alias="bijlageidentificatorCodeSoortObjectId"
    )
    object_id: str | None = Field(default=None, alias="bijlageidentificatorObjectId")
    klantcontact__uuid: str | None = Field(default=None, alias="klantcontact__uuid")


def bijlage_json(obj: Bijlage, ctx: Context) -> dict[str, Any]:
    return {
        "uuid": str(obj.uuid),
        "url": ctx.url("bijlagen", obj.uuid),
        "wasBijlageVanKlantcontact": ctx.fk(
            "klantcontacten",
            obj.was_bijlage_van_klantcontact_id and obj.was_bijlage_van_klantcontact,
        ),
        "bijlageidentificator": identificator_json(obj),
    }


def laden(qs: QuerySet) -> QuerySet:
    return qs.select_related("was_bijlage_van_klantcontact")


def filteren(qs: QuerySet, q: Lijst, request: Any) -> QuerySet:
    exact = {
        "code_objecttype": q.code_objecttype,
        "code_register": q.code_register,
        "code_soort_object_id": q.code_soort_object_id,
        "object_id": q.object_id,
    }
    qs = qs.filter(**{k: v for k, v in exact.items() if v is not None})
    if q.klantcontact__uuid is not None:
        gevonden = uuid_uit(q.klantcontact__uuid)
        qs = qs.filter(was_bijlage_van_klantcontact__uuid=gevonden) if gevonden else qs.none()
    return qs


def gegevens(data: BijlageIn) -> services.BijlageGegevens:
    identificator = data.bijlageidentificator or Objectidentificator()
    return services.BijlageGegevens(
        was_bijlage_van_klantcontact=data.was_bijlage_van_klantcontact,
        object_id=identificator.object_id,
        code_objecttype=identificator.code_objecttype,
        code_register=identificator.code_register,
        code_soort_object_id=identificator.code_soort_object_id,
    )


BIJLAGE = BijlageBron(
    naam="bijlagen",
    model=Bijlage,
    weergave=bijlage_json,
    query=Lijst,
    schema=BijlageIn,
    filter=filteren,
    laden=laden,
    rang=RANG,
    aanmaken=lambda wie, data, request: services.bijlage_aanmaken(wie, gegevens(data), request),
    bijwerken=lambda wie, obj, data, request: services.bijlage_bijwerken(wie, obj, gegevens(data)),
    verwijderen=services.bijlage_verwijderen,
)

BRONNEN = [(BIJLAGE, "bijlage")]
