"""What happens to a zaak, as the Zaken services announce it (iwerk.core.gebeurtenissen).

The services publish these inside their transaction; who reacts is listed in
iwerk/verbindingen.py. Every change of the audit trail is, besides, a `core.audit.Change`
(the Notificaties outbox and the search index hear that one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from iwerk.core.gebeurtenissen import Gebeurtenis

if TYPE_CHECKING:
    from iwerk.zaken.models import Zaak


@dataclass(frozen=True)
class ZaakAangemaakt(Gebeurtenis):
    zaak_id: int
    # The zaak itself as create_zaak has it (with its zaaktype), for in-process consumers that
    # would otherwise read it again (routing); None when published for a zaak loaded otherwise.
    zaak: Zaak | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class ZaakGewijzigd(Gebeurtenis):
    """The zaak's own fields changed (update_zaak: also opschorting and verlenging)."""

    zaak_id: int


@dataclass(frozen=True)
class ZaakVerwijderd(Gebeurtenis):
    """Published once for the zaak and once for each deelzaak that goes with it."""

    zaak_id: int


@dataclass(frozen=True)
class StatusGezet(Gebeurtenis):
    """A new status that neither closes nor reopens the zaak."""

    zaak_id: int
    status_id: int
    statustype_omschrijving: str
    statustoelichting: str


@dataclass(frozen=True)
class ZaakGesloten(StatusGezet):
    """The eindstatus was set: the zaak has its einddatum and archiving parameters (zrc-007)."""

    einddatum: date | None = None


@dataclass(frozen=True)
class ZaakHeropend(StatusGezet):
    """A status after the eindstatus: einddatum and archiving cleared (zrc-008)."""


@dataclass(frozen=True)
class ResultaatGewijzigd(Gebeurtenis):
    """The resultaat was added, changed or deleted (actie: create, update, destroy)."""

    zaak_id: int
    actie: str


@dataclass(frozen=True)
class RolGewijzigd(Gebeurtenis):
    """A betrokkene was added or removed (actie: create, destroy)."""

    zaak_id: int
    actie: str


@dataclass(frozen=True)
class KlantcontactToegevoegd(Gebeurtenis):
    zaak_id: int


@dataclass(frozen=True)
class ZaakTeamGewijzigd(Gebeurtenis):
    """The zaak moved to another team's queue (routing or a teamleider); None = the intake."""

    zaak_id: int
    team_id: int | None
    vorig_team_id: int | None = None
