"""Every Catalogi API 1.3.3 operation, validated against the official OpenAPI document."""

import uuid

import pytest

from iwerk.catalogi.tests.test_api_zaaktypen import zaaktype_body
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.api import ApiClient
from iwerk.core.testing.conformance import ConformanceRecorder

pytestmark = [pytest.mark.django_db, pytest.mark.conformance]
BASE = "http://testserver/catalogi/api/v1"
REF = build.REF


def _roundtrip(api, url, *, changes):
    """GET, HEAD, list, PUT the representation back and PATCH one field."""
    current = api.get(url)
    assert current.status_code == 200, current.content
    assert api.head(url).status_code == 200
    body = current.json()
    put = api.put(url, body)
    assert put.status_code == 200, put.content
    response = api.patch(url, changes)
    assert response.status_code == 200, response.content
    return response.json()


def test_catalogi_api_conforms_to_spec(superuser_client, tenant):
    api = ConformanceRecorder(superuser_client, "iwerk.catalogi", "/catalogi/api/v1")

    catalogus = api.post(
        f"{BASE}/catalogussen",
        {
            "domein": "SOC",
            "rsin": tenant.rsin,
            "contactpersoonBeheerNaam": "Beheer",
            "contactpersoonBeheerEmailadres": "beheer@deventer.nl",
        },
    )
    assert catalogus.status_code == 201, catalogus.content
    cat_url = catalogus.json()["url"]
    _roundtrip(api, cat_url, changes={"naam": "Sociaal domein"})
    assert api.get(f"{BASE}/catalogussen", {"rsin": tenant.rsin}).json()["count"] == 1

    iot = api.post(
        f"{BASE}/informatieobjecttypen",
        {
            "catalogus": cat_url,
            "omschrijving": "Aanvraagformulier",
            "vertrouwelijkheidaanduiding": "vertrouwelijk",
            "beginGeldigheid": "2024-01-01",
            "informatieobjectcategorie": "Aanvraag",
        },
    )
    assert iot.status_code == 200, iot.content
    iot_url = iot.json()["url"]
    _roundtrip(api, iot_url, changes={"trefwoord": ["wmo"]})

    besluittype = api.post(
        f"{BASE}/besluittypen",
        {
            "catalogus": cat_url,
            "omschrijving": "Toekenning Wmo",
            "publicatieIndicatie": False,
            "informatieobjecttypen": [iot_url],
            "beginGeldigheid": "2024-01-01",
        },
    )
    assert besluittype.status_code == 201, besluittype.content
    bt_url = besluittype.json()["url"]
    _roundtrip(api, bt_url, changes={"besluitcategorie": "Beschikking"})

    zaaktype = api.post(
        f"{BASE}/zaaktypen", {**zaaktype_body_for(cat_url), "besluittypen": [bt_url]}
    )
    assert zaaktype.status_code == 201, zaaktype.content
    zt_url = zaaktype.json()["url"]
    _roundtrip(api, zt_url, changes={"trefwoorden": ["zorg"]})

    children = {
        "statustypen": [
            {"zaaktype": zt_url, "omschrijving": "Ontvangen", "volgnummer": 1},
            {"zaaktype": zt_url, "omschrijving": "Besluit genomen", "volgnummer": 2},
        ],
        "roltypen": [
            {"zaaktype": zt_url, "omschrijving": "Aanvrager", "omschrijvingGeneriek": "initiator"}
        ],
        "resultaattypen": [
            {
                "zaaktype": zt_url,
                "omschrijving": "Toegekend",
                "resultaattypeomschrijving": f"{REF}/resultaattypeomschrijvingen/fb65d251-1518-4185-865f-b8bdcfad07b1",
                "selectielijstklasse": f"{REF}/resultaten/6711baff-798b-4c7f-9133-8ad02c8b7c6f",
                "brondatumArchiefprocedure": {"afleidingswijze": "afgehandeld"},
            }
        ],
        "eigenschappen": [
            {
                "zaaktype": zt_url,
                "naam": "Ingangsdatum",
                "definitie": "Gewenste ingangsdatum",
                "specificatie": {"formaat": "datum", "lengte": "8", "kardinaliteit": "1"},
            }
        ],
        "zaakobjecttypen": [
            {
                "zaaktype": zt_url,
                "anderObjecttype": False,
                "catalogus": cat_url,
                "objecttype": "https://objecttypen.example.nl/api/v2/objecttypes/1",
                "relatieOmschrijving": "Woning",
            }
        ],
        "zaaktype-informatieobjecttypen": [
            {
                "zaaktype": zt_url,
                "informatieobjecttype": "Aanvraagformulier",
                "volgnummer": 1,
                "richting": "inkomend",
            }
        ],
    }
    urls = {}
    for resource, bodies in children.items():
        for body in bodies:
            response = api.post(f"{BASE}/{resource}", body)
            assert response.status_code == 201, (resource, response.content)
            urls.setdefault(resource, []).append(response.json()["url"])
        query = (
            {"zaaktype": zt_url}
            if resource == "zaakobjecttypen"
            else {"zaaktype": zt_url, "status": "alles"}
        )
        assert api.get(f"{BASE}/{resource}", query).json()["count"] == len(bodies)
    patches = {
        "statustypen": {"informeren": True},
        "roltypen": {"omschrijving": "Indiener"},
        "resultaattypen": {"toelichting": "Voorziening toegekend"},
        "eigenschappen": {"toelichting": "JJJJMMDD"},
        "zaakobjecttypen": {"relatieOmschrijving": "Adres"},
        "zaaktype-informatieobjecttypen": {"richting": "intern"},
    }
    for resource, changes in patches.items():
        _roundtrip(api, urls[resource][0], changes=changes)

    # Publishing (ztc-012): the zaaktype waits for its besluittype and informatieobjecttype; a
    # besluittype has no precondition (published here before its informatieobjecttype).
    blocked = api.post(f"{zt_url}/publish")
    assert blocked.status_code == 400
    assert api.post(f"{bt_url}/publish").status_code == 200
    still_blocked = api.post(f"{zt_url}/publish")
    assert {p["name"]: p["code"] for p in still_blocked.json()["invalidParams"]} == {
        "informatieobjecttypen": "concept-relation"
    }
    assert api.post(f"{iot_url}/publish").status_code == 200
    assert api.post(f"{zt_url}/publish").status_code == 200

    for resource in (
        "zaaktypen",
        "informatieobjecttypen",
        "besluittypen",
        "statustypen",
        "roltypen",
        "resultaattypen",
        "eigenschappen",
        "zaakobjecttypen",
        "zaaktype-informatieobjecttypen",
    ):
        listed = api.get(f"{BASE}/{resource}")
        assert listed.status_code == 200 and listed.json()["count"] >= 1, resource

    # Errors are part of the contract too.
    assert api.get(f"{BASE}/zaaktypen/{uuid.uuid4()}").status_code == 404
    assert api.post(f"{BASE}/zaaktypen", {"omschrijving": 1}).status_code == 400
    assert api.get(f"{BASE}/zaaktypen", {"status": "onzin"}).status_code == 400

    # A second, concept zaaktype to exercise every delete.
    spare = api.post(
        f"{BASE}/zaaktypen", {**zaaktype_body_for(cat_url), "identificatie": "SPARE"}
    ).json()["url"]
    spare_children = {
        resource: api.post(f"{BASE}/{resource}", {**bodies[0], "zaaktype": spare}).json()["url"]
        for resource, bodies in children.items()
    }
    for resource, url in spare_children.items():
        assert api.delete(url).status_code == 204, resource
    spare_iot = api.post(
        f"{BASE}/informatieobjecttypen",
        {
            "catalogus": cat_url,
            "omschrijving": "Bijlage",
            "vertrouwelijkheidaanduiding": "intern",
            "beginGeldigheid": "2024-01-01",
            "informatieobjectcategorie": "Bijlage",
        },
    ).json()["url"]
    spare_bt = api.post(
        f"{BASE}/besluittypen",
        {
            "catalogus": cat_url,
            "omschrijving": "Afwijzing",
            "publicatieIndicatie": False,
            "informatieobjecttypen": [],
            "beginGeldigheid": "2024-01-01",
        },
    ).json()["url"]
    for url in (spare, spare_iot, spare_bt):
        assert api.delete(url).status_code == 200

    anonymous = ConformanceRecorder(
        ApiClient("onbekend", "geheim-van-niemand-dat-lang-genoeg-is"),
        "iwerk.catalogi",
        "/catalogi/api/v1",
    )
    assert anonymous.get(f"{BASE}/zaaktypen").status_code == 403
    api.violations += anonymous.violations

    assert api.server_errors == []
    assert api.violations == [], "\n".join(api.violations)
    assert api.missing_operations() == set()


def zaaktype_body_for(catalogus_url: str) -> dict:
    class _Cat:
        uuid = catalogus_url.rsplit("/", 1)[-1]

    return zaaktype_body(_Cat())
