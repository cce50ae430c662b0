"""Reads of the Documenten register: always filtered by the actor's autorisaties (drc-007)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TypeVar

from django.db.models import Model, QuerySet

from iwerk.core.api.actor import Actor
from iwerk.core.api.visibility import visible_q
from iwerk.documenten.models import (
    BestandsDeel,
    EnkelvoudigInformatieObject,
    Gebruiksrecht,
    ObjectInformatieObject,
    Versie,
    Verzending,
)

M = TypeVar("M", bound=Model)


def _visible(qs: QuerySet[M], actor: Actor, scope: str, prefix: str = "") -> QuerySet[M]:
    q = visible_q(
        actor,
        component="drc",
        scope=scope,
        type_field=f"{prefix}informatieobjecttype_id",
        catalogus_field=f"{prefix}informatieobjecttype__catalogus_id",
        vertrouwelijkheid_field=f"{prefix}vertrouwelijkheidaanduiding",
    )
    if q is not None:
        qs = qs.filter(q)
    if actor.alleen_is_gereed_voor_publicatie:
        # Autorisaties 1.1: such a client reads only documents marked ready for publication.
        qs = qs.filter(**{f"{prefix}is_gereed_voor_publicatie": True})
    return qs


def documenten(
    actor: Actor, scope: str = "documenten.lezen"
) -> QuerySet[EnkelvoudigInformatieObject]:
    return _visible(EnkelvoudigInformatieObject.objects.all(), actor, scope).select_related(
        "informatieobjecttype", "huidige_versie"
    )


def parts_of(documents: Iterable[EnkelvoudigInformatieObject]) -> dict[int, list[BestandsDeel]]:
    """Pending bestandsdelen per document, in one query (none when nothing is locked)."""
    locked = [d.pk for d in documents if d.lock]
    result: dict[int, list[BestandsDeel]] = defaultdict(list)
    if locked:
        for part in BestandsDeel.objects.filter(document_id__in=locked).order_by("volgnummer"):
            result[part.document_id].append(part)
    return result


def versies_per_document(
    documents: Iterable[EnkelvoudigInformatieObject],
) -> dict[int, list[Versie]]:
    """Every version of the documents per document id, newest first, in one query: the columns a
    list of versions shows, and `inhoud` and `sha256` so that
    `services.archivering.inhoud_verwijderd_van` tells removed content without another query."""
    result: dict[int, list[Versie]] = defaultdict(list)
    for versie in (
        Versie.objects.filter(document__in=list(documents))
        .order_by("-versie")
        .only(
            "document_id",
            "versie",
            "begin_registratie",
            "bestandsomvang",
            "gegevens",
            "inhoud",
            "sha256",
        )
    ):
        result[versie.document_id].append(versie)
    return dict(result)


def document_parts(model: type[M], actor: Actor) -> QuerySet[M]:
    """Gebruiksrechten, verzendingen or objectinformatieobjecten of documents the actor may see."""
    return _visible(
        model._default_manager.all(),  # objects: the only manager
        actor,
        "documenten.lezen",
        "informatieobject__",
    ).select_related("informatieobject")


def gebruiksrechten(actor: Actor) -> QuerySet[Gebruiksrecht]:
    return document_parts(Gebruiksrecht, actor)


def verzendingen(actor: Actor) -> QuerySet[Verzending]:
    return document_parts(Verzending, actor)


def objectinformatieobjecten(actor: Actor) -> QuerySet[ObjectInformatieObject]:
    return document_parts(ObjectInformatieObject, actor)
