"""The event consumers cost a fixed number of queries, whatever the partij has; a besluit about
the zaak is told too; other audited changes cost nothing."""

from __future__ import annotations

import pytest

from iwerk.berichten.models import Bericht, Gebeurtenis
from iwerk.berichten.services import aanmaken
from iwerk.berichten.tests.conftest import partij, zaak_via_api, zet_status
from iwerk.core.audit import Change
from iwerk.klantinteracties.models import DigitaalAdres
from iwerk.zaken.gebeurtenissen import StatusGezet
from iwerk.zaken.models import Status, Zaak

pytestmark = pytest.mark.django_db


def _status_gebeurtenis() -> StatusGezet:
    status = Status.objects.select_related("statustype").latest("pk")
    return StatusGezet(status.zaak_id, status.pk, status.statustype.omschrijving, "")


@pytest.mark.parametrize("extra_adressen", [0, 5])
def test_a_status_event_costs_the_same_queries_whatever_the_partij_has(
    tenant, zaaktype, superuser_client, notifynl, django_assert_num_queries, extra_adressen
):
    p = partij(tenant)
    for i in range(extra_adressen):
        DigitaalAdres.objects.create(
            tenant=tenant,
            verstrekt_door_partij=p,
            adres=f"extra{i}@example.nl",
            soort_digitaal_adres="email",
            zoekwaarde=f"extra{i}@example.nl",
            is_standaard_adres=True,
        )
    url = zaak_via_api(superuser_client, zaaktype)
    zet_status(superuser_client, zaaktype, url)
    Bericht.objects.all().delete()
    gebeurtenis = _status_gebeurtenis()
    # initiator, zaak, partij by identificator, addresses, sjablonen, one insert
    with django_assert_num_queries(6):
        berichten = aanmaken.status_gezet(gebeurtenis)
    assert len(berichten) == 3


def test_a_zaak_without_initiator_costs_one_query(
    tenant, zaaktype, superuser_client, django_assert_num_queries
):
    from iwerk.zaken.services import ZaakGegevens, register_zaak
    from iwerk.zaken.tests.test_services import ALLES

    zaak = register_zaak(
        actor=ALLES,
        zaaktype=zaaktype,
        gegevens=ZaakGegevens(
            bronorganisatie="001902763",
            verantwoordelijke_organisatie="001902763",
            startdatum=zaaktype.datum_begin_geldigheid,
        ),
    )
    with django_assert_num_queries(1):
        assert aanmaken.status_gezet(StatusGezet(zaak.pk, 1, "Ontvangen", "")) == []


def test_other_changes_cost_no_query(django_assert_num_queries):
    change = Change("zaken", "/zaken/api/v1/zaken/x", "zaak", "/x", "update", {}, None)
    with django_assert_num_queries(0):
        assert aanmaken.on_change(change) == []


def test_a_besluit_about_the_zaak_is_told(tenant, catalogus, zaaktype, superuser_client, notifynl):
    from iwerk.besluiten.services import BesluitGegevens, register_besluit
    from iwerk.core.testing import catalogus as build
    from iwerk.zaken.tests.test_services import ALLES

    partij(tenant)
    zaak_via_api(superuser_client, zaaktype)
    besluittype = build.besluittype(catalogus)
    zaaktype.besluittype_omschrijvingen = [besluittype.omschrijving]
    zaaktype.save()
    register_besluit(
        actor=ALLES,
        besluittype=besluittype,
        zaak=Zaak.objects.get(),
        gegevens=BesluitGegevens(
            verantwoordelijke_organisatie="001902763",
            datum=zaaktype.datum_begin_geldigheid,
            ingangsdatum=zaaktype.datum_begin_geldigheid,
        ),
    )
    besluit = Bericht.objects.filter(gebeurtenis=Gebeurtenis.besluit_genomen)
    assert besluit.count() == 3
    assert "besluit genomen" in besluit.get(kanaal="email").tekst
