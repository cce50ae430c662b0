"""Tasks are werkplek rules (ADR 0056): through the ZGW API a client sets a status as the
standard lets it, while a verplichte task is open; the checklist of a status reached through the
API is made all the same, and the open task stays open and visible in the werkplek."""

from __future__ import annotations

import pytest
from django.utils import timezone

from iwerk.core.testing.api import register_client
from iwerk.werkverdeling.models import Taak, Taakstatus
from iwerk.werkverdeling.selectors import taken as taken_selectors
from iwerk.werkverdeling.tests.taken_wereld import (
    ADVIES,
    bouw_wereld,
    context,
    evenementzaak,
)
from iwerk.zaken.models import Zaak

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("werkplek_settings")]

Z = "http://testserver/zaken/api/v1"
ZT = "http://testserver/catalogi/api/v1"


@pytest.fixture
def wereld(gemeenten):
    return bouw_wereld(gemeenten, vier_ogen=False)


@pytest.fixture
def client(wereld):
    """A zaaksysteem-koppeling of Deventer: reads and sets statussen of its zaken."""
    return register_client(
        "deventer-zaken",
        autorisaties=[
            {
                "component": "zrc",
                "scopes": ["zaken.lezen", "zaken.statussen.toevoegen"],
                "zaaktype": f"{ZT}/zaaktypen/{wereld.evenement.uuid}",
                "max_vertrouwelijkheidaanduiding": "zeer_geheim",
            }
        ],
        gemeenten=[wereld.gemeenten["deventer"]],
    )


def _status(client, zaak, omschrijving: str):
    statustype = zaak.zaaktype.statustypen.get(omschrijving=omschrijving)
    return client.post(
        f"{Z}/statussen",
        {
            "zaak": f"{Z}/zaken/{zaak.uuid}",
            "statustype": f"{ZT}/statustypen/{statustype.uuid}",
            "datumStatusGezet": timezone.now().isoformat(),
        },
    )


def test_a_status_set_through_the_api_makes_the_checklist(wereld, client):
    zaak = evenementzaak(wereld)
    response = _status(client, zaak, ADVIES)
    assert response.status_code == 201, response.content
    assert sorted(Taak.objects.filter(zaak=zaak).values_list("titel", flat=True)) == [
        "Advies brandweer",
        "Advies politie",
        "Veiligheidsplan beoordelen",
    ]


def test_an_api_client_moves_past_an_open_mandatory_task_which_stays_open(wereld, client):
    zaak = evenementzaak(wereld)
    assert _status(client, zaak, ADVIES).status_code == 201
    response = _status(client, zaak, "Besluit genomen")
    assert response.status_code == 201, response.content
    zaak.refresh_from_db()
    assert zaak.huidige_statustype.omschrijving == "Besluit genomen"
    politie = Taak.objects.get(zaak=zaak, titel="Advies politie")
    assert politie.status == Taakstatus.open
    # Still on the zaak page and in the handler's werkvoorraad.
    assert politie in taken_selectors.van_zaak(Zaak.objects.get(pk=zaak.pk))
    rijen = taken_selectors.voor_werkvoorraad(
        context(wereld.jdevries, wereld.gemeenten["deventer"])
    )
    assert "Advies politie" in [r["titel"] for r in rijen]
