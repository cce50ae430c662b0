"""Documents of a zaak: zaakinformatieobjecten, mirrored in the Documenten register (zrc-004, zrc-005).

The objectinformatieobject is written in the same transaction as the zaakinformatieobject,
so the two sides exist together or not at all; the same holds for deleting them.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.db import transaction
from django.db.models import Count, Q

from iwerk.catalogi.models import ZaakTypeInformatieObjectType
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import InvalidParam, ValidationFailed
from iwerk.core.weergave import aantal
from iwerk.documenten import services as documenten
from iwerk.documenten.models import EnkelvoudigInformatieObject
from iwerk.zaken.models import Status, Zaak, ZaakInformatieObject
from iwerk.zaken.services.common import delete_part, lock_for_change, save_part

PREFIX = "/zaken/api/v1/zaken"


def zaak_path(zaak: Zaak) -> str:
    return f"{PREFIX}/{zaak.uuid}"


def _fail(name: str, code: str, reason: str) -> ValidationFailed:
    return ValidationFailed([InvalidParam(name, code, reason)])


def _check(zaak: Zaak, document: EnkelvoudigInformatieObject, status: Status | None) -> None:
    iot = document.informatieobjecttype
    allowed = (
        iot.catalogus_id == zaak.zaaktype.catalogus_id
        and ZaakTypeInformatieObjectType.objects.filter(
            zaaktype_id=zaak.zaaktype_id, informatieobjecttype_omschrijving=iot.omschrijving
        ).exists()
    )
    if not allowed:
        raise _fail(
            "nonFieldErrors",
            "missing-zaaktype-informatieobjecttype-relation",
            "Het informatieobjecttype van het document hoort niet bij het zaaktype van de zaak.",
        )
    if status is not None and status.zaak_id != zaak.pk:
        raise _fail("status", "invalid", "Deze status hoort bij een andere zaak.")


@transaction.atomic
def add_zaakinformatieobject(
    *,
    actor: Actor,
    zaak: Zaak,
    document: EnkelvoudigInformatieObject,
    titel: str = "",
    beschrijving: str = "",
    vernietigingsdatum: datetime | None = None,
    status: Status | None = None,
    uuid: UUID | None = None,
    registratiedatum: datetime | None = None,
) -> ZaakInformatieObject:
    """Relate a document to a zaak and mirror it as objectinformatieobject.

    Rules: the zaak may be changed by the actor (zrc-007); the document's type is one of the
    zaaktype's informatieobjecttypen (zrc-017); a zaak being archived takes no new documents
    (zrc-022); a document belongs to a zaak once (unique). A migration write (ADR 0063) keeps
    the source's uuid and registratiedatum; the objectinformatieobject, iwerk's own mirror,
    always gets a fresh uuid.
    """
    zaak = lock_for_change(actor, zaak.pk)
    _check(zaak, document, status)
    if zaak.archiefstatus != "nog_te_archiveren":
        raise _fail(
            "nonFieldErrors",
            "zaak-archiefstatus",
            "Aan een zaak die (bijna) gearchiveerd is kunnen geen documenten meer worden toegevoegd.",
        )
    if ZaakInformatieObject.objects.filter(zaak=zaak, informatieobject=document).exists():
        raise _fail("nonFieldErrors", "unique", "Dit document hoort al bij deze zaak.")
    obj = save_part(
        actor=actor,
        zaak=zaak,
        obj=ZaakInformatieObject(tenant_id=zaak.tenant_id, zaak=zaak, informatieobject=document),
        fields={
            "titel": titel,
            "beschrijving": beschrijving,
            "vernietigingsdatum": vernietigingsdatum,
            "status": status,
        },
        uuid=uuid,
        datums={"registratiedatum": registratiedatum},
    )
    documenten.link(document=document, object_type="zaak", object_path=zaak_path(zaak))
    return obj


@transaction.atomic
def change_zaakinformatieobject(
    *,
    actor: Actor,
    zio: ZaakInformatieObject,
    titel: str,
    beschrijving: str,
    vernietigingsdatum: datetime | None,
    status: Status | None,
) -> ZaakInformatieObject:
    zaak = lock_for_change(actor, zio.zaak_id)
    _check(zaak, zio.informatieobject, status)
    return save_part(
        actor=actor,
        zaak=zaak,
        obj=zio,
        fields={
            "titel": titel,
            "beschrijving": beschrijving,
            "vernietigingsdatum": vernietigingsdatum,
            "status": status,
        },
    )


@transaction.atomic
def delete_zaakinformatieobject(*, actor: Actor, zio: ZaakInformatieObject) -> None:
    delete_part(actor=actor, obj=zio, zaak_id=zio.zaak_id)
    documenten.unlink(document_id=zio.informatieobject_id, object_path=zaak_path(zio.zaak))


def relation_exists(object_path: str, document_id: int) -> bool:
    """The Documenten register's question to the source (drc-004): does this zaak hold the document?"""
    key = object_path.rstrip("/").rsplit("/", 1)[-1]
    return ZaakInformatieObject.objects.filter(
        zaak__uuid=key, informatieobject_id=document_id
    ).exists()


def documents_blocking_close(zaak: Zaak) -> list[InvalidParam]:
    """Documents that keep a zaak from closing: unknown gebruiksrecht (zrc-007) or still locked.

    The refusal counts the documents and names none: a document may be above the vertrouwelijkheid
    of whoever tries to close the zaak, and its title must not reach them.
    """
    counts = EnkelvoudigInformatieObject.objects.filter(
        pk__in=ZaakInformatieObject.objects.filter(zaak=zaak).values("informatieobject_id")
    ).aggregate(  # both in one query
        unknown=Count("pk", filter=Q(indicatie_gebruiksrecht__isnull=True)),
        locked=Count("pk", filter=~Q(lock="")),
    )
    errors = []
    unknown = counts["unknown"]
    if unknown:
        errors.append(
            InvalidParam(
                "nonFieldErrors",
                "indicatiegebruiksrecht-unset",
                "Van elk document van de zaak moet bekend zijn of er gebruiksrechten voor gelden; "
                f"dat is nog niet zo voor {aantal(unknown, 'document', 'documenten')}.",
            )
        )
    if counts["locked"]:
        errors.append(
            InvalidParam(
                "nonFieldErrors",
                "informatieobject-locked",
                "Een document van de zaak is nog gelockt; geef het eerst vrij.",
            )
        )
    return errors


def documents_not_archived(zaak: Zaak) -> bool:
    return (
        EnkelvoudigInformatieObject.objects.filter(
            pk__in=ZaakInformatieObject.objects.filter(zaak=zaak).values("informatieobject_id")
        )
        .exclude(status="gearchiveerd")
        .exists()
    )
