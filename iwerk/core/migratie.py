"""Migration writes: data brought over from a system iwerk replaces (ADR 0063).

A migration write keeps what the source knew — the object's uuid, its identificatie, its
historic dates — and is *silent*: it happened years ago at the source, so nobody is told now.
No notification to subscribers, no message to the citizen, no routing, no tasks, no signals;
what keeps iwerk's own derived data right still runs (the search text, the management figures).

Three ways in, one mode: `iwerk migreer zgw`, the CSV/XLSX bulk import, and an API client with
a `<component>.migreren` scope. Each wraps its writes in `migratie()`; services ask `actief()`
where the standard's behaviour for a new object would differ from keeping a historic one, and
`core.gebeurtenissen.publiceer` skips the consumers registered as not for migrations.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_actief: ContextVar[bool] = ContextVar("iwerk_migratie", default=False)


@contextmanager
def migratie() -> Iterator[None]:
    """Everything written inside is a migration write (nests; thread- and task-local)."""
    token = _actief.set(True)
    try:
        yield
    finally:
        _actief.reset(token)


def actief() -> bool:
    """Whether the current write is a migration write."""
    return _actief.get()
