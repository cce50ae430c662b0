"""`iwerk portfolio_gemma FILE [--proef]`: import GEMMA referentiecomponenten from CSV."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from iwerk.core.weergave import aantal
from iwerk.portfolio.services import gemma


class Command(BaseCommand):
    help = "Importeer GEMMA-referentiecomponenten uit een CSV-bestand (alles of niets)."

    def add_arguments(self, parser):
        parser.add_argument("bestand")
        parser.add_argument(
            "--proef", action="store_true", help="alleen controleren, niets opslaan"
        )

    def handle(self, *args, bestand: str, proef: bool, **options):
        verslag = gemma.importeren(Path(bestand).read_text(encoding="utf-8-sig"), proef=proef)
        for fout in verslag.fouten:
            self.stderr.write(fout)
        if not verslag.gelukt:
            fouten = aantal(len(verslag.fouten), "fout", "fouten")
            raise CommandError(f"{fouten}; er is niets geïmporteerd.")
        self.stdout.write(
            f"{'Proef: ' if proef else ''}{verslag.nieuw} nieuw, {verslag.bijgewerkt} bijgewerkt."
        )
