"""An address field of its own (type "adres"), the address on the werkplek's zaak page, and what
the step with a place costs in queries."""

from __future__ import annotations

import copy
import html

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from iwerk.core.testing.medewerkers import account_met_rol
from iwerk.portaal import formulier
from iwerk.portaal.models import Concept, Product
from iwerk.zaken.models import Zaak, ZaakObject

pytestmark = pytest.mark.django_db

MELDING = {"soort": "Bestrating", "omschrijving": "Losse stoeptegel.", "email": ""}


def _stap(client: Client | None = None) -> tuple[Client, str]:
    client = client or Client()
    url = client.post("/deventer/producten/melding-openbare-ruimte/aanvragen/")["Location"]
    return client, url


def _versturen(client: Client, url: str, data: dict, capture) -> Zaak:
    response = client.post(url, data)
    assert response.status_code == 302, html.unescape(response.content.decode())
    with capture(execute=True):
        assert client.post(response["Location"], {"akkoord": "ja"}).status_code == 302
    return Zaak.objects.get()


@pytest.fixture
def adresformulier(portaal):
    """The melding of Deventer asks an address only (type "adres"), required."""
    product = Product.objects.get(tenant=portaal["deventer"], slug="melding-openbare-ruimte")
    definitie = copy.deepcopy(product.formulier)
    for veld in definitie["stappen"][0]["velden"]:
        if veld["naam"] == "plek":
            veld.update(type="adres", label="Adres", hulptekst="Het adres van het gebouw.")
    assert formulier.fouten(definitie) == []
    product.formulier = definitie
    product.save(update_fields=["formulier"])
    return product


def test_an_address_field_needs_an_address(adresformulier, registerdubbels):
    client, url = _stap()
    page = html.unescape(client.get(url).content.decode())
    assert 'id="id_plek_postcode"' in page and "Het adres van het gebouw." in page
    assert "De kaart is niet beschikbaar" not in page  # an address has no map and no words
    response = client.post(url, MELDING)
    assert response.status_code == 400
    assert "Vul de postcode en het huisnummer in." in html.unescape(response.content.decode())
    assert 'href="#id_plek_postcode"' in response.content.decode()


def test_an_address_field_stores_the_bag_address_as_zaakobject(
    adresformulier, registerdubbels, django_capture_on_commit_callbacks
):
    client, url = _stap()
    zaak = _versturen(
        client,
        url,
        {**MELDING, "plek_postcode": "7411GL", "plek_huisnummer": "20", "plek_huisletter": "a"},
        django_capture_on_commit_callbacks,
    )
    zaakobject = ZaakObject.objects.get(zaak=zaak)
    assert zaakobject.relatieomschrijving == "Adres"
    assert zaakobject.object_identificatie["identificatie"] == "0150200000100121"
    assert zaakobject.object_identificatie["huisletter"] == "A"
    assert dict(zaak.zaakeigenschappen.values_list("naam", "waarde"))["locatie"] == (
        "Walstraat 20A, 7411 GL Deventer"
    )


def test_an_address_field_goes_on_when_the_bag_is_down(
    adresformulier, registerdubbels, django_capture_on_commit_callbacks
):
    registerdubbels.storing("bag", "503")
    client, url = _stap()
    zaak = _versturen(
        client,
        url,
        {**MELDING, "plek_postcode": "7411GL", "plek_huisnummer": "20"},
        django_capture_on_commit_callbacks,
    )
    assert not ZaakObject.objects.filter(zaak=zaak).exists()
    assert dict(zaak.zaakeigenschappen.values_list("naam", "waarde"))["locatie"] == (
        "Postcode 7411 GL, huisnummer 20 (niet gecontroleerd in de BAG)"
    )


def test_the_werkplek_zaak_page_shows_the_bag_address(
    portaal, registerdubbels, werkplek_settings, django_capture_on_commit_callbacks
):
    client, url = _stap()
    zaak = _versturen(
        client,
        url,
        {**MELDING, "plek_postcode": "7411BS", "plek_huisnummer": "12"},
        django_capture_on_commit_callbacks,
    )
    medewerker = account_met_rol(portaal["deventer"], "behandelaar", "bor")
    page = html.unescape(medewerker.get(f"/werkplek/zaken/{zaak.uuid}/").content.decode())
    assert "<dt>Adres of plek</dt>" in page
    assert "Brink 12, 7411 BS Deventer <span class" in page
    assert "BAG-adres 0150200000100012" in page


def _queries(client: Client, method: str, url: str, data: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302), response.status_code
    return len(queries)


def test_the_step_with_a_place_costs_a_fixed_number_of_queries(portaal, registerdubbels):
    client, url = _stap()
    client.get(url)  # warm the per-process caches (catalogue, session)
    assert _queries(client, "get", url) == 4
    zoeken = {"plek_postcode": "7411BS", "plek_huisnummer": "12", "plek_zoeken": "1"}
    # One more: the gemeente's BAG connection (basisregistraties.selectors.koppelingen).
    assert _queries(client, "post", url, zoeken) == 5
    # Asked again, the BAG's answer comes from the cache: the connection is not read again.
    assert _queries(client, "post", url, zoeken) == 4
    assert len(registerdubbels.verzoeken("bag")) == 1
    assert Concept.objects.get().stap == 1


def test_tiles_from_this_server_need_no_outside_host(portaal, settings):
    settings.IWERK_KAART_TEGELS = "/static/tegels/{z}/{x}/{y}.png"
    client, url = _stap()
    response = client.get(url)
    assert 'data-kaart-tegels="/static/tegels/{z}/{x}/{y}.png"' in response.content.decode()
    img_src = next(
        d for d in response["Content-Security-Policy"].split(";") if "img-src" in d
    ).split()
    assert all(bron in ("img-src", "'self'", "data:") for bron in img_src), img_src
