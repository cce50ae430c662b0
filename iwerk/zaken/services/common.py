"""Checks every zaken service shares: may this actor change this zaak (and its parts)?"""

from __future__ import annotations

from typing import Any, TypeVar
from uuid import UUID

from django.db.models import Model

from iwerk.core import audit
from iwerk.core.api.actor import Actor
from iwerk.core.api.bronwaarden import bewaarde_uuid, herschrijf_datums
from iwerk.core.api.problems import PermissionDenied
from iwerk.zaken.models import Zaak

M = TypeVar("M", bound=Model)


def may_change(actor: Actor, zaak: Zaak) -> None:
    """zaken.bijwerken for an open zaak, zaken.geforceerd-bijwerken for a closed one (zrc-007)."""
    scope = "zaken.geforceerd-bijwerken" if zaak.is_closed else "zaken.bijwerken"
    if not (
        actor.permits(
            "zrc",
            scope,
            type_id=zaak.zaaktype_id,
            catalogus_id=zaak.zaaktype.catalogus_id,
            vertrouwelijkheid=zaak.vertrouwelijkheidaanduiding,
        )
        or actor.permits(
            "zrc",
            "zaken.geforceerd-bijwerken",
            type_id=zaak.zaaktype_id,
            catalogus_id=zaak.zaaktype.catalogus_id,
            vertrouwelijkheid=zaak.vertrouwelijkheidaanduiding,
        )
    ):
        raise PermissionDenied(f"Deze applicatie mist de scope {scope} voor deze zaak.")


def lock_for_change(actor: Actor, zaak_id: int) -> Zaak:
    """The zaak, row-locked for the rest of the transaction, once the actor may change it."""
    zaak = Zaak.objects.select_for_update(of=("self",)).select_related("zaaktype").get(pk=zaak_id)
    may_change(actor, zaak)
    return zaak


def save_part(
    *,
    actor: Actor,
    zaak: Zaak,
    obj: M,
    fields: dict[str, Any],
    uuid: UUID | None = None,
    datums: dict[str, Any] | None = None,
) -> M:
    """Apply fields to a (new or existing) part of zaak, save it and audit create/update.

    A new part of a migration write (ADR 0063) keeps the source's uuid (taken: uuid-bestaat)
    and datums, its fields the model sets to "now" (core.api.bronwaarden); else both are unused.
    """
    oud = audit.snapshot(obj) if obj.pk else None
    for key, value in fields.items():
        setattr(obj, key, value)
    if oud is None:
        with bewaarde_uuid(obj, uuid):
            obj.save()
        herschrijf_datums(obj, **(datums or {}))
    else:
        obj.save()
    audit.record(
        actor=actor,
        actie="update" if oud else "create",
        hoofd_object=zaak,
        resource=obj,
        oud=oud,
        nieuw=audit.snapshot(obj),
    )
    return obj


def delete_part(*, actor: Actor, obj: Model, zaak_id: int) -> None:
    """Delete a part of a zaak, audited on the zaak."""
    zaak = lock_for_change(actor, zaak_id)
    audit.record(
        actor=actor, actie="destroy", hoofd_object=zaak, resource=obj, oud=audit.snapshot(obj)
    )
    obj.delete()
