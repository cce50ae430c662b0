"""One server for three registers: the request log, faults on demand, routing."""

from __future__ import annotations

import time

import pytest
import requests

from iwerk.core.testing.registerdubbels import start, valideer_bag_antwoord, valideer_brp_antwoord
from iwerk.dubbels.tests.vragen import raadpleeg

ADRES = "/adressen/{nummeraanduidingIdentificatie}"


def test_request_log_per_register(registerdubbels):
    requests.post(
        registerdubbels.brp_url + "/personen",
        json=raadpleeg("999990007", fields=["naam"]),
        headers={"X-Doelbinding": "BRP-Wmo", "x-gebruiker": "behandelaar"},
        timeout=5,
    )
    requests.get(
        registerdubbels.bag_url + "/adressen",
        params={"postcode": "7411BS", "huisnummer": "12"},
        timeout=5,
    )

    (brp,) = registerdubbels.verzoeken("brp")
    assert (brp.method, brp.path) == ("POST", "/haalcentraal/api/brp/personen")
    assert brp.headers["x-doelbinding"] == "BRP-Wmo"  # names lower-cased
    assert brp.headers["x-gebruiker"] == "behandelaar"
    assert brp.body == raadpleeg("999990007", fields=["naam"])
    (bag,) = registerdubbels.verzoeken("bag")
    assert bag.query == {"postcode": "7411BS", "huisnummer": "12"}
    assert bag.body is None
    assert registerdubbels.verzoeken("kvk") == []

    registerdubbels.wis()
    assert registerdubbels.verzoeken("brp") == []


def test_herstel_ends_every_storing_and_the_delay(registerdubbels):
    registerdubbels.storing("bag", "503")
    registerdubbels.traag_seconden = 0.1

    registerdubbels.herstel()

    assert requests.get(registerdubbels.bag_url + "/adressen/0150200000100012", timeout=5).ok
    assert registerdubbels.traag_seconden == 3.0


def test_storing_503_and_500_in_each_registers_error_format(registerdubbels):
    registerdubbels.storing("brp", "503")
    registerdubbels.storing("bag", "503")
    registerdubbels.storing("kvk", "500")

    brp = requests.post(
        registerdubbels.brp_url + "/personen", json=raadpleeg("999990007"), timeout=5
    )
    bag = requests.get(registerdubbels.bag_url + "/adressen/0150200000100012", timeout=5)
    kvk = requests.get(registerdubbels.kvk_url + "/api/v1/basisprofielen/68750110", timeout=5)

    assert brp.status_code == 503
    assert brp.json()["title"] == "Bronservice BRP is tijdelijk niet beschikbaar."
    valideer_brp_antwoord(503, brp.json())
    assert bag.status_code == 503
    assert bag.json()["code"] == "sourceUnavailable"
    valideer_bag_antwoord(ADRES, 503, bag.json())
    assert kvk.status_code == 500
    assert kvk.json()["fout"][0]["code"]
    # The request was received and logged all the same.
    assert len(registerdubbels.verzoeken("brp")) == 1


def test_storing_ends_and_other_registers_stay_well(registerdubbels):
    registerdubbels.storing("bag", "503")
    assert requests.post(
        registerdubbels.brp_url + "/personen", json=raadpleeg("999990007"), timeout=5
    ).ok

    registerdubbels.storing("bag", None)
    assert requests.get(registerdubbels.bag_url + "/adressen/0150200000100012", timeout=5).ok


def test_storing_traag_answers_after_the_delay(registerdubbels):
    registerdubbels.traag_seconden = 0.6
    registerdubbels.storing("brp", "traag")
    url = registerdubbels.brp_url + "/personen"

    with pytest.raises(requests.Timeout):
        requests.post(url, json=raadpleeg("999990007"), timeout=0.2)
    begin = time.monotonic()
    antwoord = requests.post(url, json=raadpleeg("999990007"), timeout=5)

    assert antwoord.status_code == 200
    assert time.monotonic() - begin >= 0.6


def test_storing_onzin_is_a_200_without_json(registerdubbels):
    registerdubbels.storing("kvk", "onzin")

    antwoord = requests.get(registerdubbels.kvk_url + "/api/v1/basisprofielen/68750110", timeout=5)

    assert antwoord.status_code == 200
    with pytest.raises(ValueError):
        antwoord.json()


def test_unknown_register_or_storing_is_refused(registerdubbels):
    with pytest.raises(ValueError):
        registerdubbels.storing("brk", "503")
    with pytest.raises(ValueError):
        registerdubbels.storing("brp", "kapot")


def test_storing_over_http_only_when_started_with_storingen(registerdubbels):
    geweigerd = requests.post(
        registerdubbels.url + "/_dubbels/storing",
        json={"register": "bag", "soort": "503"},
        timeout=5,
    )
    assert geweigerd.status_code == 403

    server = start(storingen_via_http=True)
    try:
        gezet = requests.post(
            server.url + "/_dubbels/storing", json={"register": "bag", "soort": "503"}, timeout=5
        )
        gestoord = requests.get(server.bag_url + "/adressen/0150200000100012", timeout=5)
        requests.post(
            server.url + "/_dubbels/storing", json={"register": "bag", "soort": None}, timeout=5
        )
        hersteld = requests.get(server.bag_url + "/adressen/0150200000100012", timeout=5)
        onzin = requests.post(server.url + "/_dubbels/storing", json={"register": "x"}, timeout=5)
    finally:
        server.stop()

    assert gezet.status_code == 200
    assert (gestoord.status_code, hersteld.status_code, onzin.status_code) == (503, 200, 400)


def test_unknown_path_and_wrong_method(registerdubbels):
    niets = requests.get(registerdubbels.url + "/elders", timeout=5)
    onbekend = requests.get(registerdubbels.bag_url + "/panden/0150100000100012", timeout=5)
    methode = requests.get(registerdubbels.brp_url + "/personen", timeout=5)

    assert niets.status_code == 404
    assert onbekend.status_code == 404
    valideer_bag_antwoord(ADRES, 404, onbekend.json())
    assert methode.status_code == 405


def test_urls_of_the_running_server_are_in_the_settings(registerdubbels, settings):
    ingesteld = (settings.IWERK_BRP_URL, settings.IWERK_BAG_URL, settings.IWERK_KVK_URL)

    assert ingesteld == (
        f"http://127.0.0.1:{registerdubbels.port}/haalcentraal/api/brp",
        f"http://127.0.0.1:{registerdubbels.port}/lvbag/individuelebevragingen/v2",
        f"http://127.0.0.1:{registerdubbels.port}/kvk",
    )
