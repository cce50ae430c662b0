"""The empty template (`iwerk migreer bestand --sjabloon pad.xlsx`) and the writing of a
workbook from rows; a filled-in example is the folder `voorbeeld/` next to this module."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from iwerk.core.export import Blad, xlsx_bytes
from iwerk.migratie.bestand.formaat import BLADEN

VOORBEELD = Path(__file__).resolve().parent / "voorbeeld"


def schrijf_werkboek(bladen: Mapping[str, Sequence[Sequence[object]]], pad: Path) -> None:
    """A workbook with one sheet per entry, its first row in bold (through core.export: a text
    that a spreadsheet would take for a formula is neutralised)."""
    pad.write_bytes(xlsx_bytes(Blad(naam, rijen, vet=(0,)) for naam, rijen in bladen.items()))


def schrijf_sjabloon(pad: Path) -> None:
    """The four sheets with their headers only (an example row left in would be imported), and
    a sheet 'toelichting' that explains every column with an example (it is not read on import)."""
    bladen: dict[str, list[list[str]]] = {
        naam: [[k.naam for k in kolommen]] for naam, kolommen in BLADEN.items()
    }
    bladen["toelichting"] = [["blad", "kolom", "verplicht", "uitleg", "voorbeeld"]] + [
        [naam, k.naam, "ja" if k.verplicht else "", k.uitleg, k.voorbeeld]
        for naam, kolommen in BLADEN.items()
        for k in kolommen
    ]
    schrijf_werkboek(bladen, pad)
