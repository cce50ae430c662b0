"""Reads of the Besluiten register: filtered by the actor's autorisaties on besluittype (brc)."""

from __future__ import annotations

from django.db.models import QuerySet

from iwerk.besluiten.models import Besluit, BesluitInformatieObject
from iwerk.core.api.actor import Actor
from iwerk.core.api.visibility import visible_q


def _visible(qs: QuerySet, actor: Actor, scope: str, prefix: str = "") -> QuerySet:
    q = visible_q(
        actor,
        component="brc",
        scope=scope,
        type_field=f"{prefix}besluittype_id",
        catalogus_field=f"{prefix}besluittype__catalogus_id",
        vertrouwelijkheid_field=None,
    )
    return qs if q is None else qs.filter(q)


def besluiten(actor: Actor, scope: str = "besluiten.lezen") -> QuerySet[Besluit]:
    return _visible(Besluit.objects.all(), actor, scope).select_related("besluittype", "zaak")


def besluitinformatieobjecten(actor: Actor) -> QuerySet[BesluitInformatieObject]:
    return _visible(
        BesluitInformatieObject.objects.all(), actor, "besluiten.lezen", "besluit__"
    ).select_related("besluit", "informatieobject")
