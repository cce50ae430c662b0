"""iwerk restore MAP: a backup back into an empty installation, every file checked."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iwerk.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Zet een back-up (iwerk backup) terug in een lege installatie; "
        "daarna brengt 'iwerk migrate' het schema op de versie van deze code."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("map", help="map met de back-up")

    def handle(self, *args: Any, map: str, **options: Any) -> None:  # noqa: A002 - Dutch name
        try:
            manifest = restore(map, say=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Back-up van {manifest['gemaakt']} teruggezet: {manifest['documenten']} "
                "bestanden gecontroleerd."
            )
        )
