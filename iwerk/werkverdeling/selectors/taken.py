"""Reading tasks for the werkplek. STUB (skeleton): implemented by the tasks work of issue 29."""

from __future__ import annotations

from collections.abc import Iterable

from iwerk.medewerkers.actor import Werkplekcontext


def voor_werkvoorraad(context: Werkplekcontext, aantal: int = 10) -> list[dict]:
    """The open tasks of the staff member and their teams in the active gemeente, by deadline,
    only of zaken they may see: what the werkvoorraad's first page lists."""
    return []


def open_per_zaak(zaak_ids: Iterable[int]) -> dict[int, int]:
    """Number of open tasks per zaak pk (one query), for the werkvoorraad's rows."""
    return {}
