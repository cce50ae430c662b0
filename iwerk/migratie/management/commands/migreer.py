"""`iwerk migreer zgw …` copies a ZGW installation into one gemeente; `iwerk migreer bestand …`
imports zaken from a CSV/XLSX file of a system without ZGW (ADR 0063, docs/migratie.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Neem gegevens over uit een systeem dat iwerk vervangt (zgw of bestand)."

    def add_arguments(self, parser: CommandParser) -> None:
        from iwerk.migratie.bestand import cli as bestand
        from iwerk.migratie.zgw import cli as zgw

        sub = parser.add_subparsers(dest="bron", required=True)
        zgw.add_arguments(sub.add_parser("zgw", help="Kopieer uit een ZGW-installatie."))
        bestand.add_arguments(
            sub.add_parser("bestand", help="Importeer zaken uit een CSV- of XLSX-bestand.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from iwerk.migratie.bestand import cli as bestand
        from iwerk.migratie.zgw import cli as zgw

        {"zgw": zgw.handle, "bestand": bestand.handle}[options["bron"]](options, self.stdout)
