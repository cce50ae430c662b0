"""From the registers' JSON to what the channels get: only the groups asked, and what differs
from a rol's stored data."""

from __future__ import annotations

from datetime import date

from iwerk.basisregistraties.gegevens import Adres, Persoon
from iwerk.basisregistraties.services import omzetten
from iwerk.basisregistraties.services.bevragen import verschillen

BRP_PERSOON = {
    "burgerservicenummer": "999990214",
    "naam": {"voornamen": "Fatima", "voorvoegsel": "el", "geslachtsnaam": "Amrani"},
    "geboorte": {"datum": {"type": "Datum", "datum": "1988-11-20", "langFormaat": "20 november 1988"}},
    "geslacht": {"code": "V", "omschrijving": "vrouw"},
    "verblijfplaats": {
        "type": "Adres",
        "verblijfadres": {"officieleStraatnaam": "Langstraat", "huisnummer": 41,
                          "postcode": "8131BA", "woonplaats": "Wijhe"},
        "nummeraanduidingIdentificatie": "0175200000000041",
    },
    "gemeenteVanInschrijving": {"code": "0175", "omschrijving": "Olst-Wijhe"},
    "gezag": [{"type": "EenhoofdigOuderlijkGezag",
               "minderjarige": {"burgerservicenummer": "999990251",
                                "naam": {"volledigeNaam": "Yasmin el Amrani"}},
               "ouder": {"burgerservicenummer": "999990214",
                         "naam": {"volledigeNaam": "Fatima el Amrani"}}}],
    "partners": [{"burgerservicenummer": "999990263"}],
}  # fmt: skip


def test_only_the_groups_asked_are_read_even_when_the_register_sends_more():
    persoon = omzetten.persoon(BRP_PERSOON, ["naam"])

    assert persoon.volledige_naam == "Fatima el Amrani"
    assert persoon.adres is None and persoon.gezag is None and persoon.partners is None
    assert persoon.geboortedatum is None


def test_a_group_asked_but_empty_is_an_empty_value():
    persoon = omzetten.persoon({"burgerservicenummer": "999990214"}, ["gezag", "adres"])

    assert persoon.gezag == ()
    assert persoon.adres == Adres()


def test_gezag_and_dates():
    persoon = omzetten.persoon(BRP_PERSOON, ["geboorte", "gezag", "adres"])

    assert persoon.geboortedatum == date(1988, 11, 20)
    assert persoon.gezag is not None
    assert persoon.gezag[0].type == "EenhoofdigOuderlijkGezag"
    assert persoon.gezag[0].minderjarige_naam == "Yasmin el Amrani"
    assert persoon.gezag[0].gezaghouders_bsn == ("999990214",)
    assert persoon.adres is not None and persoon.adres.gemeentecode == "0175"


def test_a_date_with_only_a_year_is_no_date():
    assert omzetten.lees_datum({"type": "JaarDatum", "jaar": 1950, "langFormaat": "1950"}) is None
    assert omzetten.lees_datum("20231231") == date(2023, 12, 31)


def _moulin(**kwargs) -> Persoon:
    velden = {
        "bsn": "999990007",
        "groepen": frozenset({"naam", "adres", "geboorte"}),
        "voornamen": "Suzanne",
        "geslachtsnaam": "Moulin",
        "voorvoegsel": "",
        "geboortedatum": date(1985, 3, 14),
        "adres": Adres(straat="Brink", huisnummer=12, postcode="7411BS", woonplaats="Deventer"),
    }
    return Persoon(**(velden | kwargs))


OPGESLAGEN = {
    "inpBsn": "999990007",
    "geslachtsnaam": "Moulin",
    "voornamen": "Suzanne",
    "geboortedatum": "1985-03-14",
    "verblijfsadres": {
        "gorOpenbareRuimteNaam": "Brink",
        "aoaHuisnummer": 12,
        "aoaPostcode": "7411 BS",
        "wplWoonplaatsNaam": "DEVENTER",
    },
}


def test_no_differences():
    assert verschillen(_moulin(), OPGESLAGEN) == []


def test_a_moved_person_differs_in_address():
    verhuisd = Adres(straat="Keizerstraat", huisnummer=7, postcode="7411HE", woonplaats="Deventer")

    assert verschillen(_moulin(adres=verhuisd), OPGESLAGEN) == ["Adres"]


def test_differences_only_over_the_groups_asked():
    persoon = _moulin(geslachtsnaam="Jansen", groepen=frozenset({"adres"}), geboortedatum=None)

    assert verschillen(persoon, OPGESLAGEN) == []
    assert verschillen(_moulin(geslachtsnaam="Jansen"), OPGESLAGEN) == ["Naam"]


def test_what_the_rol_did_not_store_is_no_difference():
    assert verschillen(_moulin(), {"geslachtsnaam": "Moulin"}) == []
    assert verschillen(_moulin(), {"geboortedatum": "1985-03-15"}) == ["Geboortedatum en -plaats"]
