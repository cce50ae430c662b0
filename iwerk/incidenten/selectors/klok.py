"""The 72-hour clock of a (possible) datalek: whether it runs, and where it stands.

The clock runs from the discovery (AVG art. 33(1)), also for a report still in draft, and stops
for a gemeente once it reported to the AP or decided, with reasons, not to. Escalations go out at
IWERK_DATALEK_ESCALATIES hours after discovery (`services.escalaties`).

When the clock runs is written down once, as conditions (`DATALEK`, `NOG_TE_MELDEN`): `loopt`
applies them to rows in memory (the clock on every incident page), `loopt_q` turns them into
database conditions (the escalations, the datalek signal in the werkplek header).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import reduce
from operator import and_, or_

from django.db.models import Model, Q
from django.utils import timezone

from iwerk.incidenten.models import Incident, IncidentGemeente, Status


@dataclass(frozen=True)
class Is:
    """A field has this value (None: the field is empty); with `niet`, it has not."""

    veld: str
    waarde: object
    niet: bool = False

    def geldt(self, rij: Model) -> bool:
        return (getattr(rij, self.veld) == self.waarde) != self.niet

    def q(self, prefix: str = "") -> Q:
        if self.waarde is None:
            q = Q(**{f"{prefix}{self.veld}__isnull": True})
        else:
            q = Q(**{f"{prefix}{self.veld}": self.waarde})
        return ~q if self.niet else q


@dataclass(frozen=True)
class EenVan:
    """At least one of these conditions holds."""

    delen: tuple[Is, ...]

    def geldt(self, rij: Model) -> bool:
        return any(deel.geldt(rij) for deel in self.delen)

    def q(self, prefix: str = "") -> Q:
        return reduce(or_, (deel.q(prefix) for deel in self.delen))


Voorwaarden = tuple[Is | EenVan, ...]

# An incident whose clock matters: not judged "no datalek", with (possibly) personal data or
# judged a datalek, and not closed.
DATALEK: Voorwaarden = (
    Is("datalek", False, niet=True),
    EenVan((Is("persoonsgegevens", True), Is("datalek", True))),
    Is("status", Status.afgesloten, niet=True),
)
# A gemeente that still has to report it: not decided "do not report", not reported, not withdrawn.
NOG_TE_MELDEN: Voorwaarden = (
    Is("ap_melden", False, niet=True),
    Is("ap_gemeld_op", None),
    Is("ap_ingetrokken_op", None),
)


def _geldt(voorwaarden: Voorwaarden, rij: Model) -> bool:
    return all(v.geldt(rij) for v in voorwaarden)


def _q(voorwaarden: Voorwaarden, prefix: str = "") -> Q:
    return reduce(and_, (v.q(prefix) for v in voorwaarden))


def loopt(incident: Incident, betrokken: list[IncidentGemeente]) -> bool:
    """Whether the clock still matters: a (possible) datalek not yet reported or waived by all
    (or by nobody yet: no gemeente added)."""
    if not _geldt(DATALEK, incident):
        return False
    return not betrokken or any(_geldt(NOG_TE_MELDEN, b) for b in betrokken)


def loopt_q(*, per_gemeente: bool) -> Q:
    """`loopt` as database conditions: on Incident rows (`per_gemeente=False`: the incident
    part only, for a list that still applies `stand`), or on IncidentGemeente rows, one
    gemeente's clock each (`per_gemeente=True`)."""
    if not per_gemeente:
        return _q(DATALEK)
    return _q(NOG_TE_MELDEN) & _q(DATALEK, "incident__")


@dataclass(frozen=True)
class Stand:
    """Where the clock is, in words and as a state for styling."""

    uiterste: datetime
    resterend: timedelta
    toestand: str  # loopt, let_op, urgent, verstreken, gestopt
    tekst: str

    @property
    def seconden(self) -> int:
        return int(self.resterend.total_seconds())


def _duur(delta: timedelta) -> str:
    minuten = int(abs(delta.total_seconds()) // 60)
    uren, minuten = divmod(minuten, 60)
    if uren >= 1:
        return f"{uren} uur en {minuten} min"
    return f"{minuten} min"


def stand(
    incident: Incident, betrokken: list[IncidentGemeente], nu: datetime | None = None
) -> Stand:
    nu = nu or timezone.now()
    uiterste = incident.uiterste_meldmoment
    resterend = uiterste - nu
    if not loopt(incident, betrokken):
        return Stand(uiterste, resterend, "gestopt", "Meldtermijn niet (meer) van toepassing")
    if resterend.total_seconds() <= 0:
        return Stand(
            uiterste, resterend, "verstreken", f"Meldtermijn {_duur(resterend)} geleden verstreken"
        )
    toestand = (
        "urgent"
        if resterend <= timedelta(hours=12)
        else "let_op"
        if resterend <= timedelta(hours=24)
        else "loopt"
    )
    return Stand(uiterste, resterend, toestand, f"Nog {_duur(resterend)} om te melden")
