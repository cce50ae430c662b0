"""Generation counters for cache invalidation across processes (see core.models.Generatie).

Within a request (`per_request`, entered by middleware) the first `current()` reads every
counter in one query and later calls answer from that snapshot: a request that checks the
autorisaties, the catalogi and a register's generation pays one query, not three. A counter
bumped during the request is read again from the database, so the request sees its own change.
Outside a request (workers, commands, services called directly) every call reads the database.

Every API request reads the counters, so the reads are plain SELECTs on a cursor: building them
as querysets cost ~150 µs each in Django's SQL compiler, the statement itself ~25 µs
(docs/performance.md). They go to the connection the router gives the model and take the table
and column names from it, as the queryset did, and so see the same rows inside and outside a
transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import connections, router
from django.db.models import Field

from iwerk.core import fastsql
from iwerk.core.models import Generatie


@dataclass
class _Snapshot:
    values: dict[str, int] | None = None
    bumped: set[str] = field(default_factory=set)


_snapshot: ContextVar[_Snapshot | None] = ContextVar("iwerk_generations", default=None)


@contextmanager
def per_request() -> Iterator[None]:
    token = _snapshot.set(_Snapshot())
    try:
        yield
    finally:
        _snapshot.reset(token)


def in_request() -> bool:
    return _snapshot.get() is not None


def bumped_here(naam: str) -> bool:
    """Whether this request changed the counter (its new value is not committed yet)."""
    snapshot = _snapshot.get()
    return snapshot is not None and naam in snapshot.bumped


def _select(naam: str | None) -> list[tuple[str, int]]:
    """(naam, waarde) of one counter, or of every counter when naam is None."""
    connection = connections[router.db_for_read(Generatie)]
    quote = connection.ops.quote_name
    naam_column, waarde_column = (quote(_column(name)) for name in ("naam", "waarde"))
    sql = f"SELECT {naam_column}, {waarde_column} FROM {quote(Generatie._meta.db_table)}"  # noqa: S608 - names from model metadata, values are parameters
    with connection.cursor() as cursor:
        if naam is None:
            cursor.execute(sql)
        else:
            cursor.execute(f"{sql} WHERE {naam_column} = %s", [naam])
        return cursor.fetchall()


def _column(name: str) -> str:
    field = Generatie._meta.get_field(name)
    assert isinstance(field, Field) and field.column  # a concrete column of the table
    return field.column


def _read(naam: str) -> int:
    rows = _select(naam)  # naam is unique: no row or one
    return rows[0][1] if rows else 0


def current(naam: str) -> int:
    snapshot = _snapshot.get()
    if snapshot is None or naam in snapshot.bumped:
        return _read(naam)
    if snapshot.values is None:
        snapshot.values = dict(_select(None))
    return snapshot.values.get(naam, 0)


def bump(naam: str) -> None:
    """Increment within the caller's transaction: readers see the new value only after commit."""
    # UPDATE … SET waarde = waarde + 1 on the router's write database, written once (core.fastsql):
    # the queryset's F() update cost ~300 µs in the compiler on every change of a register.
    if not fastsql.increment(Generatie, "waarde", naam=naam):
        Generatie.objects.get_or_create(naam=naam, defaults={"waarde": 1})
    snapshot = _snapshot.get()
    if snapshot is not None:
        snapshot.bumped.add(naam)
