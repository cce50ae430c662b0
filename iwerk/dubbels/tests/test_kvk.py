"""The KvK double: zoeken (v2), basisprofiel and vestigingsprofiel (v1) with KvK's field names."""

from __future__ import annotations

import requests

from iwerk.core.testing.registerdubbels import start

IJSSELVALLEI, BOUWBEDRIJF, DE_KWAST = "68750110", "69599084", "69599076"


def test_zoeken_by_kvk_nummer(vraag, registerdubbels):
    antwoord = vraag.kvk("/api/v2/zoeken", params={"kvkNummer": IJSSELVALLEI})

    assert antwoord.status_code == 200
    body = antwoord.json()
    assert (body["pagina"], body["resultatenPerPagina"], body["totaal"]) == (1, 10, 1)
    (resultaat,) = body["resultaten"]
    assert resultaat == {
        "kvkNummer": IJSSELVALLEI,
        "rsin": "857580000",
        "vestigingsnummer": "000041258731",
        "naam": "Evenementenbureau IJsselvallei B.V.",
        "adres": {
            "binnenlandsAdres": {
                "type": "bezoekadres",
                "straatnaam": "Keizerstraat",
                "huisnummer": 7,
                "postcode": "7411HE",
                "plaats": "Deventer",
            }
        },
        "type": "hoofdvestiging",
        "actief": "Ja",
        "_links": {
            "basisprofiel": {
                "href": f"{registerdubbels.kvk_url}/api/v1/basisprofielen/{IJSSELVALLEI}"
            },
            "vestigingsprofiel": {
                "href": f"{registerdubbels.kvk_url}/api/v1/vestigingsprofielen/000041258731"
            },
        },
    }


def test_zoeken_by_name_and_place(vraag):
    def namen(**params) -> list[str]:
        antwoord = vraag.kvk("/api/v2/zoeken", params=params)
        return [r["naam"] for r in antwoord.json().get("resultaten", [])]

    assert namen(naam="bouwbedrijf") == ["Sallands Bouwbedrijf"]
    assert namen(naam="salland") == ["Sallands Bouwbedrijf"]  # a handelsnaam
    assert namen(plaats="Raalte") == ["Sallands Bouwbedrijf"]
    assert namen(postcode="7411 HE", huisnummer="7") == ["Evenementenbureau IJsselvallei B.V."]


def test_dissolved_company_only_with_inactive_registrations(vraag):
    standaard = vraag.kvk("/api/v2/zoeken", params={"kvkNummer": DE_KWAST})
    inactief = vraag.kvk(
        "/api/v2/zoeken", params={"kvkNummer": DE_KWAST, "inclusiefInactieveRegistraties": "true"}
    )

    assert standaard.status_code == 404
    assert standaard.json() == {
        "fout": [{"code": "IPD5200", "omschrijving": "Er zijn geen resultaten gevonden."}]
    }
    assert inactief.json()["resultaten"][0]["actief"] == "Nee"


def test_basisprofiel(vraag):
    profiel = vraag.kvk(f"/api/v1/basisprofielen/{BOUWBEDRIJF}").json()

    assert profiel["kvkNummer"] == BOUWBEDRIJF
    assert profiel["naam"] == "Sallands Bouwbedrijf"
    assert profiel["materieleRegistratie"] == {"datumAanvang": "19980301"}
    assert profiel["handelsnamen"] == [
        {"naam": "Sallands Bouwbedrijf", "volgorde": 0},
        {"naam": "Bouwbedrijf Salland", "volgorde": 1},
    ]
    assert profiel["sbiActiviteiten"] == [
        {
            "sbiCode": "4120",
            "sbiOmschrijving": "Algemene burgerlijke en utiliteitsbouw",
            "indHoofdactiviteit": "Ja",
        }
    ]
    assert profiel["_embedded"]["eigenaar"] == {
        "rechtsvorm": "VennootschapOnderFirma",
        "uitgebreideRechtsvorm": "Vennootschap onder firma",
    }
    hoofdvestiging = profiel["_embedded"]["hoofdvestiging"]
    (adres,) = hoofdvestiging["adressen"]
    assert adres["volledigAdres"] == "Kanaalstraat 20 8102EE Raalte"
    assert (
        adres["straatnaam"],
        adres["huisnummer"],
        adres["postcode"],
        adres["plaats"],
        adres["land"],
    ) == (
        "Kanaalstraat",
        20,
        "8102EE",
        "Raalte",
        "Nederland",
    )
    assert "geoData" not in adres


def test_basisprofiel_with_geodata_names_the_bag_objects(vraag):
    profiel = vraag.kvk(f"/api/v1/basisprofielen/{IJSSELVALLEI}", params={"geoData": "true"}).json()

    geo = profiel["_embedded"]["hoofdvestiging"]["adressen"][0]["geoData"]
    assert geo["nummerAanduidingId"] == "0150200000100107"
    assert geo["addresseerbaarObjectId"] == "0150010000100107"
    assert 200_000 < geo["rijksdriehoekX"] < 215_000


def test_dissolved_company_has_its_end_date(vraag):
    profiel = vraag.kvk(f"/api/v1/basisprofielen/{DE_KWAST}", params={"geoData": "false"}).json()

    assert profiel["materieleRegistratie"] == {"datumAanvang": "20090315", "datumEinde": "20231231"}
    assert profiel["_embedded"]["eigenaar"]["rechtsvorm"] == "Eenmanszaak"


def test_unknown_and_malformed_numbers(vraag):
    onbekend = vraag.kvk("/api/v1/basisprofielen/12345678")
    fout = vraag.kvk("/api/v1/basisprofielen/1234567")
    zoek_fout = vraag.kvk("/api/v2/zoeken", params={"kvkNummer": "abc"})

    assert onbekend.status_code == 404
    assert onbekend.json()["fout"][0]["code"] == "IPD0005"
    assert fout.status_code == 400
    assert fout.json() == {
        "fout": [{"code": "IPD0004", "omschrijving": "Het KVK-nummer 1234567 is niet valide."}]
    }
    assert zoek_fout.status_code == 400


def test_vestigingsprofiel(vraag):
    profiel = vraag.kvk("/api/v1/vestigingsprofielen/000019876543").json()

    assert profiel["kvkNummer"] == BOUWBEDRIJF
    assert profiel["indHoofdvestiging"] == "Ja"


def test_apikey_is_required_when_the_server_has_one():
    server = start(sleutels={"kvk": "geheim"})
    try:
        url = f"{server.kvk_url}/api/v1/basisprofielen/{IJSSELVALLEI}"
        zonder = requests.get(url, timeout=5)
        goed = requests.get(url, headers={"apikey": "geheim"}, timeout=5)
    finally:
        server.stop()

    assert zonder.status_code == 401
    assert zonder.json()["fout"][0]["code"] == "IPD1000"
    assert goed.status_code == 200
