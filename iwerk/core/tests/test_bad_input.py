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
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "parse_error"
    # Every 400 names what is wrong in invalidParams, an unreadable body too.
    assert params(response) == {"nonFieldErrors": "parse_error"}


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


def test_wrong_types_are_refused_and_unknown_fields_ignored(superuser_client, catalogus):
    """I2: an unknown property is not an error; a wrong type still is (a boolean for a string,
    a string for a list, a string for a boolean)."""
    body = zaaktype_body(
        catalogus,
        opschortingEnAanhoudingMogelijk="ja",
        trefwoorden="los",
        doel=True,
        onbekend=1,
    )
    assert params(superuser_client.post(f"{BASE}/zaaktypen", body)) == {
        "opschortingEnAanhoudingMogelijk": "invalid",
        "trefwoorden": "not_a_list",
        "doel": "invalid",
    }
    assert not ZaakType.objects.exists()


def test_unknown_fields_are_ignored_and_named_in_a_header(superuser_client, catalogus):
    body = zaaktype_body(
        catalogus, rolomschrijving="Initiator", referentieproces={"naam": "P", "x": 1}
    )
    response = superuser_client.post(f"{BASE}/zaaktypen", body)
    assert response.status_code == 201, response.content
    assert set(response["X-Ignored-Fields"].split(", ")) == {
        "rolomschrijving",
        "referentieproces.x",
    }
    assert response.json()["referentieproces"]["naam"] == "P"


def test_read_only_fields_are_ignored_whatever_their_value(superuser_client, catalogus):
    """I1: a client that sends read-only properties (its own copy of a GET) is not refused;
    what it sends there changes nothing."""
    body = zaaktype_body(
        catalogus,
        concept=False,
        url="https://elders.example.nl/x",
        statustypen=["https://elders.example.nl/y"],
    )
    response = superuser_client.post(f"{BASE}/zaaktypen", body)
    assert response.status_code == 201, response.content
    assert response.json()["concept"] is True
    assert response.json()["url"].startswith(f"{BASE}/zaaktypen/")
    assert response.json()["statustypen"] == []
    assert "X-Ignored-Fields" not in response


def test_a_number_for_a_string_is_its_decimal_text(superuser_client, catalogus):
    """I3: DRF reads 20 as "20" for a string field; booleans and objects stay wrong."""
    response = superuser_client.post(
        f"{BASE}/zaaktypen", zaaktype_body(catalogus, identificatie=20, trefwoorden=[1, "b"])
    )
    assert response.status_code == 201, response.content
    assert response.json()["identificatie"] == "20"
    assert response.json()["trefwoorden"] == ["1", "b"]
    assert params(
        superuser_client.post(f"{BASE}/zaaktypen", zaaktype_body(catalogus, identificatie={"a": 1}))
    ) == {"identificatie": "invalid"}


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


def test_an_unexpected_error_is_problem_json_not_a_html_page(superuser_client, monkeypatch):
    """I5: whatever breaks inside a handler, the client gets application/problem+json (500)."""
    from iwerk.catalogi.api.views import catalogussen

    def broken(*args, **kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr(catalogussen, "catalogussen_with_relations", broken)
    response = superuser_client.get(f"{BASE}/catalogussen")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-version"]
    assert "kapot" not in response.content.decode()


def test_a_disallowed_host_is_a_problem_400(superuser_client):
    response = superuser_client.http.get(
        "/catalogi/api/v1/catalogussen", HTTP_HOST="evil.example", **superuser_client._headers()
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_ignored_field_names_with_any_character_fit_the_header(superuser_client, catalogus):
    """Found by the fuzzer: a key with a newline made the X-Ignored-Fields header a 500."""
    body = zaaktype_body(catalogus, **{"a\nb": 1, "é ü": 2})
    response = superuser_client.post(f"{BASE}/zaaktypen", body)
    assert response.status_code == 201, response.content
    assert set(response["X-Ignored-Fields"].split(", ")) == {"a%0Ab", "%C3%A9%20%C3%BC"}


def _chunked(superuser_client, method: str, url: str, body: bytes):
    """A request as a server hands over a chunked body: no Content-Length, the stream to its end."""
    import io

    return superuser_client.http.generic(
        method,
        url,
        CONTENT_TYPE="application/json",
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": io.BytesIO(body)},
        **superuser_client._headers(),
    )


def test_a_chunked_body_is_read(superuser_client, catalogus):
    """Clients that stream their JSON send no Content-Length; Django read such a body as empty."""
    import orjson

    response = _chunked(
        superuser_client, "POST", f"{BASE}/zaaktypen", orjson.dumps(zaaktype_body(catalogus))
    )
    assert response.status_code == 201, response.content
    assert ZaakType.objects.count() == 1


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_chunked_body_over_the_limit_is_413(superuser_client, catalogus):
    import orjson

    body = orjson.dumps(zaaktype_body(catalogus, toelichting="x" * 5000))
    response = _chunked(superuser_client, "POST", f"{BASE}/zaaktypen", body)
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert not ZaakType.objects.exists()


def test_empty_answers_have_no_html_content_type(superuser_client, catalogus):
    created = superuser_client.post(f"{BASE}/zaaktypen", zaaktype_body(catalogus)).json()
    response = superuser_client.get(created["url"])
    not_modified = superuser_client.get(created["url"], HTTP_IF_NONE_MATCH=response["ETag"])
    assert not_modified.status_code == 304
    assert "Content-Type" not in not_modified
    statustype = superuser_client.post(
        f"{BASE}/statustypen",
        {"zaaktype": created["url"], "omschrijving": "Ontvangen", "volgnummer": 1},
    ).json()
    deleted = superuser_client.delete(statustype["url"])
    assert deleted.status_code == 204
    assert "Content-Type" not in deleted
