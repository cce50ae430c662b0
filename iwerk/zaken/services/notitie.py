"""Zaaknotities (Zaken 1.7): notes on a zaak, audited like every other part of it."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.db import transaction

from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import ValidationFailed
from iwerk.zaken.models import Zaak, ZaakNotitie
from iwerk.zaken.services.common import delete_part, lock_for_change, save_part


@transaction.atomic
def save_notitie(
    *,
    actor: Actor,
    zaak: Zaak,
    fields: dict,
    notitie: ZaakNotitie | None = None,
    uuid: UUID | None = None,
    aanmaakdatum: datetime | None = None,
    wijzigingsdatum: datetime | None = None,
) -> ZaakNotitie:
    """Create or change a notitie; it stays with its zaak. aangemaaktDoor defaults to the JWT user.

    A new one of a migration write (ADR 0063) keeps the source's uuid and dates (a
    wijzigingsdatum not given is the aanmaakdatum: unchanged since)."""
    zaak = lock_for_change(actor, zaak.pk)
    if notitie is not None and notitie.gerelateerd_aan_id != zaak.pk:
        raise ValidationFailed.single(
            "gerelateerdAan", "wijzigen-niet-toegelaten", "Een notitie blijft bij haar zaak."
        )
    obj = notitie or ZaakNotitie(tenant_id=zaak.tenant_id, gerelateerd_aan=zaak)
    if not fields.get("aangemaakt_door") and not obj.aangemaakt_door:
        fields = {
            **fields,
            "aangemaakt_door": actor.user_representation or actor.user_id or actor.applicatie_label,
        }
    return save_part(
        actor=actor,
        zaak=zaak,
        obj=obj,
        fields=fields,
        uuid=uuid,
        datums={"aanmaakdatum": aanmaakdatum, "wijzigingsdatum": wijzigingsdatum or aanmaakdatum},
    )


@transaction.atomic
def delete_notitie(*, actor: Actor, notitie: ZaakNotitie) -> None:
    delete_part(actor=actor, obj=notitie, zaak_id=notitie.gerelateerd_aan_id)
