"""Domain events: a service says what happened, in its own transaction; consumers react.

A service publishes a plain dataclass (`publiceer(ZaakGesloten(...))`) after its change, inside
its transaction. Every consumer registered for that exact event type is called right there, in
the order of registration: what it writes (a Notificatie with its Leveringen, a Sturing
Bijwerking) commits or rolls back with the change itself (ADR 0017, ADR 0021). A consumer that
must wait for the commit (a mail to a citizen) registers `transaction.on_commit` itself.

Who consumes what is written down in one place, `iwerk/verbindingen.py`, which CoreConfig.ready
loads through the setting IWERK_VERBINDINGEN (core imports no app; ADR 0037). Model signals are
left for cache invalidation only (`iwerk/core/tests/test_gebeurtenissen.py` keeps it so).

A migration write (`iwerk.core.migratie`, ADR 0063) is silent: a consumer registered with
`ook_bij_migratie=False` (one that tells someone or starts work) does not hear events published
inside `migratie()`; the consumers that keep iwerk's own derived data right still do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from iwerk.core import migratie

E = TypeVar("E", bound="Gebeurtenis")


class Gebeurtenis:
    """Base of every event: subclass it as a frozen dataclass named for what happened."""


Consument = Callable[[Any], object]

# event type -> its consumers, in the order they run, each with whether it hears migration writes
_CONSUMENTEN: dict[type[Gebeurtenis], list[tuple[Consument, bool]]] = {}


def verbind(
    soort: type[E], *consumenten: Callable[[E], object], ook_bij_migratie: bool = True
) -> None:
    """Let consumenten hear every soort; only iwerk/verbindingen.py (and tests) call this.

    ook_bij_migratie=False: not while a migration write is published (ADR 0063, point 3).
    Connecting a consumer again keeps its place and takes the new ook_bij_migratie.
    """
    lijst = _CONSUMENTEN.setdefault(soort, [])
    for consument in consumenten:
        plek = next((i for i, (c, _) in enumerate(lijst) if c == consument), None)
        if plek is None:
            lijst.append((consument, ook_bij_migratie))
        else:
            lijst[plek] = (consument, ook_bij_migratie)


def ontkoppel(soort: type[Gebeurtenis], consument: Consument) -> None:
    """Undo verbind (tests that listen for a moment)."""
    _CONSUMENTEN[soort] = [(c, ook) for c, ook in _CONSUMENTEN.get(soort, []) if c != consument]


def consumenten(soort: type[Gebeurtenis]) -> list[Consument]:
    """Who hears soort, in order (for tests and docs)."""
    return [consument for consument, _ in _CONSUMENTEN.get(soort, [])]


def stil_bij_migratie(soort: type[Gebeurtenis]) -> list[Consument]:
    """The consumers of soort that a migration write does not reach (for tests and docs)."""
    return [consument for consument, ook in _CONSUMENTEN.get(soort, []) if not ook]


def publiceer(gebeurtenis: Gebeurtenis) -> None:
    """Tell every consumer of this exact event type; call it inside the change's transaction.

    Inside `core.migratie.migratie()` only the consumers registered ook_bij_migratie hear it.
    An exception of a consumer propagates: the change and everything it caused roll back
    together, as a failing insert in the service itself would.
    """
    stil = migratie.actief()
    for consument, ook_bij_migratie in _CONSUMENTEN.get(type(gebeurtenis), ()):
        if ook_bij_migratie or not stil:
            consument(gebeurtenis)
