"""A believable case load for the demo: thousands of zaken in every stage, loaded in bulk.

Bulk inserts, not the services: the demo must load in seconds. The data obeys the same rules
the services enforce (published zaaktypen, statussen in order, a resultaat and archiving on
every closed zaak); the audit trail starts empty, as after a migration from an older system.

The shape is that of a healthy but busy organisation: a steady inflow per zaaktype
over the past year, fewer requests in the summer holidays, at Christmas and at weekends;
each zaak takes a doorlooptijd drawn against its zaaktype's servicenorm and wettelijke termijn
(most within the norm, some late, a few long runners), so the open zaken are mostly recent and
within term with a visible backlog, and closures are spread over the weeks as the inflow is.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from iwerk.catalogi.models import ZaakType
from iwerk.core import durations
from iwerk.core.choices import vertrouwelijkheid_rank
from iwerk.core.models import Gemeente
from iwerk.core.validators import is_valid_rsin
from iwerk.medewerkers.demo import niveaus
from iwerk.referentielijsten.selectors import communicatiekanaal_url
from iwerk.zaken.models import Resultaat, Rol, Status, Zaak, ZaakIdentificatieReeks
from iwerk.zaken.services import zoektekst
from iwerk.zaken.services.archiving import BrondatumGegevens, derive_archiving
from iwerk.zaken.services.rol import refresh_behandelaar
from iwerk.zaken.services.status import refresh_huidige_status

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
VOORNAMEN = [
    "Anna",
    "Bram",
    "Chantal",
    "Daan",
    "Eva",
    "Fatima",
    "Gerrit",
    "Hanna",
    "Ibrahim",
    "Jeroen",
    "Kim",
    "Lotte",
    "Mohammed",
    "Noor",
    "Oscar",
    "Petra",
    "Ruben",
    "Sanne",
    "Tom",
    "Yara",
]
ACHTERNAMEN = [
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Dijk",
    "Kok",
    "Brouwer",
    "Yilmaz",
    "El Amrani",
    "Dekker",
    "Haverkamp",
]
STRATEN = {
    "deventer": ["Brink", "Lange Bisschopstraat", "Keizerstraat", "Colmschaterstraatweg"],
    "olst-wijhe": ["Hoofdstraat", "Stationsstraat", "Langstraat"],
    "raalte": ["Kerkstraat", "Stationsstraat", "Domineesweg"],
}
# (identificatie, voorletters, achternaam) of behandelaars when the caller names none.
MEDEWERKERS = [("jdevries", "J.", "de Vries"), ("mbakker", "M.", "Bakker")]
# The "niet toegewezen" werkvoorraad: open zaken still at their first status that came in the
# last INTAKE_DAGEN working days, and a share of the others left without behandelaar.
INTAKE_DAGEN = 3
NIET_TOEGEWEZEN = 0.08
# Share of zaken that were (or are) opgeschort, where the zaaktype allows it.
OPGESCHORT = 0.08
KANALEN = ("Internet", "E-mail", "Telefoon", "Balie", "Post")

# --- Time as work ---------------------------------------------------------------------------------
# Requests come in, and get done, on working days: far fewer at weekends, a third fewer in the
# summer holidays, fewer at Christmas. The loader draws every moment in work units (a full
# working day is 1) counted back from the load date, and lays them on the calendar afterwards.
# Whether a zaak is still open compares work units only, so how many zaken are open, closed or
# have a besluit does not depend on the load date (README's figures hold on every day), while
# every date follows the calendar of the days before it.
WEEKDAG = (1.0, 1.0, 1.0, 1.0, 1.0, 0.15, 0.1)  # Monday .. Sunday
ZOMER = ((7, 13), (8, 21), 0.7, 14)  # first and last day of the dip, its factor, days of ramp
KERST = 0.6  # 24 December to 1 January
# A zaaktype's zaken came in over the past year and the weeks before it (so the year's first
# weeks close as many as the others): STANDAARD_PER_ZAAKTYPE of them with the default
# per_zaaktype (README's figures), more fill the same past more densely. A smaller demo (the
# tests load 4 per zaaktype) is a sample of that organisation: half from its werkvoorraad,
# half from its archive, so every stage is there (see _steekproef).
HISTORIE_DAGEN = 400
STANDAARD_PER_ZAAKTYPE = 150
# How a zaak's doorlooptijd falls against its zaaktype's servicenorm and wettelijke termijn:
# (cumulative share, kind). Within the norm, between norm and termijn, late (up to half the
# termijn over), long runner (1.5 to 4 times the termijn).
DOORLOOPTIJDEN = ((0.70, "norm"), (0.86, "termijn"), (0.97, "laat"), (1.0, "lang"))


@cache
def _drukte(jaar: int, week: int) -> float:
    """Busier and quieter weeks, the same for every load: ±12% around an ordinary week."""
    return 0.88 + 0.24 * random.Random(f"drukte-{jaar}-{week}").random()


def werk(dag: date) -> float:
    """The work (requests, closures) of one calendar day, relative to an ordinary working day."""
    jaar, week, _ = dag.isocalendar()
    factor = WEEKDAG[dag.weekday()] * _drukte(jaar, week) / 1.12  # never above 1
    (bm, bd), (em, ed), dip, ramp = ZOMER
    begin, eind = date(dag.year, bm, bd), date(dag.year, em, ed)
    if begin <= dag <= eind:
        factor *= dip
    else:
        afstand = (begin - dag).days if dag < begin else (dag - eind).days
        if afstand < ramp:
            factor *= dip + (1 - dip) * afstand / ramp
    if (dag.month, dag.day) >= (12, 24) or (dag.month, dag.day) <= (1, 1):
        factor *= KERST
    return factor


# Work units of an average calendar day, from a fixed year: the same on every load date.
WERK_PER_DAG = sum(werk(date(2025, 1, 1) + timedelta(days=d)) for d in range(365)) / 365
REFERENTIE = date(2025, 1, 1)  # terms in days (P8W, P1M) measured from one fixed day


class Werkkalender:
    """Work units counted back from the end of `vandaag`, and the calendar day they fall on."""

    def __init__(self, vandaag: date, eenheden: float) -> None:
        self.vandaag = vandaag
        self.cumulatief = [0.0]  # cumulatief[k]: the work of the k most recent days
        dag = vandaag
        while self.cumulatief[-1] <= eenheden + 1:
            self.cumulatief.append(self.cumulatief[-1] + werk(dag))
            dag -= timedelta(days=1)

    def dag(self, eenheden: float) -> date:
        """The day `eenheden` work units back: 0 is today; 1 or more is always an earlier day
        (no day holds more than one unit)."""
        return self.vandaag - timedelta(days=bisect_right(self.cumulatief, eenheden) - 1)


def _dagen(duur: str | None) -> int | None:
    return (durations.add(REFERENTIE, duur) - REFERENTIE).days if duur else None


def _doorlooptijd(rng: random.Random, servicenorm: int | None, termijn: int) -> float:
    """Days a zaak takes, against the zaaktype's norm and wettelijke termijn."""
    norm = min(servicenorm or termijn, termijn)
    r = rng.random()
    soort = next(s for grens, s in DOORLOOPTIJDEN if r < grens)
    if soort == "norm":
        return norm * rng.uniform(0.25, 1.0)
    if soort == "termijn":
        return rng.uniform(norm, termijn) if termijn > norm else termijn * rng.uniform(0.8, 1.0)
    if soort == "laat":
        return termijn * rng.uniform(1.0, 1.5)
    return termijn * rng.uniform(1.5, 4.0)


@dataclass
class _Plan:
    zaaktype: ZaakType
    start: date
    leeftijd: float  # work units since the start
    statusdagen: list[date]  # the day each reached status was set; the last closes a closed zaak
    closed: bool
    nummer: int = 0
    aanvrager: str = ""  # the initiator's geslachtsnaam, also named in the omschrijving


def _plannen(
    zaaktype: ZaakType,
    statustypen: list,
    aantal: int,
    kalender: Werkkalender,
    rng: random.Random,
) -> list[_Plan]:
    """The zaken of one zaaktype: a steady inflow, each zaak taking its own doorlooptijd."""
    historie = HISTORIE_DAGEN * WERK_PER_DAG  # in work units
    termijn = _dagen(zaaktype.doorlooptijd)
    servicenorm = _dagen(zaaktype.servicenorm)
    stappen = max(len(statustypen) - 1, 1)
    plans = []
    # Steady: each zaak in its own slice of the past, the slices in random order.
    schijven = list(range(aantal))
    rng.shuffle(schijven)
    for schijf in schijven:
        leeftijd = (schijf + rng.random()) * historie / aantal
        duur = _doorlooptijd(rng, servicenorm, termijn) * WERK_PER_DAG
        closed = leeftijd - duur >= 1  # done at least a working day ago: never today
        # An open zaak has reached the statussen its progress so far warrants, not its last.
        reached = stappen + 1 if closed else min(stappen, 1 + int(leeftijd / duur * stappen))
        statusdagen = [kalender.dag(leeftijd - duur * k / stappen) for k in range(reached)]
        plans.append(_Plan(zaaktype, statusdagen[0], leeftijd, statusdagen, closed))
    return plans


def _steekproef(plans: list[_Plan], aantal: int, rng: random.Random) -> list[_Plan]:
    """`aantal` of a zaaktype's zaken for a small demo: half of them open (the newest to the
    longest overdue), the rest closed (from yesterday's back to the oldest), in random order."""
    open_ = sorted((p for p in plans if not p.closed), key=lambda p: p.leeftijd)
    gesloten = sorted((p for p in plans if p.closed), key=lambda p: p.leeftijd)
    n_open = max(min(len(open_), (aantal + 1) // 2), aantal - len(gesloten))
    gekozen = _gespreid(open_, n_open) + _gespreid(gesloten, aantal - n_open)
    rng.shuffle(gekozen)
    return gekozen


def _gespreid(items: list[_Plan], aantal: int) -> list[_Plan]:
    """`aantal` items spread evenly from the first to the last; the last alone if only one."""
    if aantal <= 1:
        return items[-1:] if aantal == 1 else []
    return [items[round(i * (len(items) - 1) / (aantal - 1))] for i in range(aantal)]


def _bsn(rng: random.Random) -> str:
    """A random nine-digit number that passes the elfproef (demo data, no real persons)."""
    while True:
        candidate = f"9{rng.randint(0, 99_999_999):08d}"
        if is_valid_rsin(candidate):
            return candidate


@transaction.atomic
def load_zaken(
    gemeente: Gemeente,
    *,
    per_zaaktype: int = 150,
    today: date | None = None,
    seed: int = 2026,
    medewerkers: list[tuple[str, str, str]] | None = None,
) -> int:
    """Create per_zaaktype zaken for every published zaaktype of the gemeente; idempotent per gemeente."""
    if Zaak.objects.filter(tenant=gemeente).exists():
        return 0
    rng = random.Random(f"{seed}-{gemeente.slug}")
    # The demo staff's levels: a zaak goes to someone who may open it (issue 29).
    niveau = niveaus(gemeente.slug) if medewerkers is not None else None
    # Channels and opschortingen draw from their own sequence: the rest of the demo stays as is.
    extra = random.Random(f"{seed}-{gemeente.slug}-sturing")
    today = today or timezone.localdate()  # the day Sturing counts from, also late at night
    zaaktypen = list(
        # In creation order on every database: the draws below follow this order, and
        # PostgreSQL returns an unordered query in another order than SQLite (other figures).
        ZaakType.objects.filter(tenant=gemeente, concept=False)
        .order_by("pk")
        .prefetch_related("statustypen", "resultaattypen", "roltypen")
    )
    kalender = Werkkalender(today, HISTORIE_DAGEN * WERK_PER_DAG)
    statustypen_van = {
        zt.pk: sorted(zt.statustypen.all(), key=lambda s: s.volgnummer) for zt in zaaktypen
    }
    plans: list[_Plan] = []
    for zaaktype in zaaktypen:
        if per_zaaktype <= 0:
            break
        volledig = max(per_zaaktype, STANDAARD_PER_ZAAKTYPE)
        zaaktype_plans = _plannen(zaaktype, statustypen_van[zaaktype.pk], volledig, kalender, rng)
        if per_zaaktype < volledig:
            zaaktype_plans = _steekproef(zaaktype_plans, per_zaaktype, rng)
        plans.extend(zaaktype_plans)
    # Numbered in order of registration within each year, as the register does.
    counters: dict[int, int] = {}
    for plan in sorted(plans, key=lambda p: p.start):
        counters[plan.start.year] = counters.get(plan.start.year, 0) + 1
        plan.nummer = counters[plan.start.year]
    kanalen = {naam: communicatiekanaal_url(naam) for naam in KANALEN}
    offsets = dict(
        ZaakIdentificatieReeks.objects.filter(bronorganisatie=gemeente.rsin).values_list(
            "jaar", "laatste"
        )
    )
    zaken, resultaattypen = [], []
    for plan in plans:
        zaaktype, start = plan.zaaktype, plan.start
        nummer = offsets.get(start.year, 0) + plan.nummer
        # More and more requests come in online: from about 50% a year ago to 65% now.
        internet = 0.65 - 0.15 * plan.leeftijd / (HISTORIE_DAGEN * WERK_PER_DAG)
        kanaal = "Internet" if extra.random() < internet else extra.choice(KANALEN[1:])
        plan.aanvrager = rng.choice(ACHTERNAMEN)
        zaak = Zaak(
            tenant=gemeente,
            zaaktype=zaaktype,
            identificatie=f"ZAAK-{start.year}-{nummer:010d}",
            bronorganisatie=gemeente.rsin,
            verantwoordelijke_organisatie=gemeente.rsin,
            omschrijving=f"{zaaktype.omschrijving} — {plan.aanvrager}",
            registratiedatum=start,
            startdatum=start,
            vertrouwelijkheidaanduiding=zaaktype.vertrouwelijkheidaanduiding,
            einddatum_gepland=durations.add(start, zaaktype.servicenorm)
            if zaaktype.servicenorm
            else None,
            uiterlijke_einddatum_afdoening=durations.add(start, zaaktype.doorlooptijd),
            communicatiekanaal=kanalen[kanaal],
        )
        if zaaktype.opschorting_en_aanhouding_mogelijk and extra.random() < OPGESCHORT:
            # Waiting for the applicant: the term stood still, the deadlines moved on.
            dagen = extra.randint(7, 28)
            if plan.closed or extra.random() < 0.5:
                zaak.opgeschorte_dagen = dagen
                zaak.opschorting_eerdere_opschorting = True
                zaak.einddatum_gepland = (
                    zaak.einddatum_gepland and zaak.einddatum_gepland + timedelta(days=dagen)
                )
                zaak.uiterlijke_einddatum_afdoening += timedelta(days=dagen)
            else:
                zaak.opschorting_indicatie = True
                zaak.opgeschort_sinds = max(start, today - timedelta(days=dagen))
                zaak.opschorting_reden = "Wacht op aanvullende gegevens van de aanvrager"
        resultaattype = None
        if plan.closed:  # closed as it is created: no second pass over thousands of rows
            resultaattype = rng.choice(sorted(zaaktype.resultaattypen.all(), key=lambda r: r.pk))
            zaak.einddatum = plan.statusdagen[-1]
            zaak.archiefnominatie, zaak.archiefactiedatum, zaak.startdatum_bewaartermijn = (
                derive_archiving(
                    resultaattype,
                    BrondatumGegevens(einddatum=zaak.einddatum),
                    archiefnominatie="",
                    archiefactiedatum=None,
                )
            )
        zaken.append(zaak)
        resultaattypen.append(resultaattype)
    Zaak.objects.bulk_create(zaken, batch_size=1000)
    for year in counters:
        ZaakIdentificatieReeks.objects.update_or_create(
            bronorganisatie=gemeente.rsin,
            jaar=year,
            defaults={"laatste": offsets.get(year, 0) + counters[year]},
        )
    zaken = list(
        Zaak.objects.filter(tenant=gemeente).order_by("pk")
    )  # with primary keys on every database

    statussen, resultaten, rollen = [], [], []
    nu = timezone.now()
    for index, (zaak, plan) in enumerate(zip(zaken, plans, strict=True)):
        zaaktype, start, closed = plan.zaaktype, plan.start, plan.closed
        statustypen = statustypen_van[zaaktype.pk]
        for volgorde, (statustype, dag) in enumerate(
            zip(statustypen, plan.statusdagen, strict=False)
        ):
            # Office hours, later in the day for each next status: in order also on one day.
            moment = datetime.combine(dag, time(9 + volgorde, rng.randint(0, 59)), AMSTERDAM)
            statussen.append(
                Status(
                    tenant=gemeente,
                    zaak=zaak,
                    statustype=statustype,
                    datum_status_gezet=min(moment, nu),  # never later than the load
                    statustoelichting="",
                )
            )
        roltypen = {r.omschrijving_generiek: r for r in zaaktype.roltypen.all()}
        if "initiator" in roltypen:
            # The omschrijving names the initiator (issue 23). This draw once picked another
            # name; it stays, unused, so every draw after it (BSN, address, behandelaar, the
            # werkvoorraad's unassigned zaken) and the figures built on them stay as they were.
            rng.choice(ACHTERNAMEN)
            naam = plan.aanvrager
            rollen.append(
                Rol(
                    tenant=gemeente,
                    zaak=zaak,
                    roltype=roltypen["initiator"],
                    betrokkene_type="natuurlijk_persoon",
                    roltoelichting="Aanvrager",
                    bsn=(bsn := _bsn(rng)),
                    betrokkene_identificatie={
                        "inpBsn": bsn,
                        "geslachtsnaam": naam,
                        "voornamen": rng.choice(VOORNAMEN),
                        "voorletters": "",
                        "verblijfsadres": {
                            "aoaIdentificatie": f"0{rng.randint(100000000000000, 999999999999999)}",
                            "wplWoonplaatsNaam": gemeente.naam,
                            "aoaHuisnummer": rng.randint(1, 250),
                            "gorOpenbareRuimteNaam": rng.choice(
                                STRATEN.get(gemeente.slug, ["Dorpsstraat"])
                            ),
                            "aoaPostcode": "",
                            "aoaHuisletter": "",
                            "aoaHuisnummertoevoeging": "",
                            "inpLocatiebeschrijving": "",
                        },
                    },
                )
            )
        intake = len(plan.statusdagen) == 1 and plan.leeftijd < INTAKE_DAGEN
        unassigned = not closed and (rng.random() < NIET_TOEGEWEZEN or intake)
        if "behandelaar" in roltypen and not unassigned:
            kandidaten = medewerkers or MEDEWERKERS
            medewerker, voorletters, achternaam = rng.choice(kandidaten)
            # Only someone who may open the zaak handles it: the next one in the list who
            # reaches its level (no extra draw: the rest of the demo stays as it was).
            if niveau is not None:
                nodig = vertrouwelijkheid_rank(zaak.vertrouwelijkheidaanduiding)
                start = kandidaten.index((medewerker, voorletters, achternaam))
                geschikt = [
                    kandidaten[(start + i) % len(kandidaten)]
                    for i in range(len(kandidaten))
                    if vertrouwelijkheid_rank(
                        niveau.get(kandidaten[(start + i) % len(kandidaten)][0], "zeer_geheim")
                    )
                    >= nodig
                ]
                if geschikt:
                    medewerker, voorletters, achternaam = geschikt[0]
            rollen.append(
                Rol(
                    tenant=gemeente,
                    zaak=zaak,
                    roltype=roltypen["behandelaar"],
                    betrokkene_type="medewerker",
                    roltoelichting="Behandelaar",
                    medewerker_identificatie=medewerker,
                    betrokkene_identificatie={
                        "identificatie": medewerker,
                        "achternaam": achternaam,
                        "voorletters": voorletters,
                        "voorvoegselAchternaam": "",
                    },
                )
            )
        if resultaattypen[index] is not None:
            resultaten.append(
                Resultaat(tenant=gemeente, zaak=zaak, resultaattype=resultaattypen[index])
            )
    Status.objects.bulk_create(statussen, batch_size=2000)
    Resultaat.objects.bulk_create(resultaten, batch_size=2000)
    Rol.objects.bulk_create(rollen, batch_size=2000)
    refresh_behandelaar([z.pk for z in zaken])
    refresh_huidige_status([z.pk for z in zaken])
    zoektekst.reindex(z.pk for z in zaken)
    return len(zaken)
