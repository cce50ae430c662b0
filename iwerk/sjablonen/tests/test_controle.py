"""Checking a template's text: only the catalogue's fields, {% if %} and a few filters."""

from __future__ import annotations

import pytest

from iwerk.core.api.problems import ValidationFailed
from iwerk.sjablonen.services.controle import controleer
from iwerk.sjablonen.velden import VELDEN


def _fouten(tekst: str, onderwerp: str = "Onderwerp") -> list[str]:
    with pytest.raises(ValidationFailed) as fout:
        controleer(onderwerp=onderwerp, tekst=tekst)
    return [p.reason for p in fout.value.params]


def test_every_catalogue_field_passes_and_is_reported_as_used():
    tekst = "\n".join("{{ " + v.naam + " }}" for v in VELDEN)
    gebruik = controleer(onderwerp="Over {{ zaak.identificatie }}", tekst=tekst)
    assert gebruik.velden == {v.naam for v in VELDEN}
    assert gebruik.groepen == {"zaak", "aanvrager", "besluit", "behandelaar", "gemeente", "vandaag"}


def test_if_elif_else_comparisons_and_filters_are_allowed():
    tekst = (
        '{% if besluit.vervaldatum and zaak.status != "Afgehandeld" %}tot {{ besluit.vervaldatum }}'
        "{% elif not zaak.status %}x{% else %}y{% endif %}\n"
        '{{ aanvrager.naam|upper }} {{ besluit.toelichting|default("geen toelichting")|trim }}'
    )
    assert controleer(onderwerp="O", tekst=tekst).groepen == {"besluit", "zaak", "aanvrager"}


def test_an_unknown_field_is_refused_with_its_line_and_the_choices():
    (fout,) = _fouten("Beste,\n\n{{ zaak.foo }}")
    assert fout.startswith("Regel 3: onbekend veld {{ zaak.foo }}; kies uit zaak.identificatie")
    (fout,) = _fouten("{{ klant.naam }}")
    assert "onbekend veld {{ klant.naam }}" in fout and "aanvrager." in fout


def test_an_unknown_field_in_the_subject_is_refused_on_the_subject():
    with pytest.raises(ValidationFailed) as fout:
        controleer(onderwerp="Over {{ zaak.geheim }}", tekst="Tekst")
    assert [p.name for p in fout.value.params] == ["onderwerp"]


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("{{ zaak.zaaktype.catalogus }}", "onbekend veld {{ zaak.zaaktype.catalogus }}"),
        ("{{ zaak }}", "onbekend veld {{ zaak }}"),
        ("{{ zaak['identificatie'] }}", "een veld met [ ] is niet toegestaan"),
        ("{{ zaak.identificatie.upper() }}", "een aanroep met ( ) is niet toegestaan"),
        ("{{ range(10) }}", "een aanroep met ( ) is niet toegestaan"),
        ("{{ 7 * 7 }}", "een berekening is niet toegestaan"),
        ("{{ zaak.identificatie ~ 'x' }}", "tekst samenvoegen met ~ is niet toegestaan"),
        ("{% for x in zaak %}{% endfor %}", "{% for %} is niet toegestaan"),
        ("{% set x = 1 %}", "{% set %} is niet toegestaan"),
        ("{{ zaak.identificatie|attr('x') }}", "het filter attr bestaat hier niet"),
        ("{{ zaak.identificatie|upper(1) }}", "het filter upper krijgt geen waarde mee"),
        ("{% if zaak.status > 'a' %}x{% endif %}", "vergelijk alleen met == of !="),
        ("{{ 'vast' }}", "een vaste waarde binnen {{ }} is niet toegestaan"),
        ("{% include 'x' %}", "{% include %} is niet toegestaan"),
    ],
)
def test_constructs_beyond_fields_if_and_filters_are_refused(tekst, verwacht):
    fouten = _fouten(tekst)
    assert any(verwacht in f for f in fouten), fouten


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        (
            "Beste,\n\n{% if zaak.status %}\nx",
            "Regel 4: een {% if %} is niet afgesloten met {% endif %}.",
        ),
        ("a\n{{ zaak.identificatie", "Regel 2: een {{ of {% is niet afgesloten"),
        ("{% endif %}", "Regel 1: {% endif %} staat hier zonder {% if %} ervoor."),
        ("\n{% foo %}", "Regel 2: {% foo %} is niet toegestaan"),
        ("{{ }}", "Regel 1: tussen {{ en }} hoort een veld"),
    ],
)
def test_syntax_errors_are_explained_in_dutch_with_their_line(tekst, verwacht):
    (fout,) = _fouten(tekst)
    assert fout.startswith(verwacht), fout


def test_empty_and_too_long_texts_are_refused():
    fouten = _fouten("", onderwerp=" ")
    assert fouten == ["Vul de onderwerp van de brief in.", "Vul de tekst van de brief in."]
    assert _fouten("x" * 20_001) == ["De tekst is te lang (hoogstens 20000 tekens)."]
