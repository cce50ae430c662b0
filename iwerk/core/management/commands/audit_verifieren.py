"""`iwerk audit_verifieren`: check the audit hash chain; exit code 1 when anything was changed."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from iwerk.core import auditketen


class Command(BaseCommand):
    help = "Controleer de hashketen van audittrail en inzagelog; meldt elke breuk."

    def add_arguments(self, parser):
        parser.add_argument(
            "--verzegel", action="store_true", help="eerst nog onverzegelde rijen verzegelen"
        )

    def handle(self, *args, verzegel: bool, **options):
        if verzegel:
            auditketen.verzegelen(limit=10**9)
        gezien, breuken = auditketen.verifieren()
        for breuk in breuken:
            self.stderr.write(f"BREUK {breuk}")
        if breuken:
            raise CommandError(f"{len(breuken)} breuk(en) in de auditketen van {gezien} schakels.")
        self.stdout.write(f"Auditketen in orde: {gezien} schakels gecontroleerd.")
