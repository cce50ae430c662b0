"""The BAG double answers as BAG API Individuele Bevragingen 2.0.0 (answers checked against the
OAS by `vraag.bag`)."""

from __future__ import annotations

import pytest
import requests

from iwerk.core.testing.registerdubbels import start, valideer_bag_antwoord

ADRESSEN = "/adressen"
ADRES = "/adressen/{nummeraanduidingIdentificatie}"
OBJECT = "/adresseerbareobjecten/{adresseerbaarObjectIdentificatie}"
RD = {"Accept-Crs": "epsg:28992"}


def _adressen(antwoord) -> list[dict]:
    return antwoord.json().get("_embedded", {}).get("adressen", [])


def test_postcode_and_huisnummer_give_the_hal_address(vraag, registerdubbels):
    antwoord = vraag.bag(ADRESSEN, ADRESSEN, params={"postcode": "7411BS", "huisnummer": 12})

    assert antwoord.status_code == 200
    assert antwoord.headers["Content-Type"] == "application/hal+json"
    assert antwoord.json()["_links"]["self"]["href"] == (
        f"{registerdubbels.bag_url}/adressen?postcode=7411BS&huisnummer=12"
    )
    (adres,) = _adressen(antwoord)
    assert {k: v for k, v in adres.items() if k != "_links"} == {
        "openbareRuimteNaam": "Brink",
        "korteNaam": "Brink",
        "huisnummer": 12,
        "postcode": "7411BS",
        "woonplaatsNaam": "Deventer",
        "nummeraanduidingIdentificatie": "0150200000100012",
        "openbareRuimteIdentificatie": "0150300000100001",
        "woonplaatsIdentificatie": "2540",
        "adresseerbaarObjectIdentificatie": "0150010000100012",
        "pandIdentificaties": ["0150100000100012"],
        "adresregel5": "Brink 12",
        "adresregel6": "7411 BS  DEVENTER",
    }
    assert adres["_links"]["self"]["href"] == f"{registerdubbels.bag_url}/adressen/0150200000100012"


def test_two_toevoegingen_on_one_number_and_exacte_match(vraag):
    def zoek(**params) -> list[str]:
        antwoord = vraag.bag(
            ADRESSEN, ADRESSEN, params={"postcode": "7411JB", "huisnummer": 51, **params}
        )
        return [a["adresregel5"] for a in _adressen(antwoord)]

    assert zoek() == ["Assenstraat 51-1", "Assenstraat 51-2"]
    assert zoek(huisnummertoevoeging="2") == ["Assenstraat 51-2"]
    assert zoek(exacteMatch="true") == []  # no address without a toevoeging there


def test_huisletter_and_exacte_match(vraag):
    def zoek(**params) -> list[str]:
        antwoord = vraag.bag(
            ADRESSEN, ADRESSEN, params={"postcode": "7411GL", "huisnummer": 20, **params}
        )
        return [a["adresregel5"] for a in _adressen(antwoord)]

    assert zoek() == ["Walstraat 20", "Walstraat 20 A"]
    assert zoek(exacteMatch="true") == ["Walstraat 20"]
    assert zoek(huisletter="a") == ["Walstraat 20 A"]


def test_no_result_is_a_200_without_a_collection(vraag):
    antwoord = vraag.bag(ADRESSEN, ADRESSEN, params={"postcode": "7411BS", "huisnummer": 999})

    assert antwoord.status_code == 200
    assert "_embedded" not in antwoord.json()


@pytest.mark.parametrize("postcode", ["7411 BS", "0411BS", "7411B"])
def test_bad_postcode_is_a_400_with_invalid_params(vraag, postcode):
    antwoord = vraag.bag(ADRESSEN, ADRESSEN, params={"postcode": postcode, "huisnummer": 12})

    assert antwoord.status_code == 400
    assert antwoord.headers["Content-Type"] == "application/problem+json"
    fout = antwoord.json()
    assert (fout["code"], fout["title"]) == (
        "paramsValidation",
        "Een of meerdere parameters zijn niet correct.",
    )
    assert fout["invalidParams"] == [
        {
            "type": "https://www.vng.nl/realisatie/api/validaties/pattern",
            "name": "postcode",
            "code": "pattern",
            "reason": "Waarde voldoet niet aan patroon ^[1-9]{1}[0-9]{3}[a-zA-Z]{2}$.",
        }
    ]


def test_missing_or_half_parameters_are_400(vraag):
    geen = vraag.bag(ADRESSEN, ADRESSEN)
    half = vraag.bag(ADRESSEN, ADRESSEN, params={"postcode": "7411BS"})
    letters = vraag.bag(ADRESSEN, ADRESSEN, params={"postcode": "7411BS", "huisnummer": "a"})

    assert geen.json()["code"] == "paramsRequired"
    assert half.json()["code"] == "paramsCombination"
    assert letters.json()["invalidParams"][0]["code"] == "integer"


def test_paging_links_as_the_feature_describes(vraag):
    antwoord = vraag.bag(
        ADRESSEN, ADRESSEN, params={"pandIdentificatie": "0150100000100120", "pageSize": 10}
    )
    assert antwoord.headers["X-Pagination-Page"] == "1"
    assert set(antwoord.json()["_links"]) == {"self"}

    voorbij = vraag.bag(
        ADRESSEN, ADRESSEN, params={"postcode": "7411BS", "huisnummer": 12, "page": 2}
    )
    assert voorbij.status_code == 400
    assert voorbij.json()["invalidParams"][0]["name"] == "page"


def test_address_by_nummeraanduiding_and_404(vraag):
    antwoord = vraag.bag("/adressen/0175200000300041", ADRES)
    onbekend = vraag.bag("/adressen/0175200000399999", ADRES)
    fout = vraag.bag("/adressen/017520000030004", ADRES)

    assert antwoord.status_code == 200
    assert antwoord.json()["adresregel6"] == "8131 BA  WIJHE"
    assert onbekend.status_code == 404
    assert (onbekend.json()["code"], onbekend.json()["title"]) == (
        "notFound",
        "Opgevraagde resource bestaat niet.",
    )
    assert fout.status_code == 400
    assert fout.json()["invalidParams"][0]["name"] == "nummeraanduidingidentificatie"


def test_verblijfsobject_with_its_point_in_rd(vraag):
    antwoord = vraag.bag("/adresseerbareobjecten/0175010000300041", OBJECT, headers=RD)

    assert antwoord.status_code == 200
    assert antwoord.headers["Content-Crs"] == "epsg:28992"
    object_ = antwoord.json()["verblijfsobject"]["verblijfsobject"]
    assert object_["heeftAlsHoofdAdres"] == "0175200000300041"
    x, y, _ = object_["geometrie"]["punt"]["coordinates"]
    # Wijhe, roughly: RD x 200–215 km, y 480–495 km.
    assert 200_000 < x < 215_000 and 480_000 < y < 495_000


def test_verblijfsobject_needs_accept_crs(vraag):
    zonder = vraag.bag("/adresseerbareobjecten/0175010000300041", OBJECT)
    wgs84 = vraag.bag(
        "/adresseerbareobjecten/0175010000300041", OBJECT, headers={"Accept-Crs": "epsg:4326"}
    )
    onbekend = vraag.bag("/adresseerbareobjecten/0175010000399999", OBJECT, headers=RD)

    assert (zonder.status_code, zonder.json()["code"]) == (412, "acceptCrsMissing")
    assert (wgs84.status_code, wgs84.json()["code"]) == (406, "crsNotAcceptable")
    assert onbekend.status_code == 404


def test_accept_header_other_than_hal_is_406(vraag):
    antwoord = vraag.bag("/adressen/0175200000300041", ADRES, headers={"Accept": "application/xml"})

    assert (antwoord.status_code, antwoord.json()["code"]) == (406, "notAcceptable")


# Features/adresregels.feature and Getting started.md of the BAG API: the official examples and
# the address lines the API gives for them.
OFFICIEEL = [
    ("0957200000021241", "A K vd Coppellostr 8", "6049 HD  HERTEN"),
    ("0344200000004821", "Blauwkapelseweg 1 A", "3572 KA  UTRECHT"),
    ("0417200000000354", "Burg v N v Sevenaerstr 1 BEN", "1251 KD  LAREN"),
    ("0289200000017214", "Bornsesteeg 1-5A3", "6708 GA  WAGENINGEN"),
    ("0118200000264072", "Defensieweg 16 DK", "7933 TL  PESSE"),
    ("0484200002040489", "Belgiëlaan 1 A3", "2391 PH  HAZERSWOUDE-DORP"),
    ("0518200001661726", "Zorgvlietstraat 4 T", "'S-GRAVENHAGE"),
    ("1926200000508011", "Dorpsstraat 15 c", "2631 CR  NOOTDORP"),
]


@pytest.mark.parametrize("ident, regel5, regel6", OFFICIEEL)
def test_address_lines_of_the_official_examples(vraag, ident, regel5, regel6):
    adres = vraag.bag(f"/adressen/{ident}", ADRES).json()

    assert (adres["adresregel5"], adres["adresregel6"]) == (regel5, regel6)


def test_api_key_is_required_when_the_server_has_one():
    server = start(sleutels={"bag": "geheim"})
    try:
        url = server.bag_url + "/adressen/0175200000300041"
        zonder = requests.get(url, timeout=5)
        fout = requests.get(url, headers={"X-Api-Key": "fout"}, timeout=5)
        goed = requests.get(url, headers={"X-Api-Key": "geheim"}, timeout=5)
    finally:
        server.stop()

    assert (zonder.status_code, fout.status_code, goed.status_code) == (401, 403, 200)
    valideer_bag_antwoord(ADRES, 401, zonder.json())
    valideer_bag_antwoord(ADRES, 403, fout.json())


def test_the_validator_reads_kortnaam_as_kortenaam():
    adres = {
        "openbareRuimteNaam": "Brink",
        "huisnummer": 12,
        "woonplaatsNaam": "Deventer",
        "nummeraanduidingIdentificatie": "0150200000100012",
        "openbareRuimteIdentificatie": "0150300000100001",
        "woonplaatsIdentificatie": "2540",
    }
    valideer_bag_antwoord(ADRES, 200, {**adres, "korteNaam": "Brink"})
    with pytest.raises(AssertionError, match="korteNaam"):
        valideer_bag_antwoord(ADRES, 200, adres)


def test_every_demo_resident_lives_at_an_address_the_bag_knows(vraag):
    bsns = ["999990007", "999990056", "999990214", "999990251"]
    body = {
        "type": "RaadpleegMetBurgerservicenummer",
        "burgerservicenummer": bsns,
        "fields": ["verblijfplaats"],
    }
    for persoon in vraag.brp(body).json()["personen"]:
        plaats = persoon["verblijfplaats"]
        adres = vraag.bag(f"/adressen/{plaats['nummeraanduidingIdentificatie']}", ADRES).json()
        brp_adres = plaats["verblijfadres"]
        assert (
            adres["openbareRuimteNaam"],
            adres["huisnummer"],
            adres["postcode"],
            adres["woonplaatsNaam"],
        ) == (
            brp_adres["officieleStraatnaam"],
            brp_adres["huisnummer"],
            brp_adres["postcode"],
            brp_adres["woonplaats"],
        )
        assert (
            adres["adresseerbaarObjectIdentificatie"] == plaats["adresseerbaarObjectIdentificatie"]
        )
