"""Reads of the Catalogi register, shaped for the API, the admin screens and other registers."""

from __future__ import annotations

import uuid as uuid_module
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar, cast

from django.core.cache import cache
from django.db.models import (
    CharField,
    Count,
    F,
    Model,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast

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
from iwerk.core import generations
from iwerk.core.api.actor import Actor
from iwerk.core.choices import vertrouwelijkheid_rank

M = TypeVar("M", bound=Model)

TYPE_MODELS: dict[str, type[ZaakType | InformatieObjectType | BesluitType]] = {
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


ZaakTypeChildModel = (
    StatusType
    | RolType
    | ResultaatType
    | Eigenschap
    | ZaakObjectType
    | ZaakTypeInformatieObjectType
)
CHILD_MODELS: dict[str, type[ZaakTypeChildModel]] = {
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
    if kind == "statustypen":
        highest = (
            StatusType.objects.filter(zaaktype=OuterRef("zaaktype"))
            .order_by("-volgnummer")
            .values("volgnummer")[:1]
        )
        qs = qs.annotate(max_volgnummer=Subquery(highest))
    return qs.order_by("pk")


@dataclass
class ZaakTypeChildren:
    """uuids (and names) of what hangs under one zaaktype, for its representation."""

    statustypen: list = field(default_factory=list)
    resultaattypen: list = field(default_factory=list)  # (uuid, omschrijving)
    roltypen: list = field(default_factory=list)
    eigenschappen: list = field(default_factory=list)
    zaakobjecttypen: list = field(default_factory=list)
    informatieobjecttype_namen: list = field(default_factory=list)


def zaaktype_children(zaaktype_ids: Iterable[int]) -> dict[int, ZaakTypeChildren]:
    """Children of many zaaktypen as plain values, in one UNION query, without model instances.

    Building model instances through prefetch_related cost most of a zaaktypen page; the
    representation needs only uuids and a few names.
    """
    ids = list(zaaktype_ids)
    result: dict[int, ZaakTypeChildren] = {pk: ZaakTypeChildren() for pk in ids}
    if not ids:
        return result

    def part(
        model: type[ZaakTypeChildModel], kind: str, order: str, name: str | None = None
    ) -> QuerySet[Any, Any]:
        return (
            model._default_manager.filter(zaaktype_id__in=ids)  # objects: the only manager
            .order_by()
            .values_list(
                Value(kind, output_field=CharField()),
                "zaaktype_id",
                Cast("uuid", output_field=CharField()),
                F(name) if name else Value("", output_field=CharField()),
                F(order),
            )
        )

    parts = [
        part(StatusType, "statustypen", "volgnummer"),
        part(RolType, "roltypen", "pk"),
        part(Eigenschap, "eigenschappen", "pk"),
        part(ZaakObjectType, "zaakobjecttypen", "pk"),
        part(ResultaatType, "resultaattypen", "pk", "omschrijving"),
        part(
            ZaakTypeInformatieObjectType, "ziot", "volgnummer", "informatieobjecttype_omschrijving"
        ),
    ]
    # Compound selects cannot be ordered per part on every database: sort the few rows here.
    rows = sorted(parts[0].union(*parts[1:], all=True), key=lambda row: (row[0], row[1], row[4]))
    for kind, zaaktype_id, uuid, name, _ in rows:
        children = result[zaaktype_id]
        if kind == "resultaattypen":
            children.resultaattypen.append((_as_uuid(uuid), name))
        elif kind == "ziot":
            if name not in children.informatieobjecttype_namen:
                children.informatieobjecttype_namen.append(name)
        else:
            getattr(children, kind).append(_as_uuid(uuid))
    return result


def _as_uuid(value: str) -> str:
    # SQLite stores uuids as 32 hex digits, PostgreSQL as canonical text: normalise.
    return str(uuid_module.UUID(value))


class NameIndex:
    """Published type versions valid on one date, found by (catalogus, name).

    Implements the 1.3 rule for which URLs GET returns for relations stored by name.
    prime() loads exactly the (catalogus, name) pairs a page refers to, in one query per
    kind, so rendering costs a fixed number of small queries whatever the page size.
    """

    def __init__(self, on: date) -> None:
        self.on = on
        self._found: dict[str, dict[tuple[int, str], list[str]]] = defaultdict(dict)

    def prime(self, kind: str, pairs: Iterable[tuple[int, str]]) -> None:
        missing = {pair for pair in pairs if pair not in self._found[kind]}
        if not missing:
            return
        model = TYPE_MODELS[kind]
        name = "identificatie" if kind == "zaaktypen" else "omschrijving"
        rows = (
            model.objects.filter(
                catalogus_id__in={c for c, _ in missing},
                **{f"{name}__in": {n for _, n in missing}},
                concept=False,
            )
            .filter(valid_on(self.on))
            .order_by("pk")
            .values_list("catalogus_id", name, "uuid")
        )
        found = self._found[kind]
        for pair in missing:
            found[pair] = []
        for catalogus_id, value, uuid in rows:
            if (catalogus_id, value) in missing:
                found[(catalogus_id, value)].append(str(uuid))

    def uuids(self, kind: str, catalogus_id: int, name: str) -> list[str]:
        self.prime(kind, [(catalogus_id, name)])
        return self._found[kind][(catalogus_id, name)]


def zaaktype_relations_index(on: date, catalogus_ids: Iterable[int]) -> list[dict[str, Any]]:
    """Published zaaktypen valid on `on` in these catalogi, with their by-name relations (one query)."""
    rows = (
        ZaakType.objects.filter(catalogus_id__in=list(catalogus_ids), concept=False)
        .filter(valid_on(on))
        .order_by("pk")
        .values("uuid", "catalogus_id", "identificatie", "besluittype_omschrijvingen")
    )
    return list(cast("Iterable[dict[str, Any]]", rows))  # values() rows are plain dicts


def ziot_index(catalogus_ids: Iterable[int], on: date) -> list[dict[str, Any]]:
    """ZIOTs of published zaaktypen valid on `on` (for informatieobjecttype.zaaktypen), one query."""
    rows = (
        ZaakTypeInformatieObjectType.objects.filter(
            zaaktype__catalogus_id__in=list(catalogus_ids), zaaktype__concept=False
        )
        .filter(valid_on(on, "zaaktype__"))
        # A stable order: PostgreSQL returns rows in any order otherwise, and the lists built
        # from this (informatieobjecttype.zaaktypen) would change between two identical reads.
        .order_by("zaaktype__identificatie", "zaaktype__versiedatum", "zaaktype_id")
        .values(
            "zaaktype__uuid",
            "zaaktype__identificatie",
            "zaaktype__catalogus_id",
            "informatieobjecttype_omschrijving",
        )
    )
    return list(cast("Iterable[dict[str, Any]]", rows))  # values() rows are plain dicts


def besluittypen_with_relations(qs: QuerySet[BesluitType]) -> QuerySet[BesluitType]:
    # Relations are loaded by RenderContext.prime_besluittypen, only for uncached rows.
    return qs


def related_values(
    through: type[Model], owner: str, ids: Iterable[int], other: str, name: str
) -> dict[int, list[tuple[str, str]]]:
    """(uuid, name) of the other side of an m2m per owner id, in one query without model instances."""
    result: dict[int, list[tuple[str, str]]] = defaultdict(list)
    rows = (
        through._default_manager.filter(**{f"{owner}_id__in": list(ids)})  # objects
        .order_by(f"{other}_id")
        .values_list(f"{owner}_id", f"{other}__uuid", f"{other}__{name}")
    )
    for owner_id, uuid, value in rows:
        result[owner_id].append((str(uuid), value))
    return result


def eigenschappen_per_statustype(ids: Iterable[int]) -> dict[int, list[str]]:
    result: dict[int, list[str]] = defaultdict(list)
    for statustype_id, uuid in (
        Eigenschap.objects.filter(statustype_id__in=list(ids))
        .order_by("pk")
        .values_list("statustype_id", "uuid")
    ):
        result[statustype_id].append(str(uuid))
    return result


def type_by_uuid(model: type[M], key: uuid_module.UUID | str) -> M | None:
    """One catalogi type (zaaktype, statustype, informatieobjecttype, …) by uuid.

    Every write of the Zaken, Documenten and Besluiten APIs names its type by URL. Types change
    rarely and every change moves the catalogi generation (catalogi.signals), which the request
    reads once anyway (core.generations), so within a request the row comes from the cache
    where this generation read it before. Not cached when this request changed the catalogi
    itself: that generation may still roll back.
    """
    if not generations.in_request() or generations.bumped_here("catalogi"):
        return model._default_manager.filter(uuid=key).first()  # objects: the only manager
    cache_key = f"iwerk:ztc-type:{generations.current('catalogi')}:{model._meta.label_lower}:{key}"
    found = cache.get(cache_key)
    if found is None:
        found = model._default_manager.filter(uuid=key).first()
        if found is not None:
            cache.set(cache_key, found, timeout=3600)
    return found


@dataclass(frozen=True)
class Waarschuwing:
    """Guidance for beheer about a zaaktype: not a rule of the standard, never an API refusal."""

    code: str
    tekst: str


WaarschuwingBron = Callable[[list[int]], dict[int, list[Waarschuwing]]]
_BRONNEN: list[WaarschuwingBron] = []


def register_waarschuwingen(bron: WaarschuwingBron) -> None:
    """Add beheer warnings about zaaktypen that another app knows (from its AppConfig.ready).

    Catalogi depends on no app above it, yet some guidance needs their data: whether the
    werkplek roles of a gemeente may open the documents of a zaaktype (werkplek, ADR 0034).
    ``bron`` gets zaaktype pks and returns warnings per pk, in a fixed number of queries.
    """
    if bron not in _BRONNEN:
        _BRONNEN.append(bron)


def zaaktypen_waarschuwingen(zaaktype_ids: Iterable[int]) -> dict[int, list[Waarschuwing]]:
    """What a zaaktype lacks to carry a zaak from start to end (ADR 0024), per zaaktype pk.

    At least two statustypen (begin and eind), one resultaattype (to close a zaak) and one
    roltype (to name an initiator or behandelaar); then the warnings of every registered source
    (``register_waarschuwingen``). Three queries plus a fixed few per source, for any number
    of zaaktypen.
    """
    ids = list(zaaktype_ids)
    counts: dict[str, dict[int, int]] = {}
    for kind, model in (
        ("statustypen", StatusType),
        ("resultaattypen", ResultaatType),
        ("roltypen", RolType),
    ):
        counts[kind] = dict(
            model.objects.filter(zaaktype_id__in=ids)
            .values("zaaktype_id")
            .annotate(n=Count("pk"))
            .values_list("zaaktype_id", "n")
        )
    result: dict[int, list[Waarschuwing]] = {}
    for pk in ids:
        lijst: list[Waarschuwing] = []
        if counts["statustypen"].get(pk, 0) < 2:
            lijst.append(
                Waarschuwing(
                    "missing-statustypen",
                    "Dit zaaktype heeft minder dan twee statustypen; een zaak kan dan niet "
                    "gestart én afgesloten worden.",
                )
            )
        if not counts["resultaattypen"].get(pk):
            lijst.append(
                Waarschuwing(
                    "missing-resultaattypen",
                    "Dit zaaktype heeft geen resultaattype; een zaak kan dan niet afgesloten worden.",
                )
            )
        if not counts["roltypen"].get(pk):
            lijst.append(
                Waarschuwing(
                    "missing-roltypen",
                    "Dit zaaktype heeft geen roltype; er kan dan geen initiator of behandelaar "
                    "vastgelegd worden.",
                )
            )
        result[pk] = lijst
    for bron in _BRONNEN:
        for pk, extra in bron(ids).items():
            result[pk].extend(extra)
    return result


def zaaktype_waarschuwingen(zaaktype: ZaakType) -> list[Waarschuwing]:
    """The beheer warnings of one zaaktype (see ``zaaktypen_waarschuwingen``)."""
    return zaaktypen_waarschuwingen([zaaktype.pk])[zaaktype.pk]


@dataclass(frozen=True)
class ZaaktypeDocumenten:
    """A zaaktype's gemeente and level, and the default level of each of its document types."""

    tenant_id: int
    vertrouwelijkheidaanduiding: str
    documenttypen: tuple[tuple[str, str], ...]  # (omschrijving, vertrouwelijkheidaanduiding)


def documenttypen_per_zaaktype(
    zaaktype_ids: Iterable[int], on: date
) -> dict[int, ZaaktypeDocumenten]:
    """The vertrouwelijkheidaanduiding a document of each zaaktype gets when none is given.

    A zaaktype names its informatieobjecttypen by omschrijving within its catalogus (ztc
    historiemodel); a document without its own vertrouwelijkheidaanduiding takes the type's
    (drc). Of several versions the highest level counts among those still valid on ``on`` or
    later, concepts included (beheer prepares them). Three queries for any number of zaaktypen.
    """
    zaaktypen = {
        pk: (tenant_id, catalogus_id, niveau)
        for pk, tenant_id, catalogus_id, niveau in ZaakType.objects.filter(
            pk__in=list(zaaktype_ids)
        ).values_list("pk", "tenant_id", "catalogus_id", "vertrouwelijkheidaanduiding")
    }
    ziots = list(
        ZaakTypeInformatieObjectType.objects.filter(zaaktype_id__in=zaaktypen)
        .order_by("zaaktype_id", "volgnummer")
        .values_list("zaaktype_id", "informatieobjecttype_omschrijving")
    )
    hoogste: dict[tuple[int, str], str] = {}
    for catalogus_id, omschrijving, niveau in (
        InformatieObjectType.objects.filter(
            catalogus_id__in={c for _, c, _ in zaaktypen.values()},
            omschrijving__in={o for _, o in ziots},
        )
        .exclude(datum_einde_geldigheid__lt=on)
        .values_list("catalogus_id", "omschrijving", "vertrouwelijkheidaanduiding")
    ):
        key = (catalogus_id, omschrijving)
        if key not in hoogste or vertrouwelijkheid_rank(niveau) > vertrouwelijkheid_rank(
            hoogste[key]
        ):
            hoogste[key] = niveau
    per_zaaktype: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for zaaktype_id, omschrijving in ziots:
        hoogst = hoogste.get((zaaktypen[zaaktype_id][1], omschrijving))
        if hoogst is not None and (omschrijving, hoogst) not in per_zaaktype[zaaktype_id]:
            per_zaaktype[zaaktype_id].append((omschrijving, hoogst))
    return {
        pk: ZaaktypeDocumenten(tenant_id, niveau, tuple(per_zaaktype[pk]))
        for pk, (tenant_id, _, niveau) in zaaktypen.items()
    }
