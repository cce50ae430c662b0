"""Finding a document's file for the dry run, safely: a path in the file never leads outside the
folder of files the operator named."""

from __future__ import annotations

import os
import re
from pathlib import Path

from django.conf import settings

from iwerk.migratie.bestand.lezen import DocumentRij
from iwerk.migratie.bestand.verslag import WAARSCHUWING, Melding


def zoek_bestand(rij: DocumentRij, basis: Path) -> tuple[Path | None, list[Melding]]:
    """The file of a row with what is wrong with it: it must lie inside basis (no absolute
    path, no way out with '..' or a link), exist, be readable and not be too large."""
    meldingen: list[Melding] = []
    if not rij.bestand:
        return None, meldingen
    relatief = rij.bestand.replace("\\", "/")
    if os.path.isabs(relatief) or re.search(r"[\x00-\x1f]", relatief):
        meldingen.append(
            rij.plek.melding("bestand", "geef het pad ten opzichte van de map met bestanden.")
        )
        return None, meldingen
    pad = (basis / relatief).resolve()
    if not pad.is_relative_to(basis):
        meldingen.append(
            rij.plek.melding(
                "bestand", f"'{rij.bestand}' ligt buiten de map met bestanden ({basis})."
            )
        )
        return None, meldingen
    if not pad.is_file():
        meldingen.append(
            rij.plek.melding(
                "bestand",
                f"het bestand '{rij.bestand}' bestaat niet (gezocht in {basis}).",
            )
        )
        return None, meldingen
    try:
        with pad.open("rb") as handle:
            handle.read(1)
        omvang = pad.stat().st_size
    except OSError as fout:
        meldingen.append(
            rij.plek.melding(
                "bestand",
                f"het bestand '{rij.bestand}' kan niet gelezen worden ({fout.strerror}).",
            )
        )
        return None, meldingen
    if omvang > settings.IWERK_DOCUMENT_MAX_SIZE:
        meldingen.append(
            rij.plek.melding(
                "bestand",
                f"het bestand is groter dan {settings.IWERK_DOCUMENT_MAX_SIZE} bytes, de grens "
                "van deze installatie (IWERK_DOCUMENT_MAX_SIZE).",
            )
        )
    elif omvang == 0:
        meldingen.append(
            rij.plek.melding("bestand", "het bestand is leeg; zo overgenomen.", WAARSCHUWING)
        )
    return pad, meldingen
