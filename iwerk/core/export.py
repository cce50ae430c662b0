"""Every CSV and XLSX file iwerk hands out is written here, so that no text becomes a formula.

A spreadsheet reads a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
formula (or a DDE call). Text in an export comes from people iwerk does not control — a JWT's
`user_representation`, a zaak field, a portaal form, an incident, an imported application list —
so such text would run on the machine of whoever opens the file (CSV injection, OWASP). Here any
*text* that starts like that gets a leading apostrophe; numbers, dates and empty cells keep their
type (a real -12 stays a number, the text "-1+1" is quoted). XLSX string cells are always stored
as strings (`data_type "s"`), never as formulas.

`neutraliseren` is exactly undone by `terugzetten`, which imports use, so a file iwerk exported
imports as it was (no growing quotes): text that starts with apostrophes followed by a formula
character gets one more apostrophe on the way out and loses one on the way in.

`core/tests/test_export.py` fails when another module writes CSV or XLSX itself.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMULETEKENS = ("=", "+", "-", "@", "\t", "\r")
_FORMULE = re.compile(r"'*[=+\-@\t\r]")
_GEQUOTE = re.compile(r"'+[=+\-@\t\r]")
# Values that keep their type: a spreadsheet never reads them as formulas.
WAARDEN = (int, float, Decimal, date, time, timedelta)


def neutraliseren(tekst: str) -> str:
    """Text a spreadsheet would read as a formula, with a leading apostrophe; other text as is."""
    return "'" + tekst if _FORMULE.match(tekst) else tekst


def terugzetten(tekst: str) -> str:
    """The inverse of `neutraliseren`, for imports: an exported value comes back as it was."""
    return tekst[1:] if _GEQUOTE.match(tekst) else tekst


def _tekst(waarde: object) -> str:
    return neutraliseren(str(waarde))


def csv_tekst(
    rijen: Iterable[Sequence],
    *,
    opmaak: Callable[[object], str] | None = None,
    scheiding: str = ";",
) -> str:
    """Rows as CSV. Text is neutralised; numbers and dates are written by `opmaak` (default:
    `str`) and are never quoted, since they are not text someone typed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=scheiding)
    for rij in rijen:
        writer.writerow([_csv_cel(w, opmaak) for w in rij])
    return buffer.getvalue()


def _csv_cel(waarde: object, opmaak: Callable[[object], str] | None) -> object:
    if waarde is None:
        return ""
    if isinstance(waarde, WAARDEN):
        return opmaak(waarde) if opmaak else waarde
    return _tekst(waarde)


def csv_response(
    rijen: Iterable[Sequence],
    bestandsnaam: str,
    *,
    bom: bool = False,
    opmaak: Callable[[object], str] | None = None,
) -> HttpResponse:
    """A CSV download (semicolon, UTF-8; with a BOM when Dutch Excel must open it directly)."""
    tekst = csv_tekst(rijen, opmaak=opmaak)
    response = HttpResponse(("\ufeff" if bom else "") + tekst, content_type=CSV)
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    return response


@dataclass
class Blad:
    """One worksheet: its name, its rows, and which rows (counted from 0) are bold."""

    naam: str
    rijen: Iterable[Sequence]
    vet: tuple[int, ...] = ()


def xlsx_bytes(bladen: Iterable[Blad]) -> bytes:
    """Worksheets as an XLSX file: numbers and dates as such, all text as (neutralised) strings."""
    boek = Workbook(write_only=True)
    vet = Font(bold=True)
    for blad in bladen:
        werkblad = boek.create_sheet(blad.naam[:31])
        for nummer, rij in enumerate(blad.rijen):
            cellen = [_xlsx_cel(werkblad, w) for w in rij]
            if nummer in blad.vet:
                for cel in cellen:
                    cel.font = vet
            werkblad.append(cellen)
    buffer = io.BytesIO()
    boek.save(buffer)
    return buffer.getvalue()


def _xlsx_cel(werkblad: Any, waarde: object) -> Cell:
    cel = WriteOnlyCell(werkblad)
    if waarde is None:
        return cel
    if isinstance(waarde, WAARDEN):
        if isinstance(waarde, datetime) and timezone.is_aware(waarde):
            waarde = timezone.make_naive(waarde)  # Excel has no time zones: local time
        cel.value = waarde
        return cel
    # Characters XML cannot hold go first (they would break the file), then the neutralising,
    # and the type is set last: openpyxl makes any str that starts with "=" a formula.
    cel.value = neutraliseren(ILLEGAL_CHARACTERS_RE.sub("", str(waarde)))
    cel.data_type = "s"
    return cel


def xlsx_response(bladen: Iterable[Blad], bestandsnaam: str) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(bladen), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    return response
