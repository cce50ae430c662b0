"""`iwerk audit_verifieren`: check the audit hash chain (and with --anker its anchors outside the
database); exit code 1 when anything was changed, removed, inserted or cut off (ADR 0032)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from iwerk.core import auditketen
from iwerk.core.weergave import aantal


class Command(BaseCommand):
    help = "Controleer de hashketen van audittrail en inzagelog; meldt elke breuk."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--verzegel", action="store_true", help="eerst nog onverzegelde rijen verzegelen"
        )
        parser.add_argument(
            "--anker",
            action="store_true",
            help="controleer de keten ook tegen de ankers buiten de database "
            "(IWERK_AUDIT_ANKER_MAP): vindt een afgekapte of herschreven keten",
        )
        parser.add_argument(
            "--anker-map", default=None, help="een andere map met ankers (bv. een kopie)"
        )

    def handle(
        self, *args: Any, verzegel: bool, anker: bool, anker_map: str | None, **options: Any
    ) -> None:
        if verzegel:
            auditketen.verzegelen(limit=10**9)
        self.stdout.write(f"Sleutels: {auditketen.sleutels().omschrijving()}.")
        gezien, breuken = auditketen.verifieren()
        ankers = 0
        if anker or anker_map:
            ankers, anker_breuken = auditketen.ankers_controleren(
                anker_map or settings.IWERK_AUDIT_ANKER_MAP
            )
            breuken += anker_breuken
        for breuk in breuken:
            self.stderr.write(f"BREUK {breuk}")
        if breuken:
            raise CommandError(
                f"{aantal(len(breuken), 'breuk', 'breuken')} in de auditketen van "
                f"{aantal(gezien, 'schakel', 'schakels')}."
            )
        melding = f"Auditketen in orde: {gezien} schakels gecontroleerd"
        if anker or anker_map:
            melding += f", tegen {ankers} ankers"
        else:
            melding += " (zonder --anker: een afgekapte keten valt niet op)"
        self.stdout.write(melding + ".")
