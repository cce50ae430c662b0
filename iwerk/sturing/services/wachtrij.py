"""The queue of zaken whose figures must be recomputed (Bijwerking), filled in the writing transaction.

Every Zaken service that changes what the figures read (the zaak, its status, resultaat, rollen or
klantcontacten) publishes an event; `zaak_veranderd` hears them all (iwerk/verbindingen.py) and
queues the zaak. A committed change is therefore always picked up by the refresh job
(`verversen`), and a rolled-back one never is (ADR 0021). Bulk loads publish nothing: the refresh
job finds their zaken by a watermark on the zaak id.
"""

from __future__ import annotations

from typing import Protocol

from iwerk.core import fastsql
from iwerk.sturing.models import Bijwerking


class OverEenZaak(Protocol):
    """Any zaken event: each carries the zaak's primary key (read-only, the events are frozen)."""

    @property
    def zaak_id(self) -> int: ...


def zaak_veranderd(gebeurtenis: OverEenZaak) -> None:
    if gebeurtenis.zaak_id:
        # Bijwerking.objects.create, its statement written once per database.
        fastsql.insert(Bijwerking(zaak_id=gebeurtenis.zaak_id))
