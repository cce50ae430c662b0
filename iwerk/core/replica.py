"""Reads of list and search endpoints from a PostgreSQL streaming replica, read-your-writes kept.

With DATABASE_REPLICA_URL set, the API handlers that only read collections (`*_list`, `*_zoek`)
run with every ORM read routed to the "replica" alias. Before that, the client's last write
position (Schrijfpositie, on the primary) is compared with what the replica has replayed: a client
that wrote something the replica has not yet replayed reads from the primary, so it always sees
its own writes; other clients may see the replica's slightly older state (the replication lag,
measured in docs/performance.md). A replica that cannot be reached is skipped, not fatal.
Inside such a read the cache generations are the replica's too (`_generations_of_the_replica`).
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models import Model

logger = logging.getLogger(__name__)

REPLICA = "replica"
_reading = contextvars.ContextVar("iwerk_replica_reading", default=False)


def configured() -> bool:
    return REPLICA in settings.DATABASES


def eligible(handler: Callable[..., Any]) -> bool:
    """Handlers that only read a collection: the list endpoints and the _zoek searches."""
    name = getattr(handler, "__name__", "")
    return name.endswith("_list") or name.endswith("_zoek")


class ReplicaRouter:
    """ORM reads go to the replica inside `reading()`; everything else to the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        return REPLICA if _reading.get() else None

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return None

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True  # the same database, one of them a copy

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool:
        return db != REPLICA


@contextmanager
def reading(client_id: str) -> Iterator[bool]:
    """Route this block's reads to the replica when it has the client's own writes."""
    use = _caught_up(client_id)
    token = _reading.set(use)
    try:
        with _generations_of_the_replica() if use else nullcontext():
            yield use
    finally:
        _reading.reset(token)


@contextmanager
def _generations_of_the_replica() -> Iterator[None]:
    """The cache generations (core.generations) as the replica has them, read before any row.

    Caches are keyed on a generation: the representations and counts a list fills from the
    replica's rows must not be keyed on the primary's generation (read by the authentication),
    which may already count a change the replica has not replayed: the old state would be served
    under the new generation to every reader, of the primary too, for as long as the entry lives.
    Read from the replica first, the generation is never newer than the rows read after it.
    """
    from iwerk.core import generations

    with generations.per_request():
        generations.current(REPLICA)  # any name: the first read takes every counter, now
        yield


def _caught_up(client_id: str) -> bool:
    from iwerk.core.models import Schrijfpositie

    positie = Schrijfpositie.objects.using("default").filter(client_id=client_id)
    lsn = positie.values_list("lsn", flat=True).first()

    try:
        with connections[REPLICA].cursor() as cursor:
            # NULL (not a standby at all) counts as not caught up: read from the primary.
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn or "0/0"])
            return bool(cursor.fetchone()[0])
    except DatabaseError:
        logger.warning("read replica unreachable; reading from the primary", exc_info=True)
        connections[REPLICA].close()
        return False


def remember_write(client_id: str) -> None:
    """After a committed write: the primary's WAL position, for this client's later reads."""
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_schrijfpositie (client_id, lsn, bijgewerkt) "
            "VALUES (%s, pg_current_wal_lsn()::text, now()) ON CONFLICT (client_id) "
            "DO UPDATE SET lsn = EXCLUDED.lsn, bijgewerkt = EXCLUDED.bijgewerkt",
            [client_id],
        )
