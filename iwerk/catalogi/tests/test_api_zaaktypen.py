from datetime import date

import pytest

from iwerk.core.testing import catalogus as build

pytestmark = pytest.mark.django_db
BASE = "http://testserver/catalogi/api/v1"
REF = build.REF


def zaaktype_body(cat, **overrides):
    body = {
        "identificatie": "WMO-01",
        "omschrijving": "Wmo maatwerkvoorziening",
        "vertrouwelijkheidaanduiding": "vertrouwelijk",
        "doel": "Ondersteuning bieden",
        "aanleiding": "Aanvraag inwoner",
        "indicatieInternOfExtern": "extern",
        "handelingInitiator": "Aanvragen",
        "onderwerp": "Maatwerkvoorziening",
        "handelingBehandelaar": "Beoordelen",
        "doorlooptijd": "P8W",
        "servicenorm": "P6W",
        "opschortingEnAanhoudingMogelijk": True,
        "verlengingMogelijk": True,
        "verlengingstermijn": "P2W",
        "publicatieIndicatie": False,
        "productenOfDiensten": [],
        "selectielijstProcestype": f"{REF}/procestypen/{build.PROCESTYPE_UUID}",
        "referentieproces": {"naam": "Wmo"},
        "verantwoordelijke": "Team Wmo",
        "catalogus": f"{BASE}/catalogussen/{cat.uuid}",
        "besluittypen": [],
        "gerelateerdeZaaktypen": [],
        "beginGeldigheid": "2024-01-01",
    }
    body.update(overrides)
    return body


def test_create_zaaktype_returns_concept_with_location(superuser_client, catalogus):
    response = superuser_client.post(f"{BASE}/zaaktypen", zaaktype_body(catalogus))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["concept"] is True
    assert response["Location"] == data["url"]
    assert response["API-version"] == "1.3.3"
    assert data["versiedatum"] == "2024-01-01"


def test_list_defaults_to_published_only(superuser_client, catalogus):
    build.zaaktype(catalogus, identificatie="A", concept=False)
    build.zaaktype(catalogus, identificatie="B", concept=True)
    listed = superuser_client.get(f"{BASE}/zaaktypen").json()
    assert [z["identificatie"] for z in listed["results"]] == ["A"]
    everything = superuser_client.get(f"{BASE}/zaaktypen", {"status": "alles"}).json()
    assert everything["count"] == 2


def test_unknown_query_parameter_is_400(superuser_client, catalogus):
    response = superuser_client.get(f"{BASE}/zaaktypen", {"bestaatniet": "1"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["invalidParams"][0]["name"] == "bestaatniet"


def test_invalid_body_lists_every_field_in_dutch(superuser_client, catalogus):
    body = zaaktype_body(
        catalogus, doorlooptijd="acht weken", vertrouwelijkheidaanduiding="supergeheim"
    )
    del body["omschrijving"]
    response = superuser_client.post(f"{BASE}/zaaktypen", body)
    assert response.status_code == 400
    params = {p["name"]: p for p in response.json()["invalidParams"]}
    assert params["omschrijving"]["code"] == "required"
    assert params["doorlooptijd"]["code"] == "invalid"
    assert params["vertrouwelijkheidaanduiding"]["code"] == "invalid_choice"
    assert "ISO 8601" in params["doorlooptijd"]["reason"]


def test_publish_then_frozen(tenant_client, catalogus):
    zt = build.complete_zaaktype(catalogus)
    url = f"{BASE}/zaaktypen/{zt.uuid}"
    assert tenant_client.post(f"{url}/publish").status_code == 200
    response = tenant_client.patch(url, {"omschrijving": "Anders"})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "non-concept-object"
    # ztc-009: only eindeGeldigheid may still change.
    response = tenant_client.patch(url, {"eindeGeldigheid": "2030-12-31"})
    assert response.status_code == 200, response.content
    assert response.json()["eindeGeldigheid"] == "2030-12-31"


def test_etag_and_if_none_match(superuser_client, catalogus):
    zt = build.zaaktype(catalogus)
    url = f"{BASE}/zaaktypen/{zt.uuid}"
    first = superuser_client.get(url)
    etag = first["ETag"]
    assert superuser_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    head = superuser_client.head(url)
    assert head.status_code == 200 and head.content == b"" and head["ETag"] == etag


def test_other_tenant_zaaktype_invisible_to_tenant_client(
    tenant_client, catalogus, other_catalogus
):
    build.zaaktype(catalogus, identificatie="EIGEN")
    foreign = build.zaaktype(other_catalogus, identificatie="VREEMD")
    listed = tenant_client.get(f"{BASE}/zaaktypen").json()
    assert [z["identificatie"] for z in listed["results"]] == ["EIGEN"]
    assert tenant_client.get(f"{BASE}/zaaktypen/{foreign.uuid}").status_code == 403


def test_besluittypen_resolved_by_name_to_valid_version(superuser_client, catalogus):
    old = build.besluittype(catalogus, "Toekenning", begin=date(2020, 1, 1))
    old.datum_einde_geldigheid = date(2023, 12, 31)
    old.save()
    new = build.besluittype(catalogus, "Toekenning", begin=date(2024, 1, 1))
    zt = build.zaaktype(catalogus, besluittype_omschrijvingen=["Toekenning"])
    data = superuser_client.get(f"{BASE}/zaaktypen/{zt.uuid}").json()
    assert data["besluittypen"] == [f"{BASE}/besluittypen/{new.uuid}"]
    data = superuser_client.get(
        f"{BASE}/zaaktypen/{zt.uuid}", {"datumGeldigheid": "2022-06-01"}
    ).json()
    assert data["besluittypen"] == [f"{BASE}/besluittypen/{old.uuid}"]
