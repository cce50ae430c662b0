"""Migraties with runs and reports for the portfolio's tests: the report in exactly the shape
`iwerk.migratie.zgw.rapport.maak` stores it (ADR 0063, point 9)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from iwerk.core.models import Gemeente
from iwerk.migratie.models import Migratie, Migratierun
from iwerk.migratie.zgw.soorten import FASENAMEN

BRON = "https://oz.example.nl"
# soort, label, count at the source (a mid-sized gemeente's zaaksysteem)
OMVANG = (
    ("catalogus", "catalogi", 1),
    ("informatieobjecttype", "informatieobjecttypen", 38),
    ("besluittype", "besluittypen", 9),
    ("zaaktype", "zaaktypen", 14),
    ("statustype", "statustypen", 61),
    ("resultaattype", "resultaattypen", 42),
    ("roltype", "roltypen", 70),
    ("enkelvoudiginformatieobject", "documenten", 20813),
    ("zaak", "zaken", 10412),
    ("status", "statussen", 38990),
    ("resultaat", "resultaten", 9871),
    ("rol", "rollen", 21950),
    ("zaakinformatieobject", "zaakinformatieobjecten", 20801),
    ("besluit", "besluiten", 4120),
    ("audittrail", "audittrails", 35345),
)


def rapport(
    migratie: Migratie,
    run: int = 1,
    *,
    toestand: str = "klaar",
    zaken: int = 10412,
    niet_gekopieerd: int = 0,
    afwijkend: int = 0,
    ontbrekend_in_iwerk: int = 0,
    melding: str = "",
    fasen: tuple[str, ...] = FASENAMEN,
) -> dict[str, Any]:
    """A report: `niet_gekopieerd` zaken skipped (their reasons listed), `afwijkend` document
    versions whose SHA-256 differs, `ontbrekend_in_iwerk` zaken counted at the source but absent
    in iwerk; clean when all are 0 and the run is klaar (as maak judges)."""
    soorten = []
    for soort, label, bron in OMVANG:
        bron = zaken if soort == "zaak" else bron
        overgeslagen = niet_gekopieerd if soort == "zaak" else 0
        in_iwerk = bron - overgeslagen - (ontbrekend_in_iwerk if soort == "zaak" else 0)
        soorten.append(
            {
                "soort": soort,
                "label": label,
                "bron": bron,
                "iwerk": None if soort == "audittrail" else in_iwerk,
                "gekopieerd": 25 if soort == "zaak" else 0,
                "ongewijzigd": in_iwerk - (25 if soort == "zaak" else 0),
                "overgeslagen": overgeslagen,
                "mislukt": 0,
                "totaal_gekopieerd": in_iwerk,
            }
        )
    niet = [
        {
            "soort": "zaak",
            "bron_url": f"{BRON}/zaken/api/v1/zaken/00000000-0000-4000-8000-{i:012d}",
            "toestand": "overgeslagen",
            "reden": f"zaaktype niet gemigreerd: {BRON}/catalogi/api/v1/zaaktypen/7",
        }
        for i in range(niet_gekopieerd)
    ]
    versies = 31740
    return {
        "migratie": migratie.naam,
        "gemeente": str(migratie.tenant),
        "run": run,
        "gestart_op": "2026-11-20T22:00:00+00:00",
        "toestand": toestand,
        "melding": melding,
        "seconden": 2530.4,
        "verzoeken": 10233,
        "verzoeken_per_pad": {
            "/zaken/api/v1/zaken": 105,
            "/documenten/api/v1/enkelvoudiginformatieobjecten": 209,
        },
        "eenheden_geschreven": 25,
        "fasen": list(fasen),
        "soorten": soorten,
        "documentversies": {
            "vergeleken": versies,
            "gelijk": versies - afwijkend,
            "zonder_inhoud": 3,
            "teruggelezen": 61,
            "afwijkend": [
                {
                    "document": f"{BRON}/documenten/api/v1/enkelvoudiginformatieobjecten/{i}",
                    "versie": 1,
                    "bron": "a" * 64,
                    "iwerk": "b" * 64,
                }
                for i in range(afwijkend)
            ],
        },
        "niet_gekopieerd": niet,
        "waarschuwingen": [
            {
                "soort": "zaak",
                "bron_url": f"{BRON}/zaken/api/v1/zaken/11111111-0000-4000-8000-000000000001",
                "waarschuwing": "rol niet overgenomen: betrokkene ontbreekt",
            }
        ],
        "verdwenen": [],
        "schoon": toestand == "klaar" and not niet_gekopieerd and not afwijkend
        and not ontbrekend_in_iwerk and fasen == FASENAMEN,
    }  # fmt: skip


def migratie(gemeente: Gemeente, naam: str = "oud-zaaksysteem") -> Migratie:
    return Migratie.objects.create(
        tenant=gemeente,
        naam=naam,
        zaken_api=f"{BRON}/zaken/api/v1",
        documenten_api=f"{BRON}/documenten/api/v1",
        catalogi_api=f"{BRON}/catalogi/api/v1",
        besluiten_api=f"{BRON}/besluiten/api/v1",
        client_id="iwerk-migratie",
    )


def run(
    migratie: Migratie,
    gestart_op: datetime,
    geeindigd_op: datetime | None = None,
    *,
    toestand: str = "klaar",
    melding: str = "",
    met_rapport: bool = True,
    **rapport_opties: Any,
) -> Migratierun:
    """A run; once ended (and unless met_rapport=False) with its report."""
    nieuw = Migratierun.objects.create(
        migratie=migratie,
        gestart_op=gestart_op,
        geeindigd_op=geeindigd_op,
        toestand=toestand,
        melding=melding,
        verzoeken=10233,
    )
    if toestand != "lopend" and met_rapport:
        nieuw.rapport = rapport(
            migratie, nieuw.pk, toestand=toestand, melding=melding, **rapport_opties
        )
        nieuw.save(update_fields=["rapport"])
    return nieuw
