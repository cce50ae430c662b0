"""Zaakobjecten: what a zaak is about (zrc B28)."""

from __future__ import annotations

from uuid import UUID

from django.db import transaction

from iwerk.catalogi.models import ZaakObjectType
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import InvalidParam, ValidationFailed
from iwerk.zaken.models import Zaak, ZaakObject
from iwerk.zaken.services import objectidentificatie
from iwerk.zaken.services.common import delete_part, lock_for_change, save_part


@transaction.atomic
def save_zaakobject(
    *,
    actor: Actor,
    zaak: Zaak,
    fields: dict,
    zaakobjecttype: ZaakObjectType | None,
    zaakobject: ZaakObject | None = None,
    uuid: UUID | None = None,
) -> ZaakObject:
    """Create or change a zaakobject.

    Rules: an object URL or an objectIdentificatie is given, the identificatie fits the
    objectType's schema, objectType 'overige' names what it is, the zaakobjecttype belongs
    to the zaaktype, and the zaak does not change. A new one keeps the source's uuid in a
    migration write (ADR 0063).
    """
    zaak = lock_for_change(actor, zaak.pk)
    errors: list[InvalidParam] = []
    if not fields.get("object") and not fields.get("object_identificatie"):
        errors.append(
            InvalidParam(
                "nonFieldErrors",
                "invalid-zaakobject",
                "Geef de URL van het object of een objectIdentificatie.",
            )
        )
    if fields["object_type"] == "overige" and not (
        fields.get("object_type_overige") or fields.get("object_type_overige_definitie")
    ):
        errors.append(
            InvalidParam(
                "objectTypeOverige",
                "required",
                "Bij objectType 'overige' is objectTypeOverige of objectTypeOverigeDefinitie verplicht.",
            )
        )
    if zaakobjecttype is not None and zaakobjecttype.zaaktype_id != zaak.zaaktype_id:
        errors.append(
            InvalidParam(
                "zaakobjecttype",
                "zaaktype-mismatch",
                "Het zaakobjecttype hoort niet bij het zaaktype van de zaak.",
            )
        )
    if zaakobject is not None and zaakobject.zaak_id != zaak.pk:
        errors.append(
            InvalidParam(
                "zaak", "wijzigen-niet-toegelaten", "De zaak van een zaakobject ligt vast."
            )
        )
    if errors:
        raise ValidationFailed(errors)
    objectidentificatie.validate(fields["object_type"], fields.get("object_identificatie"))
    obj = zaakobject or ZaakObject(tenant_id=zaak.tenant_id, zaak=zaak)
    return save_part(
        actor=actor,
        zaak=zaak,
        obj=obj,
        fields={**fields, "zaakobjecttype": zaakobjecttype},
        uuid=uuid,
    )


@transaction.atomic
def delete_zaakobject(*, actor: Actor, zaakobject: ZaakObject) -> None:
    delete_part(actor=actor, obj=zaakobject, zaak_id=zaakobject.zaak_id)
