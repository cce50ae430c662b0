"""Addresses from the BAG: public data, no purpose, not logged, cached."""

from __future__ import annotations

import pytest

from iwerk.basisregistraties.fouten import OngeldigeInvoer
from iwerk.basisregistraties.services.bevragen import adres_raadplegen, adressen_zoeken
from iwerk.core.models import Inzage

pytestmark = pytest.mark.django_db


def test_an_address_by_postcode_and_huisnummer(regio, registerdubbels):
    (adres,) = adressen_zoeken(regio["deventer"].pk, postcode="7411 bs", huisnummer=12)

    (verzoek,) = registerdubbels.verzoeken("bag")
    assert verzoek.path.endswith("/adressen")
    assert verzoek.query == {"postcode": "7411BS", "huisnummer": "12"}
    assert adres.regel == "Brink 12, 7411 BS Deventer"
    assert adres.nummeraanduiding_id.startswith("0150")
    assert len(adres.adresseerbaarobject_id) == 16
    assert len(adres.openbareruimte_id) == 16
    assert adres.woonplaats_id
    assert Inzage.objects.count() == 0


def test_a_second_identical_lookup_asks_the_bag_nothing(
    regio, registerdubbels, django_assert_num_queries
):
    eerste = adressen_zoeken(regio["raalte"].pk, postcode="8101CZ", huisnummer=3)
    registerdubbels.storing("bag", "503")  # the cache answers: the BAG is not asked

    with django_assert_num_queries(0):
        tweede = adressen_zoeken(regio["deventer"].pk, postcode="8101 cz", huisnummer=3)

    assert tweede == eerste
    assert len(registerdubbels.verzoeken("bag")) == 1


def test_no_cache_when_it_is_switched_off(regio, registerdubbels, settings):
    settings.IWERK_BAG_CACHE = 0

    adressen_zoeken(regio["raalte"].pk, postcode="8101CZ", huisnummer=3)
    adressen_zoeken(regio["raalte"].pk, postcode="8101CZ", huisnummer=3)

    assert len(registerdubbels.verzoeken("bag")) == 2


def test_an_unknown_address_is_an_empty_list(regio, registerdubbels):
    assert adressen_zoeken(regio["deventer"].pk, postcode="7411BS", huisnummer=9999) == []


def test_a_huisletter_asks_for_the_exact_address(regio, registerdubbels):
    adressen_zoeken(regio["deventer"].pk, postcode="7411BS", huisnummer=12, huisletter="a")

    assert registerdubbels.verzoeken("bag")[0].query == {
        "postcode": "7411BS",
        "huisnummer": "12",
        "huisletter": "a",
        "exacteMatch": "true",
    }


@pytest.mark.parametrize(
    ("criteria", "bericht"),
    [
        ({"postcode": "741 BS", "huisnummer": 12}, "Vul een postcode in als 1234 AB."),
        ({"postcode": "7411BS", "huisnummer": 0}, "Vul een huisnummer in (1 tot en met 99999)."),
        ({"postcode": "7411BS", "huisnummer": 12, "huisletter": "ab"}, "Een huisletter is één letter."),
        ({"postcode": "7411BS", "huisnummer": 12, "huisnummertoevoeging": "a-b"},
         "Een toevoeging bestaat uit hoogstens 4 letters of cijfers."),
    ],
)  # fmt: skip
def test_invalid_input_sends_nothing(regio, registerdubbels, criteria, bericht):
    with pytest.raises(OngeldigeInvoer) as fout:
        adressen_zoeken(regio["deventer"].pk, **criteria)

    assert fout.value.bericht == bericht
    assert registerdubbels.verzoeken("bag") == []


def test_an_address_by_its_bag_identification(regio, registerdubbels):
    (gezocht,) = adressen_zoeken(regio["deventer"].pk, postcode="7411BS", huisnummer=12)

    adres = adres_raadplegen(regio["deventer"].pk, gezocht.nummeraanduiding_id)
    nogmaals = adres_raadplegen(regio["deventer"].pk, gezocht.nummeraanduiding_id)

    assert adres == nogmaals == gezocht
    assert len(registerdubbels.verzoeken("bag")) == 2  # the search, then the id once
