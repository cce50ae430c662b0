"""The demo case load obeys the register's rules."""

from datetime import date

import pytest

from iwerk.catalogi.demo import load_catalogus
from iwerk.zaken.demo import load_zaken
from iwerk.zaken.models import Resultaat, Rol, Status, Zaak
from iwerk.zaken.services import ZaakGegevens, register_zaak
from iwerk.zaken.tests.test_services import ALLES

pytestmark = pytest.mark.django_db


def test_demo_zaken_are_consistent_and_identificaties_continue(tenant):
    load_catalogus(tenant, "http://testserver")
    created = load_zaken(tenant, per_zaaktype=10, today=date(2026, 11, 1))
    assert created == 80 and load_zaken(tenant, per_zaaktype=10) == 0  # idempotent
    closed = Zaak.objects.filter(einddatum__isnull=False)
    assert closed.count() == Resultaat.objects.count() > 0
    assert not closed.filter(archiefnominatie="").exists()
    for zaak in Zaak.objects.all()[:40]:
        volgnummers = list(
            Status.objects.filter(zaak=zaak)
            .order_by("datum_status_gezet", "pk")
            .values_list("statustype__volgnummer", flat=True)
        )
        assert volgnummers == sorted(volgnummers) and volgnummers[0] == 1
    assert Rol.objects.filter(betrokkene_type="natuurlijk_persoon").exclude(bsn="").count() == 80
    zaaktype = Zaak.objects.first().zaaktype
    zaak = register_zaak(
        actor=ALLES,
        zaaktype=zaaktype,
        gegevens=ZaakGegevens(
            bronorganisatie=tenant.rsin,
            verantwoordelijke_organisatie=tenant.rsin,
            startdatum=date(2026, 11, 1),
            registratiedatum=date(2026, 11, 1),
        ),
    )
    assert not Zaak.objects.exclude(pk=zaak.pk).filter(identificatie=zaak.identificatie).exists()
