"""Reads of staff and their roles, for every app that needs them (registers, governance apps,
channels): who handles zaken, who is in a team, and the catalogue warning about document types
above what a zaaktype's behandelaars may see (ADR 0034)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.utils import timezone

from iwerk.catalogi import selectors as catalogi_selectors
from iwerk.catalogi.selectors import Waarschuwing
from iwerk.core.choices import Vertrouwelijkheidaanduiding, vertrouwelijkheid_rank
from iwerk.medewerkers.actor import Werkplekcontext
from iwerk.medewerkers.models import Roltoewijzing, Team
from iwerk.medewerkers.roles import BEHANDELROLLEN, Rol


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
