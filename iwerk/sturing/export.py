"""Tables as downloads: CSV (semicolon, UTF-8 with BOM, as Dutch Excel opens it) and XLSX
(numbers stay numbers). Written by iwerk.core.export, which keeps text from becoming a formula."""

from __future__ import annotations

from django.http import HttpResponse

from iwerk.core import export
from iwerk.sturing.selectors.tabellen import Tabel, tekst


def _rijen(tabel: Tabel) -> list[list]:
    return [[c.waarde for c in rij] for rij in tabel.rijen]


def _getal(waarde) -> str:
    """Numbers and dates in Dutch notation (no thousands dots); text is the writer's business."""
    return tekst(waarde, scheiding=False)


def _blad(tabel: Tabel) -> export.Blad:
    return export.Blad(tabel.naam, [[tabel.titel], tabel.kolommen, *_rijen(tabel)], vet=(0, 1))


def werkboek(tabellen: list[Tabel], bestandsnaam: str) -> HttpResponse:
    """Several tables as one XLSX download, one sheet each."""
    return export.xlsx_response([_blad(t) for t in tabellen], bestandsnaam)


def response(tabel: Tabel, formaat: str, bestandsnaam: str) -> HttpResponse:
    if formaat == "csv":
        return export.csv_response(
            [tabel.kolommen, *_rijen(tabel)], f"{bestandsnaam}.csv", bom=True, opmaak=_getal
        )
    return export.xlsx_response([_blad(tabel)], f"{bestandsnaam}.xlsx")
