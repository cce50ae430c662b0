"""Wait until the demo answers on /health, then print the one block a newcomer needs.

`make demo` starts the worker and `iwerk serve` in the background and runs this command last, so
that the console ends with where to go and how to sign in, not with the server's start-up lines.
"""

from __future__ import annotations

import os
import time

import requests
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from iwerk.autorisaties.models import JWTSecret
from iwerk.demo.management.commands.load_demo import DEMO_ADMIN
from iwerk.medewerkers.demo import DEMO_TOTP_SECRET, DEMO_WACHTWOORD


class Command(BaseCommand):
    help = "Wacht tot de demo antwoordt op /health en toon de adressen, accounts en het API-geheim."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default="", help="Basisadres (standaard http://127.0.0.1:$IWERK_PORT)"
        )
        parser.add_argument("--wachttijd", type=float, default=120.0, help="Seconden om te wachten")

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Alleen in demo-modus (IWERK_DEMO=true).")
        base = (
            options["url"] or f"http://127.0.0.1:{os.environ.get('IWERK_PORT', '8000')}"
        ).rstrip("/")
        deadline = time.monotonic() + options["wachttijd"]
        while True:
            try:
                if requests.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise CommandError(
                    f"De demo antwoordt na {options['wachttijd']:.0f} s niet op {base}/health."
                )
            time.sleep(0.5)
        secret = (
            JWTSecret.objects.filter(client_id="iwerk-demo")
            .values_list("secret", flat=True)
            .first()
        )
        self.stdout.write(
            self.style.SUCCESS(blok(base, secret or "(niet geladen: make demo laadt hem)"))
        )


def blok(base: str, secret: str) -> str:
    regels = [
        f"iwerk draait op {base}/  (stoppen met Ctrl-C)",
        "",
        f"  Werkplek  {base}/werkplek/",
        f"            bijv. jdevries, wachtwoord {DEMO_WACHTWOORD}",
        f"            tweestapscode: authenticator-sleutel {DEMO_TOTP_SECRET}",
        "            of `IWERK_DEMO=true .venv/bin/iwerk demo_totp`",
        f"  Portaal   {base}/deventer/ (ook /olst-wijhe/ en /raalte/)",
        "            inloggen via de test-inlogvoorziening, bijv. als Suzanne Moulin",
        f"  Beheer    {base}/admin/",
        f"            {DEMO_ADMIN[0]}, wachtwoord {DEMO_ADMIN[1]}, tweestapscode als hierboven",
        f"  API       {base}/zaken/api/v1/ (en de andere ZGW API's)",
        "            client iwerk-demo (alle autorisaties), iwerk-demo-deventer, geheim:",
        f"            {secret}",
        f"  Mail      {settings.EMAIL_FILE_PATH}/ (de berichten als tekstbestanden)",
        "",
        "  Alle demo-accounts en hun rollen: README.md, 'Demo logins and clients'.",
    ]
    rand = "=" * 78
    return "\n".join([rand, *regels, rand])
