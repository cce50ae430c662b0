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


DIEP = [
    "{{ " + "(" * 500 + "zaak.identificatie" + ")" * 500 + " }}",
    "{% if zaak.status %}" * 300 + "x" + "{% endif %}" * 300,
    "{% if " + "not " * 1000 + "zaak.status %}x{% endif %}",
    "{{ zaak.identificatie" + "|trim" * 2000 + " }}",
    "{% if " + " and ".join(["zaak.status"] * 1000) + " %}x{% endif %}",
]


@pytest.mark.parametrize("tekst", DIEP)
def test_a_text_nested_too_deep_is_a_dutch_error_not_a_recursion_error(tekst):
    (fout,) = _fouten("Beste,\n" + tekst)
    assert fout == "Regel 2: De tekst is te diep genest; vereenvoudig de voorwaarden en haakjes."


def test_nesting_a_letter_needs_still_passes():
    tekst = (
        "{% if zaak.status %}{% if besluit.vervaldatum %}{% if not (aanvrager.naam or "
        '(zaak.status == "a")) %}{{ aanvrager.naam|trim|upper|default("x") }}{% endif %}'
        "{% endif %}{% endif %}"
    )
    assert controleer(onderwerp="O", tekst=tekst).groepen == {"zaak", "besluit", "aanvrager"}


def test_rendering_never_ends_in_a_recursion_error(monkeypatch):
    """A text past the check (say, stored before it) is refused in Dutch when rendered."""
    from iwerk.sjablonen.services import controle, weergave

    monkeypatch.setattr(controle, "te_diep", lambda tekst: None)
    for tekst in DIEP[:2]:  # the parser recurses: the check still answers in Dutch
        assert _fouten(tekst) == [controle.TE_DIEP]
    monkeypatch.setattr(weergave, "controleer", lambda **kwargs: controle.Gebruik())
    with pytest.raises(ValidationFailed) as fout:  # Jinja's compiler recurses
        weergave.render(onderwerp="O", tekst=DIEP[3], waarden={"zaak": {"identificatie": "Z"}})
    assert fout.value.params[0].reason == (
        "De brief kon niet met de gegevens van de zaak worden gevuld."
    )
