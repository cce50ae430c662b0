"""Builders for the bulk import's tests: a catalogue, a good file and writing it as CSV or XLSX."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from iwerk.catalogi.models import StatusType, ZaakType
from iwerk.core.testing import catalogus as build
from iwerk.migratie.bestand.voorbeeld import schrijf_werkboek

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
TEKST = b"Verslag van het gesprek.\n"
BSN = "999993653"  # passes the elfproef
RSIN = "001902763"


def catalogus_met_kap(catalogus) -> ZaakType:
    """Zaaktype KAP (valid from 2020) with three statustypen that inform the citizen, the roltypen
    Aanvrager/Behandelaar, resultaattypen Verleend/Geweigerd and documenttypen Aanvraag and
    Beschikking; plus a concept zaaktype CONCEPT and an informatieobjecttype Memo of no
    zaaktype."""
    zaaktype = build.gepubliceerd_zaaktype(
        catalogus,
        "KAP",
        statussen=("Ontvangen", "In behandeling", "Afgehandeld"),
        begin=date(2020, 1, 1),
    )
    StatusType.objects.filter(zaaktype=zaaktype).update(informeren=True)
    build.complete_zaaktype(catalogus, identificatie="CONCEPT")
    build.informatieobjecttype(catalogus, "Memo")
    return zaaktype


def goede_bladen() -> dict[str, list[list[object]]]:
    """Three zaken: Z-1 closed (resultaat, three statussen out of order in the file, two
    documents), Z-2 open with a deelzaak Z-3 listed before it."""
    return {
        "zaken": [
            ["identificatie", "zaaktype", "omschrijving", "startdatum", "registratiedatum",
             "vertrouwelijkheidaanduiding", "hoofdzaak", "resultaat", "archiefnominatie"],
            ["Z-3", "KAP", "Deelzaak van Z-2", "2021-05-02", "", "", "Z-2", "", ""],
            ["Z-1", "kap", "Kap eik Brink", "01-02-2021", "2021-02-01", "", "", "Verleend",
             "blijvend bewaren"],
            ["Z-2", "KAP", "Kap beuk", "2021-05-01", "", "Vertrouwelijk", "", "", ""],
        ],
        "betrokkenen": [
            ["zaak", "roltype", "betrokkene_type", "bsn", "voorletters", "naam", "kvk_nummer",
             "rsin", "medewerker"],
            ["Z-1", "Aanvrager", "", BSN, "J.", "Jansen", "", "", ""],
            ["Z-1", "behandelaar", "", "", "P.", "Pietersen", "", "", "ppietersen"],
            ["Z-2", "initiator", "", "", "", "Boomverzorging BV", "12345678", "", ""],
            ["Z-3", "Aanvrager", "niet-natuurlijk persoon", "", "", "Stichting Bomen", "", RSIN, ""],
        ],
        "statussen": [
            ["zaak", "statustype", "datum_status_gezet", "toelichting"],
            ["Z-1", "Afgehandeld", "2021-03-01 16:00", "Vergunning verleend"],
            ["Z-1", "Ontvangen", "01-02-2021 09:00", ""],
            ["Z-1", "2", "2021-02-03", ""],
            ["Z-2", "1", "2021-05-01 10:00", ""],
        ],
        "documenten": [
            ["zaak", "bestand", "titel", "informatieobjecttype", "creatiedatum", "auteur", "taal",
             "identificatie"],
            ["Z-1", "stukken/aanvraag.pdf", "Aanvraag kap", "Aanvraag", "2021-02-01", "J. Jansen",
             "", "DOC-OUD-1"],
            ["Z-1", "stukken/verslag.txt", "", "beschikking", "2021-02-28", "Team Bomen", "dut",
             ""],
            ["Z-2", "stukken/aanvraag.pdf", "Aanvraag", "Aanvraag", "2021-05-01", "Boomverzorging",
             "", ""],
        ],
    }  # fmt: skip


def bestanden(map_: Path) -> Path:
    """The files goede_bladen names, under map_/stukken."""
    stukken = map_ / "stukken"
    stukken.mkdir(parents=True, exist_ok=True)
    (stukken / "aanvraag.pdf").write_bytes(PDF)
    (stukken / "verslag.txt").write_bytes(TEKST)
    return map_


def als_csv(bladen: dict[str, list[list[object]]], map_: Path, scheiding: str = ";") -> Path:
    map_.mkdir(parents=True, exist_ok=True)
    for naam, rijen in bladen.items():
        with (map_ / f"{naam}.csv").open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, delimiter=scheiding).writerows(rijen)
    return map_


def als_xlsx(bladen: dict[str, list[list[object]]], pad: Path) -> Path:
    pad.parent.mkdir(parents=True, exist_ok=True)
    schrijf_werkboek(bladen, pad)
    return pad
