"""Reads of the Zaken register: always filtered by the actor's autorisaties (zaaktype + vertrouwelijkheid)."""

from __future__ import annotations

import uuid as uuid_module
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import CharField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Cast

from iwerk.core.api.actor import Actor
from iwerk.core.api.visibility import visible_q
from iwerk.zaken.models import (
    Resultaat,
    Rol,
    Status,
    Zaak,
    ZaakEigenschap,
    ZaakInformatieObject,
    ZaakNotitie,
    ZaakObject,
)


def _visible(qs: QuerySet, actor: Actor, scope: str, prefix: str = "") -> QuerySet:
    q = visible_q(
        actor,
        component="zrc",
        scope=scope,
        type_field=f"{prefix}zaaktype_id",
        catalogus_field=f"{prefix}zaaktype__catalogus_id",
        vertrouwelijkheid_field=f"{prefix}vertrouwelijkheidaanduiding",
    )
    return qs if q is None else qs.filter(q)


def zaken(actor: Actor, scope: str = "zaken.lezen") -> QuerySet[Zaak]:
    """Zaken the actor may see, with what zaak_json reads of the zaak row itself."""
    latest = (
        Status.objects.filter(zaak=OuterRef("pk"))
        .order_by("-datum_status_gezet", "-pk")
        .values("uuid")[:1]
    )
    resultaat = Resultaat.objects.filter(zaak=OuterRef("pk")).values("uuid")[:1]
    return (
        _visible(Zaak.objects.all(), actor, scope)
        .select_related("zaaktype", "hoofdzaak")
        .annotate(status_uuid=Subquery(latest), resultaat_uuid=Subquery(resultaat))
    )


def statussen(actor: Actor) -> QuerySet[Status]:
    return _visible(Status.objects.all(), actor, "zaken.lezen", "zaak__").select_related(
        "zaak", "zaak__zaaktype", "statustype"
    )


def resultaten(actor: Actor) -> QuerySet[Resultaat]:
    return _visible(Resultaat.objects.all(), actor, "zaken.lezen", "zaak__").select_related(
        "zaak", "resultaattype"
    )


def zaak_relations(zaak_ids: Iterable[int]) -> dict[str, dict[int, list[str]]]:
    """uuids of deelzaken, rollen, zaakeigenschappen and zaakobjecten per zaak, in one UNION query."""
    ids = list(zaak_ids)
    result: dict[str, dict[int, list[str]]] = {name: defaultdict(list) for name in RELATIONS}
    if not ids:
        return result
    parts = [
        model.objects.filter(**{f"{owner}__in": ids})
        .order_by()
        .values_list(
            Value(name, output_field=CharField()),
            owner,
            Cast("uuid", output_field=CharField()),
            "pk",
        )
        for name, (model, owner) in RELATIONS.items()
    ]
    for name, owner_id, uuid, _ in sorted(
        parts[0].union(*parts[1:], all=True), key=lambda r: (r[0], r[1], r[3])
    ):
        result[name][owner_id].append(str(uuid_module.UUID(uuid)))
    return result


RELATIONS = {
    "deelzaken": (Zaak, "hoofdzaak_id"),
    "rollen": (Rol, "zaak_id"),
    "eigenschappen": (ZaakEigenschap, "zaak_id"),
    "zaakobjecten": (ZaakObject, "zaak_id"),
    "zaakinformatieobjecten": (ZaakInformatieObject, "zaak_id"),
}


def latest_status_ids(zaak_ids: Iterable[int]) -> set[int]:
    """pk of the most recent status of each zaak (indicatieLaatstGezetteStatus), in one query."""
    latest = (
        Status.objects.filter(zaak=OuterRef("pk"))
        .order_by("-datum_status_gezet", "-pk")
        .values("pk")[:1]
    )
    rows = Zaak.objects.filter(pk__in=list(zaak_ids)).annotate(latest=Subquery(latest))
    return set(rows.exclude(latest=None).values_list("latest", flat=True))


def rollen(actor: Actor) -> QuerySet[Rol]:
    return _visible(Rol.objects.all(), actor, "zaken.lezen", "zaak__").select_related(
        "zaak", "roltype"
    )


def zaken_within(qs: QuerySet[Zaak], area) -> list[int]:
    """pks of zaken in qs whose geometry lies within area (a shapely geometry).

    The bounding-box columns narrow the candidates with an index; shapely decides exactly.
    """
    from shapely.geometry import shape

    minx, miny, maxx, maxy = area.bounds
    candidates = qs.filter(
        geometrie_min_x__gte=minx,
        geometrie_min_y__gte=miny,
        geometrie_max_x__lte=maxx,
        geometrie_max_y__lte=maxy,
    ).values_list("pk", "zaakgeometrie")
    return [pk for pk, geometrie in candidates if geometrie and shape(geometrie).within(area)]


def zaak_parts(model, actor: Actor) -> QuerySet:
    """Rows of a model that hangs under a zaak (klantcontact, zaakverzoek, …) the actor may see."""
    return _visible(model.objects.all(), actor, "zaken.lezen", "zaak__").select_related("zaak")


def notities(actor: Actor) -> QuerySet:
    return _visible(
        ZaakNotitie.objects.all(), actor, "zaken.lezen", "gerelateerd_aan__"
    ).select_related("gerelateerd_aan")


def zios_per_status(status_ids: Iterable[int]) -> dict[int, list[str]]:
    """uuids of the zaakinformatieobjecten linked to each status, in one query."""
    result: dict[int, list[str]] = defaultdict(list)
    ids = list(status_ids)
    if ids:
        for status_id, key in (
            ZaakInformatieObject.objects.filter(status_id__in=ids)
            .order_by("pk")
            .values_list("status_id", "uuid")
        ):
            result[status_id].append(str(key))
    return result


def zaakinformatieobjecten(actor: Actor) -> QuerySet[ZaakInformatieObject]:
    return _visible(
        ZaakInformatieObject.objects.all(), actor, "zaken.lezen", "zaak__"
    ).select_related("zaak", "informatieobject", "status")
