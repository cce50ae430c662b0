"""Reads of the Catalogi register, shaped for the API, the admin screens and other registers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from iwerk.catalogi.models import (
    BesluitType,
    Catalogus,
    Eigenschap,
    InformatieObjectType,
    ResultaatType,
    RolType,
    StatusType,
    ZaakObjectType,
    ZaakType,
    ZaakTypeInformatieObjectType,
    valid_on,
)
from iwerk.core.api.actor import Actor

TYPE_MODELS = {
    "zaaktypen": ZaakType,
    "informatieobjecttypen": InformatieObjectType,
    "besluittypen": BesluitType,
}


@dataclass(frozen=True)
class TypeRef:
    pk: int
    tenant_id: int
    catalogus_id: int


def type_refs_by_uuid(kind: str, uuids: Iterable[str]) -> dict[str, TypeRef]:
    """Local zaaktypen/informatieobjecttypen/besluittypen by uuid (lower-case string), in one query."""
    rows = (
        TYPE_MODELS[kind]
        .objects.filter(uuid__in=list(uuids))
        .values_list("uuid", "pk", "tenant_id", "catalogus_id")
    )
    return {str(u): TypeRef(pk, tenant_id, catalogus_id) for u, pk, tenant_id, catalogus_id in rows}


def types_per_catalogus(catalogus_ids: Iterable[int]) -> dict[int, dict[str, list]]:
    """uuids of every zaaktype, informatieobjecttype and besluittype per catalogus (three queries)."""
    result: dict[int, dict[str, list]] = defaultdict(lambda: {k: [] for k in TYPE_MODELS})
    for kind, model in TYPE_MODELS.items():
        for catalogus_id, uuid in (
            model.objects.filter(catalogus_id__in=list(catalogus_ids))
            .order_by("pk")
            .values_list("catalogus_id", "uuid")
        ):
            result[catalogus_id][kind].append(uuid)
    return result


def _for_actor(qs: QuerySet, actor: Actor) -> QuerySet:
    # Catalogi are per gemeente: a client sees the catalogi of the gemeenten it works for.
    if actor.catalogi_tenant_ids is None:
        return qs
    return qs.filter(tenant_id__in=actor.catalogi_tenant_ids)


def catalogussen(actor: Actor) -> QuerySet[Catalogus]:
    return _for_actor(Catalogus.objects.all(), actor).order_by("pk")


def catalogussen_with_relations(qs: QuerySet[Catalogus]) -> QuerySet[Catalogus]:
    return qs.prefetch_related(
        Prefetch(
            "zaaktypen", queryset=ZaakType.objects.only("uuid", "catalogus_id").order_by("pk")
        ),
        Prefetch(
            "besluittypen",
            queryset=BesluitType.objects.only("uuid", "catalogus_id", "omschrijving").order_by(
                "pk"
            ),
        ),
        Prefetch(
            "informatieobjecttypen",
            queryset=InformatieObjectType.objects.only(
                "uuid", "catalogus_id", "omschrijving"
            ).order_by("pk"),
        ),
    )


def zaaktypen(actor: Actor) -> QuerySet[ZaakType]:
    return _for_actor(ZaakType.objects.all(), actor).select_related("catalogus").order_by("pk")


def informatieobjecttypen(actor: Actor) -> QuerySet[InformatieObjectType]:
    return (
        _for_actor(InformatieObjectType.objects.all(), actor)
        .select_related("catalogus")
        .order_by("pk")
    )


def besluittypen(actor: Actor) -> QuerySet[BesluitType]:
    return _for_actor(BesluitType.objects.all(), actor).select_related("catalogus").order_by("pk")


CHILD_MODELS = {
    "statustypen": StatusType,
    "roltypen": RolType,
    "resultaattypen": ResultaatType,
    "eigenschappen": Eigenschap,
    "zaakobjecttypen": ZaakObjectType,
    "zaaktype-informatieobjecttypen": ZaakTypeInformatieObjectType,
}


def children(kind: str, actor: Actor) -> QuerySet:
    qs = _for_actor(CHILD_MODELS[kind].objects.all(), actor).select_related(
        "zaaktype", "zaaktype__catalogus"
    )
    if kind in ("eigenschappen", "zaaktype-informatieobjecttypen"):
        qs = qs.select_related("statustype")
    if kind == "resultaattypen":
        qs = qs.prefetch_related(
            Prefetch("besluittypen", queryset=BesluitType.objects.only("uuid", "omschrijving")),
            Prefetch(
                "informatieobjecttypen",
                queryset=InformatieObjectType.objects.only("uuid", "omschrijving"),
            ),
        )
    if kind == "statustypen":
        highest = (
            StatusType.objects.filter(zaaktype=OuterRef("zaaktype"))
            .order_by("-volgnummer")
            .values("volgnummer")[:1]
        )
        qs = qs.annotate(max_volgnummer=Subquery(highest)).prefetch_related(
            Prefetch("eigenschappen", queryset=Eigenschap.objects.only("uuid", "statustype_id"))
        )
    return qs.order_by("pk")


def zaaktypen_with_relations(qs: QuerySet[ZaakType]) -> QuerySet[ZaakType]:
    def uuids(model):
        return model.objects.only("uuid", "zaaktype_id").order_by("pk")

    return qs.prefetch_related(
        Prefetch(
            "statustypen", queryset=uuids(StatusType).only("uuid", "zaaktype_id", "volgnummer")
        ),
        Prefetch(
            "resultaattypen",
            queryset=uuids(ResultaatType).only("uuid", "zaaktype_id", "omschrijving"),
        ),
        Prefetch("roltypen", queryset=uuids(RolType)),
        Prefetch("eigenschappen", queryset=uuids(Eigenschap)),
        Prefetch("zaakobjecttypen", queryset=uuids(ZaakObjectType)),
        Prefetch(
            "zaaktypeinformatieobjecttypen",
            queryset=ZaakTypeInformatieObjectType.objects.only(
                "zaaktype_id", "informatieobjecttype_omschrijving", "volgnummer"
            ).order_by("volgnummer"),
        ),
    )


class NameIndex:
    """Published type versions valid on one date, found by (catalogus, name).

    Implements the 1.3 rule for which URLs GET returns for relations stored by name.
    prime() loads a kind for a set of catalogi in one query, so rendering a page costs
    a fixed number of queries whatever its size.
    """

    def __init__(self, on: date) -> None:
        self.on = on
        self._found: dict[str, dict[tuple[int, str], list[str]]] = {}
        self._ids: dict[str, frozenset[int]] = {}

    def prime(self, kind: str, catalogus_ids: Iterable[int]) -> None:
        ids = frozenset(catalogus_ids) | self._ids.get(kind, frozenset())
        if kind in self._ids and ids == self._ids[kind]:
            return
        model = TYPE_MODELS[kind]
        name = "identificatie" if kind == "zaaktypen" else "omschrijving"
        found: dict[tuple[int, str], list[str]] = defaultdict(list)
        rows = (
            model.objects.filter(catalogus_id__in=ids, concept=False)
            .filter(valid_on(self.on))
            .order_by("pk")
            .values_list("catalogus_id", name, "uuid")
        )
        for catalogus_id, value, uuid in rows:
            found[(catalogus_id, value)].append(str(uuid))
        self._found[kind] = found
        self._ids[kind] = ids

    def uuids(self, kind: str, catalogus_id: int, name: str) -> list[str]:
        if catalogus_id not in self._ids.get(kind, frozenset()):
            self.prime(kind, [catalogus_id])
        return self._found[kind].get((catalogus_id, name), [])


def zaaktype_relations_index(on: date, catalogus_ids: Iterable[int]) -> list[dict]:
    """Published zaaktypen valid on `on` in these catalogi, with their by-name relations (one query)."""
    return list(
        ZaakType.objects.filter(catalogus_id__in=list(catalogus_ids), concept=False)
        .filter(valid_on(on))
        .order_by("pk")
        .values("uuid", "catalogus_id", "identificatie", "besluittype_omschrijvingen")
    )


def ziot_index(catalogus_ids: Iterable[int], on: date) -> list[dict]:
    """ZIOTs of published zaaktypen valid on `on` (for informatieobjecttype.zaaktypen), one query."""
    return list(
        ZaakTypeInformatieObjectType.objects.filter(
            zaaktype__catalogus_id__in=list(catalogus_ids), zaaktype__concept=False
        )
        .filter(valid_on(on, "zaaktype__"))
        .values(
            "zaaktype__uuid",
            "zaaktype__identificatie",
            "zaaktype__catalogus_id",
            "informatieobjecttype_omschrijving",
        )
    )


def besluittypen_with_relations(qs: QuerySet[BesluitType]) -> QuerySet[BesluitType]:
    return qs.prefetch_related(
        Prefetch(
            "resultaattypen",
            queryset=ResultaatType.objects.only("uuid", "omschrijving").order_by("pk"),
        )
    )
