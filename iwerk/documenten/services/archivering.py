"""The Documenten side of a transfer (overbrenging) to an archive repository: documents get
status `gearchiveerd`, and — when the gemeente chose so — their stored content goes once the
repository holds it, while every version's metadata stays.

Both are changes of the register like any other: the document is row-locked, the actor needs
documenten.bijwerken for its type and vertrouwelijkheid, a document locked by someone at work on
it is refused (drc-009), and each change is one audit record (toelichting from the actor).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.db import transaction
from django.utils import timezone

from iwerk.core import audit
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import Conflict
from iwerk.documenten import content
from iwerk.documenten.models import EnkelvoudigInformatieObject, Status, Versie
from iwerk.documenten.services.documents import require

SCOPE = "documenten.bijwerken"


def inhoud_verwijderd(versie: Versie) -> bool:
    """Whether the version's content was removed after a transfer: it had content (its checksum
    is kept) but the register no longer stores it. A download answers that, not a 404 or a 500."""
    return not versie.inhoud and bool(versie.sha256)


def inhoud_verwijderd_van(versies: Iterable[Versie]) -> set[int]:
    """The ids of those versions whose content was removed after a transfer (inhoud_verwijderd),
    read from their loaded columns: no query when `inhoud` and `sha256` are loaded (a page that
    lists versions loads them with `selectors.versies_per_document`)."""
    return {versie.pk for versie in versies if inhoud_verwijderd(versie)}


def _locked(actor: Actor, document_ids: Collection[int]) -> list[EnkelvoudigInformatieObject]:
    """The documents, row-locked, once the actor may change each and none is locked (drc-009)."""
    documents = list(
        EnkelvoudigInformatieObject.objects.select_for_update(of=("self",))
        .select_related("informatieobjecttype", "huidige_versie")
        .filter(pk__in=list(document_ids))
        .order_by("pk")
    )
    for document in documents:
        require(actor, SCOPE, document.informatieobjecttype, document.vertrouwelijkheidaanduiding)
    locked = [d.identificatie for d in documents if d.lock]
    if locked:
        raise Conflict(
            f"Document {', '.join(locked[:5])} is gelockt: iemand werkt eraan. Laat het eerst "
            "vrijgeven (of het lock door een coördinator opheffen) en probeer het dan opnieuw.",
            code="document-gelockt",
        )
    return documents


@transaction.atomic
def archiveer_documenten(*, actor: Actor, document_ids: Collection[int]) -> int:
    """Give each document status `gearchiveerd` (made durable to keep); returns how many changed.

    As a status change through the API would: a new version with the same content and the
    metadata of the current one but the status (every change of a document is a version). A
    document already `gearchiveerd` is left as it is. Raises PermissionDenied or Conflict.
    """
    changed = 0
    for document in _locked(actor, document_ids):
        if document.status == Status.gearchiveerd:
            continue
        vorige = document.huidige_versie
        assert vorige is not None  # a document has a version from its creation on
        oud = audit.snapshot(document)
        document.versie += 1
        document.status = Status.gearchiveerd
        versie = Versie.objects.create(
            document=document,
            versie=document.versie,
            begin_registratie=timezone.now(),
            gegevens={**(vorige.gegevens or {}), "status": Status.gearchiveerd.value},
            inhoud=vorige.inhoud,
            bestandsomvang=vorige.bestandsomvang,
            sha256=vorige.sha256,
        )
        document.huidige_versie = versie
        document.save(update_fields=["versie", "status", "huidige_versie"])
        audit.record(
            actor=actor,
            actie="partial_update",
            hoofd_object=document,
            resource=document,
            oud=oud,
            nieuw=audit.snapshot(document),
        )
        changed += 1
    return changed


@transaction.atomic
def verwijder_inhoud(*, actor: Actor, document_ids: Collection[int]) -> int:
    """Remove the stored content of every version of the documents, keeping all metadata (size
    and checksum included); returns how many documents lost content.

    Rules: only a document with status `gearchiveerd` (a copy is kept elsewhere). The content is
    released, not deleted at once: the worker removes it after IWERK_DOCUMENT_OPRUIMEN_NA, so a
    backup taken just before still finds it. Raises PermissionDenied or Conflict.
    """
    documents = _locked(actor, document_ids)
    niet_gearchiveerd = [d.identificatie for d in documents if d.status != Status.gearchiveerd]
    if niet_gearchiveerd:
        raise Conflict(
            f"Document {', '.join(niet_gearchiveerd[:5])} is niet gearchiveerd; alleen van een "
            "gearchiveerd document kan de inhoud worden verwijderd.",
            code="document-niet-gearchiveerd",
        )
    met_inhoud = set(
        Versie.objects.filter(document__in=documents)
        .exclude(inhoud="")
        .values_list("document_id", flat=True)
    )
    documents = [d for d in documents if d.pk in met_inhoud]
    if not documents:
        return 0
    oud = {d.pk: audit.snapshot(d) for d in documents}
    versies = Versie.objects.filter(document__in=documents).exclude(inhoud="")
    names = set(versies.values_list("inhoud", flat=True))
    versies.update(inhoud="")
    content.release(*names)
    for document in documents:
        audit.record(
            actor=actor,
            actie="partial_update",
            hoofd_object=document,
            resource=document,
            oud=oud[document.pk],
            nieuw=audit.snapshot(document),
        )
    return len(documents)
