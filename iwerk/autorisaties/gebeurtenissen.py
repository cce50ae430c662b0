"""What happens to an applicatie, as the Autorisaties services and beheer announce it.

The register keeps no audit trail, so the services (and the admin, which edits applicaties
directly) publish this explicitly inside their transaction; the Notificaties outbox turns it into
the kanaal autorisaties (G3). Consumers: iwerk/verbindingen.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from iwerk.core.gebeurtenissen import Gebeurtenis


@dataclass(frozen=True)
class ApplicatieGewijzigd(Gebeurtenis):
    uuid: UUID
    actie: str  # create, update, destroy
