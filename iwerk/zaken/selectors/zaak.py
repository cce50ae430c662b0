"""One zaak by its uuid for an actor (the zaak endpoints' read, update and delete): one query,
written out once per database connection, and the actor's autorisaties checked on the row.

The ORM query of zaken(actor).filter(uuid=…) cost more to build and compile (the visibility
filter, two joined columns, some fifty columns' converters) than to run, on every zaak read. Here
the same query without the visibility filter is compiled once per connection: each read only
sends it and converts the row as the ORM would. The rule of core.api.visibility.visible_q is
then applied to the row (`visible`), so a zaak outside the autorisaties is refused as before, and
the 403 or 404 needs no second query.

The same query with FOR UPDATE (`zaak_by_uuid(…, lock=True)`) is the one read of a service that
changes a zaak by what it finds in the row (set_status): compiled once per connection as well.
"""

from __future__ import annotations

import threading
import uuid as uuid_module
from dataclasses import dataclass
from typing import Any

from django.db import connections, router
from django.db.models import F

from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import NotFound, PermissionDenied
from iwerk.core.choices import vertrouwelijkheden_up_to
from iwerk.zaken.models import Zaak


def visible(actor: Actor, scope: str, zaak: Zaak, catalogus_id: int | None) -> bool:
    """Whether zaak is among zaken(actor, scope): the rule visible_q writes in SQL, on a row.

    A grant on the zaaktype (or, without a zaaktype, on its catalogus) with the scope, with the
    zaak's vertrouwelijkheidaanduiding at most the grant's maximum (no maximum: any).
    """
    if actor.heeft_alle_autorisaties:
        return True
    for grant in actor.grants_with("zrc", scope):
        if grant.type_id is not None:
            covers = grant.type_id == zaak.zaaktype_id
        else:
            covers = grant.catalogus_id is not None and grant.catalogus_id == catalogus_id
        if covers and (
            grant.max_vertrouwelijkheid is None
            or zaak.vertrouwelijkheidaanduiding
            in vertrouwelijkheden_up_to(grant.max_vertrouwelijkheid)
        ):
            return True
    return False


def zaak_or_403(actor: Actor, uuid: uuid_module.UUID, scope: str = "zaken.lezen") -> Zaak:
    """The zaak with this uuid as zaken(actor, scope) loads it (with zaaktype_uuid and
    hoofdzaak_uuid); 404 when there is none, 403 when it lies outside the actor's autorisaties
    (ZGW A6), as core.api.visibility.visible_or_403 answers."""
    found = zaak_by_uuid(uuid)
    if found is None:
        raise NotFound("Het object bestaat niet.")
    zaak, catalogus_id = found
    if not visible(actor, scope, zaak, catalogus_id):
        raise PermissionDenied("Deze applicatie heeft geen toegang tot dit object.")
    return zaak


def zaak_by_uuid(uuid: uuid_module.UUID, *, lock: bool = False) -> tuple[Zaak, int] | None:
    """The zaak with this uuid and its zaaktype's catalogus, whoever asks (check `visible`).

    lock: inside a transaction, the row locked FOR UPDATE (on PostgreSQL; SQLite's write
    transaction holds the whole database), with its hoofdzaak's einddatum as
    `hoofdzaak_einddatum` (None without a hoofdzaak): a service that decides by the row reads it
    once, and no concurrent change gets between its read and its write.
    """
    alias = router.db_for_write(Zaak) if lock else router.db_for_read(Zaak)
    plan = _plan(alias, lock)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(plan.sql, [plan.key(uuid, connection)])
        row = cursor.fetchone()
    if row is None:
        return None
    values = next(plan.compiler.apply_converters([row], plan.converters))
    zaak = Zaak.from_db(alias, plan.attnames, values[plan.start : plan.end])
    for name, position in plan.annotations.items():
        setattr(zaak, name, values[position])
    return zaak, values[plan.catalogus]


@dataclass(frozen=True)
class _Plan:
    sql: str
    compiler: Any  # the SQLCompiler that wrote sql: its converters, for this connection
    converters: dict
    attnames: list[str]
    start: int
    end: int
    # zaaktype_uuid, hoofdzaak_uuid (as zaak_columns adds them); locked: hoofdzaak_einddatum
    annotations: dict[str, int]
    catalogus: int

    @staticmethod
    def key(uuid: uuid_module.UUID, connection: Any) -> Any:
        return _UUID_FIELD.get_db_prep_value(uuid, connection)


_UUID_FIELD = Zaak._meta.get_field("uuid")
_ANY = uuid_module.UUID(int=0)  # the uuid the query is compiled with; each read sends its own
# Per thread, as Django's connections are: the compiler and its converters belong to the thread's
# connection, and go with the thread.
_PLANS = threading.local()


def _plan(alias: str, lock: bool = False) -> _Plan:
    connection = connections[alias]
    plans: dict[tuple[str, bool], _Plan] = _PLANS.__dict__.setdefault("by_alias", {})
    plan = plans.get((alias, lock))
    if plan is not None and plan.compiler.connection is connection:
        return plan
    queryset = Zaak.objects.using(alias).annotate(
        zaaktype_uuid=F("zaaktype__uuid"),
        hoofdzaak_uuid=F("hoofdzaak__uuid"),
        zaaktype_catalogus_id=F("zaaktype__catalogus_id"),
    )
    if lock:
        # FOR UPDATE OF the zaak row only: the hoofdzaak is an outer join (and not changed here).
        queryset = queryset.annotate(hoofdzaak_einddatum=F("hoofdzaak__einddatum"))
        queryset = queryset.select_for_update(of=("self",))
    queryset = queryset.filter(uuid=_ANY)
    compiler = queryset.query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    # The one parameter is the uuid, prepared as each read prepares its own.
    assert list(params) == [_Plan.key(_ANY, connection)], params
    fields = compiler.klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    annotations = dict(compiler.annotation_col_map)
    plan = _Plan(
        sql=sql,
        compiler=compiler,
        converters=compiler.get_converters([column[0] for column in compiler.select]),
        attnames=[column[0].target.attname for column in compiler.select[start:end]],
        start=start,
        end=end,
        catalogus=annotations.pop("zaaktype_catalogus_id"),
        annotations=annotations,
    )
    plans[(alias, lock)] = plan
    return plan
