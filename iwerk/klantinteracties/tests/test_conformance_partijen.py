"""Every operation of partijen, partij-identificatoren, vertegenwoordigingen, rekeningnummers,
categorieen and categorie-relaties, validated against the official OAS (Klantinteracties 0.9.0)."""

from datetime import UTC, datetime

import pytest

from iwerk.core.testing.conformance import ConformanceRecorder
from iwerk.core.testing.klantinteracties import BASE, ki_client
from iwerk.klantinteracties.models import Betrokkene, DigitaalAdres, Klantcontact, Partij

pytestmark = pytest.mark.django_db

PADEN = [
    "/partijen",
    "/partijen/{uuid}",
    "/partij-identificatoren",
    "/partij-identificatoren/{uuid}",
    "/vertegenwoordigingen",
    "/vertegenwoordigingen/{uuid}",
    "/rekeningnummers",
    "/rekeningnummers/{uuid}",
    "/categorieen",
    "/categorieen/{uuid}",
    "/categorie-relaties",
    "/categorie-relaties/{uuid}",
]
ADRES = {
    "nummeraanduidingId": "0150200000012345",
    "straatnaam": "Brink",
    "huisnummer": 1,
    "huisnummertoevoeging": "A",
    "postcode": "7411 BR",
    "stad": "Deventer",
    "adresregel1": "Brink 1A",
    "adresregel2": "7411 BR Deventer",
    "adresregel3": "Nederland",
    "land": "NL",
}


def _uuid(url):
    return url.rsplit("/", 1)[1]


def test_every_operation_of_the_partij_resources_conforms(gemeenten):
    deventer = gemeenten["deventer"]
    client = ki_client(deventer)
    api = ConformanceRecorder(client, "iwerk.klantinteracties", "/klantinteracties/api/v1")

    organisatie = api.post(
        f"{BASE}/partijen",
        {
            "soortPartij": "organisatie",
            "indicatieActief": True,
            "voorkeurstaal": "nld",
            "bezoekadres": ADRES,
            "correspondentieadres": ADRES,
            "partijIdentificatie": {"naam": "Bakkerij De Brink"},
            "partijIdentificatoren": [
                {
                    "partijIdentificator": {
                        "codeObjecttype": "niet_natuurlijk_persoon",
                        "codeSoortObjectId": "kvk_nummer",
                        "objectId": "12345678",
                        "codeRegister": "hr",
                    }
                }
            ],
        },
    )
    assert organisatie.status_code == 201, organisatie.content
    org = organisatie.json()
    kvk = org["partijIdentificatoren"][0]

    adres = DigitaalAdres.objects.create(
        tenant=deventer, adres="jan@example.nl", soort_digitaal_adres="email", referentie="prive"
    )
    rekening = api.post(
        f"{BASE}/rekeningnummers", {"iban": "NL91ABNA0417164300", "bic": "ABNANL2A"}
    )
    assert rekening.status_code == 201, rekening.content
    persoon = api.post(
        f"{BASE}/partijen",
        {
            "soortPartij": "persoon",
            "indicatieActief": True,
            "indicatieGeheimhouding": False,
            "interneNotitie": "Belt liever na 17 uur.",
            "bezoekadres": ADRES,
            "digitaleAdressen": [{"uuid": str(adres.uuid)}],
            "voorkeursDigitaalAdres": {"uuid": str(adres.uuid)},
            "rekeningnummers": [{"uuid": rekening.json()["uuid"]}],
            "voorkeursRekeningnummer": {"uuid": rekening.json()["uuid"]},
            "partijIdentificatie": {
                "contactnaam": {"voorletters": "J.", "voornaam": "Jan", "achternaam": "Jansen"}
            },
            "partijIdentificatoren": [
                {
                    "partijIdentificator": {
                        "codeObjecttype": "natuurlijk_persoon",
                        "codeSoortObjectId": "bsn",
                        "objectId": "111222333",
                        "codeRegister": "brp",
                    }
                }
            ],
        },
    )
    assert persoon.status_code == 201, persoon.content
    url = persoon.json()["url"]
    contactpersoon = api.post(
        f"{BASE}/partijen",
        {
            "soortPartij": "contactpersoon",
            "indicatieActief": True,
            "partijIdentificatie": {
                "werkteVoorPartij": {"uuid": org["uuid"]},
                "contactnaam": {"voornaam": "Els", "achternaam": "Bakker"},
            },
        },
    )
    assert contactpersoon.status_code == 201, contactpersoon.content
    # A partial address shows only its filled-in parts: an empty postcode breaks its pattern.
    deels = api.post(
        f"{BASE}/partijen",
        {
            "soortPartij": "persoon",
            "indicatieActief": True,
            "bezoekadres": {"straatnaam": "Brink", "huisnummer": 1},
            "partijIdentificatie": {},
        },
    )
    assert deels.json()["bezoekadres"] == {"straatnaam": "Brink", "huisnummer": 1}

    klantcontact = Klantcontact.objects.create(
        tenant=deventer,
        kanaal="telefoon",
        onderwerp="Afval",
        taal="nld",
        plaatsgevonden_op=datetime(2026, 1, 5, 10, tzinfo=UTC),
    )
    Betrokkene.objects.create(
        tenant=deventer,
        was_partij=Partij.objects.get(uuid=persoon.json()["uuid"]),
        had_klantcontact=klantcontact,
        rol="klant",
        initiator=True,
    )

    categorie = api.post(f"{BASE}/categorieen", {"naam": "Ondernemer"})
    relatie = api.post(
        f"{BASE}/categorie-relaties",
        {"partij": {"uuid": org["uuid"]}, "categorie": {"uuid": categorie.json()["uuid"]}},
    )
    assert relatie.status_code == 201, relatie.content
    vestiging = api.post(
        f"{BASE}/partij-identificatoren",
        {
            "identificeerdePartij": {"uuid": org["uuid"]},
            "partijIdentificator": {
                "codeObjecttype": "vestiging",
                "codeSoortObjectId": "vestigingsnummer",
                "objectId": "000012345678",
                "codeRegister": "hr",
            },
            "subIdentificatorVan": {"uuid": kvk["uuid"]},
        },
    )
    assert vestiging.status_code == 201, vestiging.content
    vertegenwoordiging = api.post(
        f"{BASE}/vertegenwoordigingen",
        {
            "vertegenwoordigendePartij": {"uuid": contactpersoon.json()["uuid"]},
            "vertegenwoordigdePartij": {"uuid": org["uuid"]},
        },
    )
    assert vertegenwoordiging.status_code == 201, vertegenwoordiging.content

    expand = "digitaleAdressen,betrokkenen,betrokkenen.hadKlantcontact,categorieRelaties"
    assert api.get(f"{BASE}/partijen", {"expand": expand}).status_code == 200
    assert api.get(url, {"expand": expand}).status_code == 200
    assert api.put(url, {**persoon.json(), "voorkeurstaal": "eng"}).status_code == 200
    assert api.patch(url, {"interneNotitie": "Bereikbaar overdag."}).status_code == 200

    for collectie, body in (
        ("partij-identificatoren", {"anderePartijIdentificator": "oud kenmerk"}),
        ("vertegenwoordigingen", {}),
        ("rekeningnummers", {"bic": "ABNANL2AXXX"}),
        ("categorieen", {"naam": "Ondernemer (MKB)"}),
        ("categorie-relaties", {"beginDatum": "2026-01-01", "eindDatum": "2026-12-31"}),
    ):
        lijst = api.get(f"{BASE}/{collectie}")
        assert lijst.status_code == 200, lijst.content
        detail = lijst.json()["results"][0]
        assert api.get(detail["url"]).status_code == 200
        assert api.put(detail["url"], {**detail, **body}).status_code == 200
        assert api.patch(detail["url"], body).status_code == 200

    assert api.delete(vertegenwoordiging.json()["url"]).status_code == 204
    assert api.delete(vestiging.json()["url"]).status_code == 204
    assert api.delete(relatie.json()["url"]).status_code == 204
    assert api.delete(categorie.json()["url"]).status_code == 204
    assert api.delete(rekening.json()["url"]).status_code == 204
    assert api.delete(url).status_code == 204
    # The OAS documents no error responses at all (no 400, 404): checked outside the recorder.
    assert client.get(url).status_code == 404

    assert api.violations == []
    assert api.server_errors == []
    mijn = {(m, p) for m, p in api.missing_operations() if p in PADEN}
    assert mijn == set()
