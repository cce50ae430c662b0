"""Generated zaak identificaties (ZAAK-<jaar>-<10 cijfers>): unique per bronorganisatie (zrc-002),
taken without making the creates of one bronorganisatie wait for each other (ADR 0041).

The numbers of a series (bronorganisatie, jaar) come from its ZaakIdentificatieReeks row. A number
taken in the creating transaction holds that row until the commit: gap-free and in order, but
the next create of the bronorganisatie waits for the whole transaction before it. So a process
that takes numbers of one series less than DRUK seconds apart claims a block of BLOK numbers in a
transaction of its own, right after the commit of the create that noticed, and hands them out
without touching the row. Claimed numbers are committed: a rolled-back create or a stopped process
leaves a gap, and blocks of different processes interleave. Outside such bursts nothing changes.

Uniqueness never rests on this bookkeeping: `insert_zaak` lets the database refuse an identificatie
that exists (one chosen by hand, or a reserved number passed in), and the caller takes the next.
"""

from __future__ import annotations

import os
import threading
import time
from functools import cache

from django.db import connection, transaction
from django.db.models import Field, Model

from iwerk.core import identificatie as reeksen
from iwerk.zaken.models import Zaak, ZaakIdentificatieReeks

BLOK = 20  # numbers a busy process claims at once: at most BLOK - 1 unused when it stops
DRUK = 1.0  # seconds: two numbers of one series taken closer together make the process busy

_lock = threading.Lock()
# (bronorganisatie, jaar) -> [first, last] ranges this process claimed and has not handed out
_blokken: dict[tuple[str, int], list[list[int]]] = {}
# (bronorganisatie, jaar) -> when this process last took a number of the series
_vorige: dict[tuple[str, int], float] = {}
_pid = os.getpid()
_clock = time.monotonic  # a test may replace it


def take(bronorganisatie: str, jaar: int) -> str:
    """The next number of the series, from this process's block or else from the counter row."""
    series = (bronorganisatie, jaar)
    with _lock:
        now = _clock()
        busy = now - _vorige.get(series, float("-inf")) < DRUK
        _vorige[series] = now
        nummer = _from_block(series)
        empty = not _blokken.get(series)
    if nummer is None:
        # In the caller's transaction: the row stays locked until it commits or rolls back.
        nummer = _increment(series, 1)
    if busy and empty:
        transaction.on_commit(lambda: claim_block(bronorganisatie, jaar), robust=True)
    return f"ZAAK-{jaar}-{nummer:010d}"


def claim_block(bronorganisatie: str, jaar: int) -> None:
    """Claim BLOK numbers for this process in a transaction of its own (unless it still has some).

    Never inside a transaction: a claim that could roll back would leave the process with
    numbers the counter hands out again.
    """
    series = (bronorganisatie, jaar)
    with _lock:
        if connection.in_atomic_block or _from_block(series, peek=True) is not None:
            return
    with transaction.atomic():
        laatste = _increment(series, BLOK)
    with _lock:
        _blokken.setdefault(series, []).append([laatste - BLOK + 1, laatste])


def continue_after(bronorganisatie: str, identificatie: str) -> None:
    """A zaak migrated with an identificatie of the generated form (ADR 0063, point 4): its series
    (bronorganisatie, jaar) continues after its number, in the caller's transaction. Numbers of
    this process's blocks up to it are dropped (gaps). Another form changes nothing."""
    parsed = reeksen.parse_generated("ZAAK", identificatie)
    if parsed is None:
        return
    reeksen.continue_after(
        ZaakIdentificatieReeks, {"bronorganisatie": bronorganisatie}, "ZAAK", identificatie
    )
    jaar, nummer = parsed
    with _lock:
        ranges = _blokken.get((bronorganisatie, jaar), [])
        _blokken[(bronorganisatie, jaar)] = [
            [max(first, nummer + 1), last] for first, last in ranges if last > nummer
        ]


def forget_blocks() -> None:
    """Drop this process's unused numbers (tests; they stay unused: gaps)."""
    with _lock:
        _blokken.clear()
        _vorige.clear()


def _from_block(series: tuple[str, int], *, peek: bool = False) -> int | None:
    """The next unused number of this process's blocks (call with _lock held)."""
    global _pid
    if os.getpid() != _pid:  # a forked child must not hand out its parent's numbers
        _pid = os.getpid()
        _blokken.clear()
        _vorige.clear()
    ranges = _blokken.get(series)
    if not ranges:
        return None
    nummer = ranges[0][0]
    if not peek:
        ranges[0][0] += 1
        if ranges[0][0] > ranges[0][1]:
            ranges.pop(0)
    return nummer


def _increment(series: tuple[str, int], aantal: int) -> int:
    """laatste += aantal of the series' counter row, created on first use; the new laatste.

    One statement (an upsert with RETURNING, PostgreSQL and SQLite 3.35+ alike), so even the
    first number of a new series needs no savepoint and no retry.
    """
    table = connection.ops.quote_name(ZaakIdentificatieReeks._meta.db_table)
    bron, jaar, laatste = (
        _column(ZaakIdentificatieReeks, name) for name in ("bronorganisatie", "jaar", "laatste")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({bron}, {jaar}, {laatste}) VALUES (%s, %s, %s) "  # noqa: S608 - names from model metadata, values are parameters
            f"ON CONFLICT ({bron}, {jaar}) DO UPDATE SET {laatste} = {table}.{laatste} + %s "
            f"RETURNING {laatste}",
            [*series, aantal, aantal],
        )
        return cursor.fetchone()[0]


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field) and field.column  # a concrete column of the table
    return connection.ops.quote_name(field.column)


@cache
def _insert_sql(vendor: str) -> tuple[str, tuple[Field, ...]]:
    """INSERT of every column but the key; an identificatie that exists inserts nothing."""
    fields = tuple(f for f in Zaak._meta.concrete_fields if not f.primary_key)
    columns = ", ".join(_column(Zaak, f.name) for f in fields)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(Zaak._meta.db_table)} ({columns}) "  # noqa: S608 - names from model metadata, values are parameters
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"ON CONFLICT ({_column(Zaak, 'bronorganisatie')}, {_column(Zaak, 'identificatie')}) "
        f"DO NOTHING RETURNING {_column(Zaak, 'id')}"
    )
    return sql, fields


def insert_zaak(zaak: Zaak) -> bool:
    """Insert a new zaak, the check that its identificatie is free in the same statement; False
    (and nothing written) when the bronorganisatie has a zaak with that identificatie already.

    zaak.save() cannot say ON CONFLICT DO NOTHING; it would need a query before it, or a
    savepoint around it to survive the IntegrityError. The values are converted as save() would
    (pre_save, get_db_prep_save). Zaak has no model signals (they are for caches only, ADR 0037),
    so none is skipped.
    """
    sql, fields = _insert_sql(connection.vendor)
    params = [f.get_db_prep_save(f.pre_save(zaak, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    zaak.pk = row[0]
    zaak._state.adding = False
    zaak._state.db = connection.alias
    return True
