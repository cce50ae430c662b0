"""Bad input gets a 400 (or 413/415) Problem JSON and leaves nothing half-written."""

import pytest
from django.test import override_settings

from iwerk.catalogi.models import Catalogus, ZaakType
from iwerk.catalogi.tests.test_api_zaaktypen import zaaktype_body

pytestmark = pytest.mark.django_db
BASE = "http://testserver/catalogi/api/v1"


def params(response) -> dict[str, str]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {p["name"]: p["code"] for p in response.json()["invalidParams"]}


def test_invalid_json(superuser_client):
    response = superuser_client.http.post(
        f"{BASE}/catalogussen",
        b"{niet: json",
        content_type="application/json",
        **superuser_client._headers(),
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_wrong_content_type(superuser_client):
    response = superuser_client.http.post(
        f"{BASE}/catalogussen",
        b"domein=x",
        content_type="application/x-www-form-urlencoded",
        **superuser_client._headers(),
    )
    assert response.status_code == 415


def test_body_must_be_an_object(superuser_client):
    assert params(superuser_client.post(f"{BASE}/catalogussen", [1, 2])) == {
        "nonFieldErrors": "invalid"
    }


def test_wrong_types_and_unknown_fields(superuser_client, catalogus):
    body = zaaktype_body(
        catalogus, opschortingEnAanhoudingMogelijk="ja", trefwoorden="los", onbekend=1
    )
    assert params(superuser_client.post(f"{BASE}/zaaktypen", body)) == {
        "opschortingEnAanhoudingMogelijk": "invalid",
        "trefwoorden": "not_a_list",
        "onbekend": "unknown-field",
    }


def test_read_only_field_cannot_be_set(superuser_client, catalogus):
    body = zaaktype_body(catalogus, concept=False)
    assert params(superuser_client.post(f"{BASE}/zaaktypen", body)) == {"concept": "read-only"}
    assert not ZaakType.objects.exists()


def test_nested_field_errors_have_dotted_names(superuser_client, catalogus):
    body = zaaktype_body(catalogus, referentieproces={"link": "geen-url"})
    assert params(superuser_client.post(f"{BASE}/zaaktypen", body)) == {
        "referentieproces.naam": "required",
        "referentieproces.link": "invalid",
    }


def test_malformed_and_foreign_urls(superuser_client, catalogus):
    assert params(
        superuser_client.post(f"{BASE}/zaaktypen", zaaktype_body(catalogus, catalogus="geen url"))
    ) == {"catalogus": "invalid"}
    foreign = zaaktype_body(
        catalogus,
        catalogus=f"https://elders.example.nl/catalogi/api/v1/catalogussen/{catalogus.uuid}",
    )
    assert params(superuser_client.post(f"{BASE}/zaaktypen", foreign)) == {"catalogus": "bad-url"}
    wrong_kind = zaaktype_body(catalogus, catalogus=f"{BASE}/zaaktypen/{catalogus.uuid}")
    assert params(superuser_client.post(f"{BASE}/zaaktypen", wrong_kind)) == {
        "catalogus": "invalid-resource"
    }
    assert not ZaakType.objects.exists()


def test_rsin_elfproef(superuser_client, tenant):
    body = {"domein": "X", "rsin": "123456789", "contactpersoonBeheerNaam": "Beheer"}
    assert params(superuser_client.post(f"{BASE}/catalogussen", body)) == {"rsin": "invalid"}
    assert not Catalogus.objects.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_oversized_body_is_413(superuser_client, catalogus):
    response = superuser_client.post(
        f"{BASE}/zaaktypen", zaaktype_body(catalogus, toelichting="x" * 5000)
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"


def test_bad_query_values(superuser_client):
    assert params(superuser_client.get(f"{BASE}/zaaktypen", {"datumGeldigheid": "gisteren"})) == {
        "datumGeldigheid": "invalid"
    }
    assert params(superuser_client.get(f"{BASE}/zaaktypen", {"page": "een"})) == {"page": "invalid"}
    assert params(superuser_client.get(f"{BASE}/zaaktypen", {"catalogus": "geen-url"})) == {
        "catalogus": "invalid"
    }


def test_page_past_the_end_is_404(superuser_client):
    assert superuser_client.get(f"{BASE}/zaaktypen", {"page": 2}).status_code == 404


def test_unknown_api_path_is_problem_404(superuser_client):
    response = superuser_client.get(f"{BASE}/bestaatniet")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_method_not_allowed(superuser_client):
    response = superuser_client.delete(f"{BASE}/catalogussen")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
