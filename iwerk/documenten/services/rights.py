"""Gebruiksrechten and verzendingen: parts of a document, audited on it (drc-006)."""

from __future__ import annotations

from typing import Any, TypeVar
from uuid import UUID

from django.db import transaction

from iwerk.core import audit
from iwerk.core.api.actor import Actor
from iwerk.core.api.bronwaarden import bewaarde_uuid
from iwerk.core.api.problems import ValidationFailed
from iwerk.documenten.models import EnkelvoudigInformatieObject, Gebruiksrecht, Verzending
from iwerk.documenten.services.documents import require

_SCOPES = {"create": "documenten.aanmaken", "update": "documenten.bijwerken"}

Part = TypeVar("Part", bound=Gebruiksrecht | Verzending)


def _locked_document(actor: Actor, document_id: int, scope: str) -> EnkelvoudigInformatieObject:
    document = (
        EnkelvoudigInformatieObject.objects.select_for_update(of=("self",))
        .select_related("informatieobjecttype")
        .get(pk=document_id)
    )
    require(actor, scope, document.informatieobjecttype, document.vertrouwelijkheidaanduiding)
    return document


@transaction.atomic
def save_part(
    *,
    actor: Actor,
    document: EnkelvoudigInformatieObject,
    obj: Part,
    fields: dict[str, Any],
    uuid: UUID | None = None,
) -> Part:
    """Create or change a gebruiksrecht or verzending of document.

    The document of an existing part is fixed; the first gebruiksrecht sets the document's
    indicatieGebruiksrecht to true (drc-006). A new part keeps the source's uuid in a migration
    write (ADR 0063; taken: uuid-bestaat).
    """
    actie = "update" if obj.pk else "create"
    if obj.pk and obj.informatieobject_id != document.pk:
        raise ValidationFailed.single(
            "informatieobject",
            "wijzigen-niet-toegelaten",
            f"Het informatieobject van een {obj._meta.verbose_name} ligt vast.",
        )
    document = _locked_document(actor, document.pk, _SCOPES[actie])
    oud = audit.snapshot(obj) if obj.pk else None
    for key, value in fields.items():
        setattr(obj, key, value)
    obj.tenant_id = document.tenant_id
    obj.informatieobject = document
    if actie == "create":
        with bewaarde_uuid(obj, uuid):
            obj.save()
    else:
        obj.save()
    if isinstance(obj, Gebruiksrecht) and document.indicatie_gebruiksrecht is not True:
        document.indicatie_gebruiksrecht = True
        document.save(update_fields=["indicatie_gebruiksrecht"])
    audit.record(
        actor=actor,
        actie=actie,
        hoofd_object=document,
        resource=obj,
        oud=oud,
        nieuw=audit.snapshot(obj),
    )
    return obj


@transaction.atomic
def delete_part(*, actor: Actor, obj: Gebruiksrecht | Verzending) -> None:
    """Delete a part; removing the last gebruiksrecht makes the indicatie unknown again (drc-006)."""
    document = _locked_document(actor, obj.informatieobject_id, "documenten.verwijderen")
    audit.record(
        actor=actor, actie="destroy", hoofd_object=document, resource=obj, oud=audit.snapshot(obj)
    )
    obj.delete()
    if isinstance(obj, Gebruiksrecht) and not document.gebruiksrechten.exists():
        document.indicatie_gebruiksrecht = None
        document.save(update_fields=["indicatie_gebruiksrecht"])
