"""Print the current TOTP code of the demo accounts (demo mode only)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from iwerk.medewerkers.demo import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Toon de huidige tweestapscode van de demo-accounts (alleen met IWERK_DEMO=true)."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("De demo-code bestaat alleen in demo-modus (IWERK_DEMO=true).")
        self.stdout.write(f"{TOTP(DEMO_TOTP_KEY).token():06d}")
