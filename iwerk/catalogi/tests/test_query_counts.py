"""List endpoints cost the same number of queries for 2 or 12 rows (no N+1)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iwerk.catalogi.models import Eigenschap, RolType, StatusType, ZaakObjectType
from iwerk.core.testing import catalogus as build

pytestmark = pytest.mark.django_db
BASE = "http://testserver/catalogi/api/v1"


def fill(catalogus, n: int, offset: int) -> None:
    for i in range(offset, offset + n):
        iot = build.informatieobjecttype(catalogus, f"Document {i}")
        build.besluittype(catalogus, f"Besluit {i}", iots=[iot.omschrijving])
        zt = build.complete_zaaktype(
            catalogus, identificatie=f"ZT-{i}", besluittype_omschrijvingen=[f"Besluit {i}"]
        )
        zt.concept = False
        zt.save()
        build.ziot(zt, iot.omschrijving)
        Eigenschap.objects.create(
            tenant=catalogus.tenant,
            zaaktype=zt,
            naam=f"e{i}",
            definitie="d",
            specificatie_formaat="tekst",
            specificatie_lengte="10",
            specificatie_kardinaliteit="1",
            statustype=zt.statustypen.first(),
        )
        ZaakObjectType.objects.create(
            tenant=catalogus.tenant,
            zaaktype=zt,
            objecttype="https://objecten.example.nl/1",
            relatie_omschrijving="Object",
        )
        RolType.objects.create(
            tenant=catalogus.tenant,
            zaaktype=zt,
            omschrijving="Behandelaar",
            omschrijving_generiek="behandelaar",
        )


ENDPOINTS = [
    "catalogussen",
    "zaaktypen",
    "informatieobjecttypen",
    "besluittypen",
    "statustypen",
    "roltypen",
    "resultaattypen",
    "eigenschappen",
    "zaakobjecttypen",
    "zaaktype-informatieobjecttypen",
]


@pytest.mark.parametrize("resource", ENDPOINTS)
def test_list_query_count_is_flat_in_page_size(superuser_client, tenant, catalogus, resource):
    # Cold caches both times: this measures rendering, not the representation cache.
    fill(catalogus, 2, 0)
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        first = superuser_client.get(f"{BASE}/{resource}")
    fill(catalogus, 10, 2)
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        second = superuser_client.get(f"{BASE}/{resource}")
    assert first.status_code == second.status_code == 200
    assert (
        len(second.json()["results"]) > len(first.json()["results"]) or resource == "catalogussen"
    )
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
    # Worst case (zaaktypen, cold): 5 to resolve the client, generation, count, page,
    # catalogi generation, children, 3 by-name indexes.
    assert len(large) <= 13


@pytest.mark.parametrize("resource", ENDPOINTS)
def test_cached_representations_leave_only_the_page_queries(superuser_client, catalogus, resource):
    fill(catalogus, 3, 0)
    superuser_client.get(f"{BASE}/{resource}")
    with CaptureQueriesContext(connection) as warm:
        response = superuser_client.get(f"{BASE}/{resource}")
    assert response.status_code == 200
    # autorisatie generation, count, page, catalogi generation (+3 relation prefetches for catalogussen)
    limit = 4 + (3 if resource == "catalogussen" else 0)
    assert len(warm) <= limit, [q["sql"] for q in warm.captured_queries]


def test_change_is_visible_on_the_next_read(superuser_client, catalogus):
    zaaktype = build.zaaktype(catalogus, concept=True, identificatie="CACHE")
    url = f"{BASE}/zaaktypen/{zaaktype.uuid}"
    assert superuser_client.get(url).json()["omschrijving"] == "Zaaktype CACHE"
    superuser_client.patch(url, {"omschrijving": "Gewijzigd"})
    assert superuser_client.get(url).json()["omschrijving"] == "Gewijzigd"
    StatusType.objects.create(
        tenant=catalogus.tenant, zaaktype=zaaktype, omschrijving="Nieuw", volgnummer=7
    )
    assert len(superuser_client.get(url).json()["statustypen"]) == 1


def test_applicaties_list_query_count_is_flat(superuser_client, catalogus):
    from iwerk.autorisaties.services import register_client

    url = "http://testserver/autorisaties/api/v1/applicaties"
    register_client(client_id="g1", secret=None, gemeenten=[catalogus.tenant])
    superuser_client.get(url)
    with CaptureQueriesContext(connection) as small:
        superuser_client.get(url)
    for i in range(8):
        register_client(client_id=f"g{i + 2}", secret=None, gemeenten=[catalogus.tenant])
    superuser_client.get(url)  # new generation: warm again
    with CaptureQueriesContext(connection) as large:
        assert superuser_client.get(url).json()["count"] == 10
    assert len(large) == len(small)
