"""Generation counters for cache invalidation across processes (see core.models.Generatie).

Within a request (`per_request`, entered by middleware) the first `current()` reads every
counter in one query and later calls answer from that snapshot: a request that checks the
autorisaties, the catalogi and a register's generation pays one query, not three. A counter
bumped during the request is read again from the database, so the request sees its own change.
Outside a request (workers, commands, services called directly) every call reads the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db.models import F

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


def _read(naam: str) -> int:
    return Generatie.objects.filter(naam=naam).values_list("waarde", flat=True).first() or 0


def current(naam: str) -> int:
    snapshot = _snapshot.get()
    if snapshot is None or naam in snapshot.bumped:
        return _read(naam)
    if snapshot.values is None:
        snapshot.values = dict(Generatie.objects.values_list("naam", "waarde"))
    return snapshot.values.get(naam, 0)


def bump(naam: str) -> None:
    """Increment within the caller's transaction: readers see the new value only after commit."""
    if not Generatie.objects.filter(naam=naam).update(waarde=F("waarde") + 1):
        Generatie.objects.get_or_create(naam=naam, defaults={"waarde": 1})
    snapshot = _snapshot.get()
    if snapshot is not None:
        snapshot.bumped.add(naam)
