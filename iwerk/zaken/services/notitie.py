"""Zaaknotities (Zaken 1.7): notes on a zaak, audited like every other part of it."""

from __future__ import annotations

from django.db import transaction

from iwerk.core import audit
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import ValidationFailed
from iwerk.zaken.models import Zaak, ZaakNotitie
from iwerk.zaken.services.common import may_change


@transaction.atomic
def save_notitie(
    *, actor: Actor, zaak: Zaak, fields: dict, notitie: ZaakNotitie | None = None
) -> ZaakNotitie:
    """Create or change a notitie; it stays with its zaak. aangemaaktDoor defaults to the JWT user."""
    zaak = Zaak.objects.select_for_update(of=("self",)).select_related("zaaktype").get(pk=zaak.pk)
    may_change(actor, zaak)
    if notitie is not None and notitie.gerelateerd_aan_id != zaak.pk:
        raise ValidationFailed.single(
            "gerelateerdAan", "wijzigen-niet-toegelaten", "Een notitie blijft bij haar zaak."
        )
    oud = audit.snapshot(notitie) if notitie else None
    obj = notitie or ZaakNotitie(tenant_id=zaak.tenant_id, gerelateerd_aan=zaak)
    for key, value in fields.items():
        setattr(obj, key, value)
    if not obj.aangemaakt_door:
        obj.aangemaakt_door = actor.user_representation or actor.user_id or actor.applicatie_label
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


@transaction.atomic
def delete_notitie(*, actor: Actor, notitie: ZaakNotitie) -> None:
    zaak = (
        Zaak.objects.select_for_update(of=("self",))
        .select_related("zaaktype")
        .get(pk=notitie.gerelateerd_aan_id)
    )
    may_change(actor, zaak)
    audit.record(
        actor=actor,
        actie="destroy",
        hoofd_object=zaak,
        resource=notitie,
        oud=audit.snapshot(notitie),
    )
    notitie.delete()
