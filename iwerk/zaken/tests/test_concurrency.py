"""Parallel eindstatussen on one zaak: the row lock lets exactly one close it (PostgreSQL)."""

import threading
from datetime import UTC, date, datetime

import pytest
from django.db import connection, connections

from iwerk.core.api.problems import PermissionDenied
from iwerk.core.testing import catalogus as build
from iwerk.zaken.models import Status
from iwerk.zaken.services import ZaakGegevens, add_resultaat, register_zaak, set_status
from iwerk.zaken.tests.test_services import ALLES, actor_with


@pytest.mark.django_db(transaction=True)
def test_b10_parallel_eindstatussen_close_the_zaak_once(tenant):
    if connection.vendor != "postgresql":
        pytest.skip("row locks across connections need PostgreSQL (CI runs the suite on it)")
    catalogus = build.catalogus(tenant)
    zaaktype = build.complete_zaaktype(catalogus)
    zaaktype.concept = False
    zaaktype.save()
    zaak = register_zaak(
        actor=ALLES,
        zaaktype=zaaktype,
        gegevens=ZaakGegevens(
            bronorganisatie=tenant.rsin,
            verantwoordelijke_organisatie=tenant.rsin,
            startdatum=date(2026, 3, 2),
        ),
    )
    add_resultaat(actor=ALLES, zaak=zaak, resultaattype=zaaktype.resultaattypen.first())
    set_status(
        actor=ALLES,
        zaak=zaak,
        statustype=zaaktype.statustypen.get(volgnummer=1),
        datum_status_gezet=datetime(2026, 3, 2, tzinfo=UTC),
    )
    eind = zaaktype.statustypen.get(volgnummer=2)
    behandelaar = actor_with(zaaktype, "zaken.statussen.toevoegen")
    barrier, outcomes = threading.Barrier(4), []

    def close():
        try:
            barrier.wait()
            set_status(
                actor=behandelaar,
                zaak=zaak,
                statustype=eind,
                datum_status_gezet=datetime(2026, 4, 1, tzinfo=UTC),
            )
            outcomes.append("gesloten")
        except PermissionDenied:
            outcomes.append("geweigerd")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=close) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["gesloten", "geweigerd", "geweigerd", "geweigerd"]
    assert Status.objects.filter(zaak=zaak, statustype=eind).count() == 1
