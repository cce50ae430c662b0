"""The BRP double answers POST /personen as BRP API Personen 2.7.0 does (answers checked against
the OAS by `vraag.brp`)."""

from __future__ import annotations

import pytest
import requests

from iwerk.core.testing.registerdubbels import start, valideer_brp_antwoord, valideer_brp_verzoek
from iwerk.dubbels.tests.vragen import raadpleeg

SUZANNE, PIETER, FATIMA, YASMIN = "999990007", "999990056", "999990214", "999990251"
OVERLEDEN = "999970239"  # Simone Saasveld, an official test person who died (opschorting O)


def test_demo_resident_with_name_birth_and_address(vraag):
    body = raadpleeg(
        SUZANNE,
        fields=["naam", "geboorte", "geslacht", "verblijfplaats", "gemeenteVanInschrijving"],
    )
    valideer_brp_verzoek(body)
    antwoord = vraag.brp(body)

    assert antwoord.status_code == 200
    assert antwoord.headers["Content-Type"] == "application/json; charset=utf-8"
    (persoon,) = antwoord.json()["personen"]
    assert persoon["naam"]["volledigeNaam"] == "Suzanne Moulin"
    assert persoon["naam"]["voorletters"] == "S."
    assert persoon["geboorte"]["datum"] == {
        "type": "Datum",
        "datum": "1985-03-14",
        "langFormaat": "14 maart 1985",
    }
    assert persoon["geslacht"] == {"code": "V", "omschrijving": "vrouw"}
    assert persoon["verblijfplaats"]["type"] == "Adres"
    assert persoon["verblijfplaats"]["verblijfadres"] == {
        "officieleStraatnaam": "Brink",
        "korteStraatnaam": "Brink",
        "huisnummer": 12,
        "postcode": "7411BS",
        "woonplaats": "Deventer",
    }
    assert persoon["verblijfplaats"]["nummeraanduidingIdentificatie"] == "0150200000100012"
    assert persoon["verblijfplaats"]["adresseerbaarObjectIdentificatie"] == "0150010000100012"
    assert persoon["gemeenteVanInschrijving"] == {"code": "0150", "omschrijving": "Deventer"}
    # Not asked, not given: the burgerservicenummer either.
    assert set(persoon) == {
        "naam",
        "geboorte",
        "geslacht",
        "verblijfplaats",
        "gemeenteVanInschrijving",
    }


def test_gezag_of_parent_and_child_agree(vraag):
    body = raadpleeg(FATIMA, YASMIN, fields=["burgerservicenummer", "gezag", "kinderen", "ouders"])
    fatima, yasmin = vraag.brp(body).json()["personen"]

    relatie = {
        "type": "EenhoofdigOuderlijkGezag",
        "minderjarige": {
            "burgerservicenummer": YASMIN,
            "naam": {"volledigeNaam": "Yasmin el Amrani"},
            "leeftijd": yasmin_leeftijd(vraag),
        },
        "ouder": {"burgerservicenummer": FATIMA, "naam": {"volledigeNaam": "Fatima el Amrani"}},
    }
    assert fatima["gezag"] == [relatie]
    assert yasmin["gezag"] == [relatie]
    assert [k["burgerservicenummer"] for k in fatima["kinderen"]] == [YASMIN]
    assert [o["burgerservicenummer"] for o in yasmin["ouders"]] == [FATIMA]


def yasmin_leeftijd(vraag) -> int:
    return vraag.brp(raadpleeg(YASMIN, fields=["leeftijd"])).json()["personen"][0]["leeftijd"]


def test_adressering_follows_the_address(vraag):
    (persoon,) = vraag.brp(raadpleeg(PIETER, fields=["adressering"])).json()["personen"]

    assert persoon["adressering"] == {
        "aanhef": "Geachte heer De Boer",
        "aanschrijfwijze": {"naam": "P. de Boer"},
        "gebruikInLopendeTekst": "de heer De Boer",
        "adresregel1": "Grotestraat 3",
        "adresregel2": "8101 CZ  RAALTE",
    }


def test_dotted_fields_give_only_that_part_with_the_type_of_its_object(vraag):
    body = raadpleeg(SUZANNE, fields=["geboorte.datum", "verblijfplaats.verblijfadres.postcode"])
    (persoon,) = vraag.brp(body).json()["personen"]

    assert persoon == {
        "geboorte": {
            "datum": {"type": "Datum", "datum": "1985-03-14", "langFormaat": "14 maart 1985"}
        },
        "verblijfplaats": {"type": "Adres", "verblijfadres": {"postcode": "7411BS"}},
    }


def test_unknown_bsn_is_an_empty_answer_not_a_404(vraag):
    antwoord = vraag.brp(raadpleeg("999990330"))  # passes the elfproef, in no data set

    assert antwoord.status_code == 200
    assert antwoord.json() == {"type": "RaadpleegMetBurgerservicenummer", "personen": []}


@pytest.mark.parametrize("bsn", ["12345678", "12345678a", "1234567890"])
def test_malformed_bsn_is_a_400_with_invalid_params(vraag, bsn):
    antwoord = vraag.brp(raadpleeg(bsn))

    assert antwoord.status_code == 400
    assert antwoord.headers["Content-Type"] == "application/problem+json"
    fout = antwoord.json()
    assert (fout["status"], fout["code"]) == (400, "paramsValidation")
    assert fout["invalidParams"] == [
        {
            "type": "https://www.vng.nl/realisatie/api/validaties/pattern",
            "name": "burgerservicenummer",
            "code": "pattern",
            "reason": "Waarde voldoet niet aan patroon.",
        }
    ]


@pytest.mark.parametrize(
    "veld",
    [
        "geboorte.datumx",  # no such field
        "rni",  # delivered by itself: may not be asked
        "naam.inOnderzoek",
    ],
)
def test_field_the_answer_does_not_know_is_a_400(vraag, veld):
    antwoord = vraag.brp(raadpleeg(SUZANNE, fields=["naam", veld]))

    assert antwoord.status_code == 400
    assert antwoord.json()["invalidParams"][0]["name"] == "fields"
    assert antwoord.json()["invalidParams"][0]["code"] == "field"


def test_zoek_answers_persoon_beperkt_so_verblijfplaats_is_no_field_there(vraag):
    body = {
        "type": "ZoekMetPostcodeEnHuisnummer",
        "postcode": "8131BA",
        "huisnummer": 41,
        "fields": ["naam", "verblijfplaats"],
    }
    assert vraag.brp(body).status_code == 400


def test_unknown_parameter_and_missing_fields_are_400(vraag):
    onbekend = vraag.brp(raadpleeg(SUZANNE, bsn=SUZANNE))
    zonder_fields = vraag.brp(
        {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": [SUZANNE]}
    )
    onbekend_type = vraag.brp({"type": "Raadpleeg", "fields": ["naam"]})

    assert onbekend.json()["invalidParams"] == [
        {
            "type": "https://www.vng.nl/realisatie/api/validaties/unknownparam",
            "name": "bsn",
            "code": "unknownParam",
            "reason": "Parameter is niet verwacht.",
        }
    ]
    assert zonder_fields.json()["invalidParams"][0]["name"] == "fields"
    assert zonder_fields.json()["invalidParams"][0]["code"] == "required"
    assert onbekend_type.json()["invalidParams"][0]["name"] == "type"


def test_wrong_content_type_is_415(vraag, registerdubbels):
    antwoord = requests.post(
        registerdubbels.brp_url + "/personen",
        data="type=RaadpleegMetBurgerservicenummer",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=10,
    )

    assert antwoord.status_code == 415
    assert antwoord.json()["code"] == "unsupported"
    valideer_brp_antwoord(415, antwoord.json())


def test_accept_without_json_is_406(vraag):
    antwoord = vraag.brp(raadpleeg(SUZANNE), headers={"Accept": "text/html"})

    assert (antwoord.status_code, antwoord.json()["code"]) == (406, "notAcceptable")


def test_api_key_when_the_server_has_one():
    server = start(sleutels={"brp": "geheim"})
    try:
        url = server.brp_url + "/personen"
        zonder = requests.post(url, json=raadpleeg(SUZANNE), timeout=5)
        goed = requests.post(
            url, json=raadpleeg(SUZANNE), headers={"X-API-KEY": "geheim"}, timeout=5
        )
    finally:
        server.stop()

    assert (zonder.status_code, goed.status_code) == (401, 200)
    valideer_brp_antwoord(401, zonder.json())


def test_gemeente_van_inschrijving_filters_the_persons(vraag):
    body = raadpleeg(SUZANNE, PIETER, gemeenteVanInschrijving="0177")

    personen = vraag.brp(body).json()["personen"]

    assert personen == [{"burgerservicenummer": PIETER}]


def test_zoek_met_postcode_en_huisnummer_finds_the_household(vraag):
    body = {
        "type": "ZoekMetPostcodeEnHuisnummer",
        "postcode": "8131 ba",
        "huisnummer": 41,
        "fields": ["burgerservicenummer", "naam.volledigeNaam", "adressering", "geboorte"],
    }
    valideer_brp_verzoek(body)
    antwoord = vraag.brp(body).json()

    assert antwoord["type"] == "ZoekMetPostcodeEnHuisnummer"
    assert [p["burgerservicenummer"] for p in antwoord["personen"]] == [FATIMA, YASMIN]
    # PersoonBeperkt: geboorte has only its datum, adressering no aanhef.
    assert set(antwoord["personen"][0]["geboorte"]) == {"datum"}
    assert antwoord["personen"][0]["adressering"] == {
        "adresregel1": "Langstraat 41",
        "adresregel2": "8131 BA  WIJHE",
    }


def test_zoek_met_geslachtsnaam_en_geboortedatum_with_and_without_wildcard(vraag):
    def zoek(naam: str, **extra) -> list[str]:
        body = {
            "type": "ZoekMetGeslachtsnaamEnGeboortedatum",
            "geslachtsnaam": naam,
            "geboortedatum": "1952-06-02",
            "fields": ["burgerservicenummer"],
            **extra,
        }
        return [p["burgerservicenummer"] for p in vraag.brp(body).json()["personen"]]

    assert zoek("boer") == [PIETER]
    assert zoek("Boe*") == [PIETER]
    assert zoek("Boer", voorvoegsel="de", geslacht="M") == [PIETER]
    assert zoek("Boer", geslacht="V") == []
    assert zoek("Boerman") == []


def test_zoek_leaves_out_the_dead_unless_asked(vraag):
    mock = vraag.brp(raadpleeg(OVERLEDEN, fields=["naam", "geboorte"])).json()["personen"][0]
    body = {
        "type": "ZoekMetGeslachtsnaamEnGeboortedatum",
        "geslachtsnaam": mock["naam"]["geslachtsnaam"],
        "geboortedatum": mock["geboorte"]["datum"]["datum"],
        "fields": ["burgerservicenummer"],
    }

    zonder = vraag.brp(body).json()["personen"]
    met = vraag.brp({**body, "inclusiefOverledenPersonen": True}).json()["personen"]

    assert OVERLEDEN not in [p["burgerservicenummer"] for p in zonder]
    assert OVERLEDEN in [p["burgerservicenummer"] for p in met]


def test_raadpleeg_always_gives_the_dead_with_their_opschorting(vraag):
    (persoon,) = vraag.brp(raadpleeg(OVERLEDEN, fields=["overlijden"])).json()["personen"]

    assert persoon["overlijden"]["datum"]["type"] in {"Datum", "JaarDatum", "JaarMaandDatum"}
    # Delivered without being asked (an automatic field).
    assert persoon["opschortingBijhouding"]["reden"]["code"] == "O"


def test_every_zoek_type_of_the_spec_is_answered(vraag):
    bodies = [
        {
            "type": "ZoekMetNaamEnGemeenteVanInschrijving",
            "geslachtsnaam": "Amrani",
            "voornamen": "Fat*",
            "gemeenteVanInschrijving": "0175",
        },
        {
            "type": "ZoekMetStraatHuisnummerEnGemeenteVanInschrijving",
            "straat": "Langstraat",
            "huisnummer": 41,
            "gemeenteVanInschrijving": "0175",
        },
        {
            "type": "ZoekMetNummeraanduidingIdentificatie",
            "nummeraanduidingIdentificatie": "0175200000300041",
        },
        {
            "type": "ZoekMetAdresseerbaarObjectIdentificatie",
            "adresseerbaarObjectIdentificatie": "0175010000300041",
        },
    ]
    for body in bodies:
        body["fields"] = ["burgerservicenummer"]
        valideer_brp_verzoek(body)
        gevonden = {p["burgerservicenummer"] for p in vraag.brp(body).json()["personen"]}
        assert FATIMA in gevonden, body["type"]
