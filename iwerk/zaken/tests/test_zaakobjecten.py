"""Zaakobjecten: objectIdentificatie checked against the official schema of each objectType."""

import pytest

from iwerk.core.testing import catalogus as build
from iwerk.core.testing.conformance import ConformanceRecorder
from iwerk.zaken.tests.test_api import CRS, zaak_body

pytestmark = pytest.mark.django_db
BASE = "http://testserver/zaken/api/v1"
ADRES = {
    "identificatie": "0150200000012345",
    "wplWoonplaatsNaam": "Deventer",
    "gorOpenbareRuimteNaam": "Brink",
    "huisnummer": 12,
    "postcode": "7411BR",
}


@pytest.fixture
def zaak(superuser_client, catalogus):
    zaaktype = build.complete_zaaktype(catalogus)
    zaaktype.concept = False
    zaaktype.save()
    return superuser_client.post(f"{BASE}/zaken", zaak_body(zaaktype), **CRS).json()["url"]


def test_zaakobjecten_conform(superuser_client, zaak):
    api = ConformanceRecorder(superuser_client, "iwerk.zaken", "/zaken/api/v1")
    adres = api.post(
        f"{BASE}/zaakobjecten",
        {
            "zaak": zaak,
            "objectType": "adres",
            "relatieomschrijving": "Woning",
            "objectIdentificatie": ADRES,
        },
    )
    assert adres.status_code == 201, adres.content
    url = adres.json()["url"]
    pand = api.post(
        f"{BASE}/zaakobjecten",
        {
            "zaak": zaak,
            "objectType": "pand",
            "object": "https://bag.example.nl/api/panden/0150100000001234",
        },
    )
    assert pand.status_code == 201, pand.content
    assert (
        api.get(f"{BASE}/zaakobjecten", {"zaak": zaak, "objectType": "adres"}).json()["count"] == 1
    )
    assert api.head(url).status_code == 200
    assert api.patch(url, {"relatieomschrijving": "Te verbouwen woning"}).status_code == 200
    assert api.put(url, api.get(url).json()).status_code == 200
    assert api.delete(pand.json()["url"]).status_code == 204
    assert api.violations == [], "\n".join(v[:1500] for v in api.violations)


def test_b28_object_identificatie_follows_the_schema_of_its_type(superuser_client, zaak):
    response = superuser_client.post(
        f"{BASE}/zaakobjecten",
        {
            "zaak": zaak,
            "objectType": "adres",
            "objectIdentificatie": {**ADRES, "huisnummer": "twaalf"},
        },
    )
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "objectIdentificatie.huisnummer"


def test_b28_either_object_or_identificatie_and_overige_needs_a_name(superuser_client, zaak):
    response = superuser_client.post(f"{BASE}/zaakobjecten", {"zaak": zaak, "objectType": "pand"})
    assert response.json()["invalidParams"][0]["code"] == "invalid-zaakobject"
    response = superuser_client.post(
        f"{BASE}/zaakobjecten",
        {"zaak": zaak, "objectType": "overige", "object": "https://objecten.example.nl/1"},
    )
    assert response.json()["invalidParams"][0]["name"] == "objectTypeOverige"
