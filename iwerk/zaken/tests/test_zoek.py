"""POST /zaken/_zoek and zaakgeometrie (GeoJSON, EPSG:4326) without PostGIS."""

import pytest

from iwerk.core.testing import catalogus as build
from iwerk.core.testing.conformance import ConformanceRecorder
from iwerk.zaken.tests.test_api import CRS, zaak_body

pytestmark = pytest.mark.django_db
BASE = "http://testserver/zaken/api/v1"
BRINK = {"type": "Point", "coordinates": [6.1606, 52.2546]}  # Deventer, de Brink
RAALTE = {"type": "Point", "coordinates": [6.2744, 52.3885]}
DEVENTER_CENTRUM = {
    "type": "Polygon",
    "coordinates": [[[6.14, 52.24], [6.18, 52.24], [6.18, 52.27], [6.14, 52.27], [6.14, 52.24]]],
}


@pytest.fixture
def zaaktype(catalogus):
    zt = build.complete_zaaktype(catalogus)
    zt.concept = False
    zt.save()
    return zt


def test_zoek_by_uuid_and_geometry_conforms(superuser_client, zaaktype):
    api = ConformanceRecorder(superuser_client, "iwerk.zaken", "/zaken/api/v1")
    brink = api.post(f"{BASE}/zaken", zaak_body(zaaktype, zaakgeometrie=BRINK), **CRS).json()
    raalte = api.post(f"{BASE}/zaken", zaak_body(zaaktype, zaakgeometrie=RAALTE), **CRS).json()
    api.post(f"{BASE}/zaken", zaak_body(zaaktype), **CRS)
    found = api.post(
        f"{BASE}/zaken/_zoek", {"zaakgeometrie": {"within": DEVENTER_CENTRUM}}, **CRS
    ).json()
    assert [z["uuid"] for z in found["results"]] == [brink["uuid"]]
    assert found["results"][0]["zaakgeometrie"] == BRINK
    by_uuid = api.post(
        f"{BASE}/zaken/_zoek", {"uuid__in": [raalte["uuid"], brink["uuid"]]}, **CRS
    ).json()
    assert {z["uuid"] for z in by_uuid["results"]} == {raalte["uuid"], brink["uuid"]}
    assert api.violations == [], "\n".join(v[:1500] for v in api.violations)
    assert ("POST", "/zaken/_zoek") in api.covered


def test_bad_geometry_is_refused(superuser_client, zaaktype):
    response = superuser_client.post(
        f"{BASE}/zaken", zaak_body(zaaktype, zaakgeometrie={"type": "Cirkel"}), **CRS
    )
    assert response.json()["invalidParams"][0]["name"] == "zaakgeometrie"
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    assert (
        superuser_client.post(
            f"{BASE}/zaken", zaak_body(zaaktype, zaakgeometrie=bowtie), **CRS
        ).status_code
        == 400
    )
    huge = {"type": "LineString", "coordinates": [[6 + i / 1e6, 52] for i in range(10_001)]}
    response = superuser_client.post(
        f"{BASE}/zaken", zaak_body(zaaktype, zaakgeometrie=huge), **CRS
    )
    assert response.json()["invalidParams"][0]["code"] == "too-large"
    outside = {"type": "Point", "coordinates": [600, 52]}
    assert (
        superuser_client.post(
            f"{BASE}/zaken", zaak_body(zaaktype, zaakgeometrie=outside), **CRS
        ).status_code
        == 400
    )


def test_zoek_rejects_bad_uuids_and_unknown_fields(superuser_client, zaaktype):
    response = superuser_client.post(f"{BASE}/zaken/_zoek", {"uuid__in": ["geen-uuid"]}, **CRS)
    assert response.json()["invalidParams"][0]["name"] == "uuid__in"
    response = superuser_client.post(f"{BASE}/zaken/_zoek", {"onbekend": 1}, **CRS)
    assert response.json()["invalidParams"][0]["code"] == "unknown-field"
