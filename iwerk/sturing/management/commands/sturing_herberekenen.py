"""Rebuild every Sturing figure from the registers (after a migration or a bulk import)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from iwerk.sturing.services.verversen import herberekenen


class Command(BaseCommand):
    help = "Bereken alle sturingscijfers opnieuw uit de zaken (na een migratie of bulkimport)."

    def handle(self, *args, **options):
        begin = time.monotonic()
        aantal = herberekenen()
        self.stdout.write(
            self.style.SUCCESS(f"{aantal} zaken verwerkt in {time.monotonic() - begin:.1f} s.")
        )
