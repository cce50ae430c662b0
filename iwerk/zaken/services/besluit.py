"""Zaakbesluiten: the Zaken side of a besluit about a zaak, written by the Besluiten register (brc-006).

Called inside the transaction that writes the besluit, so both sides exist together.
"""

from __future__ import annotations

from iwerk.core import audit
from iwerk.core.api.actor import Actor
from iwerk.zaken.models import Zaak, ZaakBesluit


def link_besluit(*, actor: Actor, zaak: Zaak, besluit_path: str) -> ZaakBesluit:
    zaak = Zaak.objects.select_for_update(of=("self",)).get(pk=zaak.pk)
    obj = ZaakBesluit.objects.create(tenant_id=zaak.tenant_id, zaak=zaak, besluit=besluit_path)
    audit.record(
        actor=actor, actie="create", hoofd_object=zaak, resource=obj, nieuw=audit.snapshot(obj)
    )
    return obj


def unlink_besluit(*, actor: Actor, besluit_path: str) -> None:
    for obj in ZaakBesluit.objects.filter(besluit=besluit_path).select_related("zaak"):
        audit.record(
            actor=actor,
            actie="destroy",
            hoofd_object=obj.zaak,
            resource=obj,
            oud=audit.snapshot(obj),
        )
        obj.delete()
