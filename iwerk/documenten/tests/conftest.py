"""Documenten tests write content to a per-test storage folder."""

from __future__ import annotations

import base64

import pytest

from iwerk.core.testing import catalogus as build


@pytest.fixture(autouse=True)
def document_storage(settings, tmp_path):
    location = tmp_path / "documenten"
    settings.STORAGES = {
        **settings.STORAGES,
        "documenten": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    return location


@pytest.fixture
def iot(catalogus):
    return build.informatieobjecttype(catalogus, "Aanvraag")


def document_body(iot, **extra) -> dict:
    body = {
        "bronorganisatie": "001902763",
        "creatiedatum": "2026-11-01",
        "titel": "Aanvraag omgevingsvergunning",
        "auteur": "J. Jansen",
        "taal": "dut",
        "formaat": "text/plain",
        "bestandsnaam": "aanvraag.txt",
        "inhoud": base64.b64encode(b"Geachte heer, mevrouw,\n").decode(),
        "informatieobjecttype": f"http://testserver/catalogi/api/v1/informatieobjecttypen/{iot.uuid}",
    }
    body.update(extra)
    return body
