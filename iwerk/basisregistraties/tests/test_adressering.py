"""The address of a person is asked without what the BRP builds from the name and the sex: the
aanhef ("Geachte mevrouw Moulin"), the aanschrijfwijze and the name in running text of
`adressering` are no part of the address, so an address-only or naam+adres purpose never asks
for them."""

from __future__ import annotations

from datetime import date

import pytest

from iwerk.basisregistraties.services.bevragen import (
    _alleen,
    personen_zoeken,
    persoon_raadplegen,
)
from iwerk.basisregistraties.tests.hulp import bevraging
from iwerk.core.testing.registerdubbels import valideer_brp_verzoek

pytestmark = pytest.mark.django_db

MOULIN = "999990007"  # Brink 12, Deventer
DE_BOER = "999990056"  # Grotestraat 3, Raalte

# What each group may ask of the BRP, written out here rather than read from velden.py.
ADRES = {
    "verblijfplaats",
    "adressering.adresregel1",
    "adressering.adresregel2",
    "adressering.adresregel3",
    "adressering.land",
    "gemeenteVanInschrijving",
}
NAAM = {"naam"}
ALTIJD = {"burgerservicenummer"}


def test_an_address_only_purpose_asks_no_name_or_salutation(regio, registerdubbels):
    persoon = persoon_raadplegen(bevraging(regio["raalte"], "PARKEERVERGUNNING"), DE_BOER)

    (verzoek,) = registerdubbels.verzoeken("brp")
    valideer_brp_verzoek(verzoek.body)
    assert set(verzoek.body["fields"]) <= ALTIJD | ADRES
    assert persoon.adres is not None and persoon.adres.regel == "Grotestraat 3, 8101 CZ Raalte"


@pytest.mark.parametrize("zaaktype", ["MOR", "WOO-VERZOEK"])
def test_a_naam_and_adres_purpose_asks_no_salutation(regio, registerdubbels, zaaktype):
    """Without `geslacht` in the purpose, "Geachte mevrouw …" would tell the sex."""
    persoon_raadplegen(bevraging(regio["deventer"], zaaktype), MOULIN)

    (verzoek,) = registerdubbels.verzoeken("brp")
    assert set(verzoek.body["fields"]) <= ALTIJD | NAAM | ADRES


@pytest.mark.parametrize(
    "criteria",
    [
        {"geslachtsnaam": "Moulin", "geboortedatum": date(1985, 3, 14)},
        {"postcode": "7411BS", "huisnummer": 12},
    ],
)
def test_a_search_asks_the_address_lines_only(regio, registerdubbels, criteria):
    (persoon,) = personen_zoeken(bevraging(regio["deventer"], "MOR"), **criteria)

    (verzoek,) = registerdubbels.verzoeken("brp")
    valideer_brp_verzoek(verzoek.body)
    assert set(verzoek.body["fields"]) <= ALTIJD | NAAM | ADRES
    assert "adressering.adresregel1" in verzoek.body["fields"]
    assert persoon.adres is not None and persoon.adres.regel == "Brink 12, 7411 BS Deventer"


def test_a_salutation_the_register_sends_anyway_is_dropped():
    antwoord = {
        "burgerservicenummer": MOULIN,
        "geheimhoudingPersoonsgegevens": True,
        "naam": {"voornamen": "Suzanne"},
        "adressering": {
            "aanhef": "Geachte mevrouw Moulin",
            "aanschrijfwijze": {"naam": "S. Moulin"},
            "adresregel1": "Brink 12",
        },
    }

    assert _alleen(antwoord, ["burgerservicenummer", "adressering.adresregel1"]) == {
        "burgerservicenummer": MOULIN,
        "adressering": {"adresregel1": "Brink 12"},
        "geheimhoudingPersoonsgegevens": True,
    }
