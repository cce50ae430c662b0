"""Chunked upload (bestandsdelen): locked create, parts by multipart PUT, merge on unlock."""

from __future__ import annotations

import hashlib

import pytest
from django.utils import timezone

from iwerk.core.testing.documenten import document_body
from iwerk.documenten import content
from iwerk.documenten.models import BestandsDeel, Versie, VervallenInhoud

BASE = "/documenten/api/v1/enkelvoudiginformatieobjecten"
CONTENT = b"0123456789abcdefghijKLMNO"  # 25 bytes: parts of 10, 10 and 5


@pytest.fixture(autouse=True)
def small_parts(settings):
    settings.IWERK_DOCUMENT_PART_SIZE = 10


def _p(url: str) -> str:
    return url.removeprefix("http://testserver")


def _start(client, iot, size=25):
    response = client.post(BASE, document_body(iot, inhoud=None, bestandsomvang=size))
    assert response.status_code == 201, response.json()
    return response.json()


def test_d05_parts_upload_in_any_order_and_merge_on_unlock(
    superuser_client, iot, document_storage, django_capture_on_commit_callbacks
):
    data = _start(superuser_client, iot)
    assert data["locked"] is True and data["lock"]
    assert data["inhoud"] is None
    parts = data["bestandsdelen"]
    assert [(p["volgnummer"], p["omvang"], p["voltooid"]) for p in parts] == [
        (1, 10, False),
        (2, 10, False),
        (3, 5, False),
    ]
    path = _p(data["url"])
    # Not all parts yet: unlock refuses (incomplete-upload) and nothing becomes content.
    for part, chunk in ((parts[2], CONTENT[20:]), (parts[0], CONTENT[:10])):
        response = superuser_client.put_multipart(
            _p(part["url"]), {"lock": data["lock"], "inhoud": ("deel", chunk)}
        )
        assert response.status_code == 200, response.json()
        assert response.json()["voltooid"] is True
    response = superuser_client.post(f"{path}/unlock", {"lock": data["lock"]})
    assert response.json()["invalidParams"][0]["code"] == "incomplete-upload"
    assert superuser_client.get(path).json()["inhoud"] is None

    superuser_client.put_multipart(
        _p(parts[1]["url"]), {"lock": data["lock"], "inhoud": ("deel", CONTENT[10:20])}
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert superuser_client.post(f"{path}/unlock", {"lock": data["lock"]}).status_code == 204
    final = superuser_client.get(path).json()
    assert final["locked"] is False and final["bestandsdelen"] == []
    assert final["bestandsomvang"] == len(CONTENT)
    response = superuser_client.get(_p(final["inhoud"]))
    assert b"".join(response.streaming_content) == CONTENT
    assert Versie.objects.get().sha256 == hashlib.sha256(CONTENT).hexdigest()
    assert not BestandsDeel.objects.exists()
    # The merged parts are released; once their grace period is over the worker removes them
    # and only the document's content remains.
    assert VervallenInhoud.objects.count() == 3
    VervallenInhoud.objects.update(verwijderen_na=timezone.now())
    assert content.remove_released() == 3
    assert len([p for p in document_storage.rglob("*") if p.is_file()]) == 1


def test_d05_bad_parts_are_refused(superuser_client, iot):
    data = _start(superuser_client, iot)
    part = _p(data["bestandsdelen"][0]["url"])
    wrong_size = superuser_client.put_multipart(
        part, {"lock": data["lock"], "inhoud": ("deel", b"te kort")}
    )
    assert wrong_size.status_code == 400
    assert wrong_size.json()["invalidParams"][0]["code"] == "file-size"
    wrong_lock = superuser_client.put_multipart(
        part, {"lock": "niet-het-lock", "inhoud": ("deel", CONTENT[:10])}
    )
    assert wrong_lock.json()["invalidParams"][0]["code"] == "incorrect-lock-id"
    ok = superuser_client.put_multipart(part, {"lock": data["lock"], "inhoud": ("d", CONTENT[:10])})
    assert ok.status_code == 200
    repeated = superuser_client.put_multipart(
        part, {"lock": data["lock"], "inhoud": ("d", CONTENT[:10])}
    )
    assert repeated.status_code == 400
    assert repeated.json()["invalidParams"][0]["code"] == "already-uploaded"
    json_body = superuser_client.put(part, {"lock": data["lock"]})
    assert json_body.status_code == 415


def test_d05_forced_unlock_abandons_an_incomplete_upload(superuser_client, iot):
    data = _start(superuser_client, iot)
    path = _p(data["url"])
    # heeftAlleAutorisaties includes documenten.geforceerd-unlock.
    assert superuser_client.post(f"{path}/unlock", {}).status_code == 204
    after = superuser_client.get(path).json()
    assert after["locked"] is False and after["inhoud"] is None and after["bestandsdelen"] == []


def test_d05_large_upload_is_streamed_not_held_in_memory(superuser_client, iot, settings):
    """64 MB in four parts, stored and merged with a bounded memory peak (tracemalloc)."""
    import tracemalloc

    from iwerk.documenten import services
    from iwerk.documenten.models import EnkelvoudigInformatieObject

    part_size = 16 * 1024 * 1024
    settings.IWERK_DOCUMENT_PART_SIZE = part_size
    total = 4 * part_size
    data = _start(superuser_client, iot, size=total)
    document = EnkelvoudigInformatieObject.objects.select_related("informatieobjecttype").get()
    block = bytes(range(256)) * 4096  # 1 MiB

    def chunks():
        for _ in range(part_size // len(block)):
            yield block

    tracemalloc.start()
    try:
        for part in BestandsDeel.objects.filter(document=document).select_related(
            "document__informatieobjecttype"
        ):
            services.upload_part(
                actor=superuser_actor(), part=part, lock=data["lock"], chunks=chunks()
            )
        document.refresh_from_db()
        services.unlock_document(actor=superuser_actor(), document=document, lock=data["lock"])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    versie = Versie.objects.get()
    assert versie.bestandsomvang == total
    expected = hashlib.sha256()
    for _ in range(total // len(block)):
        expected.update(block)
    assert versie.sha256 == expected.hexdigest()
    # Whole-file buffering would need 64 MB; streaming stays within a few chunks.
    assert peak < 8 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB"


def superuser_actor():
    from iwerk.core.api.actor import Actor

    return Actor(
        client_id="alles",
        applicatie_uuid=None,
        applicatie_label="alles",
        heeft_alle_autorisaties=True,
    )
