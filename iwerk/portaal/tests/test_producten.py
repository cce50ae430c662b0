"""The portaal of each gemeente: its own products, handling times and look; form definitions."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from iwerk.portaal import formulier
from iwerk.portaal.demo import PRODUCTEN
from iwerk.portaal.models import Product

pytestmark = pytest.mark.django_db


def test_each_gemeente_shows_its_own_online_products_and_handling_time(gemeenten):
    Product.objects.filter(tenant=gemeenten["raalte"], slug="parkeervergunning").update(
        online_aanvraagbaar=False
    )
    deventer = Client().get("/deventer/").content.decode()
    raalte = Client().get("/raalte/").content.decode()
    assert "Gemeente Deventer" in deventer and "#a4002d" in deventer
    assert "Parkeervergunning voor bewoners" in deventer
    assert "Parkeervergunning voor bewoners" not in raalte  # switched off by Raalte's beheer
    assert "Ondersteuning thuis (Wmo)" in raalte
    # The Wmo zaaktype has a doorlooptijd of 8 weeks in the demo catalogue.
    assert "U hoort binnen 8 weken van ons." in deventer


def test_product_page_and_unknown_addresses(gemeenten):
    page = Client().get("/olst-wijhe/producten/wmo-ondersteuning/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Uiterlijk 8 weken" in body and "DigiD midden" in body and "Wat heeft u nodig?" in body
    assert Client().get("/olst-wijhe/producten/bestaat-niet/").status_code == 404
    assert Client().get("/nergenshuizen/").status_code == 404
    Product.objects.filter(tenant=gemeenten["olst-wijhe"], slug="wmo-ondersteuning").update(
        online_aanvraagbaar=False
    )
    assert Client().get("/olst-wijhe/producten/wmo-ondersteuning/").status_code == 404


def test_the_demo_form_definitions_are_valid():
    for product in PRODUCTEN:
        assert formulier.fouten(product["formulier"]) == [], product["slug"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["stappen"][1]["velden"][0].update(type="kleur"), "onbekende waarde ('kleur')"),
        (
            lambda d: d["stappen"][1]["velden"][0].pop("label"),
            "verplicht onderdeel ontbreekt: label",
        ),
        (lambda d: d["stappen"][1]["velden"][0].update(naam="Soort Hulp"), "alleen kleine letters"),
        (lambda d: d["stappen"][1]["velden"][1].update(naam="soort_hulp"), "de naam komt al voor"),
        (
            lambda d: d["stappen"][1]["velden"][1].update(toon_als={"veld": "situatie", "is": "x"}),
            "dat geen eerder veld is",
        ),
        (lambda d: d["stappen"][1]["velden"][0].pop("opties"), "een keuzeveld heeft opties nodig"),
        (lambda d: d.update(stappen=[]), "mag niet leeg zijn"),
    ],
)
def test_broken_form_definitions_are_explained_in_dutch(change, expected):
    definitie = copy.deepcopy(PRODUCTEN[0]["formulier"])
    change(definitie)
    problems = formulier.fouten(definitie)
    assert any(expected in p for p in problems), problems


def test_beheer_cannot_save_a_broken_product(gemeenten):
    product = Product.objects.get(tenant=gemeenten["deventer"], slug="wmo-ondersteuning")
    product.formulier = {
        "stappen": [{"titel": "X", "velden": [{"naam": "a", "label": "A", "type": "keuze"}]}]
    }
    with pytest.raises(ValidationError) as error:
        product.full_clean()
    assert "een keuzeveld heeft opties nodig" in str(error.value)
    product.formulier = PRODUCTEN[0]["formulier"]
    product.zaaktype_identificatie = "BESTAAT-NIET"
    with pytest.raises(ValidationError) as error:
        product.full_clean()
    assert "geen gepubliceerd, geldig zaaktype" in str(error.value)


def test_landing_page_queries_do_not_grow_with_products(gemeenten, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert Client().get("/deventer/").status_code == 200
