"""The place of a melding openbare ruimte: postcode + huisnummer looked up in the BAG (its test
double, over HTTP), a choice between toevoegingen, clear Dutch errors, words when the BAG is
down or the place has no address; the address found becomes a zaakobject the Zaken API shows."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from iwerk.core.testing.api import register_client
from iwerk.portaal.models import Concept
from iwerk.zaken.models import Zaak, ZaakObject

pytestmark = pytest.mark.django_db

BRINK_12 = "0150200000100012"  # Brink 12, 7411 BS Deventer in the BAG double
ASSENSTRAAT_51_1, ASSENSTRAAT_51_2 = "0150200000100151", "0150200000100152"
MELDING = {"soort": "Bestrating", "omschrijving": "Losse stoeptegel.", "email": ""}


def _stap(client: Client | None = None) -> tuple[Client, str]:
    client = client or Client()
    url = client.post("/deventer/producten/melding-openbare-ruimte/aanvragen/")["Location"]
    return client, url


def _tekst(response) -> str:
    return html.unescape(response.content.decode())


def test_postcode_and_huisnummer_find_the_bag_address(portaal, registerdubbels):
    client, url = _stap()
    response = client.post(
        url, {**MELDING, "plek_postcode": "7411 bs", "plek_huisnummer": "12", "plek": ""}
    )
    assert response.status_code == 302, _tekst(response)
    gegevens = Concept.objects.get().gegevens
    assert gegevens["plek"] == "Brink 12, 7411 BS Deventer"
    assert gegevens["plek_bag"] == "gevonden"
    assert gegevens["plek_adres"]["nummeraanduiding_id"] == BRINK_12
    assert gegevens["plek_postcode"] == "7411BS" and gegevens["plek_huisnummer"] == 12
    (verzoek,) = registerdubbels.verzoeken("bag")
    assert verzoek.query["postcode"] == "7411BS" and verzoek.query["huisnummer"] == "12"
    # The summary shows the address to confirm before sending.
    assert "Brink 12, 7411 BS Deventer" in _tekst(client.get(response["Location"]))


def test_adres_zoeken_shows_the_address_and_stores_nothing(portaal, registerdubbels):
    client, url = _stap()
    response = client.post(
        url, {"plek_postcode": "7411BS", "plek_huisnummer": "12", "plek_zoeken": "1"}
    )
    page = _tekst(response)
    assert response.status_code == 200
    assert "Gevonden adres: <strong>Brink 12, 7411 BS Deventer</strong>" in page
    # Only the address is checked: the other questions wait for "Volgende stap".
    assert "Dit veld is verplicht." not in page and "foutenoverzicht" not in page
    concept = Concept.objects.get()
    assert concept.stap == 1 and "plek" not in concept.gegevens


def test_several_addresses_ask_for_a_choice(portaal, registerdubbels):
    client, url = _stap()
    invoer = {**MELDING, "plek_postcode": "7411JB", "plek_huisnummer": "51"}
    response = client.post(url, invoer)
    page = _tekst(response)
    assert response.status_code == 400
    assert "Kies het adres dat u bedoelt." in page
    assert "Assenstraat 51-1, 7411 JB Deventer" in page
    assert "Assenstraat 51-2, 7411 JB Deventer" in page
    assert 'href="#id_plek_adres_0"' in page  # the error summary leads to the choice

    response = client.post(url, {**invoer, "plek_adres": ASSENSTRAAT_51_2})
    assert response.status_code == 302
    gegevens = Concept.objects.get().gegevens
    assert gegevens["plek_adres"]["nummeraanduiding_id"] == ASSENSTRAAT_51_2
    assert gegevens["plek"] == "Assenstraat 51-2, 7411 JB Deventer"


def test_a_toevoeging_picks_one_address(portaal, registerdubbels):
    client, url = _stap()
    response = client.post(
        url,
        {**MELDING, "plek_postcode": "7411JB", "plek_huisnummer": "51", "plek_toevoeging": "1"},
    )
    assert response.status_code == 302
    assert Concept.objects.get().gegevens["plek_adres"]["nummeraanduiding_id"] == ASSENSTRAAT_51_1


def test_an_address_the_bag_does_not_know_gets_a_dutch_error(portaal, registerdubbels):
    client, url = _stap()
    response = client.post(url, {**MELDING, "plek_postcode": "7411BS", "plek_huisnummer": "99"})
    assert response.status_code == 400
    assert (
        "Wij vinden geen adres met deze postcode en dit huisnummer. Controleer ze, of beschrijf "
        "de plek in woorden." in _tekst(response)
    )
    assert Concept.objects.get().stap == 1


@pytest.mark.parametrize(
    ("invoer", "fout"),
    [
        ({"plek_postcode": "12345", "plek_huisnummer": "1"}, "Vul een postcode in als 1234 AB."),
        ({"plek_postcode": "7411BS", "plek_huisnummer": "twaalf"}, "alleen cijfers"),
        ({"plek_postcode": "7411BS"}, "Vul ook het huisnummer in."),
        ({"plek_huisnummer": "12"}, "Vul ook de postcode in."),
        (
            {"plek_postcode": "7411BS", "plek_huisnummer": "12", "plek_huisletter": "ab"},
            "Een huisletter is één letter",
        ),
    ],
)
def test_an_invalid_address_is_refused_before_asking_the_bag(
    portaal, registerdubbels, invoer, fout
):
    client, url = _stap()
    response = client.post(url, {**MELDING, **invoer})
    assert response.status_code == 400
    assert fout in _tekst(response)
    assert registerdubbels.verzoeken("bag") == []


def test_when_the_bag_is_down_the_typed_address_is_kept_as_not_checked(
    portaal, registerdubbels, django_capture_on_commit_callbacks
):
    registerdubbels.storing("bag", "503")
    client, url = _stap()
    zoeken = client.post(
        url, {"plek_postcode": "7411BS", "plek_huisnummer": "12", "plek_zoeken": "1"}
    )
    assert zoeken.status_code == 200
    # In the citizen's words, not the register's message to a handler.
    page = _tekst(zoeken)
    assert (
        "Het adres kan nu niet worden gecontroleerd. U kunt de plek in woorden beschrijven." in page
    )
    assert "antwoordt niet" not in page and "503" not in page

    response = client.post(
        url,
        {
            **MELDING,
            "plek_postcode": "7411BS",
            "plek_huisnummer": "12",
            "plek": "Voor de deur",
        },
    )
    assert response.status_code == 302
    gegevens = Concept.objects.get().gegevens
    assert gegevens["plek_bag"] == "niet_gecontroleerd" and gegevens["plek_adres"] is None
    assert gegevens["plek"] == (
        "Postcode 7411 BS, huisnummer 12 (niet gecontroleerd in de BAG) — Voor de deur"
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"], {"akkoord": "ja"})
    zaak = Zaak.objects.get()
    assert not ZaakObject.objects.filter(zaak=zaak).exists()
    locatie = dict(zaak.zaakeigenschappen.values_list("naam", "waarde"))["locatie"]
    assert "niet gecontroleerd in de BAG" in locatie


def test_enter_in_a_field_means_volgende_stap_not_adres_zoeken(portaal, registerdubbels):
    """A browser submits a form on Enter with its first submit button: that must be the step's
    main action, a hidden twin of "Volgende stap" before the "Adres zoeken" button."""
    client, url = _stap()
    page = _tekst(client.get(url))
    formulier = page[page.index('<form method="post" enctype') :]
    eerste = re.search(r"<button[^>]*>", formulier)
    assert eerste is not None and 'type="submit" name="volgende" hidden' in eerste[0]
    # What that button posts: the step goes on, with the address looked up on the way.
    response = client.post(
        url, {**MELDING, "plek_postcode": "7411BS", "plek_huisnummer": "12", "volgende": ""}
    )
    assert response.status_code == 302 and response["Location"].endswith("/controleren/")
    assert Concept.objects.get().gegevens["plek"] == "Brink 12, 7411 BS Deventer"


def test_a_place_without_an_address_is_described_in_words_without_asking_the_bag(
    portaal, registerdubbels
):
    client, url = _stap()
    response = client.post(url, {**MELDING, "plek": "Bij de speeltuin in het park"})
    assert response.status_code == 302
    gegevens = Concept.objects.get().gegevens
    assert gegevens["plek"] == "Bij de speeltuin in het park"
    assert gegevens["plek_bag"] is None and gegevens["plek_adres"] is None
    assert registerdubbels.verzoeken("bag") == []


def test_a_point_on_the_map_alone_is_a_place(portaal, registerdubbels):
    client, url = _stap()
    response = client.post(url, {**MELDING, "plek_lat": "52.2511", "plek_lon": "6.1602"})
    assert response.status_code == 302
    assert Concept.objects.get().gegevens["plek"] == "Plek op de kaart: 52.251100, 6.160200"


def test_nothing_at_all_is_no_place(portaal, registerdubbels):
    client, url = _stap()
    response = client.post(url, MELDING)
    assert response.status_code == 400
    assert "Vul het adres of een omschrijving van de plek in." in _tekst(response)


def test_the_step_opened_again_shows_the_address_and_the_words(portaal, registerdubbels):
    client, url = _stap()
    client.post(
        url,
        {
            **MELDING,
            "plek_postcode": "7411JB",
            "plek_huisnummer": "51",
            "plek_adres": ASSENSTRAAT_51_1,
            "plek": "Bij de lantaarnpaal",
            "opslaan": "1",
        },
    )
    page = _tekst(client.get(url))
    assert "Gevonden adres: <strong>Assenstraat 51-1, 7411 JB Deventer</strong>" in page
    assert f'name="plek_adres" value="{ASSENSTRAAT_51_1}"' in page
    assert 'value="Bij de lantaarnpaal"' in page and 'value="7411JB"' in page
    # Sent again unchanged, the stored choice still holds.
    response = client.post(
        url,
        {
            **MELDING,
            "plek_postcode": "7411JB",
            "plek_huisnummer": "51",
            "plek_adres": ASSENSTRAAT_51_1,
            "plek": "Bij de lantaarnpaal",
        },
    )
    assert response.status_code == 302


def test_the_bag_address_becomes_a_zaakobject_the_zaken_api_shows(
    portaal, registerdubbels, django_capture_on_commit_callbacks
):
    client, url = _stap()
    response = client.post(
        url,
        {**MELDING, "plek_postcode": "7411BS", "plek_huisnummer": "12", "plek": "Bij de Waag"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"], {"akkoord": "ja"})
    zaak = Zaak.objects.get()
    locatie = dict(zaak.zaakeigenschappen.values_list("naam", "waarde"))["locatie"]
    assert locatie == "Brink 12, 7411 BS Deventer — Bij de Waag"

    api = register_client("lezer", alle=True)
    antwoord = api.get(
        "/zaken/api/v1/zaakobjecten", {"zaak": f"http://testserver/zaken/api/v1/zaken/{zaak.uuid}"}
    )
    assert antwoord.status_code == 200, antwoord.content
    (zaakobject,) = antwoord.json()["results"] if "results" in antwoord.json() else antwoord.json()
    assert zaakobject["objectType"] == "adres"
    assert zaakobject["relatieomschrijving"] == "Adres of plek"
    assert zaakobject["object"] == f"{registerdubbels.bag_url}/adressen/{BRINK_12}"
    assert zaakobject["objectIdentificatie"] == {
        "identificatie": BRINK_12,
        "wplWoonplaatsNaam": "Deventer",
        "gorOpenbareRuimteNaam": "Brink",
        "huisnummer": 12,
        "huisletter": "",
        "huisnummertoevoeging": "",
        "postcode": "7411BS",
    }
