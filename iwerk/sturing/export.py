"""Tables as downloads: CSV (semicolon, UTF-8 with BOM, as Dutch Excel opens it) and XLSX
(numbers stay numbers)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from iwerk.sturing.tabellen import Tabel, tekst

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _waarde(cel):
    waarde = cel.waarde
    if waarde is None or isinstance(waarde, int | float | Decimal | date):
        return waarde
    return str(waarde)


def csv_bytes(tabel: Tabel) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(tabel.kolommen)
    for rij in tabel.rijen:
        writer.writerow(["" if c.waarde is None else tekst(c.waarde, scheiding=False) for c in rij])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(tabellen: list[Tabel]) -> bytes:
    boek = Workbook()
    boek.remove(boek.active)
    for tabel in tabellen:
        blad = boek.create_sheet(tabel.naam[:31])
        blad.append([tabel.titel])
        blad["A1"].font = Font(bold=True)
        blad.append(tabel.kolommen)
        for cel in blad[2]:
            cel.font = Font(bold=True)
        for rij in tabel.rijen:
            blad.append([_waarde(c) for c in rij])
    buffer = io.BytesIO()
    boek.save(buffer)
    return buffer.getvalue()


def response(tabel: Tabel, formaat: str, bestandsnaam: str) -> HttpResponse:
    if formaat == "csv":
        response = HttpResponse(csv_bytes(tabel), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(xlsx_bytes([tabel]), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}.{formaat}"'
    return response
