"""Documenten API: versions, content, lock protocol, bestandsdelen (drc-001 … drc-010)."""

from __future__ import annotations

import base64

import pytest

from iwerk.core import auditketen
from iwerk.core.models import Ketenschakel
from iwerk.core.testing.api import register_client
from iwerk.core.testing.documenten import document_body
from iwerk.documenten.models import EnkelvoudigInformatieObject, Versie

BASE = "/documenten/api/v1/enkelvoudiginformatieobjecten"


def _create(client, iot, **extra):
    response = client.post(BASE, document_body(iot, **extra))
    assert response.status_code == 201, response.json()
    return response.json()


def _path(url: str) -> str:
    return url.removeprefix("http://testserver")


def _download(client, url: str) -> bytes:
    response = client.get(_path(url))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_create_read_download(superuser_client, iot, document_storage):
    data = _create(superuser_client, iot)
    assert data["versie"] == 1
    assert data["identificatie"].startswith("DOCUMENT-")
    assert data["vertrouwelijkheidaanduiding"] == "zaakvertrouwelijk"  # from the type (drc-007)
    assert data["bestandsomvang"] == len(b"Geachte heer, mevrouw,\n")
    assert data["locked"] is False and data["bestandsdelen"] == []
    response = superuser_client.get(_path(data["inhoud"]))
    assert response["Content-Type"] == "text/plain"
    assert 'filename="aanvraag.txt"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"Geachte heer, mevrouw,\n"
    # Stored under a uuid-derived name below the storage root, never the client's file name.
    stored = [p for p in document_storage.rglob("*") if p.is_file()]
    assert len(stored) == 1 and "aanvraag" not in str(stored[0])


def test_d03_d04_update_requires_lock_and_keeps_every_version(superuser_client, iot):
    data = _create(superuser_client, iot)
    path = _path(data["url"])
    # drc-009: no lock → required; not locked → unlocked; wrong lock → incorrect-lock-id.
    response = superuser_client.patch(path, {"titel": "Nieuw"})
    assert response.json()["invalidParams"][0] == {
        "name": "lock",
        "code": "required",
        "reason": response.json()["invalidParams"][0]["reason"],
    }
    response = superuser_client.patch(path, {"titel": "Nieuw", "lock": "x"})
    assert response.json()["invalidParams"][0]["code"] == "unlocked"
    lock = superuser_client.post(f"{path}/lock").json()["lock"]
    again = superuser_client.post(f"{path}/lock")
    assert again.status_code == 400
    assert again.json()["invalidParams"][0]["code"] == "existing-lock"
    response = superuser_client.patch(path, {"titel": "Nieuw", "lock": "fout"})
    assert response.json()["invalidParams"][0]["code"] == "incorrect-lock-id"

    new_content = base64.b64encode(b"versie twee").decode()
    response = superuser_client.patch(path, {"titel": "Nieuw", "lock": lock, "inhoud": new_content})
    assert response.status_code == 200, response.json()
    assert response.json()["versie"] == 2
    response = superuser_client.patch(path, {"beschrijving": "alleen metadata", "lock": lock})
    assert response.json()["versie"] == 3
    assert _download(superuser_client, response.json()["inhoud"]) == b"versie twee"

    v1 = superuser_client.get(path, {"versie": 1}).json()
    assert v1["titel"] == "Aanvraag omgevingsvergunning" and v1["versie"] == 1
    assert _download(superuser_client, v1["inhoud"]) == b"Geachte heer, mevrouw,\n"
    assert superuser_client.get(path, {"versie": 9}).status_code == 404
    at_creation = superuser_client.get(path, {"registratieOp": v1["beginRegistratie"]}).json()
    assert at_creation["versie"] == 1
    assert superuser_client.post(f"{path}/unlock", {"lock": lock}).status_code == 204
    assert superuser_client.get(path).json()["locked"] is False


def test_d04_unlock_needs_lock_or_forced_scope(superuser_client, iot, catalogus):
    data = _create(superuser_client, iot)
    path = _path(data["url"])
    iot_url = data["informatieobjecttype"]
    client = register_client(
        "lock-app",
        autorisaties=[
            {
                "component": "drc",
                "scopes": ["documenten.lezen", "documenten.lock"],
                "informatieobjecttype": iot_url,
                "max_vertrouwelijkheidaanduiding": "zeer_geheim",
            }
        ],
    )
    superuser_client.post(f"{path}/lock")
    response = client.post(f"{path}/unlock", {"lock": "raden"})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "incorrect-lock-id"
    forcer = register_client(
        "force-app",
        autorisaties=[
            {
                "component": "drc",
                "scopes": ["documenten.lezen", "documenten.geforceerd-unlock"],
                "informatieobjecttype": iot_url,
                "max_vertrouwelijkheidaanduiding": "zeer_geheim",
            }
        ],
    )
    assert forcer.post(f"{path}/unlock", {}).status_code == 204


def test_d04_non_ascii_lock_is_an_incorrect_lock_not_a_500(superuser_client, iot):
    """compare_digest refuses non-ASCII str: a lock like "slöt" must still be a plain 400."""
    data = _create(superuser_client, iot)
    path = _path(data["url"])
    holder = register_client(
        "lock-holder",
        autorisaties=[
            {
                "component": "drc",
                "scopes": ["documenten.lezen", "documenten.bijwerken", "documenten.lock"],
                "informatieobjecttype": data["informatieobjecttype"],
                "max_vertrouwelijkheidaanduiding": "zeer_geheim",
            }
        ],
    )
    lock = holder.post(f"{path}/lock").json()["lock"]
    for wrong in ("slöt", "🔒" * 16, lock[:-1] + "é"):
        update = holder.patch(path, {"titel": "Nieuw", "lock": wrong})
        assert update.status_code == 400, update.content
        assert update.json()["invalidParams"][0]["code"] == "incorrect-lock-id"
        unlock = holder.post(f"{path}/unlock", {"lock": wrong})
        assert unlock.status_code == 400, unlock.content
        assert unlock.json()["invalidParams"][0]["code"] == "incorrect-lock-id"
    assert holder.post(f"{path}/unlock", {"lock": lock}).status_code == 204


@pytest.mark.parametrize(
    ("extra", "name", "code"),
    [
        ({"inhoud": "@@@ geen base64"}, "inhoud", "invalid"),
        ({"bestandsomvang": 3}, "bestandsomvang", "file-size"),
        ({"bestandsnaam": "../../etc/passwd"}, "bestandsnaam", "invalid"),
        ({"indicatieGebruiksrecht": True}, "indicatieGebruiksrecht", "missing-gebruiksrechten"),
        (
            {"ontvangstdatum": "2026-11-02", "status": "in_bewerking"},
            "status",
            "invalid_for_received",
        ),
        (
            {"integriteit": {"algoritme": "sha_256", "waarde": "00" * 32, "datum": "2026-11-01"}},
            "integriteit.waarde",
            "checksum-mismatch",
        ),
        ({"taal": "nl"}, "taal", "invalid"),
        ({"formaat": "application/pdf"}, "formaat", "formaat-mismatch"),
    ],
)
def test_d06_d07_bad_input_is_refused_and_nothing_stored(
    superuser_client, iot, document_storage, extra, name, code
):
    response = superuser_client.post(BASE, document_body(iot, **extra))
    assert response.status_code == 400, response.json()
    assert (name, code) in {(p["name"], p["code"]) for p in response.json()["invalidParams"]}
    assert not EnkelvoudigInformatieObject.objects.exists()
    assert not Versie.objects.exists()
    assert not [p for p in document_storage.rglob("*") if p.is_file()]


def test_correct_checksum_is_accepted(superuser_client, iot):
    import hashlib

    waarde = hashlib.sha256(b"Geachte heer, mevrouw,\n").hexdigest()
    integriteit = {"algoritme": "sha_256", "waarde": waarde, "datum": "2026-11-01"}
    data = _create(superuser_client, iot, integriteit=integriteit)
    assert data["integriteit"] == integriteit
    assert superuser_client.get(_path(data["url"])).json()["integriteit"] == integriteit


def test_d01_concept_type_is_refused(superuser_client, catalogus):
    from iwerk.core.testing import catalogus as build

    concept = build.informatieobjecttype(catalogus, "Concept", concept=True)
    response = superuser_client.post(BASE, document_body(concept))
    assert response.json()["invalidParams"][0]["code"] == "not-published"


def test_d04_d09_delete_locked_or_related_is_refused(superuser_client, iot):
    data = _create(superuser_client, iot)
    path = _path(data["url"])
    lock = superuser_client.post(f"{path}/lock").json()["lock"]
    response = superuser_client.delete(path)
    assert response.json()["invalidParams"][0]["code"] == "destroy-locked"
    superuser_client.post(f"{path}/unlock", {"lock": lock})
    assert superuser_client.delete(path).status_code == 204
    assert superuser_client.get(path).status_code == 404
    # drc-008: the trail goes, recorded as a removal link of the audit chain (ADR 0032).
    assert Ketenschakel.objects.get(tabel="afvoer").gegevens["reden"] == "drc-008"
    assert auditketen.verifieren()[1] == []


def test_real_pdf_is_served_with_its_type(superuser_client, iot):
    pdf = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
    data = _create(
        superuser_client,
        iot,
        formaat="application/pdf",
        bestandsnaam="besluit.pdf",
        inhoud=base64.b64encode(pdf).decode(),
    )
    response = superuser_client.get(_path(data["inhoud"]))
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    strict = superuser_client.get(_path(data["inhoud"]), HTTP_ACCEPT="application/octet-stream")
    assert strict["Content-Type"] == "application/octet-stream"


def test_the_document_of_a_gebruiksrecht_or_verzending_is_fixed(superuser_client, iot):
    first, second = _create(superuser_client, iot), _create(superuser_client, iot)
    recht = superuser_client.post(
        "/documenten/api/v1/gebruiksrechten",
        {
            "informatieobject": first["url"],
            "startdatum": "2026-11-01T00:00:00+01:00",
            "omschrijvingVoorwaarden": "Openbaar",
        },
    ).json()
    moved = superuser_client.patch(_path(recht["url"]), {"informatieobject": second["url"]})
    assert moved.status_code == 400
    assert moved.json()["invalidParams"][0]["code"] == "wijzigen-niet-toegelaten"
    verzending = superuser_client.post(
        "/documenten/api/v1/verzendingen",
        {
            "informatieobject": first["url"],
            "betrokkene": "https://klantinteracties.example.nl/api/v1/partijen/1",
            "aardRelatie": "geadresseerde",
            "contactPersoon": "https://klantinteracties.example.nl/api/v1/partijen/2",
            "mijnOverheid": True,
        },
    ).json()
    moved = superuser_client.patch(_path(verzending["url"]), {"informatieobject": second["url"]})
    assert moved.json()["invalidParams"][0]["code"] == "wijzigen-niet-toegelaten"
