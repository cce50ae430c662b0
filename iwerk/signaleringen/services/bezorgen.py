"""Delivering signals: who receives one (a person, the members of a team, everyone with a role),
who stands in for a person who is away, and who may see the zaak at all (ADR 0057).

Every caller hands over a list of ``Aanleiding``: what happened and for whom. ``bezorgen`` reads
the staff it needs in one query (two when someone is away: their teams), and writes every signal
with one insert that skips what exists (the unique ``sleutel`` per person): a repeated event or a
second worker makes nothing twice. The number of queries does not grow with the size of a team.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Q
from django.utils import timezone

from iwerk.core.choices import VERTROUWELIJKHEID_ORDER
from iwerk.medewerkers.models import Roltoewijzing
from iwerk.medewerkers.roles import SCOPES
from iwerk.signaleringen.models import Signalering

# The roles that open zaken at all (zaken.lezen): management and the steering group do not.
LEESROLLEN: frozenset[str] = frozenset(
    rol for rol, scopes in SCOPES.items() if "zaken.lezen" in scopes.get("zrc", set())
)
_ONBEKEND = max(VERTROUWELIJKHEID_ORDER.values())  # an unknown level counts as the highest


@dataclass(frozen=True)
class Zaakgegevens:
    """The zaak a signal is about: what the recipients are checked against and what it names."""

    id: int
    uuid: UUID
    identificatie: str
    gemeente_id: int
    vertrouwelijkheid: str

    @property
    def url(self) -> str:
        return f"/werkplek/zaken/{self.uuid}/"


@dataclass(frozen=True)
class Aanleiding:
    """Something that happened, for one person (user name), one team or one role.

    ``tekst`` may hold "{aan}": "u" for the person it is meant for, their name for whoever
    receives it in their place. ``behalve``: user names (or full names) never signalled, the
    person who did it themselves.
    """

    zaak: Zaakgegevens
    soort: str
    sleutel: str
    tekst: str
    medewerker: str = ""
    team_id: int | None = None
    rol: str = ""
    taak_id: int | None = None
    behalve: frozenset[str] = frozenset()
    url: str = ""


@dataclass
class _Persoon:
    id: int
    username: str
    naam: str
    afwezig: bool
    rang: int = -1  # the highest vertrouwelijkheid a role that reads zaken lets them see
    rollen: set[str] = field(default_factory=set)
    teams: set[int] = field(default_factory=set)

    def mag_zien(self, zaak: Zaakgegevens) -> bool:
        return self.rang >= VERTROUWELIJKHEID_ORDER.get(zaak.vertrouwelijkheid, _ONBEKEND)

    def is_een_van(self, namen: frozenset[str]) -> bool:
        return self.username in namen or self.naam in namen


# (gemeente id, user id) -> the person with every role they hold in that gemeente
_Staf = dict[tuple[int, int], _Persoon]


def _staf(gemeente_ids: set[int], wie: Q) -> _Staf:
    """Everyone in these gemeenten matching wie (on Roltoewijzing), with all their roles there.
    One query; an active account only; afwezig: away today."""
    vandaag = timezone.localdate()
    gekozen = Roltoewijzing.objects.filter(wie, gemeente_id__in=gemeente_ids).values("gebruiker_id")
    rijen = Roltoewijzing.objects.filter(
        gemeente_id__in=gemeente_ids, gebruiker_id__in=gekozen, gebruiker__is_active=True
    ).values_list(
        "gemeente_id",
        "gebruiker_id",
        "gebruiker__username",
        "gebruiker__first_name",
        "gebruiker__last_name",
        "rol",
        "team_id",
        "max_vertrouwelijkheidaanduiding",
        "gebruiker__afwezigheid__afwezig_tot",
    )
    staf: _Staf = {}
    for gemeente_id, user_id, username, voornaam, achternaam, rol, team_id, maximum, tot in rijen:
        persoon = staf.get((gemeente_id, user_id))
        if persoon is None:
            persoon = staf[(gemeente_id, user_id)] = _Persoon(
                id=user_id,
                username=username,
                naam=f"{voornaam} {achternaam}".strip() or username,
                afwezig=tot is not None and tot >= vandaag,
            )
        persoon.rollen.add(rol)
        if team_id is not None:
            persoon.teams.add(team_id)
        if rol in LEESROLLEN:
            persoon.rang = max(persoon.rang, VERTROUWELIJKHEID_ORDER.get(maximum, -1))
    return staf


def _in(staf: _Staf, gemeente_id: int) -> Iterable[_Persoon]:
    return (p for (g, _), p in staf.items() if g == gemeente_id)


def _ontvangers(a: Aanleiding, staf: _Staf) -> list[tuple[_Persoon, str]]:
    """(recipient, namens) for one aanleiding; namens is the name of the absent person."""
    zaak = a.zaak

    def mag(p: _Persoon) -> bool:
        return p.mag_zien(zaak) and not p.is_een_van(a.behalve)

    if a.medewerker:
        doel = next((p for p in _in(staf, zaak.gemeente_id) if p.username == a.medewerker), None)
        if doel is None:
            return []  # not (or no longer) a staff member of this gemeente
        if doel.afwezig:
            vervangers = [
                p
                for p in _in(staf, zaak.gemeente_id)
                if p.teams & doel.teams and p.id != doel.id and not p.afwezig and mag(p)
            ]
            if vervangers:
                return [(p, doel.naam) for p in vervangers]
            # Nobody to stand in: it waits for them rather than being lost.
        return [(doel, "")] if mag(doel) else []
    if a.team_id is not None:
        leden = (p for p in _in(staf, zaak.gemeente_id) if a.team_id in p.teams)
    elif a.rol:
        leden = (p for p in _in(staf, zaak.gemeente_id) if a.rol in p.rollen)
    else:
        return []
    # Whoever is away gets nothing of their team's or role's: the others see to it.
    return [(p, "") for p in leden if not p.afwezig and mag(p)]


def tekst_voor(a: Aanleiding, namens: str) -> str:
    tekst = a.tekst.replace("{aan}", namens or "u")
    if namens:
        tekst += f" (voor {namens}, afwezig)"
    return tekst[:300]


def bezorgen(aanleidingen: Sequence[Aanleiding]) -> int:
    """Write the signals of aanleidingen, once per sleutel and person; returns how many were
    offered (existing ones are skipped by the database). Two to three queries for any number of
    recipients (bounded per call, not per team member)."""
    if not aanleidingen:
        return 0
    gemeente_ids = {a.zaak.gemeente_id for a in aanleidingen}
    wie = Q(pk__in=[])
    if namen := {a.medewerker for a in aanleidingen if a.medewerker}:
        wie |= Q(gebruiker__username__in=namen)
    if team_ids := {a.team_id for a in aanleidingen if a.team_id is not None}:
        wie |= Q(team_id__in=team_ids)
    if rollen := {a.rol for a in aanleidingen if a.rol}:
        wie |= Q(rol__in=rollen)
    staf = _staf(gemeente_ids, wie)
    # Whoever stands in for an absent person comes from their teams: read those too.
    afwezig_teams = {
        team
        for p in staf.values()
        if p.afwezig and p.username in namen
        for team in p.teams
        if team not in team_ids
    }
    if afwezig_teams:
        staf.update(_staf(gemeente_ids, Q(team_id__in=afwezig_teams)))
    nu = timezone.now()
    rijen: dict[tuple[int, str], Signalering] = {}
    for a in aanleidingen:
        for persoon, namens in _ontvangers(a, staf):
            rijen.setdefault(
                (persoon.id, a.sleutel),
                Signalering(
                    gebruiker_id=persoon.id,
                    gemeente_id=a.zaak.gemeente_id,
                    soort=a.soort,
                    tekst=tekst_voor(a, namens),
                    url=a.url or a.zaak.url,
                    zaak_id=a.zaak.id,
                    taak_id=a.taak_id,
                    namens=namens[:150],
                    sleutel=a.sleutel[:200],
                    aangemaakt_op=nu,
                ),
            )
    Signalering.objects.bulk_create(rijen.values(), ignore_conflicts=True)
    return len(rijen)
