"""Import of GEMMA referentiecomponenten from the CSV that GEMMA publishes.

Columns are matched by name, case-insensitively, so both the semicolon export and a comma
re-save work: a name (`Naam`/`Referentiecomponent`/`Name`), an id (`ID`/`GEMMA id`/`Object ID`),
optionally `Status` and `Beschrijving`/`Definitie`. Every broken row is reported with its line
number; when any row is broken nothing is imported (all or nothing). Existing components are
matched on their id and updated.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction

from iwerk.portfolio.models import Referentiecomponent

KOLOMMEN = {
    "naam": ("naam", "referentiecomponent", "name", "titel"),
    "gemma_id": ("id", "gemma id", "gemma-id", "object id", "objectid", "guid"),
    "status": ("status",),
    "beschrijving": ("beschrijving", "definitie", "description", "documentatie"),
}


@dataclass
class Verslag:
    nieuw: int = 0
    bijgewerkt: int = 0
    fouten: list[str] = field(default_factory=list)
    proef: bool = False

    @property
    def gelukt(self) -> bool:
        return not self.fouten


def _kolommen(header: list[str]) -> dict[str, int]:
    gevonden = {}
    schoon = [h.strip().lower().lstrip("\ufeff") for h in header]
    for veld, namen in KOLOMMEN.items():
        for i, h in enumerate(schoon):
            if h in namen:
                gevonden[veld] = i
                break
    return gevonden


def importeren(tekst: str, *, proef: bool = False) -> Verslag:
    verslag = Verslag(proef=proef)
    try:
        dialect = csv.Sniffer().sniff(tekst[:2048], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(tekst), dialect))
    if not rows:
        verslag.fouten.append("Het bestand is leeg.")
        return verslag
    kolommen = _kolommen(rows[0])
    for verplicht in ("naam", "gemma_id"):
        if verplicht not in kolommen:
            verslag.fouten.append(f"Kolom voor '{verplicht}' ontbreekt in de kopregel.")
    if verslag.fouten:
        return verslag
    goed = []
    gezien: dict[str, int] = {}
    for nummer, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        waarde = {veld: (row[i].strip() if i < len(row) else "") for veld, i in kolommen.items()}
        if not waarde["naam"]:
            verslag.fouten.append(f"Regel {nummer}: de naam ontbreekt.")
            continue
        if not waarde["gemma_id"]:
            verslag.fouten.append(f"Regel {nummer}: het GEMMA-id ontbreekt.")
            continue
        if waarde["gemma_id"] in gezien:
            verslag.fouten.append(
                f"Regel {nummer}: id {waarde['gemma_id']} staat ook op regel {gezien[waarde['gemma_id']]}."
            )
            continue
        gezien[waarde["gemma_id"]] = nummer
        goed.append(waarde)
    if verslag.fouten or proef:
        bestaand = set(
            Referentiecomponent.objects.filter(
                gemma_id__in=[w["gemma_id"] for w in goed]
            ).values_list("gemma_id", flat=True)
        )
        verslag.nieuw = len([w for w in goed if w["gemma_id"] not in bestaand])
        verslag.bijgewerkt = len(goed) - verslag.nieuw
        return verslag
    with transaction.atomic():
        for w in goed:
            _, made = Referentiecomponent.objects.update_or_create(
                gemma_id=w["gemma_id"],
                defaults={
                    "naam": w["naam"],
                    "status": w.get("status") or "In gebruik",
                    "beschrijving": w.get("beschrijving", ""),
                },
            )
            verslag.nieuw += made
            verslag.bijgewerkt += not made
    return verslag
