"""What happens to the types of a catalogus, as the Catalogi services announce it.

The Catalogi register keeps no audit trail, so its services publish these explicitly inside
their transaction; the Notificaties outbox turns them into the kanalen zaaktypen,
informatieobjecttypen and besluittypen (G3). Consumers: iwerk/verbindingen.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from iwerk.catalogi.models import BesluitType, InformatieObjectType, ZaakType
from iwerk.core.gebeurtenissen import Gebeurtenis

# model -> (kanaal, resource) of the Notificaties API
KANALEN = {
    ZaakType: ("zaaktypen", "zaaktype"),
    InformatieObjectType: ("informatieobjecttypen", "informatieobjecttype"),
    BesluitType: ("besluittypen", "besluittype"),
}


@dataclass(frozen=True)
class TypeGewijzigd(Gebeurtenis):
    """A zaaktype, informatieobjecttype or besluittype was created, changed or deleted."""

    kanaal: str
    resource: str
    uuid: UUID
    catalogus_uuid: UUID
    tenant_id: int | None
    actie: str  # create, update, destroy

    @classmethod
    def van(cls, obj: ZaakType | InformatieObjectType | BesluitType, actie: str) -> TypeGewijzigd:
        kanaal, resource = KANALEN[type(obj)]
        return cls(kanaal, resource, obj.uuid, obj.catalogus.uuid, obj.tenant_id, actie)
