"""The portaal's test world: three demo gemeenten with catalogi and products, mail in memory.

`gemeenten` here (with products) stands in for the root conftest's bare three gemeenten."""

from __future__ import annotations

import io
import time

import pytest
from django.test import Client

from iwerk.catalogi.demo import load_catalogus
from iwerk.demo.gemeenten import load_gemeenten
from iwerk.portaal.demo import load_producten
from iwerk.portaal.identiteit import SESSION_KEY

SUZANNE = "999990007"  # test persons of the test IdP
PIETER = "999990019"


@pytest.fixture
def portaal(db, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "documenten": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documenten")},
        },
    }
    gemeenten = {g.slug: g for g in load_gemeenten()}
    for gemeente in gemeenten.values():
        load_catalogus(gemeente, "http://testserver")
        load_producten(gemeente)
    return gemeenten


@pytest.fixture
def gemeenten(db):
    """The three demo gemeenten with their catalogi and products (no mail or storage settings)."""
    result = {g.slug: g for g in load_gemeenten()}
    for gemeente in result.values():
        load_catalogus(gemeente, "http://testserver")
        load_producten(gemeente)
    return result


def ingelogd(
    nummer: str = SUZANNE,
    *,
    middel: str = "digid",
    niveau: str = "digid_midden",
    naam: str = "Suzanne Moulin",
    client: Client | None = None,
) -> Client:
    """A client whose session holds a sign-in (the OIDC flow itself is tested in test_inloggen)."""
    client = client or Client()
    session = client.session
    session[SESSION_KEY] = {
        "middel": middel,
        "nummer": nummer,
        "niveau": niveau,
        "naam": naam,
        "adres": {
            "straat": "Brink",
            "huisnummer": 12,
            "postcode": "7411BS",
            "woonplaats": "Deventer",
        },
        "actief": time.time(),
    }
    session.save()
    return client


def pdf_bestand(naam: str = "verklaring.pdf", grootte: int = 0) -> io.BytesIO:
    data = b"%PDF-1.4\n%test\n" + b"0" * grootte + b"\n%%EOF\n"
    handle = io.BytesIO(data)
    handle.name = naam
    return handle


def png_bestand(naam: str = "foto.png") -> io.BytesIO:
    from PIL import Image

    handle = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(handle, format="PNG")
    handle.seek(0)
    handle.name = naam
    return handle
