"""Documenten API 1.7.0: every operation against the official document, isolation, query counts."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iwerk.core.testing import catalogus as build
from iwerk.core.testing.api import register_client
from iwerk.core.testing.conformance import ConformanceRecorder
from iwerk.core.testing.documenten import document_body

pytestmark = pytest.mark.django_db
D = "http://testserver/documenten/api/v1"
EIO = f"{D}/enkelvoudiginformatieobjecten"


def _recorder(client):
    return ConformanceRecorder(client, "iwerk.documenten", "/documenten/api/v1")


def _p(url: str) -> str:
    return url.removeprefix("http://testserver")


VERZENDING = {
    "betrokkene": "https://klantinteracties.example.nl/api/v1/partijen/1",
    "aardRelatie": "geadresseerde",
    "contactPersoon": "https://klantinteracties.example.nl/api/v1/partijen/2",
    "emailadres": "inwoner@example.nl",
}


@pytest.mark.conformance
def test_d06_d10_every_operation_conforms(superuser_client, iot, settings):
    settings.IWERK_DOCUMENT_PART_SIZE = 8
    api = _recorder(superuser_client)
    created = api.post(EIO, document_body(iot, trefwoorden=["aanvraag", "wmo"]))
    assert created.status_code == 201
    doc = created.json()
    url = doc["url"]
    assert api.get(EIO, {"trefwoorden": "aanvraag,wmo"}).json()["count"] == 1
    assert api.get(EIO, {"trefwoorden": "bouw"}).json()["count"] == 0
    assert (
        api.get(
            EIO, {"identificatie": doc["identificatie"], "expand": "informatieobjecttype"}
        ).json()["results"][0]["_expand"]["informatieobjecttype"]["omschrijving"]
        == "Aanvraag"
    )
    assert api.get(url, {"expand": "informatieobjecttype"}).status_code == 200
    assert api.head(url).status_code == 200
    etag = api.get(url)["ETag"]
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert api.get(f"{url}/download", HTTP_ACCEPT="application/octet-stream").status_code == 200
    zoek = api.post(f"{EIO}/_zoek", {"uuid__in": [url.rsplit("/", 1)[-1]]})
    assert zoek.json()["count"] == 1
    lock = api.post(f"{url}/lock").json()["lock"]
    assert (
        api.put(url, {**document_body(iot), "lock": lock, "titel": "Gewijzigd"}).status_code == 200
    )
    assert api.patch(url, {"lock": lock, "beschrijving": "Bijgewerkt"}).json()["versie"] == 3
    assert api.post(f"{url}/unlock", {"lock": lock}).status_code == 204
    trail = api.get(f"{url}/audittrail").json()
    assert [t["actie"] for t in trail] == ["create", "update", "update"]
    assert api.get(f"{url}/audittrail/{trail[0]['uuid']}").status_code == 200

    recht = api.post(
        f"{D}/gebruiksrechten",
        {
            "informatieobject": url,
            "startdatum": "2026-11-01T00:00:00+01:00",
            "omschrijvingVoorwaarden": "Hergebruik toegestaan",
        },
    )
    assert recht.status_code == 201
    recht_url = recht.json()["url"]
    assert api.get(f"{D}/gebruiksrechten", {"informatieobject": url}).json()[0]["url"] == recht_url
    assert api.get(recht_url, {"expand": "informatieobject"}).status_code == 200
    assert api.head(recht_url).status_code == 200
    assert api.patch(recht_url, {"einddatum": "2027-01-01T00:00:00+01:00"}).status_code == 200
    assert (
        api.put(
            recht_url,
            {
                "informatieobject": url,
                "startdatum": "2026-11-01T00:00:00+01:00",
                "omschrijvingVoorwaarden": "Alleen intern",
            },
        ).status_code
        == 200
    )
    assert api.get(url).json()["indicatieGebruiksrecht"] is True
    assert api.delete(recht_url).status_code == 204
    assert api.get(url).json()["indicatieGebruiksrecht"] is None  # last one gone (drc-006)

    verzending = api.post(f"{D}/verzendingen", {**VERZENDING, "informatieobject": url})
    assert verzending.status_code == 201, verzending.json()
    v_url = verzending.json()["url"]
    assert api.get(f"{D}/verzendingen", {"informatieobject": url}).json()["count"] == 1
    assert api.get(v_url, {"expand": "informatieobject"}).status_code == 200
    assert api.head(v_url).status_code == 200
    assert api.patch(v_url, {"toelichting": "Per e-mail"}).status_code == 200
    assert api.put(v_url, {**VERZENDING, "informatieobject": url}).status_code == 200
    both = api.patch(v_url, {"telefoonnummer": "0570123456"})
    assert both.json()["invalidParams"][0]["code"] == "invalid-address"
    assert api.delete(v_url).status_code == 204

    assert api.get(f"{D}/objectinformatieobjecten", {"informatieobject": url}).json() == []
    refused = api.post(
        f"{D}/objectinformatieobjecten",
        {
            "informatieobject": url,
            "object": "http://testserver/zaken/api/v1/zaken/0f6b7c2e-3a1d-4c55-9a34-1d2e3f4a5b6c",
            "objectType": "zaak",
        },
    )
    assert refused.json()["invalidParams"][0]["code"] == "inconsistent-relation"

    chunked = api.post(EIO, document_body(iot, inhoud=None, bestandsomvang=12)).json()
    for part, data in zip(chunked["bestandsdelen"], (b"12345678", b"9abc"), strict=True):
        response = api.client.put_multipart(
            _p(part["url"]), {"lock": chunked["lock"], "inhoud": ("deel", data)}
        )
        api._record("PUT", response)
        assert response.status_code == 200
    assert api.post(f"{chunked['url']}/unlock", {"lock": chunked["lock"]}).status_code == 204
    assert api.delete(chunked["url"]).status_code == 204
    assert api.delete(url).status_code == 204

    # OIO read/delete are exercised where a zaak exists (zaken/tests/test_informatieobjecten.py).
    missing = api.missing_operations() - {
        ("GET", "/objectinformatieobjecten/{uuid}"),
        ("HEAD", "/objectinformatieobjecten/{uuid}"),
        ("DELETE", "/objectinformatieobjecten/{uuid}"),
    }
    assert missing == set()
    assert api.server_errors == []
    assert api.violations == [], "\n".join(api.violations)


def _client_for(iot, maximum: str, scopes=("documenten.lezen",)):
    return register_client(
        f"app-{iot.pk}-{maximum}",
        autorisaties=[
            {
                "component": "drc",
                "scopes": list(scopes),
                "informatieobjecttype": f"http://testserver/catalogi/api/v1/informatieobjecttypen/{iot.uuid}",
                "max_vertrouwelijkheidaanduiding": maximum,
            }
        ],
    )


def test_d02_isolation_by_type_and_vertrouwelijkheid(superuser_client, iot, other_catalogus):
    other_iot = build.informatieobjecttype(other_catalogus, "Aanvraag")
    open_doc = superuser_client.post(
        EIO, document_body(iot, vertrouwelijkheidaanduiding="openbaar")
    ).json()
    secret = superuser_client.post(
        EIO, document_body(iot, vertrouwelijkheidaanduiding="geheim")
    ).json()
    raalte = superuser_client.post(
        EIO, document_body(other_iot, bronorganisatie="001654937")
    ).json()
    client = _client_for(iot, "intern")
    listed = client.get(_p(EIO)).json()
    assert [d["url"] for d in listed["results"]] == [open_doc["url"]]
    assert client.get(_p(secret["url"])).status_code == 403
    assert client.get(_p(raalte["url"])).status_code == 403
    assert client.get(_p(secret["url"]) + "/download").status_code == 403
    zoek = client.post(
        f"{_p(EIO)}/_zoek", {"uuid__in": [d["url"].rsplit("/", 1)[-1] for d in (secret, raalte)]}
    )
    assert zoek.json()["count"] == 0
    # No write scopes: creating, even of a visible type, is refused.
    assert client.post(_p(EIO), document_body(iot)).status_code == 403
    # The parts of a document follow its visibility: gebruiksrechten and verzendingen.
    parts = {}
    for doc in (open_doc, secret, raalte):
        recht = superuser_client.post(
            f"{D}/gebruiksrechten",
            {
                "informatieobject": doc["url"],
                "startdatum": "2026-11-01T00:00:00+01:00",
                "omschrijvingVoorwaarden": "Geen hergebruik",
            },
        ).json()["url"]
        verzending = superuser_client.post(
            f"{D}/verzendingen", {**VERZENDING, "informatieobject": doc["url"]}
        ).json()["url"]
        parts[doc["url"]] = (recht, verzending)
    assert [g["url"] for g in client.get(_p(f"{D}/gebruiksrechten")).json()] == [
        parts[open_doc["url"]][0]
    ]
    assert [v["url"] for v in client.get(_p(f"{D}/verzendingen")).json()["results"]] == [
        parts[open_doc["url"]][1]
    ]
    for doc in (secret, raalte):
        for url in parts[doc["url"]]:
            assert client.get(_p(url)).status_code == 403
        assert client.get(_p(doc["url"]) + "/audittrail").status_code == 403


def test_list_queries_flat_in_page_size(superuser_client, iot):
    for _ in range(3):
        superuser_client.post(EIO, document_body(iot))
    cache.clear()
    superuser_client.get(_p(EIO))
    with CaptureQueriesContext(connection) as small:
        response = superuser_client.get(_p(EIO), {"expand": "informatieobjecttype"})
    assert response.status_code == 200 and response.json()["count"] == 3
    for _ in range(12):
        superuser_client.post(EIO, document_body(iot))
    cache.clear()
    superuser_client.get(_p(EIO))
    with CaptureQueriesContext(connection) as large:
        response = superuser_client.get(_p(EIO), {"expand": "informatieobjecttype"})
    assert response.status_code == 200 and response.json()["count"] == 15
    assert all(d["_expand"]["informatieobjecttype"] for d in response.json()["results"])
    assert len(small) == len(large) == 6, [q["sql"] for q in large.captured_queries]


def test_zoek_with_an_empty_uuid_list_finds_nothing(superuser_client, iot):
    """Found by the fuzzer: uuid__in=[] made the count's cache key fail (500)."""
    superuser_client.post(EIO, document_body(iot))
    response = superuser_client.post(f"{EIO}/_zoek", {"uuid__in": []})
    assert response.status_code == 200 and response.json()["count"] == 0
