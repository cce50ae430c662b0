"""Document content in an S3-compatible object store (IWERK_DOCUMENT_STORAGE=s3).

No S3 server runs on the build machine, so the test starts moto's S3 server: a real HTTP server
on a local port speaking the S3 protocol, reached by django-storages/boto3 exactly as MinIO or
AWS would be. What it proves: inline content, a chunked upload merged on unlock, and downloads
all go through the object store, under uuid keys only.
"""

from __future__ import annotations

import base64
import hashlib

import pytest
from django.utils import timezone

from iwerk.core.testing.documenten import document_body
from iwerk.documenten.content import remove_released
from iwerk.documenten.models import Versie, VervallenInhoud

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

BASE = "/documenten/api/v1/enkelvoudiginformatieobjecten"


@pytest.fixture
def s3(settings, monkeypatch):
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    for key, value in {
        "AWS_ACCESS_KEY_ID": "iwerk",
        "AWS_SECRET_ACCESS_KEY": "iwerk-secret",
        "AWS_DEFAULT_REGION": "eu-west-1",
    }.items():
        monkeypatch.setenv(key, value)
    client = boto3.client("s3", endpoint_url=endpoint, region_name="eu-west-1")
    client.create_bucket(
        Bucket="iwerk-documenten",
        CreateBucketConfiguration={"LocationConstraint": "eu-west-1"},
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "documenten": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "iwerk-documenten",
                "endpoint_url": endpoint,
                "access_key": "iwerk",
                "secret_key": "iwerk-secret",
                "region_name": "eu-west-1",
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }
    settings.IWERK_DOCUMENT_PART_SIZE = 10
    yield client
    server.stop()


def _keys(client) -> list[str]:
    listed = client.list_objects_v2(Bucket="iwerk-documenten")
    return sorted(o["Key"] for o in listed.get("Contents", []))


def test_inline_and_chunked_content_live_in_the_object_store(
    superuser_client, iot, s3, django_capture_on_commit_callbacks
):
    inline = superuser_client.post(BASE, document_body(iot)).json()
    assert [k.split("/")[0] for k in _keys(s3)] == ["inhoud"]
    assert "aanvraag" not in "".join(_keys(s3))
    response = superuser_client.get(inline["inhoud"].removeprefix("http://testserver"))
    assert b"".join(response.streaming_content) == base64.b64decode(document_body(iot)["inhoud"])

    content = b"0123456789abcdefghijKLMNO"
    chunked = superuser_client.post(
        BASE, document_body(iot, inhoud=None, bestandsomvang=len(content))
    ).json()
    for part, start in zip(chunked["bestandsdelen"], (0, 10, 20), strict=True):
        uploaded = superuser_client.put_multipart(
            part["url"].removeprefix("http://testserver"),
            {"lock": chunked["lock"], "inhoud": ("deel", content[start : start + part["omvang"]])},
        )
        assert uploaded.status_code == 200, uploaded.json()
    path = chunked["url"].removeprefix("http://testserver")
    with django_capture_on_commit_callbacks(execute=True):
        assert superuser_client.post(f"{path}/unlock", {"lock": chunked["lock"]}).status_code == 204
    merged = superuser_client.get(path).json()
    response = superuser_client.get(merged["inhoud"].removeprefix("http://testserver"))
    assert b"".join(response.streaming_content) == content
    assert Versie.objects.get(document__uuid=path.rsplit("/", 1)[-1]).sha256 == (
        hashlib.sha256(content).hexdigest()
    )
    # The parts are released by the merge and removed once their grace period is over: two
    # documents, two objects.
    VervallenInhoud.objects.update(verwijderen_na=timezone.now())
    assert remove_released() == 3
    assert [k.split("/")[0] for k in _keys(s3)] == ["inhoud", "inhoud"]
