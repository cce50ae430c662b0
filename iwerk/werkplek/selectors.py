"""Reading zaken for werkplek pages: always through the register selectors with the user's actor."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypedDict

from django.core.cache import cache
from django.db.models import QuerySet

from iwerk.catalogi.models import StatusType, ZaakType
from iwerk.core import generations
from iwerk.core.api.actor import Actor
from iwerk.core.choices import Vertrouwelijkheidaanduiding
from iwerk.medewerkers.actor import Werkplekcontext
from iwerk.medewerkers.selectors import teamnamen
from iwerk.zaken import selectors as zaken_selectors
from iwerk.zaken.models import Rol, Zaak
from iwerk.zaken.selectors import termijnen

TABS = {
    "mijn": "Mijn zaken",
    "team": "Mijn teams",
    "intake": "Intake",
    "alle": "Alle zaken",
}
# Old names of tabs that saved filters (OpgeslagenFilter.querystring) may still carry.
TAB_ALIASSEN = {"vrij": "intake"}
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


def teamkeuzes(context: Werkplekcontext) -> list[tuple[int, str]]:
    """(pk, naam) of the active gemeente's teams by name: where a zaak can be moved (ADR 0059).
    Cached with the staff context (medewerkers.selectors.teamnamen): no query on a warm cache."""
    return sorted(teamnamen(context.gemeente.pk).items(), key=lambda team: team[1].casefold())


def mag_bijwerken(actor: Actor, zaak: Zaak) -> bool:
    """Whether the user handles the zaak: zaken.bijwerken on its zaaktype, up to its
    vertrouwelijkheid (what the zaak page's actions need; the zaak is loaded with its zaaktype)."""
    return actor.permits(
        "zrc",
        "zaken.bijwerken",
        type_id=zaak.zaaktype_id,
        catalogus_id=zaak.zaaktype.catalogus_id,
        vertrouwelijkheid=zaak.vertrouwelijkheidaanduiding,
    )


def actueel_opvragen_geweigerd(actor: Actor, zaak: Zaak) -> str:
    """Why the user may not ask the BRP or the KvK for a betrokkene's current data on the zaak
    page, in Dutch; "" when they may: only who handles the zaak, and only while it is open.

    The lookup is made under the zaaktype's doelbinding, which is the handling of the zaak.
    Reading the zaak is not enough: the FG, the CISO, archiefbeheer and functioneel beheer read
    zaken for other purposes, and a closed zaak has no handling left to look anything up for.
    """
    if zaak.einddatum is not None:
        return (
            "Deze zaak is afgesloten. Actuele gegevens uit de BRP of de KvK worden alleen "
            "opgevraagd zolang de zaak in behandeling is."
        )
    if not mag_bijwerken(actor, zaak):
        return (
            "Alleen wie de zaak behandelt, mag actuele gegevens uit de BRP of de KvK opvragen: "
            "de opvraging valt onder het doel van het zaaktype. Met uw rol kunt u de zaak "
            "alleen inzien."
        )
    return ""


def mag_actueel_opvragen(actor: Actor, zaak: Zaak) -> bool:
    return not actueel_opvragen_geweigerd(actor, zaak)


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
    """The werkvoorraad as one query: each filter is a condition on an indexed column.

    Tabs: mine (Zaak.behandelaar, the mirror of the behandelaar rol: one index range per person),
    my teams (Zaak.team among the teams of the user's roles in the gemeente), the intake (no
    team and nobody handling it: the queue routing left the zaak in, ADR 0059), all.
    """
    qs = visible_zaken(context)
    username = context.actor.user_id
    tab = TAB_ALIASSEN.get(filters.tab, filters.tab)
    if tab == "mijn":
        qs = qs.filter(behandelaar=username)
    elif tab == "team":
        qs = qs.filter(team_id__in=sorted(context.team_ids))
    elif tab == "intake":
        qs = qs.filter(team__isnull=True, behandelaar="")
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


@dataclass(frozen=True)
class Catalogusnamen:
    """The names a werkvoorraad page shows of the gemeente's zaaktypen and statustypen."""

    zaaktypen: dict[int, str]  # pk -> omschrijving, concept or not (a row names its zaaktype)
    statustypen: dict[int, str]  # pk -> omschrijving (a row names its current status)
    zaaktype_keuzes: list[tuple[int, str]]  # the published ones, for the filter, by omschrijving
    status_keuzes: list[str]  # every omschrijving once, for the filter, in the database's order


# As long as a werkplek context (medewerkers.actor): the key moves with every catalogi change.
_NAMEN_SECONDS = 300


def catalogusnamen(gemeente_id: int) -> Catalogusnamen:
    """Names of the gemeente's zaaktypen and statustypen, cached per catalogi generation.

    Every werkvoorraad page needs them (filter options and the rows' zaaktype and status); they
    change only with the catalogus, whose every change moves the "catalogi" generation (read
    with the werkplek's own counter in the request's one generations query). Two queries on a
    miss, none on a hit. The database orders both lists, as the filters always showed them.
    """
    key = f"iwerk:werkplek:namen:{generations.current('catalogi')}:{gemeente_id}"
    namen = cache.get(key)
    if namen is None:
        zaaktypen = list(
            ZaakType.objects.filter(tenant_id=gemeente_id)
            .order_by("omschrijving")
            .values_list("pk", "omschrijving", "concept")
        )
        statustypen = list(
            StatusType.objects.filter(zaaktype__tenant_id=gemeente_id)
            .order_by("omschrijving")
            .values_list("pk", "omschrijving")
        )
        namen = Catalogusnamen(
            zaaktypen={pk: naam for pk, naam, _concept in zaaktypen},
            statustypen=dict(statustypen),
            zaaktype_keuzes=[(pk, naam) for pk, naam, concept in zaaktypen if not concept],
            status_keuzes=list(dict.fromkeys(naam for _pk, naam in statustypen)),
        )
        cache.set(key, namen, _NAMEN_SECONDS)
    return namen


class Regel(TypedDict):
    """One zaak as a werkvoorraad or search row, as the template shows it.

    A dict of ready values: the row template looks up each one directly (a dict key is the
    template engine's first try) instead of walking zaak, termijn and filters per cell.
    """

    uuid: str
    identificatie: str
    omschrijving: str
    vertrouwelijk: str  # the label, for vertrouwelijk and above; "" below
    zaaktype: str
    status: str  # "" without a status
    behandelaar: str  # "" when nobody is assigned
    team: str  # the name of the team whose queue holds it, "" in the intake
    open_taken: int  # its open tasks (the werkvoorraad counts them; 0 elsewhere)
    ontvangen: str  # startdatum as j-n-Y
    staat: str  # termijnen state, a CSS modifier
    termijn: str  # its label
    uiterlijk: str  # the wettelijke termijn as j-n-Y, "" without one or when afgerond


# Flagged in a row: the levels above zaakvertrouwelijk.
_GEMARKEERD = frozenset(
    {
        Vertrouwelijkheidaanduiding.vertrouwelijk,
        Vertrouwelijkheidaanduiding.confidentieel,
        Vertrouwelijkheidaanduiding.geheim,
        Vertrouwelijkheidaanduiding.zeer_geheim,
    }
)
_LABELS = dict(Vertrouwelijkheidaanduiding.choices)
# What regels reads of a zaak: a page query loads these columns only.
REGEL_FIELDS = (
    "pk",
    "uuid",
    "identificatie",
    "omschrijving",
    "tenant_id",
    "zaaktype_id",
    "huidige_statustype_id",
    "team_id",
    "startdatum",
    "einddatum",
    "einddatum_gepland",
    "uiterlijke_einddatum_afdoening",
    "opschorting_indicatie",
    "opgeschort_sinds",
    "vertrouwelijkheidaanduiding",
)


def _dag(value: date | None) -> str:
    """A date as the template filter date:"j-n-Y" writes it (5-3-2026)."""
    return f"{value.day}-{value.month}-{value.year:04d}" if value else ""


def regels(zaken: list[Zaak], today: date, open_taken: dict[int, int] | None = None) -> list[Regel]:
    """Rows for a page of zaken in one query (the behandelaars), whatever the page size.

    Zaaktype and status names come from the cached catalogusnamen of the zaken's gemeente, team
    names from the cached teamnamen; the status is the zaak's huidige_statustype, the mirror of
    its latest status that the status service keeps (the status filter reads the same column).
    open_taken: the number of open tasks per zaak pk, when the caller counted them.
    """
    zaaktypen: dict[int, str] = {}
    statustypen: dict[int, str] = {}
    teams: dict[int, str] = {}
    for tenant_id in {z.tenant_id for z in zaken}:
        namen = catalogusnamen(tenant_id)
        zaaktypen.update(namen.zaaktypen)
        statustypen.update(namen.statustypen)
        teams.update(teamnamen(tenant_id))
    _add_missing(zaaktypen, ZaakType, {z.zaaktype_id for z in zaken})
    _add_missing(statustypen, StatusType, {z.huidige_statustype_id for z in zaken})
    behandelaar: dict[int, str] = {}
    if zaken:
        for zaak_id, ident, medewerker in (
            behandelaar_rollen()
            .filter(zaak_id__in=[z.pk for z in zaken])
            .values_list("zaak_id", "betrokkene_identificatie", "medewerker_identificatie")
        ):
            ident = ident or {}
            naam = " ".join(
                p
                for p in (
                    ident.get("voorletters"),
                    ident.get("voorvoegselAchternaam"),
                    ident.get("achternaam"),
                )
                if p
            )
            behandelaar[zaak_id] = naam or medewerker
    rows: list[Regel] = []
    for z in zaken:
        termijn = termijnen.termijn(z, today)
        aanduiding = z.vertrouwelijkheidaanduiding
        rows.append(
            {
                "uuid": str(z.uuid),
                "identificatie": z.identificatie,
                "omschrijving": z.omschrijving,
                "vertrouwelijk": _LABELS[aanduiding] if aanduiding in _GEMARKEERD else "",
                "zaaktype": zaaktypen.get(z.zaaktype_id, ""),
                "status": statustypen.get(z.huidige_statustype_id, "")
                if z.huidige_statustype_id
                else "",
                "behandelaar": behandelaar.get(z.pk, ""),
                "team": teams.get(z.team_id, "") if z.team_id else "",
                "open_taken": (open_taken or {}).get(z.pk, 0),
                "ontvangen": _dag(z.startdatum),
                "staat": termijn.staat,
                "termijn": termijn.label,
                "uiterlijk": _dag(termijn.wettelijk) if termijn.staat != termijnen.AFGEROND else "",
            }
        )
    return rows


def _add_missing(
    namen: dict[int, str], model: type[ZaakType] | type[StatusType], ids: Iterable[int | None]
) -> None:
    """Names of types outside the cached gemeente's catalogi (none in practice), in one query."""
    missing = {pk for pk in ids if pk and pk not in namen}
    if missing:
        namen.update(model.objects.filter(pk__in=missing).values_list("pk", "omschrijving"))
