"""Run the test doubles of the BRP, BAG and KvK for the demo (ADR 0050).

`make demo` starts this beside the worker and the web server; the demo's default register URLs
(settings IWERK_BRP_URL, IWERK_BAG_URL, IWERK_KVK_URL) point at its port. The doubles hold test
and demo persons and are never a register: the command refuses to run outside demo mode unless
told so with --force (a test environment of its own, say).
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from iwerk.dubbels.server import REGISTERS, Registerdubbels


class Command(BaseCommand):
    help = "Start de testdubbels van BRP, BAG en KvK (alleen voor de demo en tests)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--port",
            type=int,
            default=settings.IWERK_REGISTERDUBBELS_PORT,
            help="Poort (standaard IWERK_REGISTERDUBBELS_PORT)",
        )
        parser.add_argument("--host", default="127.0.0.1", help="Adres (standaard 127.0.0.1)")
        parser.add_argument(
            "--storingen",
            action="store_true",
            help="Sta POST /_dubbels/storing toe: een register laten haperen in een demo",
        )
        for register in REGISTERS:
            parser.add_argument(
                f"--{register}-sleutel",
                default="",
                help=f"API-sleutel die de {register.upper()}-dubbel eist (standaard geen)",
            )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Ook buiten demo-modus starten (nooit in productie)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE and not options["force"]:
            raise CommandError(
                "De registerdubbels draaien alleen in demo-modus (IWERK_DEMO=true) of met --force;"
                " nooit in productie: ze bevatten test- en demopersonen, geen echte registers."
            )
        server = Registerdubbels(
            host=options["host"],
            port=options["port"],
            storingen_via_http=options["storingen"],
            sleutels={r: options[f"{r}_sleutel"] for r in REGISTERS if options[f"{r}_sleutel"]},
        )
        try:
            server.luister()
        except OSError as e:
            raise CommandError(f"Poort {options['port']} is niet vrij: {e}") from e
        self.stdout.write(
            f"Registerdubbels BRP, BAG en KvK luisteren op {server.url}"
            + (" (storingen via POST /_dubbels/storing)" if options["storingen"] else "")
        )
        self.stdout.flush()
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C, or the trap of `make demo`
            server.serve_forever()
