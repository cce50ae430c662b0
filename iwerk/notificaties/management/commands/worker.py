"""`iwerk worker`: deliver notifications until stopped (several may run at once)."""

from __future__ import annotations

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from iwerk.core import periodiek
from iwerk.notificaties.services import delivery


class Command(BaseCommand):
    help = (
        "Lever notificaties af aan abonnees (met herhaalpogingen); stoppen met Ctrl-C of SIGTERM."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=50)
        parser.add_argument(
            "--idle", type=float, default=0.5, help="seconden wachten als er niets is"
        )
        parser.add_argument("--once", action="store_true", help="één ronde en dan stoppen")

    def handle(self, *args, batch: int, idle: float, once: bool, **options):
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Notificatie-worker {delivery.WORKER_ID} gestart.")
        while not stopping:
            close_old_connections()
            periodiek.run_due()  # e.g. the escalations of the 72-hour datalek clock
            done = delivery.run_once(batch)
            if once:
                break
            if not done:
                time.sleep(idle)
        self.stdout.write("Notificatie-worker gestopt.")
