"""Searching persons by name and date of birth or by postcode and huisnummer: only the groups a
PersoonBeperkt has and the purpose allows, within the purpose's gemeente (a purpose for all of
Nederland allows no search), one log row naming everyone found."""

from __future__ import annotations

from datetime import date

import pytest

from iwerk.basisregistraties.fouten import BuitenBereik, GeenDoelbinding, OngeldigeInvoer
from iwerk.basisregistraties.services.bevragen import personen_zoeken
from iwerk.basisregistraties.tests.hulp import bevraging
from iwerk.core.models import Inzage
from iwerk.core.testing.registerdubbels import valideer_brp_verzoek

pytestmark = pytest.mark.django_db


def test_search_by_name_and_date_of_birth(regio, registerdubbels):
    (persoon,) = personen_zoeken(
        bevraging(regio["deventer"]), geslachtsnaam="Moulin", geboortedatum=date(1985, 3, 14)
    )

    (verzoek,) = registerdubbels.verzoeken("brp")
    valideer_brp_verzoek(verzoek.body)
    assert verzoek.body == {
        "type": "ZoekMetGeslachtsnaamEnGeboortedatum",
        "geslachtsnaam": "Moulin",
        "geboortedatum": "1985-03-14",
        # a PersoonBeperkt has no verblijfplaats and no gezag: the purpose's other groups stay out
        "fields": [
            "burgerservicenummer",
            "naam",
            "geboorte",
            "adressering.adresregel1",
            "adressering.adresregel2",
            "adressering.adresregel3",
            "adressering.land",
        ],
        "gemeenteVanInschrijving": "0150",
    }
    assert persoon.bsn == "999990007"
    assert persoon.groepen == {"naam", "geboorte", "adres"}
    assert persoon.volledige_naam == "Suzanne Moulin"
    assert persoon.adres is not None
    assert (persoon.adres.straat, persoon.adres.huisnummer) == ("Brink", 12)
    assert (persoon.adres.postcode, persoon.adres.woonplaats) == ("7411BS", "Deventer")
    assert persoon.gezag is None


def test_search_by_postcode_and_huisnummer_finds_the_household(regio, registerdubbels):
    personen = personen_zoeken(
        bevraging(regio["olst-wijhe"], "JEUGDHULP"), postcode="8131 ba", huisnummer=41
    )

    verzoek = registerdubbels.verzoeken("brp")[0]
    valideer_brp_verzoek(verzoek.body)
    assert verzoek.body["type"] == "ZoekMetPostcodeEnHuisnummer"
    assert (verzoek.body["postcode"], verzoek.body["huisnummer"]) == ("8131BA", 41)
    assert sorted(p.bsn for p in personen) == ["999990214", "999990251"]
    rij = Inzage.objects.get()
    assert rij.omschrijving.startswith("BRP ZoekMetPostcodeEnHuisnummer (postcode, huisnummer)")
    assert "8131" not in rij.omschrijving  # the criteria's kind, not their values
    assert rij.omschrijving.endswith("uitkomst: 2 gevonden: " + ", ".join(p.bsn for p in personen))
    assert rij.bsn == ""  # several found: the row names them all


def test_a_search_that_finds_one_person_logs_the_bsn(regio, registerdubbels):
    personen_zoeken(
        bevraging(regio["deventer"]), geslachtsnaam="Moulin", geboortedatum=date(1985, 3, 14)
    )

    assert Inzage.objects.get().bsn == "999990007"


def test_a_search_outside_the_gemeente_says_it_looked_in_the_gemeente_only(regio, registerdubbels):
    with pytest.raises(BuitenBereik) as fout:
        personen_zoeken(
            bevraging(regio["raalte"]), geslachtsnaam="Moulin", geboortedatum=date(1985, 3, 14)
        )

    assert fout.value.bericht == (
        "Geen persoon gevonden in Raalte. Het doel van dit zaaktype staat alleen zoeken naar "
        "inwoners van Raalte toe."
    )
    assert registerdubbels.verzoeken("brp")[0].body["gemeenteVanInschrijving"] == "0177"
    # The search was made: the log says what it found, not that it was refused.
    assert Inzage.objects.get().omschrijving.endswith("uitkomst: niemand gevonden")


@pytest.mark.parametrize(
    "criteria",
    [
        {"geslachtsnaam": "Moulin", "geboortedatum": date(1985, 3, 14)},
        {"postcode": "7411BS", "huisnummer": 12},
    ],
)
def test_a_purpose_for_all_of_nederland_allows_no_search(regio, registerdubbels, criteria):
    """Parkeervergunning may look up anyone by BSN, but not ask who lives at an address or
    bears a name anywhere in the country."""
    vraag = bevraging(regio["raalte"], "PARKEERVERGUNNING")

    with pytest.raises(GeenDoelbinding) as fout:
        personen_zoeken(vraag, **criteria)

    assert fout.value.bericht == (
        "Voor dit zaaktype mag u een persoon alleen op BSN opvragen: het doel staat geen zoeken "
        "op naam of adres in heel Nederland toe."
    )
    assert registerdubbels.verzoeken("brp") == []
    rij = Inzage.objects.get()
    assert str(rij.zaak_uuid) == vraag.zaak_uuid
    assert "doelbinding BRPACT-Parkeren" in rij.omschrijving
    assert rij.omschrijving.endswith(
        "zaaktype PARKEERVERGUNNING · uitkomst: geweigerd: geen doelbinding"
    )


@pytest.mark.parametrize(
    ("criteria", "bericht"),
    [
        ({"geslachtsnaam": "Moulin"}, "Zoek op achternaam en geboortedatum, of op postcode en "
         "huisnummer."),
        ({"postcode": "7411", "huisnummer": 12}, "Vul een postcode in als 1234 AB."),
        ({"postcode": "7411BS"}, "Vul een huisnummer in (1 tot en met 99999)."),
        ({"geslachtsnaam": "Mo<script>", "geboortedatum": date(1985, 3, 14)},
         "De achternaam bevat tekens die de BRP niet kent; een * mag na ten minste 3 letters."),
    ],
)  # fmt: skip
def test_incomplete_or_invalid_criteria_send_nothing(regio, registerdubbels, criteria, bericht):
    with pytest.raises(OngeldigeInvoer) as fout:
        personen_zoeken(bevraging(regio["deventer"]), **criteria)

    assert fout.value.bericht == bericht
    assert registerdubbels.verzoeken("brp") == []
    assert Inzage.objects.get().omschrijving.endswith("uitkomst: geweigerd: ongeldige invoer")


def test_a_search_without_purpose_is_refused(regio, registerdubbels):
    with pytest.raises(GeenDoelbinding):
        personen_zoeken(bevraging(regio["deventer"], "DATALEK"), postcode="7411BS", huisnummer=12)

    assert registerdubbels.verzoeken("brp") == []
    assert Inzage.objects.count() == 1


def test_a_search_costs_three_queries(regio, registerdubbels, django_assert_num_queries):
    vraag = bevraging(regio["deventer"])

    with django_assert_num_queries(3):
        personen_zoeken(vraag, postcode="7411BS", huisnummer=12)
