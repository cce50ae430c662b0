"""Shared checks of the catalogi services: tenant, scopes and frozen published types (ztc-009/010)."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Model

from iwerk.catalogi.models import (
    BesluitType,
    InformatieObjectType,
    ZaakType,
)
from iwerk.core.api.actor import Actor
from iwerk.core.api.bronwaarden import bewaarde_uuid
from iwerk.core.api.problems import InvalidParam, PermissionDenied, ValidationFailed

WRITE = ("ztc", "catalogi.schrijven")
FORCED_WRITE = ("ztc", "catalogi.geforceerd-schrijven")
FORCED_DELETE = ("ztc", "catalogi.geforceerd-verwijderen")


def _fail(name: str, code: str, reason: str) -> ValidationFailed:
    return ValidationFailed([InvalidParam(name, code, reason)])


def save(obj: Model, uuid: UUID | None = None) -> None:
    """obj.save(); a new obj of a migration write keeps the source's uuid (ADR 0063; a uuid in
    use is refused: uuid-bestaat). A changed obj keeps its own."""
    with bewaarde_uuid(obj, uuid if obj.pk is None else None):
        obj.save()


def _check_tenant(actor: Actor, tenant_id: int) -> None:
    if actor.catalogi_tenant_ids is not None and tenant_id not in actor.catalogi_tenant_ids:
        raise PermissionDenied("Deze applicatie mag de catalogus van deze gemeente niet wijzigen.")


def check_may_change(
    actor: Actor,
    obj: ZaakType | InformatieObjectType | BesluitType,
    *,
    only_einde_geldigheid: bool = False,
) -> None:
    """ztc-009: a published type is frozen, except eindeGeldigheid and a correctie (geforceerd-schrijven)."""
    _check_tenant(actor, obj.tenant_id)
    if obj.concept or only_einde_geldigheid:
        actor.require(WRITE, FORCED_WRITE)
        return
    if not actor.has_scope(*FORCED_WRITE):
        raise _fail(
            "nonFieldErrors",
            "non-concept-object",
            "Dit object is gepubliceerd en kan niet meer gewijzigd worden (alleen met een correctie).",
        )


def check_may_delete(actor: Actor, obj: ZaakType | InformatieObjectType | BesluitType) -> None:
    _check_tenant(actor, obj.tenant_id)
    if obj.concept:
        actor.require(WRITE, FORCED_DELETE)
        return
    if not actor.has_scope(*FORCED_DELETE):
        raise _fail(
            "nonFieldErrors",
            "non-concept-object",
            "Een gepubliceerd object kan niet verwijderd worden.",
        )


def check_may_change_child(actor: Actor, zaaktype: ZaakType, *, delete: bool = False) -> None:
    """ztc-010: children of a published zaaktype are frozen (except a correctie / forced delete)."""
    _check_tenant(actor, zaaktype.tenant_id)
    if zaaktype.concept:
        actor.require(WRITE, FORCED_DELETE if delete else FORCED_WRITE)
        return
    forced = FORCED_DELETE if delete else FORCED_WRITE
    if not actor.has_scope(*forced):
        raise _fail(
            "nonFieldErrors",
            "non-concept-zaaktype",
            "Het zaaktype is gepubliceerd; onderdelen ervan kunnen niet meer gewijzigd worden.",
        )
