"""What every resource of the API shares (api/bron.py), found by an outside client's test."""

import pytest

from iwerk.core.testing.klantinteracties import BASE, ki_client
from iwerk.klantinteracties.models import (
    Betrokkene,
    DigitaalAdres,
    Klantcontact,
    Partij,
)

pytestmark = pytest.mark.django_db


def test_a_uuid_or_url_filter_that_is_not_one_is_a_400_not_an_empty_list(gemeenten):
    api = ki_client(gemeenten["deventer"])
    for pad in (
        "klantcontacten?hadBetrokkene__wasPartij__uuid=geen-uuid",
        "betrokkenen?wasPartij__uuid=Ù",
        "actorklantcontacten?klantcontact__url=geen-url",
    ):
        antwoord = api.get(f"{BASE}/{pad}")
        assert antwoord.status_code == 400, pad
        assert antwoord["Content-Type"] == "application/problem+json"
        assert antwoord.json()["invalidParams"][0]["reason"] in (
            "Geen geldige UUID.",
            "Voer een geldige URL in.",
        )


def test_page_zero_is_no_page(gemeenten):
    api = ki_client(gemeenten["deventer"])
    assert api.get(f"{BASE}/partijen", {"page": 0}).status_code == 404
    assert api.get(f"{BASE}/partijen", {"page": 1}).status_code == 200


def test_a_bad_datetime_filter_is_explained_in_dutch(gemeenten):
    api = ki_client(gemeenten["deventer"])
    antwoord = api.get(f"{BASE}/klantcontacten", {"plaatsgevondenOp": "2026-13-45"})
    assert antwoord.status_code == 400
    assert antwoord.json()["invalidParams"][0]["reason"] == (
        "Datum/tijd heeft het verkeerde formaat; gebruik ISO 8601."
    )


def test_an_address_a_hidden_betrokkene_gave_is_hidden_with_it(gemeenten):
    deventer = gemeenten["deventer"]
    openbaar = ki_client(deventer, max_vertrouwelijkheidaanduiding="openbaar", label="Open")
    contact = Klantcontact.objects.create(
        tenant=deventer,
        kanaal="telefoon",
        onderwerp="x",
        taal="nld",
        plaatsgevonden_op="2026-12-01T10:00:00Z",
        vertrouwelijkheid_rang=3,
    )
    betrokkene = Betrokkene.objects.create(
        tenant=deventer, had_klantcontact=contact, rol="klant", initiator=True
    )
    verborgen = DigitaalAdres.objects.create(
        tenant=deventer,
        verstrekt_door_betrokkene=betrokkene,
        adres="geheim@example.nl",
        soort_digitaal_adres="email",
    )
    partij = Partij.objects.create(tenant=deventer, soort_partij="persoon", nummer="7")
    zichtbaar = DigitaalAdres.objects.create(
        tenant=deventer,
        verstrekt_door_partij=partij,
        adres="open@example.nl",
        soort_digitaal_adres="email",
    )

    assert openbaar.get(f"{BASE}/digitaleadressen/{verborgen.uuid}").status_code == 404
    lijst = openbaar.get(f"{BASE}/digitaleadressen").json()["results"]
    assert [a["uuid"] for a in lijst] == [str(zichtbaar.uuid)]


def test_a_voorkeur_address_that_moves_to_another_partij_stops_being_the_voorkeur(gemeenten):
    api = ki_client(gemeenten["deventer"])
    adres = api.post(
        f"{BASE}/digitaleadressen", {"adres": "a@example.nl", "soortDigitaalAdres": "email"}
    ).json()
    persoon = {"soortPartij": "persoon", "indicatieActief": True, "partijIdentificatie": {}}
    eerste = api.post(
        f"{BASE}/partijen",
        {**persoon, "digitaleAdressen": [{"uuid": adres["uuid"]}],
         "voorkeursDigitaalAdres": {"uuid": adres["uuid"]}},
    ).json()  # fmt: skip
    tweede = api.post(f"{BASE}/partijen", persoon).json()

    verhuisd = api.patch(adres["url"], {"verstrektDoorPartij": {"uuid": tweede["uuid"]}})
    assert verhuisd.status_code == 200

    assert api.get(eerste["url"]).json()["voorkeursDigitaalAdres"] is None
    # … so the first partij can still be changed.
    assert api.patch(eerste["url"], {"interneNotitie": "x"}).status_code == 200
