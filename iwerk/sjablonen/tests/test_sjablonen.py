"""Templates in beheer: checked against the catalogue and the zaaktype, and versioned (a change is
a new version; the old one stays as it was, with the letters made from it)."""

from __future__ import annotations

import pytest

from iwerk.core.api.problems import ValidationFailed
from iwerk.core.testing import catalogus as build
from iwerk.sjablonen.models import Sjabloon, SjabloonVersie
from iwerk.sjablonen.selectors.sjablonen import actief_sjabloon, huidige_versie, sjablonen_voor_zaak
from iwerk.sjablonen.services.sjablonen import maak_sjabloon, sjabloon_opslaan
from iwerk.sjablonen.tests.wereld import maak_brief

pytestmark = pytest.mark.django_db


def _redenen(fout) -> dict[str, str]:
    return {p.name: p.reason for p in fout.value.params}


def test_a_changed_text_is_a_new_version_and_the_old_one_stays(briefwereld):
    sjabloon = briefwereld.uitnodiging
    eerste = huidige_versie(sjabloon)
    brief = maak_brief(briefwereld, sjabloon, besluit=None)

    nieuw = sjabloon_opslaan(
        sjabloon=sjabloon,
        onderwerp="Uitnodiging",
        tekst="{{ aanvrager.aanhef }},\r\n\r\nKom langs.",
        door="fb2",
    )

    assert (nieuw.versie, nieuw.aangemaakt_door, nieuw.tekst) == (
        2,
        "fb2",
        "{{ aanvrager.aanhef }},\n\nKom langs.",
    )
    eerste_nu = SjabloonVersie.objects.get(pk=eerste.pk)
    assert (eerste_nu.versie, eerste_nu.onderwerp, eerste_nu.tekst) == (
        1,
        eerste.onderwerp,
        eerste.tekst,
    )
    assert huidige_versie(sjabloon) == nieuw
    brief.refresh_from_db()
    assert brief.versie_id == eerste.pk  # a letter keeps naming the version it was made from


def test_saving_the_same_text_again_makes_no_version(briefwereld):
    sjabloon = briefwereld.uitnodiging
    versie = huidige_versie(sjabloon)
    sjabloon.actief = False
    assert (
        sjabloon_opslaan(sjabloon=sjabloon, onderwerp=versie.onderwerp, tekst=versie.tekst)
        == versie
    )
    assert SjabloonVersie.objects.filter(sjabloon=sjabloon).count() == 1
    assert not Sjabloon.objects.get(pk=sjabloon.pk).actief


def test_an_unknown_field_is_refused_and_nothing_is_saved(briefwereld):
    with pytest.raises(ValidationFailed) as fout:
        maak_sjabloon(
            gemeente=briefwereld.gemeenten["deventer"],
            naam="Fout",
            soort="overig",
            informatieobjecttype_omschrijving="Brief",
            onderwerp="Over {{ zaak.identificatie }}",
            tekst="Beste,\n{{ zaak.foo }}",
        )
    assert _redenen(fout)["tekst"].startswith("Regel 2: onbekend veld {{ zaak.foo }}; kies uit")
    assert not Sjabloon.objects.filter(naam="Fout").exists()


def test_a_documenttype_the_zaaktype_does_not_know_is_refused(briefwereld):
    deventer = briefwereld.gemeenten["deventer"]
    build.informatieobjecttype(briefwereld.zaaktype.catalogus, "Notulen")
    gegevens = {"gemeente": deventer, "soort": "overig", "onderwerp": "O", "tekst": "T"}
    with pytest.raises(ValidationFailed) as fout:
        maak_sjabloon(
            naam="A",
            zaaktype_identificatie="KAP",
            informatieobjecttype_omschrijving="Notulen",
            **gegevens,
        )
    assert _redenen(fout) == {
        "informatieobjecttype_omschrijving": "Zaaktype KAP kent documenttype ‘Notulen’ niet; kies "
        "uit Aanvraag, Beschikking, Brief."
    }
    with pytest.raises(ValidationFailed) as fout:
        maak_sjabloon(naam="B", informatieobjecttype_omschrijving="Bestaat niet", **gegevens)
    assert _redenen(fout)["informatieobjecttype_omschrijving"] == (
        "Documenttype ‘Bestaat niet’ staat niet gepubliceerd in een catalogus van Deventer."
    )
    with pytest.raises(ValidationFailed) as fout:
        maak_sjabloon(
            naam="C",
            zaaktype_identificatie="WMO",
            informatieobjecttype_omschrijving="Brief",
            **gegevens,
        )
    assert (
        _redenen(fout)["zaaktype_identificatie"]
        == "Zaaktype WMO staat niet in een catalogus van Deventer."
    )
    # Raalte's catalogus does not count for Deventer.
    build.informatieobjecttype(briefwereld.raalte_zaak.zaaktype.catalogus, "Raalte-brief")
    with pytest.raises(ValidationFailed):
        maak_sjabloon(naam="D", informatieobjecttype_omschrijving="Raalte-brief", **gegevens)


def test_a_name_is_unique_within_the_gemeente_and_a_template_stays_with_its_gemeente(briefwereld):
    deventer, raalte = briefwereld.gemeenten["deventer"], briefwereld.gemeenten["raalte"]
    with pytest.raises(ValidationFailed) as fout:
        maak_sjabloon(
            gemeente=deventer,
            naam="Uitnodiging gesprek",
            soort="uitnodiging",
            informatieobjecttype_omschrijving="Brief",
            onderwerp="O",
            tekst="T",
        )
    assert _redenen(fout) == {"naam": "Deventer heeft al een sjabloon ‘Uitnodiging gesprek’."}
    sjabloon = briefwereld.uitnodiging
    sjabloon.gemeente = raalte
    with pytest.raises(ValidationFailed) as fout:
        sjabloon_opslaan(sjabloon=sjabloon, onderwerp="O", tekst="T")
    assert "gemeente" in _redenen(fout)


def test_the_templates_of_a_zaak_are_its_gemeentes_active_ones_for_its_zaaktype_or_all(briefwereld):
    deventer = briefwereld.gemeenten["deventer"]
    build.gepubliceerd_zaaktype(briefwereld.zaaktype.catalogus, "WOO", documenttypen=("Brief",))
    maak_sjabloon(
        gemeente=deventer,
        naam="Woo-brief",
        soort="overig",
        zaaktype_identificatie="WOO",
        informatieobjecttype_omschrijving="Brief",
        onderwerp="O",
        tekst="T",
    )
    maak_sjabloon(
        gemeente=deventer,
        naam="Oud",
        soort="overig",
        informatieobjecttype_omschrijving="Brief",
        onderwerp="O",
        tekst="T",
        actief=False,
    )
    namen = [s.naam for s in sjablonen_voor_zaak(briefwereld.zaak)]
    assert namen == ["Besluitbrief kapvergunning", "Uitnodiging gesprek"]
    assert actief_sjabloon(deventer.pk, "KAP", "besluitbrief") == briefwereld.besluitbrief
    assert actief_sjabloon(deventer.pk, "WOO", "besluitbrief") is None
    assert actief_sjabloon(briefwereld.gemeenten["raalte"].pk, "KAP", "uitnodiging") is None
