"""A believable landscape for Deventer, Olst-Wijhe and Raalte that tells the story of reduction:
three zaaksystemen becoming iwerk, separate e-form tools converging, old packages phased out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from iwerk.core.models import Gemeente
from iwerk.portfolio.models import Applicatie, Gebruik, Koppeling, Referentiecomponent
from iwerk.portfolio.services import gemma

VOORBEELD_CSV = Path(__file__).parent / "data" / "gemma-referentiecomponenten-voorbeeld.csv"
DEV, OW, RA = "deventer", "olst-wijhe", "raalte"

# naam, leverancier, hosting, kosten/jaar, persoonsgegevens, componenten (GEMMA-id suffixes),
# [(gemeente, sinds, status, einde_gepland, einde)]
APPLICATIES = (
    ("iwerk", "i-werkorganisatie (open source)", "gedeeld", 0, True,
     ("zrc", "drc", "brc", "ztc", "nrc", "ac", "zac", "formulieren", "mijnomgeving", "mor", "incident", "mi"),
     [(g, date(2026, 1, 1), "in_gebruik", None, None) for g in (DEV, OW, RA)]),
    ("Zaaksysteem Alfa", "Alfa Software B.V.", "on_premise", 145000, True, ("zrc", "drc", "zac"),
     [(DEV, date(2014, 3, 1), "uit_te_faseren", date(2027, 6, 30), None)]),
    ("ZaakNet", "Netwerk Gemeentesoftware", "saas", 62000, True, ("zrc", "zac"),
     [(OW, date(2015, 1, 1), "uitgefaseerd", date(2026, 6, 30), date(2026, 6, 30))]),
    ("Squit Zaken", "Squit", "saas", 71000, True, ("zrc", "drc", "zac"),
     [(RA, date(2016, 5, 1), "uit_te_faseren", date(2027, 3, 31), None)]),
    ("DMS Archiefplus", "Archiefplus", "on_premise", 38000, True, ("drc",),
     [(DEV, date(2012, 1, 1), "uitgefaseerd", date(2025, 12, 31), date(2025, 12, 31)),
      (RA, date(2013, 1, 1), "in_gebruik", None, None)]),
    ("FormulierFabriek", "FormulierFabriek B.V.", "saas", 24000, True, ("formulieren",),
     [(DEV, date(2017, 1, 1), "uit_te_faseren", date(2027, 1, 31), None),
      (OW, date(2018, 1, 1), "uit_te_faseren", date(2027, 1, 31), None)]),
    ("eLoket Raalte", "Webbureau Salland", "saas", 11000, True, ("formulieren", "mijnomgeving"),
     [(RA, date(2016, 1, 1), "uitgefaseerd", date(2026, 3, 31), date(2026, 3, 31))]),
    ("BuitenBeter", "Meldingen B.V.", "saas", 9000, False, ("mor",),
     [(g, date(2018, 1, 1), "in_gebruik", None, None) for g in (DEV, OW, RA)]),
    ("Civision Burgerzaken", "Centric", "saas", 88000, True, ("brp",),
     [(g, date(2010, 1, 1), "in_gebruik", None, None) for g in (DEV, OW, RA)]),
    ("Key2Financiën", "Centric", "saas", 120000, False, ("fin",),
     [(g, date(2011, 1, 1), "in_gebruik", None, None) for g in (DEV, OW, RA)]),
    ("Belastingen Twente-Salland", "GBT", "gedeeld", 56000, True, ("belastingen",),
     [(g, date(2015, 1, 1), "in_gebruik", None, None) for g in (DEV, OW, RA)]),
    ("Suite4Sociaal Domein", "Centric", "saas", 134000, True, ("sociaaldomein",),
     [(DEV, date(2015, 1, 1), "in_gebruik", None, None), (RA, date(2015, 1, 1), "in_gebruik", None, None)]),
    ("GWS4all", "Pinkroccade", "saas", 67000, True, ("sociaaldomein",),
     [(OW, date(2014, 1, 1), "uit_te_faseren", date(2027, 12, 31), None)]),
    ("KCC Contact", "Contactcenter Software", "saas", 29000, True, ("kcc",),
     [(g, date(2019, 1, 1), "in_gebruik", None, None) for g in (DEV, OW, RA)]),
    ("Rapportagetool Qlik", "Qlik", "cloud", 31000, False, ("mi",),
     [(DEV, date(2019, 1, 1), "uit_te_faseren", date(2027, 6, 30), None)]),
    ("Excel-rapportages Olst-Wijhe", "", "on_premise", 0, False, ("mi",),
     [(OW, date(2012, 1, 1), "uitgefaseerd", date(2025, 12, 31), date(2025, 12, 31))]),
    ("TopDesk Security", "TOPdesk", "saas", 15000, True, ("incident",),
     [(g, date(2020, 1, 1), "uit_te_faseren", date(2027, 3, 31), None) for g in (DEV, OW, RA)]),
)  # fmt: skip
KOPPELINGEN = (
    ("iwerk", "Civision Burgerzaken", "StUF-BG", "Personen bevragen bij intake"),
    ("iwerk", "Suite4Sociaal Domein", "ZGW API's", "Wmo-zaken en documenten"),
    ("BuitenBeter", "iwerk", "ZGW API's", "Meldingen als zaak"),
    ("Zaaksysteem Alfa", "DMS Archiefplus", "StUF-ZKN", "Documenten (tot uitfasering)"),
    ("KCC Contact", "iwerk", "ZGW API's", "Klantcontacten bij zaken"),
)


def load_portfolio(gemeenten: list[Gemeente]) -> int:
    """Idempotent: the sample GEMMA components, then the applications once."""
    gemma.importeren(VOORBEELD_CSV.read_text(encoding="utf-8"))
    if Applicatie.objects.exists():
        return 0
    per_slug = {g.slug: g for g in gemeenten}
    componenten = {c.gemma_id.rsplit("id-", 1)[-1]: c for c in Referentiecomponent.objects.all()}
    apps = {}
    for naam, leverancier, hosting, kosten, pg, comps, gebruik in APPLICATIES:
        app = Applicatie.objects.create(
            naam=naam, leverancier=leverancier, hosting=hosting, kosten_per_jaar=Decimal(kosten),
            persoonsgegevens=pg, eigenaar="i-werkorganisatie", pakket=naam,
        )  # fmt: skip
        app.componenten.set([componenten[c] for c in comps])
        for slug, sinds, status, gepland, einde in gebruik:
            if slug in per_slug:
                Gebruik.objects.create(
                    applicatie=app, gemeente=per_slug[slug], sinds=sinds, status=status,
                    einde_gepland=gepland, einde=einde,
                )  # fmt: skip
        apps[naam] = app
    for van, naar, standaard, omschrijving in KOPPELINGEN:
        Koppeling.objects.create(
            van=apps[van], naar=apps[naar], standaard=standaard, omschrijving=omschrijving
        )
    return len(apps)


def applicatie_op_naam(naam: str) -> Applicatie | None:
    """The application of that name, for the demo cost items that name one (sturing.demo)."""
    return Applicatie.objects.filter(naam=naam).first()
