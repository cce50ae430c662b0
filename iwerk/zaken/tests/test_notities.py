"""Zaaknotities (Zaken 1.7)."""

import pytest

from iwerk.core.testing import catalogus as build
from iwerk.core.testing.conformance import ConformanceRecorder
from iwerk.zaken.tests.test_api import CRS, zaak_body

pytestmark = pytest.mark.django_db
BASE = "http://testserver/zaken/api/v1"


@pytest.fixture
def zaak(superuser_client, catalogus):
    zaaktype = build.complete_zaaktype(catalogus)
    zaaktype.concept = False
    zaaktype.save()
    return superuser_client.post(f"{BASE}/zaken", zaak_body(zaaktype), **CRS).json()


def test_notities_conform_and_filter(superuser_client, zaak):
    api = ConformanceRecorder(superuser_client, "iwerk.zaken", "/zaken/api/v1")
    created = api.post(
        f"{BASE}/zaaknotities",
        {
            "gerelateerdAan": zaak["url"],
            "onderwerp": "Telefoon",
            "tekst": "Aanvrager belde over de planning.",
            "notitieType": "extern",
        },
    )
    assert created.status_code == 201, created.content
    note = created.json()
    assert note["aangemaaktDoor"] == "Test Gebruiker" and note["status"] == "concept"
    assert api.patch(note["url"], {"status": "definitief"}).json()["status"] == "definitief"
    assert (
        api.put(note["url"], {**api.get(note["url"]).json(), "tekst": "Teruggebeld."}).status_code
        == 200
    )
    listed = api.get(
        f"{BASE}/zaaknotities",
        {"gerelateerdAan": zaak["uuid"], "onderwerp__icontains": "tele", "pageSize": 10},
    ).json()
    assert listed["count"] == 1
    assert api.get(f"{BASE}/zaaknotities", {"notitieType": "intern"}).json()["count"] == 0
    assert api.delete(note["url"]).status_code == 204
    assert api.violations == [], "\n".join(v[:1500] for v in api.violations)
