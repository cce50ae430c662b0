"""iwerk backup MAP: the database and the document store, consistent, into one folder."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iwerk.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Maak een consistente back-up van database en documentopslag in een (lege) map."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("map", help="doelmap; wordt aangemaakt, moet leeg zijn")

    def handle(self, *args: Any, map: str, **options: Any) -> None:  # noqa: A002 - Dutch name
        try:
            manifest = backup(map, say=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Back-up klaar in {map}: {manifest['documenten']} bestanden "
                f"({manifest['documenten_omvang']} bytes), {manifest['duur_seconden']} s."
            )
        )
