"""What happens to tasks, as the werkverdeling services announce it (iwerk.core.gebeurtenissen);
who reacts is listed in iwerk/verbindingen.py (the signals to staff)."""

from __future__ import annotations

from dataclasses import dataclass

from iwerk.core.gebeurtenissen import Gebeurtenis


@dataclass(frozen=True)
class TaakToegewezen(Gebeurtenis):
    """A task was created for, or moved to, a person or team (Taak.medewerker / Taak.team)."""

    taak_id: int


@dataclass(frozen=True)
class TaakAfgerond(Gebeurtenis):
    taak_id: int


@dataclass(frozen=True)
class GoedkeuringGevraagd(Gebeurtenis):
    """A vier-ogen task waits for a second person with its goedkeurder_rol."""

    taak_id: int


@dataclass(frozen=True)
class GoedkeuringBeslist(Gebeurtenis):
    """A vier-ogen task was approved (its action took effect) or rejected."""

    taak_id: int
    goedgekeurd: bool
