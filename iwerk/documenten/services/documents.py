"""Registering a document, its versions, its lock and its chunked upload (drc-001 … drc-010)."""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from iwerk.catalogi.models import InformatieObjectType
from iwerk.core import audit, auditketen, generations, migratie
from iwerk.core.api.actor import Actor
from iwerk.core.api.bronwaarden import bewaarde_datum, bewaarde_uuid
from iwerk.core.api.problems import InvalidParam, PermissionDenied, ValidationFailed
from iwerk.core.identificatie import continue_after, next_in_series
from iwerk.core.models import AuditTrail, IdentificatieReeks
from iwerk.documenten import content
from iwerk.documenten.models import BestandsDeel, EnkelvoudigInformatieObject, Trefwoord, Versie

RECEIVED_FORBIDS = ("in_bewerking", "ter_vaststelling")


@dataclass
class Invoer:
    """What a channel (API, werkplek, portaal) supplies for one version of a document.

    gegevens holds the metadata with the API's names (camelCase, informatieobjecttype as uuid);
    inhoud is the decoded content when sent inline, bestandsomvang the declared size. In a
    migration write (ADR 0063) a new document keeps the source's uuid and each version its
    begin_registratie; otherwise both are unused (a fresh uuid, "now").
    """

    informatieobjecttype: InformatieObjectType
    gegevens: dict
    inhoud: bytes | None = None
    bestandsomvang: int | None = None
    uuid: UUID | None = None
    begin_registratie: datetime | None = None


def _fail(name: str, code: str, reason: str) -> ValidationFailed:
    return ValidationFailed([InvalidParam(name, code, reason)])


def require(actor: Actor, scope: str, iot: InformatieObjectType, vertrouwelijkheid: str) -> None:
    if not actor.permits(
        "drc",
        scope,
        type_id=iot.pk,
        catalogus_id=iot.catalogus_id,
        vertrouwelijkheid=vertrouwelijkheid,
    ):
        raise PermissionDenied(f"Deze applicatie mist de scope {scope} voor dit informatieobject.")


def _check(invoer: Invoer, document: EnkelvoudigInformatieObject | None) -> None:
    g = invoer.gegevens
    iot = invoer.informatieobjecttype
    if iot.concept:
        raise _fail(
            "informatieobjecttype",
            "not-published",
            "Het informatieobjecttype is nog niet gepubliceerd.",
        )
    if g.get("indicatieGebruiksrecht") is True and (
        document is None or not document.gebruiksrechten.exists()
    ):
        raise _fail(
            "indicatieGebruiksrecht",
            "missing-gebruiksrechten",
            "Registreer eerst gebruiksrechten; dan wordt deze indicatie vanzelf 'true'.",
        )
    if g.get("ontvangstdatum") and g.get("status") in RECEIVED_FORBIDS:
        raise _fail(
            "status",
            "invalid_for_received",
            "Een ontvangen document kan niet de status 'in_bewerking' of 'ter_vaststelling' hebben.",
        )
    if invoer.inhoud is not None and invoer.bestandsomvang not in (None, len(invoer.inhoud)):
        raise _fail(
            "bestandsomvang",
            "file-size",
            "De bestandsomvang komt niet overeen met de grootte van de inhoud.",
        )
    if (invoer.bestandsomvang or 0) > settings.IWERK_DOCUMENT_MAX_SIZE:
        raise _fail(
            "bestandsomvang",
            "max-size",
            f"Een document mag hoogstens {settings.IWERK_DOCUMENT_MAX_SIZE} bytes groot zijn.",
        )


def next_identificatie(bronorganisatie: str, jaar: int) -> str:
    return next_in_series(
        IdentificatieReeks,
        {"soort": "DOCUMENT", "organisatie": bronorganisatie, "jaar": jaar},
        "DOCUMENT",
        jaar,
        lambda candidate: EnkelvoudigInformatieObject.objects.filter(
            bronorganisatie=bronorganisatie, identificatie=candidate
        ).exists(),
    )


def _store_inline(invoer: Invoer) -> content.StoredContent | None:
    if invoer.inhoud is None:
        return None
    data = invoer.inhoud
    return content.store(
        (data[i : i + content.CHUNK] for i in range(0, len(data), content.CHUNK)),
        declared_size=len(data),
        integriteit=invoer.gegevens.get("integriteit"),
        formaat=invoer.gegevens.get("formaat") or "",
    )


def _plan_parts(document: EnkelvoudigInformatieObject, size: int) -> None:
    part = settings.IWERK_DOCUMENT_PART_SIZE
    BestandsDeel.objects.bulk_create(
        [
            BestandsDeel(document=document, volgnummer=i + 1, omvang=min(part, size - i * part))
            for i in range(math.ceil(size / part))
        ]
    )


def _apply(document: EnkelvoudigInformatieObject, invoer: Invoer) -> None:
    g = invoer.gegevens
    document.informatieobjecttype = invoer.informatieobjecttype
    document.vertrouwelijkheidaanduiding = g["vertrouwelijkheidaanduiding"]
    document.status = g.get("status") or ""
    document.titel = g["titel"]
    document.is_gereed_voor_publicatie = g.get("isGereedVoorPublicatie")
    document.trefwoorden = list(g.get("trefwoorden") or [])
    if document.pk is None or g.get("indicatieGebruiksrecht") is not True:
        document.indicatie_gebruiksrecht = g.get("indicatieGebruiksrecht")


T = TypeVar("T")


def _with_cleanup(stored: content.StoredContent | None, work: Callable[[], T]) -> T:
    """Run work(); content stored for it is removed again when the transaction fails."""
    try:
        return work()
    except BaseException:
        if stored is not None:
            content.discard(stored.name)
        raise


def create_document(*, actor: Actor, invoer: Invoer) -> tuple[EnkelvoudigInformatieObject, str]:
    """Register version 1 of a document; returns it with its lock when bestandsdelen are due.

    Rules: the type is published (drc-001); vertrouwelijkheidaanduiding defaults to the type's
    (drc-007); identificatie unique per bronorganisatie or generated; indicatieGebruiksrecht
    cannot start as true (drc-006); a received document is not in progress (drc-005).
    A migration write keeps the source's uuid (taken: uuid-bestaat) and beginRegistratie, and an
    identificatie of the generated form raises its series' counter (ADR 0063).
    Content arrives inline (base64, stored before the row is written) or, when only a
    bestandsomvang is declared, later in bestandsdelen: then the document is created locked.
    """
    g = invoer.gegevens
    g["vertrouwelijkheidaanduiding"] = (
        g.get("vertrouwelijkheidaanduiding")
        or invoer.informatieobjecttype.vertrouwelijkheidaanduiding
    )
    require(
        actor, "documenten.aanmaken", invoer.informatieobjecttype, g["vertrouwelijkheidaanduiding"]
    )
    _check(invoer, None)
    stored = _store_inline(invoer)
    return _with_cleanup(stored, lambda: _create(actor, invoer, stored))


@transaction.atomic
def _create(
    actor: Actor, invoer: Invoer, stored: content.StoredContent | None
) -> tuple[EnkelvoudigInformatieObject, str]:
    g = invoer.gegevens
    iot = invoer.informatieobjecttype
    if g.get("identificatie"):
        if EnkelvoudigInformatieObject.objects.filter(
            bronorganisatie=g["bronorganisatie"], identificatie=g["identificatie"]
        ).exists():
            raise _fail(
                "identificatie",
                "identificatie-niet-uniek",
                "Deze identificatie bestaat al voor deze bronorganisatie.",
            )
        if migratie.actief():
            continue_after(
                IdentificatieReeks,
                {"soort": "DOCUMENT", "organisatie": g["bronorganisatie"]},
                "DOCUMENT",
                g["identificatie"],
            )
    else:
        g["identificatie"] = next_identificatie(g["bronorganisatie"], timezone.localdate().year)
    deferred = stored is None and bool(invoer.bestandsomvang)
    document = EnkelvoudigInformatieObject(
        tenant_id=iot.tenant_id,
        identificatie=g["identificatie"],
        bronorganisatie=g["bronorganisatie"],
        versie=1,
        lock=secrets.token_hex(16) if deferred else "",
    )
    _apply(document, invoer)
    with bewaarde_uuid(document, invoer.uuid):
        document.save(force_insert=True)
    _new_version(document, invoer, stored, previous=None)
    if deferred and invoer.bestandsomvang:  # deferred: a bestandsomvang was declared
        _plan_parts(document, invoer.bestandsomvang)
    audit.record(
        actor=actor,
        actie="create",
        hoofd_object=document,
        resource=document,
        nieuw=audit.snapshot(document),
    )
    return document, document.lock if deferred else ""


def _new_version(
    document: EnkelvoudigInformatieObject,
    invoer: Invoer,
    stored: content.StoredContent | None,
    previous: Versie | None,
) -> Versie:
    g = dict(invoer.gegevens)
    g["informatieobjecttype"] = str(invoer.informatieobjecttype.uuid)
    omvang: int | None
    if stored is not None:
        inhoud, omvang, sha = stored.name, stored.size, stored.sha256
    elif invoer.bestandsomvang is not None and (
        previous is None or invoer.bestandsomvang != previous.bestandsomvang
    ):
        inhoud, omvang, sha = "", invoer.bestandsomvang or None, ""
    elif previous is not None:  # metadata change: the content stays what it was
        inhoud, omvang, sha = previous.inhoud, previous.bestandsomvang, previous.sha256
    else:
        inhoud, omvang, sha = "", None, ""
    versie = Versie.objects.create(
        document=document,
        versie=document.versie,
        begin_registratie=bewaarde_datum(invoer.begin_registratie, timezone.now()),
        gegevens=g,
        inhoud=inhoud,
        bestandsomvang=omvang,
        sha256=sha,
    )
    document.huidige_versie = versie
    document.save(update_fields=["huidige_versie"])
    Trefwoord.objects.filter(document=document).delete()
    Trefwoord.objects.bulk_create(
        [Trefwoord(document=document, woord=w) for w in sorted(set(document.trefwoorden))]
    )
    return versie


def _same_lock(stored: str, given: str | None) -> bool:
    """Constant-time comparison; on bytes, as compare_digest refuses non-ASCII str (a 500)."""
    return secrets.compare_digest(stored.encode(), (given or "").encode())


def check_lock(document: EnkelvoudigInformatieObject, lock: str) -> None:
    """Changes need the lock of the client that locked the document (drc-009)."""
    if not document.lock:
        raise _fail("nonFieldErrors", "unlocked", "Het document is niet gelockt; lock het eerst.")
    if not _same_lock(document.lock, lock):
        raise _fail("nonFieldErrors", "incorrect-lock-id", "Het lock-id klopt niet.")


def update_document(
    *, actor: Actor, document: EnkelvoudigInformatieObject, lock: str, invoer: Invoer
) -> EnkelvoudigInformatieObject:
    """A new version with the given metadata (and content), for the holder of the lock (drc-009, drc-010).

    In a migration write the version keeps the source's beginRegistratie (ADR 0063); its
    number is iwerk's next (1, 2, 3 …), as the source's when its versions are written in order.
    """
    g = invoer.gegevens
    g["vertrouwelijkheidaanduiding"] = (
        g.get("vertrouwelijkheidaanduiding") or document.vertrouwelijkheidaanduiding
    )
    require(
        actor,
        "documenten.bijwerken",
        document.informatieobjecttype,
        document.vertrouwelijkheidaanduiding,
    )
    require(
        actor, "documenten.bijwerken", invoer.informatieobjecttype, g["vertrouwelijkheidaanduiding"]
    )
    check_lock(document, lock)
    _check(invoer, document)
    if BestandsDeel.objects.filter(document=document).exists() and invoer.inhoud is None:
        raise _fail(
            "nonFieldErrors",
            "incomplete-upload",
            "Er loopt nog een upload in bestandsdelen; rond die eerst af met unlock.",
        )
    stored = _store_inline(invoer)
    return _with_cleanup(stored, lambda: _update(actor, document.pk, invoer, stored))


@transaction.atomic
def _update(
    actor: Actor, pk: int, invoer: Invoer, stored: content.StoredContent | None
) -> EnkelvoudigInformatieObject:
    document = (
        EnkelvoudigInformatieObject.objects.select_for_update(of=("self",))
        .select_related("huidige_versie", "informatieobjecttype")
        .get(pk=pk)
    )
    oud = audit.snapshot(document)
    g = invoer.gegevens
    for fixed in ("identificatie", "bronorganisatie"):
        if g.get(fixed) and g[fixed] != getattr(document, fixed):
            raise _fail(fixed, "wijzigen-niet-toegelaten", f"{fixed} kan niet gewijzigd worden.")
        g[fixed] = getattr(document, fixed)
    previous = document.huidige_versie
    document.versie += 1
    _apply(document, invoer)
    document.save()
    versie = _new_version(document, invoer, stored, previous)
    if not versie.inhoud and versie.bestandsomvang:
        _plan_parts(document, versie.bestandsomvang)
    audit.record(
        actor=actor,
        actie="update",
        hoofd_object=document,
        resource=document,
        oud=oud,
        nieuw=audit.snapshot(document),
    )
    return document


@transaction.atomic
def lock_document(*, actor: Actor, document: EnkelvoudigInformatieObject) -> str:
    require(
        actor,
        "documenten.lock",
        document.informatieobjecttype,
        document.vertrouwelijkheidaanduiding,
    )
    document = EnkelvoudigInformatieObject.objects.select_for_update().get(pk=document.pk)
    if document.lock:
        raise _fail("nonFieldErrors", "existing-lock", "Het document is al gelockt.")
    document.lock = secrets.token_hex(16)
    document.save(update_fields=["lock"])
    return document.lock


def unlock_document(*, actor: Actor, document: EnkelvoudigInformatieObject, lock: str) -> None:
    """Release the lock; a completed chunked upload becomes the version's content (drc-009, large files).

    Clients with documenten.geforceerd-unlock may unlock without the lock; an incomplete
    upload is then abandoned (its parts are removed, the version keeps no content).
    """
    iot, vertrouwelijkheid = document.informatieobjecttype, document.vertrouwelijkheidaanduiding
    forced = actor.permits(
        "drc",
        "documenten.geforceerd-unlock",
        type_id=iot.pk,
        catalogus_id=iot.catalogus_id,
        vertrouwelijkheid=vertrouwelijkheid,
    )
    holder = bool(document.lock) and _same_lock(document.lock, lock)
    if holder:
        forced = False  # the lock holder unlocks normally, whatever else it may do
        require(actor, "documenten.lock", iot, vertrouwelijkheid)
    elif not forced:
        raise _fail(
            "nonFieldErrors",
            "incorrect-lock-id",
            "Het lock-id klopt niet; alleen wie het document lockte kan het vrijgeven.",
        )
    parts = list(BestandsDeel.objects.filter(document=document).order_by("volgnummer"))
    stored = None
    if parts and all(p.voltooid for p in parts):
        versie = document.huidige_versie
        assert versie is not None  # a document has a version from its creation on
        stored = content.store(
            (chunk for p in parts for chunk in content.read(p.inhoud)),
            declared_size=sum(p.omvang for p in parts),
            integriteit=(versie.gegevens or {}).get("integriteit"),
            formaat=(versie.gegevens or {}).get("formaat") or "",
        )
    elif parts and not forced:
        raise _fail(
            "nonFieldErrors",
            "incomplete-upload",
            "Niet alle bestandsdelen zijn geüpload; upload de ontbrekende delen eerst.",
        )
    _with_cleanup(stored, lambda: _unlock(document.pk, parts, stored))


@transaction.atomic
def _unlock(pk: int, parts: list[BestandsDeel], stored: content.StoredContent | None) -> None:
    document = EnkelvoudigInformatieObject.objects.select_for_update().get(pk=pk)
    if parts:
        assert document.huidige_versie_id is not None  # set when the document was created
        versie = Versie.objects.get(pk=document.huidige_versie_id)
        versie.inhoud = stored.name if stored else ""
        versie.sha256 = stored.sha256 if stored else ""
        versie.bestandsomvang = stored.size if stored else None
        versie.save(update_fields=["inhoud", "sha256", "bestandsomvang"])
        BestandsDeel.objects.filter(pk__in=[p.pk for p in parts]).delete()
        names = [p.inhoud for p in parts]
        content.release(*names)
    document.lock = ""
    document.save(update_fields=["lock"])


def upload_part(
    *, actor: Actor, part: BestandsDeel, lock: str, chunks: Iterable[bytes]
) -> BestandsDeel:
    """Store one bestandsdeel; it must be exactly its omvang and is uploaded once."""
    document = part.document
    require(
        actor,
        "documenten.bijwerken",
        document.informatieobjecttype,
        document.vertrouwelijkheidaanduiding,
    )
    check_lock(document, lock)
    if part.voltooid:
        raise _fail(
            "inhoud",
            "already-uploaded",
            f"Bestandsdeel {part.volgnummer} is al geüpload.",
        )
    stored = content.store(chunks, declared_size=part.omvang, kind="delen")
    return _with_cleanup(stored, lambda: _save_part(part.pk, stored))


@transaction.atomic
def _save_part(pk: int, stored: content.StoredContent) -> BestandsDeel:
    part = BestandsDeel.objects.select_for_update().get(pk=pk)
    if part.voltooid:  # a concurrent upload of the same part won
        raise _fail("inhoud", "already-uploaded", f"Bestandsdeel {part.volgnummer} is al geüpload.")
    part.inhoud = stored.name
    part.save(update_fields=["inhoud"])
    return part


@transaction.atomic
def delete_document(
    *,
    actor: Actor,
    document: EnkelvoudigInformatieObject,
    afvoergrond: auditketen.Afvoergrond | None = None,
) -> None:
    """Hard delete of every version, part, gebruiksrecht and the audit trail (drc-008).

    Refused while the document is locked or still related to a zaak or besluit. `afvoergrond`:
    why the audit trail goes, when not simply with the document (a vernietigingslijst).
    """
    require(
        actor,
        "documenten.verwijderen",
        document.informatieobjecttype,
        document.vertrouwelijkheidaanduiding,
    )
    document = EnkelvoudigInformatieObject.objects.select_for_update().get(pk=document.pk)
    if document.lock:
        raise _fail(
            "nonFieldErrors", "destroy-locked", "Een gelockt document kan niet verwijderd worden."
        )
    if document.objecten.exists():
        raise _fail(
            "nonFieldErrors",
            "pending-relations",
            "Het document hoort nog bij een zaak of besluit; verwijder die relaties eerst.",
        )
    names = set(document.versies.values_list("inhoud", flat=True)) | set(
        document.bestandsdelen.values_list("inhoud", flat=True)
    )
    grond = afvoergrond or auditketen.Afvoergrond("drc-008")
    auditketen.afvoeren(
        AuditTrail.objects.filter(hoofd_object_uuid=document.uuid),
        grond.reden,
        actor=actor,
        object_path=audit.object_path(document),
        verwijzing=grond.verwijzing,
    )
    audit.announce_destroy(document)
    EnkelvoudigInformatieObject.objects.filter(pk=document.pk).update(huidige_versie=None)
    document.delete()
    generations.bump("documenten")  # no audit record survives this change to move it
    content.release(*names)
