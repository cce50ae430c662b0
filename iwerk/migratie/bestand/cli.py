"""`iwerk migreer bestand <pad.xlsx|map> --gemeente <naam of RSIN> [--bestanden <map>]
[--uitvoeren] [--rapport <pad.json>]`: the bulk import of zaken from a system without ZGW
(docs/migratie-bestand.md). Without --uitvoeren it is a dry run; it exits non-zero whenever
something is wrong (errors in the file, or zaken the import could not write)."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import CommandError
from django.db.models import Q

from iwerk.core.models import Gemeente


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "pad",
        nargs="?",
        help="Het werkboek (.xlsx) of de map met zaken.csv, betrokkenen.csv, statussen.csv en "
        "documenten.csv.",
    )
    parser.add_argument("--gemeente", help="Naam, slug of RSIN van de gemeente.")
    parser.add_argument(
        "--bestanden",
        help="Map waar de paden van de documenten beginnen (standaard: de map van het werkboek, "
        "of de map met CSV-bestanden).",
    )
    parser.add_argument(
        "--uitvoeren",
        action="store_true",
        help="Importeer echt; zonder deze optie is het een proef die alleen controleert.",
    )
    parser.add_argument("--rapport", help="Schrijf het verslag ook als JSON naar dit bestand.")
    parser.add_argument(
        "--sjabloon",
        help="Schrijf een leeg werkboek met de kolommen en hun uitleg naar dit pad, en stop.",
    )


def _gemeente(waarde: str) -> Gemeente:
    gevonden = list(
        Gemeente.objects.filter(
            Q(naam__iexact=waarde) | Q(slug__iexact=waarde) | Q(rsin=waarde.strip())
        )
    )
    if len(gevonden) != 1:
        raise CommandError(f"Geen gemeente '{waarde}' gevonden (naam, slug of RSIN).")
    return gevonden[0]


def handle(options: dict[str, Any], stdout: TextIO) -> None:
    from iwerk.migratie.bestand.importeren import verwerk
    from iwerk.migratie.bestand.voorbeeld import schrijf_sjabloon

    if options.get("sjabloon"):
        schrijf_sjabloon(Path(options["sjabloon"]))
        stdout.write(f"Sjabloon geschreven naar {options['sjabloon']}.\n")
        return
    if not options.get("pad"):
        raise CommandError("Geef het werkboek of de map met CSV-bestanden.")
    if not options.get("gemeente"):
        raise CommandError("Geef de gemeente met --gemeente (naam, slug of RSIN).")
    gemeente = _gemeente(options["gemeente"])
    bestanden = Path(options["bestanden"]) if options.get("bestanden") else None
    if bestanden is not None and not bestanden.is_dir():
        raise CommandError(f"De map met bestanden '{bestanden}' bestaat niet.")
    verslag = verwerk(
        Path(options["pad"]),
        gemeente,
        bestanden=bestanden,
        uitvoeren=bool(options.get("uitvoeren")),
    )
    if options.get("rapport"):
        Path(options["rapport"]).write_text(
            json.dumps(verslag.as_json(), ensure_ascii=False, indent=2), encoding="utf-8"
        )
    stdout.write(verslag.tekst() + "\n")
    if verslag.fouten:
        raise CommandError(
            f"{len(verslag.fouten)} fout(en) in het bestand; er is niets geïmporteerd."
        )
    if verslag.mislukt:
        raise CommandError(
            f"{len(verslag.mislukt)} zaak/zaken niet geïmporteerd; herstel ze en start opnieuw "
            "(wat al geïmporteerd is wordt overgeslagen)."
        )
