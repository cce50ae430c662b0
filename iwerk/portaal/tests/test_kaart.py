"""The map of a melding: tiles and attribution from configuration (allowed by the CSP on that
page only), a form that says so and works without a map, and place examples per gemeente."""

from __future__ import annotations

import html
import os
import subprocess
import sys

import pytest
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory

from iwerk.core.kaart import tegelbron
from iwerk.core.models import Gemeente
from iwerk.core.tests.test_productie import SOUND

pytestmark = pytest.mark.django_db

GEEN_KAART = "De kaart is niet beschikbaar. Vul het adres of een omschrijving van de plek in."
TEGELS = "https://tegels.example.nl/kaart/{z}/{x}/{y}.png"
PDOK = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"


def _meldformulier(slug: str = "deventer", client: Client | None = None):
    client = client or Client()
    url = client.post(f"/{slug}/producten/melding-openbare-ruimte/aanvragen/")["Location"]
    return client.get(url)


def test_configured_tiles_and_attribution_are_on_the_page_and_allowed_by_its_csp(portaal, settings):
    settings.IWERK_KAART_TEGELS = TEGELS
    settings.IWERK_KAART_BRONVERMELDING = "Kaartgegevens © Voorbeeld & co"
    response = _meldformulier()
    page = response.content.decode()
    assert f'data-kaart-tegels="{TEGELS}"' in page
    assert 'data-kaart-bronvermelding="Kaartgegevens © Voorbeeld &amp; co"' in page
    assert "leaflet/leaflet.js" in page
    assert "openstreetmap" not in page
    img_src = next(
        d for d in response["Content-Security-Policy"].split(";") if d.strip().startswith("img-src")
    )
    assert "https://tegels.example.nl" in img_src.split()
    # The message is there for when the tiles fail to load, hidden until then.
    assert GEEN_KAART in page


def test_other_pages_do_not_allow_the_tile_server(portaal, settings):
    settings.IWERK_KAART_TEGELS = TEGELS
    response = Client().get("/deventer/producten/melding-openbare-ruimte/")
    assert "tegels.example.nl" not in response["Content-Security-Policy"]


def test_without_tiles_the_form_says_so_and_loads_no_map(portaal, settings):
    settings.IWERK_KAART_TEGELS = ""
    response = _meldformulier()
    page = html.unescape(response.content.decode())
    assert GEEN_KAART in page
    assert "leaflet" not in page and "data-kaart-voor" not in page
    assert "tile.openstreetmap.org" not in response["Content-Security-Policy"]


def _kaartinstellingen(env: dict) -> subprocess.CompletedProcess:
    """The map settings as a fresh process (not under pytest) reads them from this environment."""
    full = {k: v for k, v in os.environ.items() if not k.startswith("IWERK_")}
    full.update(env, DJANGO_SETTINGS_MODULE="iwerk.settings")
    code = (
        "from django.conf import settings; "
        "print(repr((settings.IWERK_KAART_TEGELS, settings.IWERK_KAART_BRONVERMELDING)))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=full, capture_output=True, text=True, timeout=60
    )


def test_production_defaults_to_pdok_and_the_demo_and_the_tests_to_no_map(settings):
    # No internet in the demo or the tests: without configuration there is no map at all.
    assert settings.IWERK_KAART_TEGELS == ""
    productie = _kaartinstellingen(SOUND)
    assert productie.returncode == 0, productie.stderr[-1000:]
    assert productie.stdout.strip() == repr((PDOK, "Kaartgegevens © Kadaster"))
    demo = _kaartinstellingen({"IWERK_DEMO": "true", "IWERK_TESTING": "false"})
    assert demo.stdout.strip() == repr(("", ""))
    uit = _kaartinstellingen({**SOUND, "IWERK_KAART_TEGELS": "uit"})
    assert uit.stdout.strip() == repr(("", ""))
    fout = _kaartinstellingen({**SOUND, "IWERK_KAART_TEGELS": "https://tegels.example.nl/kaart"})
    assert fout.returncode != 0 and "IWERK_KAART_TEGELS must contain" in fout.stderr


def test_each_gemeente_shows_its_own_place_example(portaal):
    deventer = html.unescape(_meldformulier("deventer").content.decode())
    raalte = html.unescape(_meldformulier("raalte").content.decode())
    olst_wijhe = html.unescape(_meldformulier("olst-wijhe").content.decode())
    assert "Rijsterborgherpark" in deventer
    assert "Rijsterborgherpark" not in raalte and "Brink 12" not in raalte
    assert (
        portaal["raalte"].hulptekst_plek in raalte and "Raalte" in portaal["raalte"].hulptekst_plek
    )
    assert "Rijsterborgherpark" not in olst_wijhe
    assert portaal["olst-wijhe"].hulptekst_plek in olst_wijhe


def test_the_place_example_is_the_gemeentes_setting(portaal):
    Gemeente.objects.filter(slug="raalte").update(
        hulptekst_plek="Bijvoorbeeld: bij de kerk aan het Plein."
    )
    page = html.unescape(_meldformulier("raalte").content.decode())
    assert "Bijvoorbeeld: bij de kerk aan het Plein." in page


def test_beheer_edits_the_place_example_of_a_gemeente():
    request = RequestFactory().get("/admin/core/gemeente/add/")
    form = admin.site._registry[Gemeente].get_form(request)
    assert "hulptekst_plek" in form.base_fields


def test_an_empty_place_gets_a_clear_dutch_error(portaal):
    client = Client()
    url = client.post("/deventer/producten/melding-openbare-ruimte/aanvragen/")["Location"]
    response = client.post(url, {"soort": "Afval", "omschrijving": "Zakken.", "plek": ""})
    assert response.status_code == 400
    assert "Vul het adres of een omschrijving van de plek in." in html.unescape(
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("url", "bron"),
    [
        (PDOK, "https://service.pdok.nl"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("http://127.0.0.1:8080/tegels/{z}/{x}/{y}.png", "http://127.0.0.1:8080"),
    ],
)
def test_the_csp_source_is_derived_from_the_tile_url(url, bron):
    assert tegelbron(url) == bron


@pytest.mark.parametrize(
    "url",
    [
        "tile.example.org/{z}/{x}/{y}.png",
        "https://tile.example.org/kaart.png",
        "javascript:alert(1)//{z}/{x}/{y}",
        "https://tegels{s}.example.org/{z}/{x}/{y}.png",
    ],
)
def test_a_wrong_tile_url_is_refused(url):
    with pytest.raises(ImproperlyConfigured):
        tegelbron(url)
