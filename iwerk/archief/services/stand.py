"""What a change in archiefbeheer's state must invalidate, called explicitly by every service that
changes it: the werkvoorraad's count of lists waiting for review (selectors.te_beoordelen) and
Sturing's archival backlog (lists in review, zaken on an active list or in a package)."""

from __future__ import annotations

from iwerk.archief.selectors.te_beoordelen import GENERATIE
from iwerk.core import generations


def gewijzigd() -> None:
    """Within the changing transaction: readers see the new counts after it commits."""
    generations.bump(GENERATIE)
    generations.bump("sturing")
