"""The teamleider's workload view (ADR 0060): per team they lead, per member the open zaken and
tasks and how many are late, who is away; the team queues and the gemeente's intake.

The figures are counts over everyone's work in the team, also of zaken above the teamleider's
own vertrouwelijkheid: workload is management information of their own team and names no zaak.
The lists for redistribution (zaken_van, taken_van) hold only what the teamleider may read.

Every figure comes from a grouped query on an indexed column (Zaak.behandelaar, Zaak.team,
Taak.medewerker, Taak.team): a fixed number of queries whatever the size of the teams.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from iwerk.core.api.actor import Actor
from iwerk.core.models import Gemeente
from iwerk.medewerkers.selectors import Teamlid, geleide_teams, teamleden
from iwerk.werkverdeling.models import Taak, Taakstatus
from iwerk.zaken import selectors as zaken_selectors
from iwerk.zaken.models import Zaak


@dataclass(frozen=True)
class Aantallen:
    open: int = 0
    te_laat: int = 0


@dataclass(frozen=True)
class Lidwerklast:
    username: str
    naam: str
    behandelt: bool  # a role in the team that handles zaken
    afwezig_tot: date | None
    zaken: Aantallen  # open zaken as behandelaar in the gemeente; late: wettelijke termijn passed
    taken: Aantallen  # open tasks for them in the gemeente; late: deadline passed


@dataclass(frozen=True)
class Teamwerklast:
    team_id: int
    naam: str
    leden: list[Lidwerklast]
    wachtrij: Aantallen  # the team's open zaken nobody handles yet
    teamtaken: Aantallen  # open tasks for the team, nobody in particular


@dataclass(frozen=True)
class Werklast:
    teams: list[Teamwerklast]
    intake: Aantallen  # the gemeente's open zaken without team and behandelaar

    @property
    def afwezig(self) -> int:
        return len({lid.username for team in self.teams for lid in team.leden if lid.afwezig_tot})


def _open_zaken(gemeente: Gemeente) -> QuerySet[Zaak]:
    return Zaak.objects.filter(tenant=gemeente, einddatum__isnull=True)


def _open_taken(gemeente: Gemeente) -> QuerySet[Taak]:
    return Taak.objects.filter(tenant=gemeente, status=Taakstatus.open)


# COUNT(*), and for "late" the count of the (then never empty) date column itself, with
# conditions on indexed columns only: PostgreSQL can count from an index alone (an index-only
# scan) when the index holds the columns, reading no row of the table per zaak or task.


def _zaken_telling(vandaag: date) -> dict[str, Count]:
    # termijnen.staat_q(OVERSCHREDEN) less its "einddatum IS NULL", which every counted zaak
    # meets (_open_zaken) and which, inside the count's FILTER, would need the column itself.
    laat = Q(opschorting_indicatie=False, uiterlijke_einddatum_afdoening__lt=vandaag)
    return {"n": Count("*"), "laat": Count("uiterlijke_einddatum_afdoening", filter=laat)}


def _taken_telling(vandaag: date) -> dict[str, Count]:
    return {"n": Count("*"), "laat": Count("deadline", filter=Q(deadline__lt=vandaag))}


def _per(rows: Iterable[Mapping[str, Any]], sleutel: str) -> dict:
    return {row[sleutel]: Aantallen(row["n"], row["laat"]) for row in rows}


def werklast(*, gemeente: Gemeente, leider_id: int, vandaag: date) -> Werklast:
    """The workload of every team the user leads in the gemeente (medewerkers.selectors.
    geleide_teams: a teamleider without a team leads them all) and the gemeente's intake.

    Seven queries (eight for a teamleider without a team), whatever the number of members.
    """
    teams = geleide_teams(leider_id, gemeente.pk)
    team_ids = [pk for pk, _naam in teams]
    leden = teamleden(team_ids, vandaag)
    usernames = sorted({lid.username for lid in leden})
    zaken: dict[str, Aantallen] = {}
    taken: dict[str, Aantallen] = {}
    wachtrij: dict[int, Aantallen] = {}
    teamtaken: dict[int, Aantallen] = {}
    if usernames:
        zaken = _per(
            _open_zaken(gemeente)
            .filter(behandelaar__in=usernames)
            .values("behandelaar")
            .annotate(**_zaken_telling(vandaag))
            .order_by(),
            "behandelaar",
        )
        taken = _per(
            _open_taken(gemeente)
            .filter(medewerker__in=usernames)
            .values("medewerker")
            .annotate(**_taken_telling(vandaag))
            .order_by(),
            "medewerker",
        )
    if team_ids:
        wachtrij = _per(
            _open_zaken(gemeente)
            .filter(team_id__in=team_ids, behandelaar="")
            .values("team_id")
            .annotate(**_zaken_telling(vandaag))
            .order_by(),
            "team_id",
        )
        teamtaken = _per(
            _open_taken(gemeente)
            .filter(team_id__in=team_ids, medewerker="")
            .values("team_id")
            .annotate(**_taken_telling(vandaag))
            .order_by(),
            "team_id",
        )
    intake = (
        _open_zaken(gemeente)
        .filter(team__isnull=True, behandelaar="")
        .aggregate(**_zaken_telling(vandaag))
    )
    per_team: dict[int, list[Lidwerklast]] = {pk: [] for pk in team_ids}
    for lid in leden:
        per_team[lid.team_id].append(_lidwerklast(lid, zaken, taken))
    return Werklast(
        teams=[
            Teamwerklast(
                team_id=pk,
                naam=naam,
                leden=per_team[pk],
                wachtrij=wachtrij.get(pk, Aantallen()),
                teamtaken=teamtaken.get(pk, Aantallen()),
            )
            for pk, naam in teams
        ],
        intake=Aantallen(intake["n"], intake["laat"]),
    )


def _lidwerklast(
    lid: Teamlid, zaken: dict[str, Aantallen], taken: dict[str, Aantallen]
) -> Lidwerklast:
    return Lidwerklast(
        username=lid.username,
        naam=lid.naam,
        behandelt=lid.behandelt,
        afwezig_tot=lid.afwezig_tot,
        zaken=zaken.get(lid.username, Aantallen()),
        taken=taken.get(lid.username, Aantallen()),
    )


@dataclass(frozen=True)
class Lid:
    """A member of the teamleider's teams as their redistribution page shows them."""

    username: str
    naam: str
    afwezig_tot: date | None
    teams: list[tuple[int, str]]  # the teams they are in that the teamleider leads
    # Everyone else in those teams who handles zaken: (user name, display name, afwezig tot).
    collegas: list[tuple[str, str, date | None]]


def lid(*, gemeente: Gemeente, leider_id: int, username: str, vandaag: date) -> Lid | None:
    """The member username of a team the user leads in the gemeente, or None when they are in
    none of them (the page is then not found). Two queries (three without a team)."""
    teams = dict(geleide_teams(leider_id, gemeente.pk))
    leden = teamleden(teams, vandaag)
    eigen = [t for t in leden if t.username == username]
    if not eigen:
        return None
    mijn_teams = {t.team_id for t in eigen}
    collegas: dict[str, tuple[str, str, date | None]] = {}
    for t in leden:
        if t.team_id in mijn_teams and t.username != username and t.behandelt:
            collegas.setdefault(t.username, (t.username, t.naam, t.afwezig_tot))
    return Lid(
        username=username,
        naam=eigen[0].naam,
        afwezig_tot=eigen[0].afwezig_tot,
        teams=[(pk, teams[pk]) for pk in sorted(mijn_teams, key=lambda pk: teams[pk].casefold())],
        collegas=sorted(collegas.values(), key=lambda c: (c[1].casefold(), c[0])),
    )


def zaken_van(actor: Actor, gemeente: Gemeente, username: str) -> QuerySet[Zaak]:
    """The open zaken of username as behandelaar in the gemeente that actor may read, first
    deadline first, those without one last (PostgreSQL's order of the werkvoorraad's index)."""
    return (
        zaken_selectors.zaken(actor, columns=False)
        .filter(tenant=gemeente, einddatum__isnull=True, behandelaar=username)
        .order_by(F("uiterlijke_einddatum_afdoening").asc(nulls_last=True), "pk")
    )


def taken_van(actor: Actor, gemeente: Gemeente, username: str) -> QuerySet[Taak]:
    """The open tasks of username in the gemeente whose zaak actor may read, first deadline
    first (none: last), with their zaak."""
    return (
        zaken_selectors.zaak_parts(Taak, actor)
        .filter(tenant=gemeente, status=Taakstatus.open, medewerker=username)
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )


@dataclass(frozen=True)
class Verborgen:
    """How many of a member's open zaken and tasks the teamleider may not read (and so cannot
    redistribute): only a count, never which."""

    zaken: int
    taken: int


def verborgen(actor: Actor, gemeente: Gemeente, username: str) -> Verborgen:
    """Counts of username's open zaken and tasks outside what actor may read: all of them less
    the readable ones, each an index range. Four queries."""
    zaken = _open_zaken(gemeente).filter(behandelaar=username).count()
    taken = _open_taken(gemeente).filter(medewerker=username).count()
    return Verborgen(
        zaken=zaken - zaken_van(actor, gemeente, username).count(),
        taken=taken - taken_van(actor, gemeente, username).count(),
    )
