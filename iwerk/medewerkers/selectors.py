"""Reads of staff and their roles, for every app that needs them (registers, governance apps,
channels): who handles zaken, who is in a team, and the catalogue warning about document types
above what a zaaktype's behandelaars may see (ADR 0034)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.utils import timezone

from iwerk.catalogi import selectors as catalogi_selectors
from iwerk.catalogi.selectors import Waarschuwing
from iwerk.core import generations
from iwerk.core.choices import Vertrouwelijkheidaanduiding, vertrouwelijkheid_rank
from iwerk.medewerkers.actor import GENERATION, Werkplekcontext
from iwerk.medewerkers.models import Afwezigheid, Roltoewijzing, Team
from iwerk.medewerkers.roles import BEHANDELROLLEN, CAPABILITIES, WERKLAST, Rol


def team_usernames(context: Werkplekcontext) -> list[str]:
    """The user names of everyone in the teams of the user's roles in the active gemeente."""
    return list(
        Roltoewijzing.objects.filter(team_id__in=context.team_ids)
        .values_list("gebruiker__username", flat=True)
        .distinct()
    )


def zaakbehandelaars(gemeente_id: int) -> list[tuple[str, str]]:
    """(user name, display name) of everyone who handles zaken in the gemeente.

    Three columns, no model instances: every werkvoorraad and zaak page asks for this list.
    The display name is User.get_full_name's.
    """
    rows = (
        Roltoewijzing.objects.filter(
            gemeente_id=gemeente_id, rol__in=[Rol.behandelaar, Rol.teamleider]
        )
        .order_by("gebruiker__last_name", "gebruiker__username")
        .values_list("gebruiker__username", "gebruiker__first_name", "gebruiker__last_name")
    )
    seen: dict[str, str] = {}
    for username, first_name, last_name in rows:
        seen.setdefault(username, f"{first_name} {last_name}".strip() or username)
    return list(seen.items())


# Who may be given a zaak (routing and assignment, ADR 0059): a handling role in the zaak's
# gemeente whose maximum vertrouwelijkheid reaches the zaak's, else the zaak page is a 404 to them.


def behandelniveau(gemeente_id: int, username: str) -> str | None:
    """The highest vertrouwelijkheidaanduiding up to which the user handles zaken in the gemeente
    (their handling roles, BEHANDELROLLEN, add up); None without a handling role there or for a
    disabled account. One query."""
    niveaus = Roltoewijzing.objects.filter(
        gemeente_id=gemeente_id,
        gebruiker__username=username,
        gebruiker__is_active=True,
        rol__in=BEHANDELROLLEN,
    ).values_list("max_vertrouwelijkheidaanduiding", flat=True)
    return max(niveaus, key=vertrouwelijkheid_rank, default=None)


def zaakbehandelaars_tot(gemeente_id: int, vertrouwelijkheid: str) -> list[tuple[str, str]]:
    """(user name, display name) of the gemeente's zaakbehandelaars who may handle a zaak of this
    vertrouwelijkheidaanduiding, by surname: the people a zaak can be assigned to. One query."""
    niveaus = [
        niveau
        for niveau in Vertrouwelijkheidaanduiding.values
        if vertrouwelijkheid_rank(niveau) >= vertrouwelijkheid_rank(vertrouwelijkheid)
    ]
    rows = (
        Roltoewijzing.objects.filter(
            gemeente_id=gemeente_id,
            rol__in=BEHANDELROLLEN,
            max_vertrouwelijkheidaanduiding__in=niveaus,
            gebruiker__is_active=True,
        )
        .order_by("gebruiker__last_name", "gebruiker__username")
        .values_list("gebruiker__username", "gebruiker__first_name", "gebruiker__last_name")
    )
    seen: dict[str, str] = {}
    for username, first_name, last_name in rows:
        seen.setdefault(username, f"{first_name} {last_name}".strip() or username)
    return list(seen.items())


_TEAMNAMEN_SECONDS = 300


def teamnamen(gemeente_id: int) -> dict[int, str]:
    """pk -> naam of the gemeente's teams, cached per werkplek generation (every change of a team
    or role moves it, medewerkers.signals): no query on a warm cache, one on a miss."""
    key = f"iwerk:werkplek:teams:{generations.current(GENERATION)}:{gemeente_id}"
    namen = cache.get(key)
    if namen is None:
        namen = dict(teams(gemeente_id))
        cache.set(key, namen, _TEAMNAMEN_SECONDS)
    return namen


def met_rol(gemeente_id: int, rol: str) -> list[tuple[int, str]]:
    """(user pk, display name) of everyone with the role in the gemeente, by surname. One query."""
    rows = (
        Roltoewijzing.objects.filter(gemeente_id=gemeente_id, rol=rol)
        .order_by("gebruiker__last_name", "gebruiker__first_name", "gebruiker__username")
        .values_list("gebruiker_id", "gebruiker__username", "gebruiker__first_name",
                     "gebruiker__last_name")
    )  # fmt: skip
    return [(pk, f"{first} {last}".strip() or username) for pk, username, first, last in rows]


def gemeenten_met_rol(user_id: int, rol: str) -> set[int]:
    """The ids of the gemeenten where the user has the role. One query."""
    return set(
        Roltoewijzing.objects.filter(gebruiker_id=user_id, rol=rol).values_list(
            "gemeente_id", flat=True
        )
    )


def gemeenten_met_capability(user_id: int, capability: str) -> set[int]:
    """The ids of the gemeenten where one of the user's roles gives the capability. One query.
    (`Werkplekcontext.kan` answers for the gemeente the user works in now.)"""
    rollen = [rol for rol, capabilities in CAPABILITIES.items() if capability in capabilities]
    return set(
        Roltoewijzing.objects.filter(gebruiker_id=user_id, rol__in=rollen).values_list(
            "gemeente_id", flat=True
        )
    )


def beheerde_gemeenten(user_id: int) -> set[int]:
    """The gemeenten whose settings the user manages in functioneel beheer."""
    return gemeenten_met_rol(user_id, Rol.functioneel_beheerder)


_NAMEN_IN_WAARSCHUWING = 5


def documenttype_waarschuwingen(
    zaaktype_ids: Iterable[int], on: date | None = None
) -> dict[int, list[Waarschuwing]]:
    """Beheer warnings per zaaktype pk: document types some of its behandelaars cannot open.

    The behandelaars of a zaaktype are the users with a role that handles zaken (BEHANDELROLLEN)
    in its gemeente whose maximum vertrouwelijkheid reaches the zaaktype's own: they open its
    zaken. Roles hold for every zaaktype of the gemeente (Roltoewijzing names no zaaktype), and a
    user's roles there add up. A document type whose default level
    (``catalogi.selectors.documenttypen_per_zaaktype``) is above a behandelaar's maximum hides
    those documents from them on the zaak page. Guidance for beheer, never a refusal (ADR 0024,
    ADR 0034). Four queries for any number of zaaktypen.
    """
    zaaktypen = catalogi_selectors.documenttypen_per_zaaktype(
        zaaktype_ids, on or timezone.localdate()
    )
    # Per gemeente: every user in a handling role, with the highest level any of their roles gives.
    maximum: dict[int, dict[str, int]] = defaultdict(dict)
    namen: dict[str, str] = {}
    gemeentenamen: dict[int, str] = {}
    for (
        gemeente_id,
        gemeente,
        niveau,
        username,
        voornaam,
        achternaam,
    ) in Roltoewijzing.objects.filter(
        gemeente_id__in={z.tenant_id for z in zaaktypen.values()}, rol__in=BEHANDELROLLEN
    ).values_list(
        "gemeente_id",
        "gemeente__naam",
        "max_vertrouwelijkheidaanduiding",
        "gebruiker__username",
        "gebruiker__first_name",
        "gebruiker__last_name",
    ):
        gemeentenamen[gemeente_id] = gemeente
        namen[username] = " ".join(p for p in (voornaam, achternaam) if p) or username
        per_user = maximum[gemeente_id]
        per_user[username] = max(per_user.get(username, -1), vertrouwelijkheid_rank(niveau))
    result: dict[int, list[Waarschuwing]] = {}
    for pk, zaaktype in zaaktypen.items():
        behandelaars = {
            username: rank
            for username, rank in maximum[zaaktype.tenant_id].items()
            if rank >= vertrouwelijkheid_rank(zaaktype.vertrouwelijkheidaanduiding)
        }
        lijst = []
        if not behandelaars and maximum[zaaktype.tenant_id]:
            # The gemeente handles zaken in the werkplek, but nobody may open these.
            niveau = _niveau(vertrouwelijkheid_rank(zaaktype.vertrouwelijkheidaanduiding))
            gemeente = gemeentenamen[zaaktype.tenant_id]
            lijst.append(
                Waarschuwing(
                    "zaaktype-zonder-behandelaars",
                    f"Geen behandelaar of teamleider in {gemeente} mag zaken van dit zaaktype "
                    f"zien (standaard {niveau}): geef iemand een behandelrol tot en met {niveau}.",
                )
            )
        for omschrijving, niveau in zaaktype.documenttypen:
            te_laag = sorted(
                (
                    (namen[u], rank)
                    for u, rank in behandelaars.items()
                    if rank < vertrouwelijkheid_rank(niveau)
                ),
                key=lambda persoon: persoon[0].casefold(),
            )
            if te_laag:
                lijst.append(
                    Waarschuwing(
                        "documenttype-boven-behandelaars",
                        _tekst(
                            omschrijving,
                            niveau,
                            gemeentenamen[zaaktype.tenant_id],
                            len(behandelaars),
                            te_laag,
                        ),
                    )
                )
        result[pk] = lijst
    return result


def _niveau(rank: int) -> str:
    return Vertrouwelijkheidaanduiding.labels[rank].lower()


def _tekst(
    omschrijving: str, niveau: str, gemeente: str, totaal: int, te_laag: list[tuple[str, int]]
) -> str:
    """E.g. "Documenttype ‘Aanvraagformulier’ is standaard vertrouwelijk; 2 van de 3
    behandelaars van dit zaaktype in Raalte kunnen deze documenten niet openen: …"."""
    aantal = len(te_laag)
    waar = f"van dit zaaktype in {gemeente}"
    if totaal == 1:
        wie = f"de enige behandelaar {waar} kan deze documenten niet openen"
    elif aantal == totaal:
        wie = f"geen van de {totaal} behandelaars {waar} kan deze documenten openen"
    else:
        kunnen = "kan" if aantal == 1 else "kunnen"
        wie = f"{aantal} van de {totaal} behandelaars {waar} {kunnen} deze documenten niet openen"
    personen = [f"{naam} (tot en met {_niveau(rank)})" for naam, rank in te_laag]
    if aantal > _NAMEN_IN_WAARSCHUWING:
        rest = aantal - _NAMEN_IN_WAARSCHUWING + 1
        personen = personen[: _NAMEN_IN_WAARSCHUWING - 1] + [f"{rest} anderen"]
    opsomming = (
        personen[0] if len(personen) == 1 else f"{', '.join(personen[:-1])} en {personen[-1]}"
    )
    standaard = _niveau(vertrouwelijkheid_rank(niveau))
    return f"Documenttype ‘{omschrijving}’ is standaard {standaard}; {wie}: {opsomming}."


def teams(gemeente_id: int) -> list[tuple[int, str]]:
    """(pk, naam) of the gemeente's teams, by name. One query."""
    return list(
        Team.objects.filter(gemeente_id=gemeente_id).order_by("naam").values_list("pk", "naam")
    )


# The teamleider's workload view and absence (iwerk.werkverdeling.selectors.werklast, ADR 0060).

# The roles that lead teams: those whose capabilities open the workload view.
LEIDINGROLLEN: frozenset[str] = frozenset(
    rol for rol, capabilities in CAPABILITIES.items() if WERKLAST in capabilities
)


def geleide_teams(user_id: int, gemeente_id: int) -> list[tuple[int, str]]:
    """(pk, naam) of the teams whose workload the user leads in the gemeente, by name.

    The teams of their roles that carry the capability WERKLAST (the teamleider); such a role
    without a team leads every team of the gemeente (a coordinator of a small gemeente). One
    query, two when a role names no team.
    """
    rows = list(
        Roltoewijzing.objects.filter(
            gebruiker_id=user_id, gemeente_id=gemeente_id, rol__in=LEIDINGROLLEN
        ).values_list("team_id", "team__naam")
    )
    if any(team_id is None for team_id, _naam in rows):
        return teams(gemeente_id)
    return sorted(set(rows), key=lambda team: (team[1].casefold(), team[0]))


@dataclass(frozen=True)
class Teamlid:
    """A member of a team: anyone with a role in the team, once per team."""

    team_id: int
    user_id: int
    username: str
    naam: str
    behandelt: bool  # one of their roles in the team handles zaken (BEHANDELROLLEN)
    afwezig_tot: date | None  # None when present (no absence, or one that has ended)


def teamleden(team_ids: Iterable[int], op: date) -> list[Teamlid]:
    """The members of the teams with their absence on the day op, by team and surname. One
    query, whatever the number of teams and members."""
    ids = list(team_ids)
    if not ids:
        return []
    rows = (
        Roltoewijzing.objects.filter(team_id__in=ids)
        .order_by("team_id", "gebruiker__last_name", "gebruiker__first_name", "gebruiker__username")
        .values_list(
            "team_id",
            "gebruiker_id",
            "gebruiker__username",
            "gebruiker__first_name",
            "gebruiker__last_name",
            "rol",
            "gebruiker__afwezigheid__afwezig_tot",
        )
    )
    leden: dict[tuple[int, int], Teamlid] = {}
    for team_id, user_id, username, voornaam, achternaam, rol, afwezig_tot in rows:
        eerder = leden.get((team_id, user_id))
        leden[(team_id, user_id)] = Teamlid(
            team_id=team_id,
            user_id=user_id,
            username=username,
            naam=f"{voornaam} {achternaam}".strip() or username,
            behandelt=rol in BEHANDELROLLEN or (eerder is not None and eerder.behandelt),
            afwezig_tot=afwezig_tot if afwezig_tot is not None and afwezig_tot >= op else None,
        )
    return list(leden.values())


def afwezigen(usernames: Iterable[str], op: date) -> dict[str, date]:
    """user name -> the last day of their absence, for those of usernames absent on the day op.
    One query."""
    names = list(usernames)
    if not names:
        return {}
    return dict(
        Afwezigheid.objects.filter(gebruiker__username__in=names, afwezig_tot__gte=op).values_list(
            "gebruiker__username", "afwezig_tot"
        )
    )
