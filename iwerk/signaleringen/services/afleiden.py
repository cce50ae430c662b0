"""Signals derived from the services' events (consumers listed in iwerk/verbindingen.py).

STUB (skeleton): implemented by the signals work of issue 29.
"""

from __future__ import annotations

from iwerk.core.audit import Change
from iwerk.werkverdeling.gebeurtenissen import (
    GoedkeuringBeslist,
    GoedkeuringGevraagd,
    TaakToegewezen,
)
from iwerk.zaken.gebeurtenissen import RolGewijzigd, ZaakTeamGewijzigd


def rol_gewijzigd(event: RolGewijzigd) -> None:
    """A behandelaar was assigned: signal that person (or their team while they are away)."""


def team_gewijzigd(event: ZaakTeamGewijzigd) -> None:
    """A zaak entered a team's queue: signal the team."""


def taak_toegewezen(event: TaakToegewezen) -> None:
    pass


def goedkeuring_gevraagd(event: GoedkeuringGevraagd) -> None:
    pass


def goedkeuring_beslist(event: GoedkeuringBeslist) -> None:
    pass


def on_change(change: Change) -> None:
    """A document added to a zaak: signal its behandelaar."""
