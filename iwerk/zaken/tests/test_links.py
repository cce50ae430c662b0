"""Klantcontacten, zaakcontactmomenten and zaakverzoeken."""

import pytest

from iwerk.core.models import AuditTrail
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.conformance import ConformanceRecorder
from iwerk.zaken.tests.test_api import CRS, zaak_body

pytestmark = pytest.mark.django_db
BASE = "http://testserver/zaken/api/v1"
KLANTINTERACTIES = "https://klantinteracties.example.nl/api/v1"


@pytest.fixture
def zaaktype(catalogus):
    zt = build.complete_zaaktype(catalogus)
    zt.concept = False
    zt.save()
    return zt


def test_klantcontacten_and_links_conform(superuser_client, zaaktype):
    api = ConformanceRecorder(superuser_client, "iwerk.zaken", "/zaken/api/v1")
    zaak = api.post(f"{BASE}/zaken", zaak_body(zaaktype), **CRS).json()["url"]
    kc = api.post(
        f"{BASE}/klantcontacten",
        {
            "zaak": zaak,
            "datumtijd": "2026-03-03T10:00:00+01:00",
            "kanaal": "telefoon",
            "onderwerp": "Vraag over de aanvraag",
        },
    )
    assert kc.status_code == 201 and kc.json()["identificatie"] == "KC-00001"
    assert api.get(kc.json()["url"]).status_code == 200
    assert api.get(f"{BASE}/klantcontacten", {"zaak": zaak}).json()["count"] == 1
    for resource, field in (("zaakcontactmomenten", "contactmoment"), ("zaakverzoeken", "verzoek")):
        target = f"{KLANTINTERACTIES}/{field}en/6a0f8c1e-0000-4000-8000-000000000001"
        created = api.post(f"{BASE}/{resource}", {"zaak": zaak, field: target})
        assert created.status_code == 201, created.content
        assert [row[field] for row in api.get(f"{BASE}/{resource}", {"zaak": zaak}).json()] == [
            target
        ]
        assert api.get(created.json()["url"]).status_code == 200
        assert api.delete(created.json()["url"]).status_code == 204
    assert api.violations == [], "\n".join(v[:1500] for v in api.violations)
    assert AuditTrail.objects.filter(resource="zaakverzoek").count() == 2  # create + destroy
