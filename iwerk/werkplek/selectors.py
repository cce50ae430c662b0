"""Reading zaken for werkplek pages: always through the register selectors with the user's actor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from iwerk.catalogi.models import StatusType, ZaakType
from iwerk.medewerkers.actor import Werkplekcontext
from iwerk.medewerkers.selectors import team_usernames
from iwerk.zaken import selectors as zaken_selectors
from iwerk.zaken.models import Rol, Status, Zaak
from iwerk.zaken.selectors import termijnen

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
