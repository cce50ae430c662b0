"""Reading zaken for werkplek pages: always through the register selectors with the user's actor."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from iwerk.catalogi import selectors as catalogi_selectors
from iwerk.catalogi.models import StatusType, ZaakType
from iwerk.catalogi.selectors import Waarschuwing
from iwerk.core.choices import Vertrouwelijkheidaanduiding, vertrouwelijkheid_rank
from iwerk.werkplek.actor import Werkplekcontext
from iwerk.werkplek.models import Roltoewijzing
from iwerk.werkplek.roles import BEHANDELROLLEN
from iwerk.zaken import selectors as zaken_selectors
from iwerk.zaken import termijnen
from iwerk.zaken.models import Rol, Status, Zaak

TABS = {
    "mijn": "Mijn zaken",
    "team": "Mijn team",
    "vrij": "Niet toegewezen",
    "alle": "Alle zaken",
}
SORTS = {
    "termijn": ("uiterlijke_einddatum_afdoening", "pk"),
    "-termijn": ("-uiterlijke_einddatum_afdoening", "-pk"),
    "start": ("startdatum", "pk"),
    "-start": ("-startdatum", "-pk"),
    "identificatie": ("identificatie", "pk"),
    "-identificatie": ("-identificatie", "-pk"),
}
# Zaaktype, status and vertrouwelijkheid are filters, not sort orders: sorting a team's 80,000
# open zaken on a column outside the index took 0.7 s on a million zaken (docs/performance.md);
# every order above is an index range.
PAGE_SIZE = 25


def visible_zaken(context: Werkplekcontext) -> QuerySet[Zaak]:
    """Every zaak the user may read in the active gemeente (tenant and vertrouwelijkheid)."""
    return zaken_selectors.zaken(context.actor, columns=False).filter(tenant=context.gemeente)


def behandelaar_rollen() -> QuerySet[Rol]:
    return Rol.objects.filter(
        betrokkene_type="medewerker", roltype__omschrijving_generiek="behandelaar"
    )


def team_usernames(context: Werkplekcontext) -> list[str]:
    return list(
        Roltoewijzing.objects.filter(team_id__in=context.team_ids)
        .values_list("gebruiker__username", flat=True)
        .distinct()
    )


@dataclass
class Filters:
    tab: str = "mijn"
    zaaktype: int | None = None
    status: str = ""
    termijn: str = ""
    vertrouwelijkheid: str = ""
    afgerond: bool = False
    sort: str = "termijn"


def werkvoorraad(context: Werkplekcontext, filters: Filters, today: date) -> QuerySet[Zaak]:
    """The werkvoorraad as one query: each filter is a condition on an indexed column."""
    qs = visible_zaken(context)
    username = context.actor.user_id
    # Zaak.behandelaar mirrors the behandelaar rol: one index range per person (or nobody).
    if filters.tab == "mijn":
        qs = qs.filter(behandelaar=username)
    elif filters.tab == "team":
        qs = qs.filter(behandelaar__in=team_usernames(context))
    elif filters.tab == "vrij":
        qs = qs.filter(behandelaar="")
    qs = qs.filter(einddatum__isnull=not filters.afgerond)
    if filters.zaaktype:
        qs = qs.filter(zaaktype_id=filters.zaaktype)
    if filters.vertrouwelijkheid:
        qs = qs.filter(vertrouwelijkheidaanduiding=filters.vertrouwelijkheid)
    if filters.termijn and not filters.afgerond:
        qs = qs.filter(termijnen.staat_q(filters.termijn, today))
    if filters.status:
        # Zaak.huidige_statustype mirrors the latest status (kept by the status service).
        qs = qs.filter(
            huidige_statustype__in=StatusType.objects.filter(
                zaaktype__tenant=context.gemeente, omschrijving=filters.status
            ).values("pk")
        )
    return qs.order_by(*SORTS.get(filters.sort, SORTS["termijn"]))


@dataclass
class Regel:
    """One zaak as a werkvoorraad or search row."""

    zaak: Zaak
    zaaktype: str
    status: str
    behandelaar: str
    termijn: termijnen.Termijn


def regels(zaken: list[Zaak], today: date) -> list[Regel]:
    """Rows for a page of zaken in three queries, whatever the page size."""
    ids = [z.pk for z in zaken]
    zaaktypen = dict(
        ZaakType.objects.filter(pk__in={z.zaaktype_id for z in zaken}).values_list(
            "pk", "omschrijving"
        )
    )
    status: dict[int, str] = {}
    for zaak_id, omschrijving in (
        Status.objects.filter(zaak_id__in=ids)
        .order_by("zaak_id", "datum_status_gezet", "pk")
        .values_list("zaak_id", "statustype__omschrijving")
    ):
        status[zaak_id] = omschrijving  # the last one per zaak wins
    behandelaar: dict[int, str] = {}
    for rol in (
        behandelaar_rollen()
        .filter(zaak_id__in=ids)
        .only("zaak_id", "betrokkene_identificatie", "medewerker_identificatie")
    ):
        ident = rol.betrokkene_identificatie or {}
        naam = " ".join(
            p
            for p in (
                ident.get("voorletters"),
                ident.get("voorvoegselAchternaam"),
                ident.get("achternaam"),
            )
            if p
        )
        behandelaar[rol.zaak_id] = naam or rol.medewerker_identificatie
    return [
        Regel(
            zaak=z,
            zaaktype=zaaktypen.get(z.zaaktype_id, ""),
            status=status.get(z.pk, ""),
            behandelaar=behandelaar.get(z.pk, ""),
            termijn=termijnen.termijn(z, today),
        )
        for z in zaken
    ]


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
