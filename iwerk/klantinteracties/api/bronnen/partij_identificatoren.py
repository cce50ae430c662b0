"""partij-identificatoren: the numbers by which a partij is known in a basisregistratie."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from django.db.models import QuerySet
from pydantic import Field

from iwerk.core.api.schemas import ApiSchema, Text
from iwerk.klantinteracties.api.bron import Bron, Context
from iwerk.klantinteracties.api.bronnen.categorieen import Lijst, Verwijzing
from iwerk.klantinteracties.models import PartijIdentificator
from iwerk.klantinteracties.services import partij_identificatoren as services
from iwerk.klantinteracties.services.partij_identificatoren import Identificator

CodeObjecttype = Literal["natuurlijk_persoon", "niet_natuurlijk_persoon", "vestiging"]
CodeSoortObjectId = Literal["bsn", "vestigingsnummer", "kvk_nummer", "rsin"]
CodeRegister = Literal["brp", "hr"]


class GroepIn(ApiSchema):
    code_objecttype: CodeObjecttype
    code_soort_object_id: CodeSoortObjectId
    object_id: Text(200, required=True)
    code_register: CodeRegister


class IdentificatorIn(ApiSchema):
    """One identificator nested in a partij: `uuid` names an existing one to change."""

    read_only = frozenset({"url"})
    uuid: UUID | None = None
    identificeerde_partij: Verwijzing | None = None
    andere_partij_identificator: Text(200) = ""
    partij_identificator: GroepIn
    sub_identificator_van: Verwijzing | None = None

    def gegevens(self) -> Identificator:
        groep = self.partij_identificator
        return Identificator(
            code_objecttype=groep.code_objecttype,
            code_soort_object_id=groep.code_soort_object_id,
            object_id=groep.object_id,
            code_register=groep.code_register,
            andere_partij_identificator=self.andere_partij_identificator,
            sub_identificator_van=self.sub_identificator_van.uuid
            if self.sub_identificator_van
            else None,
            identificeerde_partij=self.identificeerde_partij.uuid
            if self.identificeerde_partij
            else None,
            uuid=self.uuid,
        )


class PartijIdentificatorIn(IdentificatorIn):
    # The resource's own uuid is given by the register (the reference's read_only uuid).
    read_only = frozenset({"url", "uuid"})


class IdentificatorLijst(Lijst):
    andere_partij_identificator: str | None = None
    partij_identificator_code_objecttype: CodeObjecttype | None = None
    partij_identificator_code_register: CodeRegister | None = None
    partij_identificator_code_soort_object_id: CodeSoortObjectId | None = None
    partij_identificator_object_id: str | None = Field(
        default=None, alias="partijIdentificatorObjectId"
    )


def identificator_json(
    obj: PartijIdentificator, ctx: Context, partij_uuid: Any = None
) -> dict[str, Any]:
    """partij_uuid: the identificeerde partij's uuid when the caller has it (a partij renders
    its own identificatoren), so the partij need not be loaded again."""
    if partij_uuid is None and obj.identificeerde_partij_id is not None:
        partij_uuid = obj.identificeerde_partij.uuid  # type: ignore[union-attr]
    sub = obj.sub_identificator_van
    return {
        "uuid": str(obj.uuid),
        "url": ctx.url("partij-identificatoren", obj.uuid),
        "identificeerdePartij": ctx.fk("partijen", partij_uuid),
        "anderePartijIdentificator": obj.andere_partij_identificator,
        "partijIdentificator": {
            "codeObjecttype": obj.code_objecttype,
            "codeSoortObjectId": obj.code_soort_object_id,
            "objectId": obj.object_id,
            "codeRegister": obj.code_register,
        },
        "subIdentificatorVan": ctx.fk("partij-identificatoren", sub.uuid if sub else None),
    }


def _filter(qs: QuerySet, q: IdentificatorLijst, request: Any) -> QuerySet:
    gelijk = {
        "andere_partij_identificator": q.andere_partij_identificator,
        "code_objecttype": q.partij_identificator_code_objecttype,
        "code_register": q.partij_identificator_code_register,
        "code_soort_object_id": q.partij_identificator_code_soort_object_id,
        "object_id": q.partij_identificator_object_id,
    }
    return qs.filter(**{veld: waarde for veld, waarde in gelijk.items() if waarde is not None})


PARTIJ_IDENTIFICATOR = Bron(
    naam="partij-identificatoren",
    model=PartijIdentificator,
    weergave=identificator_json,
    query=IdentificatorLijst,
    schema=PartijIdentificatorIn,
    filter=_filter,
    laden=lambda qs: qs.select_related("identificeerde_partij", "sub_identificator_van"),
    aanmaken=lambda wie, data, request: services.identificator_aanmaken(
        wie, data.gegevens(), request
    ),
    bijwerken=lambda wie, obj, data, request: services.identificator_bijwerken(
        wie, obj, data.gegevens()
    ),
    verwijderen=services.identificator_verwijderen,
)

BRONNEN = [(PARTIJ_IDENTIFICATOR, "partijidentificator")]
