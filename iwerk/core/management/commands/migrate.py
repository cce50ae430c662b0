"""`iwerk migrate`: Django's migrate, with a lock timeout on PostgreSQL (ADR 0022).

A schema change that waits for a lock (behind a long-running transaction) makes every query
that arrives after it queue behind it: an outage without a single slow statement. With a lock
timeout the migration gives up instead (and is simply run again), and traffic goes on.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import connections


class Command(DjangoMigrate):
    def handle(self, *args: Any, **options: Any) -> str | None:
        connection = connections[options["database"]]
        if connection.vendor == "postgresql" and settings.IWERK_MIGRATE_LOCK_TIMEOUT:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('lock_timeout', %s, false)",
                    [settings.IWERK_MIGRATE_LOCK_TIMEOUT],
                )
        return super().handle(*args, **options)
