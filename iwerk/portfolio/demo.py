"""A believable landscape for Deventer, Olst-Wijhe and Raalte that tells the story of reduction:
three zaaksystemen becoming iwerk, separate e-form tools converging, old packages phased out —
and one of them, Deventer's Zaaksysteem Alfa, migrated into iwerk (ADR 0065)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from iwerk.core.models import Gemeente
from iwerk.migratie.models import Migratierun, Toestand
from iwerk.migratie.services import migratie_voor
from iwerk.portfolio.models import Applicatie, Gebruik, Koppeling, Referentiecomponent
from iwerk.portfolio.services import gebruik as gebruik_services
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
        load_migratie(gemeenten)  # a demo database from before the migration view gets it too
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
    load_migratie(gemeenten)
    return len(apps)


def applicatie_op_naam(naam: str) -> Applicatie | None:
    """The application of that name, for the demo cost items that name one (sturing.demo)."""
    return Applicatie.objects.filter(naam=naam).first()


# Deventer's Zaaksysteem Alfa (a ZGW register since 2014) went into iwerk in two runs of
# `iwerk migreer zgw`: the first stopped when the source stopped answering overnight, the second
# resumed and finished clean. The counts are those of twelve years of a 100,000-inhabitant
# gemeente; the report has exactly the shape rapport.maak stores.
ALFA = "https://zaaksysteem.deventer.example"
AMS = ZoneInfo("Europe/Amsterdam")
# soort, label, at the source, copied by run 1 (stopped during the documents)
ALFA_OMVANG = (
    ("catalogus", "catalogi", 1, 1),
    ("informatieobjecttype", "informatieobjecttypen", 64, 64),
    ("besluittype", "besluittypen", 23, 23),
    ("zaaktype", "zaaktypen", 118, 118),
    ("statustype", "statustypen", 512, 512),
    ("roltype", "roltypen", 590, 590),
    ("resultaattype", "resultaattypen", 431, 431),
    ("eigenschap", "eigenschappen", 276, 276),
    ("zaaktypeinformatieobjecttype", "zaaktype-informatieobjecttypen", 1042, 1042),
    ("enkelvoudiginformatieobject", "documenten", 212406, 61273),
    ("gebruiksrechten", "gebruiksrechten", 3118, 902),
    ("zaak", "zaken", 104217, 0),
    ("rol", "rollen", 228305, 0),
    ("zaakobject", "zaakobjecten", 41877, 0),
    ("zaakeigenschap", "zaakeigenschappen", 96540, 0),
    ("resultaat", "resultaten", 98766, 0),
    ("status", "statussen", 391204, 0),
    ("zaakinformatieobject", "zaakinformatieobjecten", 209884, 0),
    ("besluit", "besluiten", 51388, 0),
    ("besluitinformatieobject", "besluitinformatieobjecten", 49102, 0),
    ("audittrail", "audittrails", 1288411, 0),
)
ALFA_RUNS = (
    # gestart, geëindigd, toestand, verzoeken, melding
    (
        datetime(2026, 11, 14, 18, 0, tzinfo=AMS),
        datetime(2026, 11, 15, 9, 41, tzinfo=AMS),
        Toestand.gestopt,
        512904,
        f"De bron is onbereikbaar: 3 objecten na elkaar niet te lezen (laatste: {ALFA}"
        "/documenten/api/v1/enkelvoudiginformatieobjecten/e2b4f0c1-8d3a-4f6b-a1c9-3c5d7e9f0313"
        "/download: time-out). De run is "
        "gestopt en kan worden hervat.",
    ),
    (
        datetime(2026, 11, 21, 18, 0, tzinfo=AMS),
        datetime(2026, 11, 22, 8, 27, tzinfo=AMS),
        Toestand.klaar,
        497311,
        "",
    ),
)


def _alfa_rapport(naam: str, gemeente: Gemeente, run: Migratierun) -> dict[str, Any]:
    eerste = run.toestand == Toestand.gestopt
    soorten = []
    for soort, label, bron, in_run1 in ALFA_OMVANG:
        if eerste and not in_run1:
            continue  # the run stopped before it listed these
        iwerk = in_run1 if eerste else bron
        soorten.append(
            {
                "soort": soort,
                "label": label,
                "bron": bron,
                "iwerk": None if soort == "audittrail" else iwerk,
                "gekopieerd": in_run1 if eerste else bron - in_run1,
                "ongewijzigd": 0 if eerste else in_run1,
                "overgeslagen": 0,
                "mislukt": 3 if eerste and soort == "enkelvoudiginformatieobject" else 0,
                "totaal_gekopieerd": iwerk,
            }
        )
    versies = 318622 if not eerste else 91840
    waarschuwingen = (
        []
        if eerste
        else [
            {
                "soort": "zaak",
                "bron_url": f"{ALFA}/zaken/api/v1/zaken/5d0c2a4e-3f1b-4c5e-9a57-0b7e2f1c{n:04d}",
                "waarschuwing": tekst,
            }
            for n, tekst in (
                (1187, "niet overgenomen: rollen 7c1e…: betrokkeneIdentificatie ontbreekt"),
                (2203, "het document was bij de bron gelockt (in bewerking)"),
                (4410, "statussen 91aa… is bij de bron gewijzigd; de standaard laat dat niet "
                 "toe, in iwerk blijft het zoals het was"),
            )
        ]
    )  # fmt: skip
    niet = (
        [
            {
                "soort": "enkelvoudiginformatieobject",
                "bron_url": f"{ALFA}/documenten/api/v1/enkelvoudiginformatieobjecten/"
                f"e2b4f0c1-8d3a-4f6b-a1c9-3c5d7e9f{n:04d}",
                "toestand": "mislukt",
                "reden": "de bron antwoordde niet binnen 30 s (na 5 pogingen)",
            }
            for n in (311, 312, 313)
        ]
        if eerste
        else []
    )
    return {
        "migratie": naam,
        "gemeente": str(gemeente),
        "run": run.pk,
        "gestart_op": run.gestart_op.isoformat(),
        "toestand": run.toestand,
        "melding": run.melding,
        "seconden": float((run.geeindigd_op - run.gestart_op).total_seconds()),
        "verzoeken": run.verzoeken,
        "verzoeken_per_pad": {
            "/catalogi/api/v1/zaaktypen": 2 if not eerste else 4,
            "/documenten/api/v1/enkelvoudiginformatieobjecten": 2125 if not eerste else 614,
            "/documenten/api/v1/enkelvoudiginformatieobjecten/{uuid}/download": 226782
            if not eerste
            else 91843,
            "/zaken/api/v1/zaken": 0 if eerste else 1043,
            "/zaken/api/v1/audittrail": 0 if eerste else 104217,
        },
        "eenheden_geschreven": 61273 + 1 + 64 + 23 + 118 if eerste else 151133 + 104217 + 51388,
        "soorten": soorten,
        "documentversies": {
            "vergeleken": versies,
            "gelijk": versies,
            "zonder_inhoud": 12,
            "teruggelezen": 0 if eerste else 226782,
            "afwijkend": [],
        },
        "niet_gekopieerd": niet,
        "waarschuwingen": waarschuwingen,
        "verdwenen": [],
        "schoon": not eerste,
    }


def load_migratie(gemeenten: list[Gemeente]) -> None:
    """Idempotent: Deventer's migration of Zaaksysteem Alfa with its two runs, linked to its use
    of Alfa (uit te faseren): the application page shows when it can be switched off."""
    deventer = next((g for g in gemeenten if g.slug == DEV), None)
    gebruik = Gebruik.objects.filter(
        applicatie__naam="Zaaksysteem Alfa", gemeente=deventer, migratie__isnull=True
    ).first()
    if deventer is None or gebruik is None:
        return
    naam = "zaaksysteem-alfa"
    roots = {
        api: f"{ALFA}/{api}/api/v1" for api in ("zaken", "documenten", "catalogi", "besluiten")
    }
    migratie = migratie_voor(gemeente=deventer, naam=naam, roots=roots, client_id="iwerk-migratie")
    if not migratie.runs.exists():
        # The services stamp a run with the present; the demo tells a history, so the rows are
        # made here with their own times.
        for gestart, geeindigd, toestand, verzoeken, melding in ALFA_RUNS:
            run = Migratierun.objects.create(
                migratie=migratie, gestart_op=gestart, geeindigd_op=geeindigd,
                toestand=toestand, verzoeken=verzoeken, melding=melding,
            )  # fmt: skip
            run.rapport = _alfa_rapport(naam, deventer, run)
            run.tellers = {
                s["soort"]: {
                    k: s[k] for k in ("gekopieerd", "ongewijzigd", "overgeslagen", "mislukt")
                }
                for s in run.rapport["soorten"]
            }
            run.save(update_fields=["rapport", "tellers"])
    gebruik_services.bijwerken(
        gebruik,
        status=gebruik.status,
        einde_gepland=gebruik.einde_gepland,
        einde=gebruik.einde,
        migratie=migratie,
    )
