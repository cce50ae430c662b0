"""Every dashboard table as one structure: shown in HTML next to its chart, exported as CSV
and XLSX, printed in the monthly PDF. A cell may link to the zaken behind its number.

The first view of each gemeente and of all gemeenten together is prepared by the worker
(`services.dashboardstand.voorbereiden`, right after each refresh of the figures) and stored as a
Dashboardstand, so no request computes it; other filter choices are computed on request and kept
in the cache, both until the figures change (the "sturing" generation) or the day does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.cache import cache

from iwerk.archief.selectors import signalering
from iwerk.core import generations
from iwerk.core.models import Gemeente
from iwerk.medewerkers.models import Team
from iwerk.sturing.models import KANAAL_LABELS, KANALEN, Dashboardstand
from iwerk.sturing.selectors import cijfers, klassen
from iwerk.sturing.selectors.selectie import Keuze

_CACHE_SECONDS = 600


@dataclass(frozen=True)
class Cel:
    waarde: object
    link: str | None = None  # query string of the drill-down

    def __str__(self) -> str:
        return tekst(self.waarde)


def tekst(waarde: object, *, scheiding: bool = True) -> str:
    """Dutch notation: 1.234.567,89 for amounts (without the thousands dots for CSV)."""
    if waarde is None:
        return "—"
    if isinstance(waarde, date):
        return waarde.strftime("%d-%m-%Y")
    if isinstance(waarde, Decimal):
        opgemaakt = f"{waarde:,.2f}" if scheiding else f"{waarde:.2f}"
        return opgemaakt.replace(",", "_").replace(".", ",").replace("_", ".")
    if isinstance(waarde, float):
        return f"{waarde:.1f}".replace(".", ",")
    return str(waarde)


@dataclass
class Tabel:
    naam: str
    titel: str
    kolommen: list[str]
    rijen: list[list[Cel]] = field(default_factory=list)
    toelichting: str = ""

    def rij(self, *waarden: object) -> None:
        self.rijen.append([w if isinstance(w, Cel) else Cel(w) for w in waarden])


def _drill(keuze: Keuze, waarde: object, **params: str) -> Cel:
    return Cel(waarde, keuze.query(**params) if waarde else None)


def _filters(keuze: Keuze) -> str:
    return f"{keuze.selectie.tenant_ids}:{keuze.query()}"


def cachesleutel(keuze: Keuze, soort: str) -> str:
    """Per filter choice and day, invalidated by every refresh that changed something."""
    filters = f"{keuze.selectie.vandaag}:{_filters(keuze)}"
    digest = hashlib.sha256(filters.encode()).hexdigest()[:32]
    return f"iwerk:sturing:{soort}:{generations.current('sturing')}:{digest}"


def standsleutel(keuze: Keuze) -> str:
    return hashlib.sha256(_filters(keuze).encode()).hexdigest()


def bouwen(keuze: Keuze) -> dict[str, Tabel]:
    """All tables of the dashboard for these filters: the worker's prepared first view, else
    from the cache, else computed; current until the figures change."""
    sleutel = cachesleutel(keuze, "tabellen")
    tabellen = cache.get(sleutel)
    if tabellen is None:
        tabellen = _voorbereid(keuze) or _bouwen(keuze)
        cache.set(sleutel, tabellen, _CACHE_SECONDS)
    return tabellen


def _voorbereid(keuze: Keuze) -> dict[str, Tabel] | None:
    """The prepared first view, if it was built from the current figures of today. One that
    lags behind is not shown: the request computes (the worker prepares the figures right
    after it refreshed them, so that is the short moment in between)."""
    if not keuze.standaard:
        return None
    data = (
        Dashboardstand.objects.filter(
            sleutel=standsleutel(keuze),
            dag=keuze.selectie.vandaag,
            generatie=generations.current("sturing"),
        )
        .values_list("tabellen", flat=True)
        .first()
    )
    return uit_json(data) if data is not None else None


def _naar_waarde(w: object) -> object:
    if isinstance(w, date):
        return {"datum": w.isoformat()}
    if isinstance(w, Decimal):
        return {"bedrag": str(w)}
    return w


def _uit_waarde(w: object) -> object:
    if isinstance(w, dict):
        return date.fromisoformat(w["datum"]) if "datum" in w else Decimal(w["bedrag"])
    return w


def naar_json(tabellen: dict[str, Tabel]) -> dict:
    """Tables as JSON (for a Dashboardstand): no pickles in the database."""
    return {
        naam: {
            "titel": t.titel,
            "kolommen": t.kolommen,
            "toelichting": t.toelichting,
            "rijen": [[[_naar_waarde(c.waarde), c.link] for c in rij] for rij in t.rijen],
        }
        for naam, t in tabellen.items()
    }


def uit_json(data: dict) -> dict[str, Tabel]:
    return {
        naam: Tabel(
            naam,
            t["titel"],
            t["kolommen"],
            [[Cel(_uit_waarde(w), link) for w, link in rij] for rij in t["rijen"]],
            t["toelichting"],
        )
        for naam, t in data.items()
    }


def _bouwen(keuze: Keuze) -> dict[str, Tabel]:
    sel = keuze.selectie
    tabellen: dict[str, Tabel] = {}

    trend = Tabel(
        "trend",
        "Instroom, uitstroom en werkvoorraad per week",
        ["Week", "Dagen", "Instroom", "Uitstroom", "Werkvoorraad einde week"],
        toelichting="De laatste 13 weken; de werkvoorraad is het aantal gestarte, nog open zaken.",
    )
    for w in cijfers.trend(sel):
        week = f"{w.begin.isocalendar().year}-W{w.begin.isocalendar().week:02d}"
        bereik = {"van": w.begin.isoformat(), "tot": (w.eind + timedelta(days=1)).isoformat()}
        trend.rij(
            week,
            f"{w.begin:%d-%m} t/m {w.eind:%d-%m}",
            _drill(keuze, w.instroom, soort="instroom", **bereik),
            _drill(keuze, w.uitstroom, soort="uitstroom", **bereik),
            w.werkvoorraad,
        )
    tabellen["trend"] = trend

    totaal, per_zaaktype = cijfers.per_zaaktype(sel)
    periode = {"van": sel.van.isoformat(), "tot": sel.tot.isoformat()}
    zaaktypen = Tabel(
        "zaaktypen",
        f"Termijnen en doorlooptijd per zaaktype — {keuze.periode_label}",
        [
            "Zaaktype",
            "Instroom",
            "Afgehandeld",
            "Binnen servicenorm (%)",
            "Binnen wettelijke termijn (%)",
            "Doorlooptijd mediaan (dagen)",
            "Doorlooptijd p80 (dagen)",
            "Doorlooptijd gemiddeld (dagen)",
            "Servicenorm (dagen)",
            "Wettelijke termijn (dagen)",
        ],
        toelichting="Doorlooptijd zonder de dagen dat een zaak was opgeschort; termijnen na "
        "verlenging en opschorting.",
    )
    for c in [*per_zaaktype, totaal]:
        zaaktypen.rij(
            c.label,
            c.instroom,
            c.uitstroom,
            c.pct_servicenorm,
            c.pct_wettelijk,
            c.mediaan,
            c.p80,
            c.gemiddeld,
            c.norm_servicenorm,
            c.norm_doorlooptijd,
        )
    tabellen["zaaktypen"] = zaaktypen

    termijnen = Tabel(
        "termijnen",
        "Open zaken naar termijn",
        ["Termijn", "Aantal zaken"],
        toelichting=f"Stand van {sel.vandaag:%d-%m-%Y}. 'Nadert termijn': binnen "
        f"{klassen.signaal_dagen()} dagen.",
    )
    for k, n in cijfers.termijnklassen(sel).items():
        termijnen.rij(klassen.LABELS[k], _drill(keuze, n, soort="open", klasse=k))
    tabellen["termijnen"] = termijnen

    teamnamen = dict(Team.objects.filter(gemeente_id__in=sel.tenant_ids).values_list("pk", "naam"))
    teams, personen = cijfers.werklast(sel, teamnamen)
    namen = behandelaarnamen([r.sleutel for r in personen if r.sleutel])
    for r in personen:
        r.label = namen.get(r.sleutel, r.label)
    kolommen = [
        "Open",
        "Termijn overschreden",
        "Nadert termijn",
        "Opgeschort",
        "Niet toegewezen",
        "Gemiddelde leeftijd (dagen)",
    ]
    per_team = Tabel("teams", "Werklast per team", ["Team", *kolommen])
    for r in teams:
        per_team.rij(
            r.label,
            _drill(keuze, r.open, soort="open", team=r.sleutel),
            _drill(keuze, r.overschreden, soort="overschreden", team=r.sleutel),
            r.nadert,
            r.opgeschort,
            r.niet_toegewezen,
            r.gemiddelde_leeftijd,
        )
    tabellen["teams"] = per_team
    per_persoon = Tabel("behandelaars", "Werklast per behandelaar", ["Behandelaar", *kolommen])
    for r in personen:
        per_persoon.rij(
            r.label,
            _drill(keuze, r.open, soort="open", behandelaar=r.sleutel or "-"),
            _drill(keuze, r.overschreden, soort="overschreden", behandelaar=r.sleutel or "-"),
            r.nadert,
            r.opgeschort,
            r.niet_toegewezen,
            r.gemiddelde_leeftijd,
        )
    tabellen["behandelaars"] = per_persoon

    kanalen = Tabel(
        "kanalen",
        f"Kanaal van binnenkomst — {keuze.periode_label}",
        ["Kanaal", "Instroom", "Aandeel (%)"],
        toelichting="Doel: meer digitaal (internet) en minder via balie, telefoon en post.",
    )
    for k in KANALEN:
        kanalen.rij(
            KANAAL_LABELS[k],
            _drill(keuze, totaal.kanalen[k], soort="instroom", kanaal=k, **periode),
            cijfers.aandeel(totaal.kanalen[k], totaal.instroom),
        )
    tabellen["kanalen"] = kanalen

    kwaliteit = Tabel(
        "datakwaliteit",
        f"Datakwaliteit — {keuze.periode_label}",
        ["Signaal", "Aantal", "Toelichting"],
    )
    kwaliteit.rij(
        "Afgehandeld zonder resultaat",
        _drill(keuze, totaal.zonder_resultaat, soort="zonder_resultaat", **periode),
        "Telt niet mee als correct afgehandeld; vul het resultaat aan.",
    )
    kwaliteit.rij(
        "Afgehandeld zonder archiefnominatie",
        _drill(keuze, totaal.zonder_archiefnominatie, soort="zonder_archiefnominatie", **periode),
        "De bewaartermijn is niet bepaald.",
    )
    zonder_norm = cijfers.zaaktypen_zonder_norm(sel.tenant_ids)
    kwaliteit.rij(
        "Zaaktypen zonder servicenorm of doorlooptijd",
        len(zonder_norm),
        ", ".join(zonder_norm) or "Alle zaaktypen hebben normen.",
    )
    tabellen["datakwaliteit"] = kwaliteit
    tabellen["archief"] = archiefachterstand(keuze)
    return tabellen


def archiefachterstand(keuze: Keuze) -> Tabel:
    """The archival backlog per gemeente today: zaken due for destruction and for transfer
    (of the chosen zaaktype, if one is), those overdue by more than a year, the destruction
    lists in review; a total row for more than one gemeente."""
    sel = keuze.selectie
    tabel = Tabel(
        "archief",
        "Archiefachterstand",
        [
            "Gemeente",
            "Te vernietigen",
            "Over te brengen",
            "Langer dan een jaar over de archiefactiedatum",
            "Vernietigingslijsten ter beoordeling",
        ],
        toelichting=f"Stand van {sel.vandaag:%d-%m-%Y}: afgesloten zaken waarvan de "
        "archiefactiedatum is bereikt en die nog niet op een vernietigingslijst of in een "
        "overbrenging staan. De periode en het team tellen niet mee; de lijsten ter "
        "beoordeling gelden voor alle zaaktypen.",
    )
    standen = signalering.archiefstanden(sel.tenant_ids, vandaag=sel.vandaag)
    namen = dict(Gemeente.objects.filter(pk__in=sel.tenant_ids).values_list("pk", "naam"))
    totaal = [0, 0, 0, 0]
    for gemeente_id in sorted(standen, key=lambda pk: namen.get(pk, "")):
        stand = standen[gemeente_id]
        zaaktypen = [
            z for z in stand.zaaktypen if z.identificatie == sel.zaaktype or not sel.zaaktype
        ]
        vernietigen = sum((z.vernietigen for z in zaaktypen), signalering.Telling())
        overbrengen = sum((z.overbrengen for z in zaaktypen), signalering.Telling())
        rij = [
            vernietigen.nu,
            overbrengen.nu,
            vernietigen.achterstallig + overbrengen.achterstallig,
            stand.lijsten_ter_beoordeling,
        ]
        totaal = [t + r for t, r in zip(totaal, rij, strict=True)]
        tabel.rij(namen.get(gemeente_id, ""), *rij)
    if len(standen) > 1:
        tabel.rij("Totaal", *totaal)
    return tabel


def behandelaarnamen(usernames: Iterable[str]) -> dict[str, str]:
    """Full names by username (the username itself when a user has no name), in one query."""
    return {
        u: f"{v} {a}".strip() or u
        for u, v, a in get_user_model()
        .objects.filter(username__in=usernames)
        .values_list("username", "first_name", "last_name")
    }
