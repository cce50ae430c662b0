"""The local Referentielijsten API and Selectielijst lookups (local and over HTTP)."""

import pytest
from django.test import Client, override_settings

from iwerk.catalogi.tests.test_api_zaaktypen import zaaktype_body
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.api import ApiClient
from iwerk.core.testing.conformance import ConformanceRecorder
from iwerk.referentielijsten import selectors

BASE = "http://testserver/referentielijsten/api/v1"


def test_procestypen_filter_by_jaar():
    data = Client().get(f"{BASE}/procestypen", {"jaar": 2020}).json()
    assert len(data) == 29 and {p["jaar"] for p in data} == {2020}


def test_resultaten_filtered_by_procestype_and_paginated():
    procestype = f"{BASE}/procestypen/{build.PROCESTYPE_UUID}"
    data = Client().get(f"{BASE}/resultaten", {"proces_type": procestype}).json()
    expected = sum(1 for r in selectors.resultaten() if r.procestype_pk == 1)
    assert data["count"] == expected
    assert all(r["procesType"] == procestype for r in data["results"])
    assert Client().get(f"{BASE}/resultaten").json()["next"].endswith("page=2")


def test_resultaat_has_volledig_nummer():
    data = Client().get(f"{BASE}/resultaten/6711baff-798b-4c7f-9133-8ad02c8b7c6f").json()
    assert (data["volledigNummer"], data["waardering"], data["bewaartermijn"]) == (
        "1.1",
        "vernietigen",
        "P10Y",
    )


def test_unknown_uuid_is_404_problem():
    response = Client().get(f"{BASE}/procestypen/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


@pytest.mark.conformance
def test_referentielijsten_api_conforms_to_spec():
    api = ConformanceRecorder(
        ApiClient("anoniem", "niet-nodig-voor-deze-api-maar-lang-genoeg"),
        "iwerk.referentielijsten",
        "/referentielijsten/api/v1",
    )
    for resource in (
        "procestypen",
        "resultaten",
        "resultaattypeomschrijvingen",
        "communicatiekanalen",
    ):
        listing = api.get(f"{BASE}/{resource}").json()
        first = listing[0] if isinstance(listing, list) else listing["results"][0]
        assert api.get(first["url"]).status_code == 200
    assert api.violations == [], "\n".join(api.violations)
    assert api.missing_operations() == set()


@pytest.mark.django_db
def test_external_referentielijsten_api_is_asked_over_http(
    superuser_client, catalogus, live_server
):
    """With IWERK_REFERENTIELIJSTEN_URL set, Selectielijst URLs are validated by fetching them."""
    external = f"{live_server.url}/referentielijsten/api/v1"
    with override_settings(IWERK_REFERENTIELIJSTEN_URL=external):
        good = zaaktype_body(
            catalogus, selectielijstProcestype=f"{external}/procestypen/{build.PROCESTYPE_UUID}"
        )
        assert (
            superuser_client.post("http://testserver/catalogi/api/v1/zaaktypen", good).status_code
            == 201
        )
        missing = zaaktype_body(
            catalogus,
            identificatie="X2",
            selectielijstProcestype=f"{external}/procestypen/00000000-0000-0000-0000-000000000000",
        )
        response = superuser_client.post("http://testserver/catalogi/api/v1/zaaktypen", missing)
        assert response.json()["invalidParams"][0]["code"] == "invalid-resource"
        # The local copy is not consulted once an external API is configured.
        local = zaaktype_body(
            catalogus,
            identificatie="X3",
            selectielijstProcestype=f"https://selectielijst.openzaak.nl/api/v1/procestypen/{build.PROCESTYPE_UUID}",
        )
        assert (
            superuser_client.post("http://testserver/catalogi/api/v1/zaaktypen", local).status_code
            == 400
        )
