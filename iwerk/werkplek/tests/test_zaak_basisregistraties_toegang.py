"""Who may ask the BRP or the KvK for a betrokkene's current data on the zaak page: only who
handles the zaak, and only while it is open. Everyone else who may read the zaak (the FG, the
CISO, archiefbeheer, functioneel beheer) sees no button, and a post is refused with the reason
before anything is asked."""

from __future__ import annotations

import pytest

from iwerk.core.models import Gemeente, Inzage
from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.medewerkers import demo_medewerker, sign_in
from iwerk.werkplek.tests.intakepagina import SUZANNE, tekst
from iwerk.zaken.models import Rol

pytestmark = pytest.mark.django_db

KNOP = "Actuele BRP-gegevens tonen"


@pytest.fixture
def zaak(basiswereld):
    return bouw.zaak(
        basiswereld.wmo, omschrijving="Scootmobiel", initiator=bouw.aanvrager(bsn_nummer=SUZANNE)
    )


def _in_deventer(username: str):
    client = sign_in(username)
    deventer = Gemeente.objects.get(slug="deventer")
    client.post("/werkplek/gemeente/", {"gemeente": deventer.pk})  # those of all gemeenten
    return client


def _actueel(client, zaak):
    rol = Rol.objects.get(zaak=zaak, roltype__omschrijving_generiek="initiator")
    return client.post(f"/werkplek/zaken/{zaak.uuid}/actueel/", {"rol": str(rol.uuid)})


@pytest.mark.parametrize(
    "username",
    [
        "fg",  # privacy officer
        "ciso",
        "fbeheerder",  # functioneel beheerder
        "ivermeulen",  # DIV-medewerker
        "rbrinkman",  # archivaris
    ],
)
def test_who_only_reads_the_zaak_cannot_ask_the_registers(
    basiswereld, zaak, registerdubbels, username
):
    demo_medewerker(basiswereld.gemeenten, username)
    client = _in_deventer(username)
    pagina = client.get(f"/werkplek/zaken/{zaak.uuid}/")
    assert pagina.status_code == 200  # they may read the zaak
    assert KNOP not in pagina.content.decode()

    response = _actueel(client, zaak)
    assert response.status_code == 403
    assert "Alleen wie de zaak behandelt, mag actuele gegevens uit de BRP" in tekst(response)
    assert registerdubbels.verzoeken("brp") == []
    assert not Inzage.objects.filter(soort="brp").exists()


def test_on_a_closed_zaak_nobody_asks_the_registers(basiswereld, zaak, registerdubbels):
    bouw.afsluiten(zaak)
    client = sign_in("ewillems")
    assert KNOP not in client.get(f"/werkplek/zaken/{zaak.uuid}/").content.decode()

    response = _actueel(client, zaak)
    assert response.status_code == 403
    assert "Deze zaak is afgesloten." in tekst(response)
    assert registerdubbels.verzoeken("brp") == []
    assert not Inzage.objects.filter(soort="brp").exists()


def test_the_behandelaar_of_an_open_zaak_still_asks(zaak, registerdubbels):
    client = sign_in("ewillems")
    assert KNOP in client.get(f"/werkplek/zaken/{zaak.uuid}/").content.decode()
    response = _actueel(client, zaak)
    assert response.status_code == 200
    assert "Actuele gegevens uit de BRP: Suzanne Moulin" in tekst(response)
    assert len(registerdubbels.verzoeken("brp")) == 1


def test_a_register_that_is_down_is_said_without_the_intake_advice(zaak, registerdubbels):
    registerdubbels.storing("brp", "503")
    inhoud = tekst(_actueel(sign_in("ewillems"), zaak))
    assert "De BRP is tijdelijk niet beschikbaar (503)." in inhoud
    assert "U kunt verder met de ingevulde gegevens" not in inhoud
