"""The Documenten API and the werkplek refuse infected content (real clamd); nothing is stored."""

from __future__ import annotations

import base64

import pytest

from iwerk.core.testing.clamd import MONSTER, vereist
from iwerk.core.testing.documenten import document_body
from iwerk.documenten.models import EnkelvoudigInformatieObject

pytestmark = [vereist, pytest.mark.django_db]
EIO = "/documenten/api/v1/enkelvoudiginformatieobjecten"


def _body(iot, data: bytes) -> dict:
    return document_body(
        iot,
        inhoud=base64.b64encode(data).decode(),
        formaat="application/pdf",
        bestandsnaam="brief.pdf",
    )


def test_the_api_refuses_an_infected_document_and_stores_nothing(scanner, superuser_client, iot):
    response = superuser_client.post(EIO, _body(iot, MONSTER))
    assert response.status_code == 400, response.content
    param = response.json()["invalidParams"][0]
    assert param["code"] == "virus" and "Iwerk.Test.Signature" in param["reason"]
    assert not EnkelvoudigInformatieObject.objects.exists()
    clean = b"%PDF-1.4\nschoon\n%%EOF\n"
    assert superuser_client.post(EIO, _body(iot, clean)).status_code == 201


def test_a_scanner_that_does_not_answer_gives_503_and_stores_nothing(
    settings, superuser_client, iot, tmp_path
):
    settings.IWERK_CLAMAV = f"unix://{tmp_path}/weg.sock"
    clean = b"%PDF-1.4\nschoon\n%%EOF\n"
    response = superuser_client.post(EIO, _body(iot, clean))
    assert response.status_code == 503 and "virusscanner" in response.json()["detail"]
    assert not EnkelvoudigInformatieObject.objects.exists()
