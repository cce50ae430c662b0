"""A sent request reads as prose everywhere: the form's labels, never a field or eigenschap name."""

from __future__ import annotations

import html
import re

import pytest

from iwerk.core.testing.medewerkers import demo_medewerker, sign_in
from iwerk.core.testing.pdftekst import tekst
from iwerk.core.testing.portaal import producten
from iwerk.demo.gemeenten import load_gemeenten
from iwerk.portaal.models import Concept
from iwerk.portaal.tests.conftest import ingelogd, pdf_bestand
from iwerk.portaal.tests.test_aanvragen import STAP1, STAP2, STAP3

pytestmark = pytest.mark.django_db
TECHNISCH = re.compile(r"soort_voorziening|soort_hulp|mantelzorg|\d{4}-\d{2}-\d{2}T")


@pytest.fixture
def wereld(db, werkplek_settings):
    """Deventer as in the demo with its products, the demo's Wmo zaaktype behind the Wmo product
    and its Wmo consulent (ewillems); mail in memory."""
    werkplek_settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    gemeenten = {g.slug: g for g in load_gemeenten()}
    producten(gemeenten["deventer"], "WMO-MAATWERK")
    demo_medewerker(gemeenten, "ewillems")
    return gemeenten


def _zichtbaar(page: str) -> str:
    """The text of a page as a person reads it (no markup, attributes or scripts)."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_a_sent_wmo_request_shows_labels_and_dutch_dates_to_citizen_and_handler(wereld):
    burger = ingelogd()
    url = burger.post("/deventer/producten/wmo-ondersteuning/aanvragen/")["Location"]
    burger.post(url, STAP1)
    burger.post(url.replace("/stap/1/", "/stap/2/"), {**STAP2, "verklaring": pdf_bestand()})
    burger.post(url.replace("/stap/1/", "/stap/3/"), STAP3)
    controleren = _zichtbaar(burger.get(url.replace("/stap/1/", "/controleren/")).content.decode())
    assert "Waarbij heeft u hulp nodig? Huishouden" in controleren
    assert "Krijgt u al hulp van familie of buren? Nee" in controleren
    assert not TECHNISCH.search(controleren)

    response = burger.post(url.replace("/stap/1/", "/controleren/"), {"akkoord": "ja"})
    assert response.status_code == 302
    concept = Concept.objects.select_related("zaak").get(uuid=url.split("/")[3])
    bewijs = burger.get(f"/deventer/aanvragen/{concept.uuid}/ontvangstbewijs.pdf")
    pdf = " ".join(tekst(b"".join(bewijs.streaming_content)).split())
    assert "Waarbij heeft u hulp nodig?" in pdf and "Huishouden" in pdf
    # The receipt says when, in words: "5 december 2026 om 14:03".
    assert re.search(r"Ontvangen \d{1,2} [a-z]+ \d{4} om \d{2}:\d{2}", pdf), pdf[:600]
    assert not TECHNISCH.search(pdf)

    # The handler sees the request's eigenschap by its definition, not by its name.
    handler = sign_in("ewillems")
    werkplek = _zichtbaar(handler.get(f"/werkplek/zaken/{concept.zaak.uuid}/").content.decode())
    assert "Soort voorziening (hulpmiddel, begeleiding, woningaanpassing) Huishouden" in werkplek
    assert not TECHNISCH.search(werkplek)
