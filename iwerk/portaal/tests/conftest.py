"""The portaal's test world: three demo gemeenten with catalogi and products, mail in memory.

`gemeenten` here (with products) stands in for the root conftest's bare three gemeenten."""

from __future__ import annotations

import html
import io
import re
import time

import pytest
from django.test import Client

from iwerk.catalogi.demo import load_catalogus
from iwerk.demo.gemeenten import load_gemeenten
from iwerk.portaal.demo import load_producten
from iwerk.portaal.identiteit import SESSION_KEY

SUZANNE = "999990007"  # test persons of the test IdP and the BRP test double
PIETER = "999990056"
FATIMA = "999990214"  # EenhoofdigOuderlijkGezag over Yasmin
YASMIN = "999990251"


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


@pytest.fixture
def regio(db, settings, tmp_path, registerdubbels):
    """The three gemeenten (with their gemeentecodes) and the products of the zaaktypen the
    register tests request, the BRP/KvK test doubles behind them (no purposes: tests add those
    with `doelbinding`), mail in memory. Returns the gemeenten."""
    from iwerk.core.testing.portaal import producten

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "documenten": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documenten")},
        },
    }
    gemeenten = {g.slug: g for g in load_gemeenten()}
    producten(gemeenten["deventer"], "WMO-MAATWERK", "EVENEMENT")
    producten(gemeenten["olst-wijhe"], "WMO-MAATWERK", "JEUGDHULP")
    producten(gemeenten["raalte"], "WMO-MAATWERK", "PARKEERVERGUNNING")
    return gemeenten


def ingelogd(
    nummer: str = SUZANNE,
    *,
    middel: str = "digid",
    niveau: str = "digid_midden",
    naam: str = "",
    adres: dict | None = None,
    vertegenwoordigde: str = "",
    machtiging: str = "",
    diensten: tuple[str, ...] = (),
    client: Client | None = None,
) -> Client:
    """A client whose session holds a sign-in as the OIDC callback stores it (the flow itself is
    tested in test_inloggen): no name or address unless the claims fallback gave them."""
    client = client or Client()
    session = client.session
    session[SESSION_KEY] = {
        "middel": middel,
        "nummer": nummer,
        "niveau": niveau,
        "naam": naam,
        "adres": adres or {},
        "vertegenwoordigde": vertegenwoordigde,
        "machtiging": machtiging,
        "diensten": list(diensten),
        "actief": time.time(),
    }
    session.save()
    return client


def idp_formulier(page: str) -> dict:
    """The hidden fields of the test IdP's page: the authorization request it carries."""
    gevonden = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page)
    return {k: html.unescape(v) for k, v in gevonden}


def via_testidp(
    keuze: str = SUZANNE,
    *,
    middel: str = "digid",
    niveau: str = "digid_midden",
    gemeente: str = "deventer",
    client: Client | None = None,
    **velden: str,
) -> Client:
    """A client signed in through the real OIDC flow with the test IdP, in process: `velden`
    are what is ticked there besides the person (namens, diensten, met_naw, soort)."""
    client = client or Client()
    start = client.get(
        f"/{gemeente}/inloggen/{middel}/",
        {"niveau": niveau, "volgende": f"/{gemeente}/mijn-zaken/"},
    )
    assert start.status_code == 302, start.content.decode()[:500]
    authorize = start["Location"].removeprefix("http://testserver")
    page = client.get(authorize).content.decode()
    answer = client.post(authorize.split("?")[0], {**idp_formulier(page), "keuze": keuze, **velden})
    assert answer.status_code == 302, answer.content.decode()[:1000]
    landed = client.get(answer["Location"].removeprefix("http://testserver"))
    assert landed.status_code == 302, landed.content.decode()[:1000]
    return client


def doelbinding(
    gemeente, zaaktype: str, velden: list[str], *, register: str = "brp", bereik: str = ""
):
    """The zaaktype's purpose for the register in the gemeente (tests make their own)."""
    from iwerk.basisregistraties.models import Bereik, Doelbinding

    return Doelbinding.objects.update_or_create(
        gemeente=gemeente,
        zaaktype_identificatie=zaaktype,
        register=register,
        defaults={
            "velden": velden,
            "doelbinding": f"TEST-{zaaktype}",
            "verwerking": f"{zaaktype} behandelen",
            "bereik": bereik or Bereik.eigen_gemeente,
        },
    )[0]


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
