"""Migration writes in the Zaken services (ADR 0063): the source's uuid and dates are kept only
inside `migratie()`, and a zaak of iwerk's own identificatie form moves its series on."""

from __future__ import annotations

import uuid as uuidlib
from datetime import UTC, date, datetime

import pytest

from iwerk.core.migratie import migratie
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.zaken import ALLES
from iwerk.core.testing.zaken import zaak as nieuwe_zaak
from iwerk.zaken import services
from iwerk.zaken.models import ZaakIdentificatieReeks
from iwerk.zaken.services import zaaknummers

pytestmark = pytest.mark.django_db
TOEN = datetime(2019, 3, 4, 9, 0, tzinfo=UTC)


@pytest.fixture
def zaaktype(catalogus):
    return build.gepubliceerd_zaaktype(catalogus, begin=date(2015, 1, 1))


def _registreer(zaaktype, **gegevens):
    rsin = zaaktype.tenant.rsin
    return services.register_zaak(
        actor=ALLES,
        zaaktype=zaaktype,
        gegevens=services.ZaakGegevens(
            bronorganisatie=rsin,
            verantwoordelijke_organisatie=rsin,
            startdatum=date(2019, 3, 1),
            registratiedatum=date(2019, 3, 4),
            **gegevens,
        ),
    )


def test_the_series_continues_after_a_migrated_zaak_and_never_goes_back(zaaktype):
    rsin = zaaktype.tenant.rsin
    with migratie():
        _registreer(zaaktype, identificatie="ZAAK-2019-0000000500")
        _registreer(zaaktype, identificatie="ZAAK-2019-0000000300")
        _registreer(zaaktype, identificatie="2019/0042")  # another form: kept, counts for nothing
    assert ZaakIdentificatieReeks.objects.get(bronorganisatie=rsin, jaar=2019).laatste == 500
    assert _registreer(zaaktype).identificatie == "ZAAK-2019-0000000501"


def test_outside_a_migration_a_given_identificatie_moves_no_counter(zaaktype):
    _registreer(zaaktype, identificatie="ZAAK-2019-0000000500")
    assert _registreer(zaaktype).identificatie == "ZAAK-2019-0000000001"


def test_this_processs_block_numbers_up_to_a_migrated_one_are_dropped(zaaktype):
    rsin = zaaktype.tenant.rsin
    zaaknummers._blokken[(rsin, 2019)] = [[1, 20], [41, 60]]
    try:
        with migratie():
            _registreer(zaaktype, identificatie="ZAAK-2019-0000000045")
        assert zaaknummers._blokken[(rsin, 2019)] == [[46, 60]]
    finally:
        zaaknummers.forget_blocks()


def test_parts_keep_their_uuid_and_dates_only_in_a_migration_write(zaaktype):
    zaak = nieuwe_zaak(zaaktype)
    gegeven = uuidlib.uuid4()
    gewoon = services.add_klantcontact(actor=ALLES, zaak=zaak, datumtijd=TOEN, uuid=gegeven)
    assert gewoon.uuid != gegeven
    with migratie():
        klantcontact = services.add_klantcontact(
            actor=ALLES, zaak=zaak, datumtijd=TOEN, uuid=gegeven
        )
        notitie = services.save_notitie(
            actor=ALLES,
            zaak=zaak,
            fields={"onderwerp": "Telefoon", "tekst": "Belde over de aanvraag."},
            aanmaakdatum=TOEN,
        )
        resultaat = services.add_resultaat(
            actor=ALLES,
            zaak=zaak,
            resultaattype=zaaktype.resultaattypen.first(),
            uuid=(resultaat_uuid := uuidlib.uuid4()),
        )
    assert klantcontact.uuid == gegeven and resultaat.uuid == resultaat_uuid
    notitie.refresh_from_db()
    # Never changed at the source after it was written: wijzigingsdatum is the aanmaakdatum.
    assert notitie.aanmaakdatum == TOEN and notitie.wijzigingsdatum == TOEN
