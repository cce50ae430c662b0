"""Domain events: a service says what happened, in its own transaction; consumers react.

A service publishes a plain dataclass (`publiceer(ZaakGesloten(...))`) after its change, inside
its transaction. Every consumer registered for that exact event type is called right there, in
the order of registration: what it writes (a Notificatie with its Leveringen, a Sturing
Bijwerking) commits or rolls back with the change itself (ADR 0017, ADR 0021). A consumer that
must wait for the commit (a mail to a citizen) registers `transaction.on_commit` itself.

Who consumes what is written down in one place, `iwerk/verbindingen.py`, which CoreConfig.ready
loads through the setting IWERK_VERBINDINGEN (core imports no app; ADR 0037). Model signals are
left for cache invalidation only (`iwerk/core/tests/test_gebeurtenissen.py` keeps it so).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

E = TypeVar("E", bound="Gebeurtenis")


class Gebeurtenis:
    """Base of every event: subclass it as a frozen dataclass named for what happened."""


# event type -> its consumers, in the order they run
_CONSUMENTEN: dict[type[Gebeurtenis], list[Callable[[Any], object]]] = {}


def verbind(soort: type[E], *consumenten: Callable[[E], object]) -> None:
    """Let consumenten hear every soort; only iwerk/verbindingen.py (and tests) call this."""
    lijst = _CONSUMENTEN.setdefault(soort, [])
    for consument in consumenten:
        if consument not in lijst:
            lijst.append(consument)


def ontkoppel(soort: type[Gebeurtenis], consument: Callable[[Any], object]) -> None:
    """Undo verbind (tests that listen for a moment)."""
    if consument in _CONSUMENTEN.get(soort, []):
        _CONSUMENTEN[soort].remove(consument)


def consumenten(soort: type[Gebeurtenis]) -> list[Callable[[Any], object]]:
    """Who hears soort, in order (for tests and docs)."""
    return list(_CONSUMENTEN.get(soort, []))


def publiceer(gebeurtenis: Gebeurtenis) -> None:
    """Tell every consumer of this exact event type; call it inside the change's transaction.

    An exception of a consumer propagates: the change and everything it caused roll back
    together, as a failing insert in the service itself would.
    """
    for consument in _CONSUMENTEN.get(type(gebeurtenis), ()):
        consument(gebeurtenis)
