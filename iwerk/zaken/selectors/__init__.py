"""Reads of the Zaken register: always filtered by the actor's autorisaties (zaaktype + vertrouwelijkheid)."""

from __future__ import annotations

import functools
import uuid as uuid_module
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from django.db import connection
from django.db.models import F, Model, OuterRef, QuerySet, Subquery

from iwerk.catalogi.models import ZaakType, valid_on
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
from iwerk.zaken.selectors.zaak import visible, zaak_by_uuid, zaak_or_403  # noqa: F401 - the selectors of one zaak

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

M = TypeVar("M", bound=Model)


def _visible(qs: QuerySet[M], actor: Actor, scope: str, prefix: str = "") -> QuerySet[M]:
    q = visible_q(
        actor,
        component="zrc",
        scope=scope,
        type_field=f"{prefix}zaaktype_id",
        catalogus_field=f"{prefix}zaaktype__catalogus_id",
        vertrouwelijkheid_field=f"{prefix}vertrouwelijkheidaanduiding",
    )
    return qs if q is None else qs.filter(q)


def zaken(actor: Actor, scope: str = "zaken.lezen", *, columns: bool = True) -> QuerySet[Zaak]:
    """Zaken the actor may see, with what zaak_json reads of the zaak row itself.

    Status and resultaat come from zaak_relations (plain SQL), not from subqueries here:
    compiling correlated, ordered subqueries for every read cost more than the read.
    columns=False leaves the joined columns off, for lists that filter, count and page first
    and add them to the page's rows only (zaak_columns).
    """
    qs = _visible(Zaak.objects.all(), actor, scope)
    return zaak_columns(qs) if columns else qs


def zaaktypen_to_register(actor: Actor, on: date) -> QuerySet[ZaakType]:
    """Published zaaktypen valid on `on` that actor may register zaken of, in one query.

    The rule of register_zaak (services.zaak.require) for a zaak with the zaaktype's own
    vertrouwelijkheidaanduiding: zaken.aanmaken for the type or its catalogus, with the
    zaaktype's vertrouwelijkheidaanduiding at most the grant's maximum.
    """
    qs = ZaakType.objects.filter(concept=False).filter(valid_on(on))
    q = visible_q(
        actor,
        component="zrc",
        scope="zaken.aanmaken",
        type_field="pk",
        catalogus_field="catalogus_id",
        vertrouwelijkheid_field="vertrouwelijkheidaanduiding",
    )
    return qs if q is None else qs.filter(q)


def zaak_visible(actor: Actor, zaak: Zaak, scopes: Iterable[str] = ("zaken.lezen",)) -> bool:
    """Whether zaak is among zaken(actor, scope) for one of scopes, without a query.

    The same test visible_q applies in SQL: a grant on the zaaktype or its catalogus with the
    scope, up to the grant's maximum vertrouwelijkheidaanduiding.
    """
    return any(
        actor.permits(
            "zrc",
            scope,
            type_id=zaak.zaaktype_id,
            catalogus_id=zaak.zaaktype.catalogus_id,
            vertrouwelijkheid=zaak.vertrouwelijkheidaanduiding,
        )
        for scope in scopes
    )


def zaak_columns(qs: QuerySet[Zaak]) -> QuerySet[Zaak]:
    # Of the zaaktype and hoofdzaak only the uuid is shown: a joined column each, not whole rows
    # (a ZaakType row with its JSON fields cost more to load than the zaak itself).
    return qs.annotate(zaaktype_uuid=F("zaaktype__uuid"), hoofdzaak_uuid=F("hoofdzaak__uuid"))


def statussen(actor: Actor) -> QuerySet[Status]:
    return _visible(Status.objects.all(), actor, "zaken.lezen", "zaak__").select_related(
        "zaak", "zaak__zaaktype", "statustype"
    )


def resultaten(actor: Actor) -> QuerySet[Resultaat]:
    return _visible(Resultaat.objects.all(), actor, "zaken.lezen", "zaak__").select_related(
        "zaak", "resultaattype"
    )


def zaak_relations(zaak_ids: Iterable[int]) -> dict[str, dict[int, list[str]]]:
    """uuids of what zaak_json lists per zaak: deelzaken, rollen, eigenschappen, zaakobjecten,
    ZIOs, resultaat and the latest status, in one UNION ALL.

    Plain SQL: on every zaak read and list page, compiling these as ORM querysets with
    correlated subqueries cost more than running them (from 7.4 to 2.0 ms per read, measured).
    """
    ids = [int(i) for i in zaak_ids]
    result: dict[str, dict[int, list[str]]] = {
        name: defaultdict(list) for name in (*RELATIONS, "status")
    }
    if not ids:
        return result
    sql, statements = _relations_sql(connection.vendor, len(ids))
    with connection.cursor() as cursor:
        cursor.execute(sql, ids * statements)
        rows = cursor.fetchall()
    for name, owner_id, key, _ in sorted(rows, key=lambda r: (r[0], r[1], r[3])):
        result[name][owner_id].append(_uuid(key))
    return result


@functools.lru_cache(maxsize=256)
def _relations_sql(vendor: str, count: int) -> tuple[str, int]:
    """The UNION ALL of zaak_relations for count zaken, and how many times it takes the ids:
    written once per number of zaken (a read: one; a list page: up to the page size)."""
    marks = ", ".join(["%s"] * count)
    parts = []
    for name, (model, owner) in RELATIONS.items():
        table = connection.ops.quote_name(model._meta.db_table)
        column = connection.ops.quote_name(owner)
        parts.append(
            f"SELECT '{name}', {column}, uuid, id FROM {table} WHERE {column} IN ({marks})"  # noqa: S608 - names are model metadata, values are parameters
        )
    # The latest status per zaak, in the order of Status.indicatieLaatstGezetteStatus.
    status = connection.ops.quote_name(Status._meta.db_table)
    parts.append(
        "SELECT 'status', zaak_id, uuid, id FROM (SELECT zaak_id, uuid, id, ROW_NUMBER() OVER ("  # noqa: S608 - table name from model metadata
        f"PARTITION BY zaak_id ORDER BY datum_status_gezet DESC, id DESC) AS n FROM {status} "
        f"WHERE zaak_id IN ({marks})) latest WHERE n = 1"
    )
    return " UNION ALL ".join(parts), len(parts)


def _uuid(value: uuid_module.UUID | str) -> str:
    """uuid columns come back as UUID (PostgreSQL) or as 32 hex characters (SQLite)."""
    return str(value if isinstance(value, uuid_module.UUID) else uuid_module.UUID(value))


RELATIONS = {
    "deelzaken": (Zaak, "hoofdzaak_id"),
    "rollen": (Rol, "zaak_id"),
    "eigenschappen": (ZaakEigenschap, "zaak_id"),
    "zaakobjecten": (ZaakObject, "zaak_id"),
    "zaakinformatieobjecten": (ZaakInformatieObject, "zaak_id"),
    "resultaat": (Resultaat, "zaak_id"),
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


def zaken_within(qs: QuerySet[Zaak], area: BaseGeometry) -> list[int]:
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


def zaak_parts(model: type[M], actor: Actor) -> QuerySet[M]:
    """Rows of a model that hangs under a zaak (klantcontact, zaakverzoek, …) the actor may see."""
    return _visible(
        model._default_manager.all(),  # objects: the only manager
        actor,
        "zaken.lezen",
        "zaak__",
    ).select_related("zaak")


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
