"""A wrong address answers in the look of its channel; /favicon.ico exists (issue 23)."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db
WERKPLEK_TEKST = ("werkplek", "werkvoorraad", "met uw rol")


def _zonder_werkplek(page: str) -> None:
    lager = page.lower()
    for woord in WERKPLEK_TEKST:
        assert woord not in lager, woord


@pytest.mark.parametrize("url", ["/deventer/producten/bestaat-niet/", "/deventer/bestaatniet"])
def test_a_wrong_portaal_address_shows_the_gemeentes_portaal_404(gemeenten, url):
    response = Client().get(url)
    page = response.content.decode()
    assert response.status_code == 404
    _zonder_werkplek(page)
    assert "Deze pagina bestaat niet" in page
    assert "— Gemeente Deventer</title>" in page  # the portaal layout of Deventer
    assert 'href="/deventer/">Naar de startpagina van Gemeente Deventer</a>' in page


def test_an_unknown_gemeente_shows_a_neutral_404_with_the_start_page(gemeenten):
    response = Client().get("/utrecht/")
    page = response.content.decode()
    assert response.status_code == 404
    _zonder_werkplek(page)
    assert "Deze pagina bestaat niet" in page
    assert '<a href="/">Naar de startpagina van iwerk</a>' in page


def test_the_api_keeps_problem_json_for_an_unknown_address(gemeenten):
    response = Client().get("/zaken/api/v1/bestaatniet")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_favicon_answers_and_every_base_page_links_the_icon(gemeenten):
    client = Client()
    response = client.get("/favicon.ico")
    assert response.status_code in (200, 301, 302)
    assert response["Location"] == "/static/core/favicon.svg"
    assert finders.find("core/favicon.svg")
    for url in ("/", "/deventer/", "/werkplek/inloggen/"):
        page = client.get(url).content.decode()
        assert '<link rel="icon" href="/static/core/favicon.svg"' in page, url
