"""The test helper that registers a zaak (core.testing.zaken): its first status may not lie after
"now", or a status a test sets next is not the zaak's current one (the werkverdeling tests failed
between midnight and nine, Amsterdam time)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as bouw

pytestmark = pytest.mark.django_db


def test_a_status_set_now_is_current_also_at_night(tenant, time_machine):
    time_machine.move_to(datetime(2026, 12, 7, 0, 15, tzinfo=UTC), tick=False)  # 01:15 local
    zaaktype = build.gepubliceerd_zaaktype(build.catalogus(tenant))
    assert zaaktype.statustypen.filter(omschrijving="In behandeling").exists()
    zaak = bouw.zaak(zaaktype)
    eerste = zaak.statussen.get()
    assert eerste.datum_status_gezet <= datetime(2026, 12, 7, 0, 15, tzinfo=UTC)
    assert eerste.datum_status_gezet.date() == datetime(2026, 12, 7, tzinfo=UTC).date()

    time_machine.move_to(datetime(2026, 12, 7, 0, 16, tzinfo=UTC), tick=False)
    bouw.status(zaak, "In behandeling")
    zaak.refresh_from_db()
    assert zaak.huidige_statustype.omschrijving == "In behandeling"
