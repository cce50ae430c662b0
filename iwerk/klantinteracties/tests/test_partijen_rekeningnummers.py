"""rekeningnummers (IBAN, BIC, the partij's voorkeur) and vertegenwoordigingen."""

import pytest

from iwerk.core.testing.klantinteracties import BASE, ki_client
from iwerk.klantinteracties.services.partij_rekeningnummers import iban_geldig

pytestmark = pytest.mark.django_db
REKENINGEN = f"{BASE}/rekeningnummers"
VERTEGENWOORDIGINGEN = f"{BASE}/vertegenwoordigingen"
IBAN = "NL91ABNA0417164300"


def fout(antwoord):
    assert antwoord.status_code == 400, antwoord.content
    return {(p["name"], p["code"]) for p in antwoord.json()["invalidParams"]}


@pytest.fixture
def deventer(gemeenten):
    return ki_client(gemeenten["deventer"])


def _partij(api, naam="Jansen"):
    return api.post(
        f"{BASE}/partijen",
        {
            "soortPartij": "persoon",
            "indicatieActief": True,
            "partijIdentificatie": {"contactnaam": {"achternaam": naam}},
        },
    ).json()


def test_iban_check_digits_iso_13616():
    assert iban_geldig(IBAN)
    assert iban_geldig("nl91abna0417164300")
    assert iban_geldig("DE89370400440532013000")
    assert not iban_geldig("NL92ABNA0417164300")
    assert not iban_geldig("NL91 ABNA 0417 1643 00")


def test_iban_and_bic_are_checked(deventer):
    assert fout(deventer.post(REKENINGEN, {"iban": "NL92ABNA0417164300"})) == {("iban", "invalid")}
    assert fout(deventer.post(REKENINGEN, {"iban": "NL91-ABNA"})) == {("iban", "invalid")}
    assert fout(deventer.post(REKENINGEN, {"iban": IBAN, "bic": "ABNANL2AX"})) == {
        ("bic", "invalid")
    }
    assert fout(deventer.post(REKENINGEN, {"iban": IBAN, "bic": "ABNA NL2A"})) == {
        ("bic", "invalid")
    }
    assert deventer.post(REKENINGEN, {"iban": IBAN, "bic": "ABNANL2A"}).status_code == 201
    assert deventer.post(REKENINGEN, {"iban": IBAN, "bic": "ABNANL2AXXX"}).status_code == 201


def test_a_rekeningnummer_leaving_its_partij_stops_being_its_voorkeur(deventer):
    partij = _partij(deventer)
    rekening = deventer.post(REKENINGEN, {"iban": IBAN, "partij": {"uuid": partij["uuid"]}}).json()
    assert rekening["partij"]["uuid"] == partij["uuid"]
    deventer.patch(partij["url"], {"voorkeursRekeningnummer": {"uuid": rekening["uuid"]}})
    assert deventer.get(partij["url"]).json()["voorkeursRekeningnummer"]["uuid"] == rekening["uuid"]
    assert deventer.patch(rekening["url"], {"partij": None}).json()["partij"] is None
    bijgewerkt = deventer.get(partij["url"]).json()
    assert bijgewerkt["voorkeursRekeningnummer"] is None
    assert bijgewerkt["rekeningnummers"] == []


def test_every_list_filter_of_rekeningnummers(deventer):
    een = deventer.post(REKENINGEN, {"iban": IBAN, "bic": "ABNANL2A"}).json()
    twee = deventer.post(REKENINGEN, {"iban": "DE89370400440532013000"}).json()

    def gevonden(**params):
        return {r["uuid"] for r in deventer.get(REKENINGEN, params).json()["results"]}

    assert gevonden(bic="ABNANL2A") == {een["uuid"]}
    assert gevonden(iban="DE89370400440532013000") == {twee["uuid"]}
    assert gevonden(uuid=twee["uuid"]) == {twee["uuid"]}
    assert deventer.delete(een["url"]).status_code == 204
    assert gevonden() == {twee["uuid"]}


def test_another_gemeentes_rekeningnummer_does_not_exist_for_the_caller(deventer, gemeenten):
    raalte = ki_client(gemeenten["raalte"], label="Raalte")
    rekening = deventer.post(REKENINGEN, {"iban": IBAN}).json()
    assert raalte.get(rekening["url"]).status_code == 404
    assert raalte.get(REKENINGEN).json()["count"] == 0
    assert raalte.put(rekening["url"], {"iban": IBAN}).status_code == 404
    assert raalte.delete(rekening["url"]).status_code == 404
    body = {
        "soortPartij": "persoon",
        "indicatieActief": True,
        "rekeningnummers": [{"uuid": rekening["uuid"]}],
    }
    assert fout(raalte.post(f"{BASE}/partijen", body)) == {("rekeningnummers.0", "does_not_exist")}
    partij = _partij(deventer)
    assert fout(raalte.post(REKENINGEN, {"iban": IBAN, "partij": {"uuid": partij["uuid"]}})) == {
        ("partij", "does_not_exist")
    }


def test_vertegenwoordigingen_link_two_partijen_once_and_show_on_the_partij(deventer, gemeenten):
    jan, piet, els = _partij(deventer, "Jan"), _partij(deventer, "Piet"), _partij(deventer, "Els")
    body = {
        "vertegenwoordigendePartij": {"uuid": jan["uuid"]},
        "vertegenwoordigdePartij": {"uuid": piet["uuid"]},
    }
    aangemaakt = deventer.post(VERTEGENWOORDIGINGEN, body)
    assert aangemaakt.status_code == 201, aangemaakt.content
    assert fout(deventer.post(VERTEGENWOORDIGINGEN, body)) == {("nonFieldErrors", "unique")}
    zelf = {**body, "vertegenwoordigdePartij": {"uuid": jan["uuid"]}}
    assert fout(deventer.post(VERTEGENWOORDIGINGEN, zelf)) == {
        ("vertegenwoordigdePartij", "invalid")
    }
    assert [p["uuid"] for p in deventer.get(jan["url"]).json()["vertegenwoordigden"]] == [
        piet["uuid"]
    ]
    ander = deventer.post(
        VERTEGENWOORDIGINGEN,
        {
            "vertegenwoordigendePartij": {"uuid": els["uuid"]},
            "vertegenwoordigdePartij": {"uuid": jan["uuid"]},
        },
    ).json()

    def gevonden(**params):
        return {v["uuid"] for v in deventer.get(VERTEGENWOORDIGINGEN, params).json()["results"]}

    eerste = aangemaakt.json()["uuid"]
    assert gevonden(vertegenwoordigdePartij__uuid=piet["uuid"]) == {eerste}
    assert gevonden(vertegenwoordigdePartij__url=jan["url"]) == {ander["uuid"]}
    assert gevonden(vertegenwoordigendePartij__uuid=els["uuid"]) == {ander["uuid"]}
    assert gevonden(vertegenwoordigendePartij__url=jan["url"]) == {eerste}

    raalte = ki_client(gemeenten["raalte"], label="Raalte")
    assert raalte.get(ander["url"]).status_code == 404
    assert raalte.delete(ander["url"]).status_code == 404
    assert fout(raalte.post(VERTEGENWOORDIGINGEN, body)) == {
        ("vertegenwoordigendePartij", "does_not_exist")
    }
    omgedraaid = {
        "vertegenwoordigendePartij": {"uuid": piet["uuid"]},
        "vertegenwoordigdePartij": {"uuid": jan["uuid"]},
    }
    assert deventer.put(ander["url"], omgedraaid).status_code == 200
    assert deventer.delete(ander["url"]).status_code == 204
