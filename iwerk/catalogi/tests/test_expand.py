"""expand on the Catalogi API: embedded objects, depth, authorisation, flat query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iwerk.catalogi.models import ZaakType
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.conformance import ConformanceRecorder

pytestmark = pytest.mark.django_db
BASE = "http://testserver/catalogi/api/v1"
# Two zaaktypen of the demo catalogue that together hold every shape it has: with and without
# besluittypen, eigenschappen, verlenging and opschorting; extern and intern; documents inkomend,
# intern and uitgaand; resultaten derived from the end of the zaak and from the besluit.
ZAAKTYPEN = ("WMO-MAATWERK", "DATALEK")


def _demo_zaaktypen(gemeente):
    cat = build.catalogus(gemeente)
    for identificatie in ZAAKTYPEN:
        build.demo_zaaktype(cat, identificatie)
    return cat


@pytest.fixture
def demo_catalogus(tenant):
    """The demo catalogue, small: Deventer's catalogus with the two zaaktypen above."""
    return _demo_zaaktypen(tenant)


def test_expand_embeds_related_objects_and_conforms(superuser_client, demo_catalogus):
    api = ConformanceRecorder(superuser_client, "iwerk.catalogi", "/catalogi/api/v1")
    zaaktype = ZaakType.objects.get(catalogus=demo_catalogus, identificatie="WMO-MAATWERK")
    data = api.get(
        f"{BASE}/zaaktypen/{zaaktype.uuid}",
        {"expand": "catalogus,statustypen,besluittypen.informatieobjecttypen"},
    ).json()
    embedded = data["_expand"]
    assert embedded["catalogus"]["url"] == data["catalogus"]
    assert [s["volgnummer"] for s in embedded["statustypen"]] == [1, 2, 3, 4]
    besluittype = embedded["besluittypen"][0]
    # The demo's besluittypen name the zaaktype's outgoing documents (Beschikking, and the Brief
    # of the letter templates, issue 29).
    assert "Beschikking" in {
        iot["omschrijving"] for iot in besluittype["_expand"]["informatieobjecttypen"]
    }
    listed = api.get(f"{BASE}/statustypen", {"expand": "zaaktype,eigenschappen"}).json()
    assert all(row["_expand"]["zaaktype"]["url"] == row["zaaktype"] for row in listed["results"])
    assert api.violations == [], "\n".join(api.violations)


def test_unknown_expand_attribute_is_400(superuser_client, demo_catalogus):
    response = superuser_client.get(f"{BASE}/zaaktypen", {"expand": "statustypen.bestaatniet"})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "invalid-expand"


def test_expand_query_count_is_flat(superuser_client, tenant, other_tenant):
    params = {"expand": "statustypen,besluittypen,catalogus", "status": "alles"}
    _demo_zaaktypen(tenant)
    superuser_client.get(f"{BASE}/zaaktypen", params)
    with CaptureQueriesContext(connection) as small:
        superuser_client.get(f"{BASE}/zaaktypen", params)
    _demo_zaaktypen(other_tenant)
    superuser_client.get(f"{BASE}/zaaktypen", params)
    with CaptureQueriesContext(connection) as large:
        assert superuser_client.get(f"{BASE}/zaaktypen", params).json()["count"] == 2 * len(
            ZAAKTYPEN
        )
    assert len(large) == len(small)


def test_every_list_with_every_expand_conforms(superuser_client, demo_catalogus):
    from iwerk.catalogi.api.expand import ATTRIBUTES

    api = ConformanceRecorder(superuser_client, "iwerk.catalogi", "/catalogi/api/v1")
    for resource, fields in ATTRIBUTES.items():
        query = {"expand": ",".join(sorted(fields))}
        if resource not in ("catalogussen", "zaakobjecttypen"):
            query["status"] = "alles"
        response = api.get(f"{BASE}/{resource}", query)
        assert response.status_code == 200, (resource, response.content[:300])
    assert api.violations == [], "\n".join(v[:2000] for v in api.violations)
