"""The demo's templates: made once per gemeente, every one valid and filled by the sample data."""

from __future__ import annotations

import pytest

from iwerk.catalogi.demo import load_catalogus
from iwerk.demo.gemeenten import load_gemeenten
from iwerk.sjablonen import velden
from iwerk.sjablonen.demo import load_sjablonen
from iwerk.sjablonen.models import Sjabloon
from iwerk.sjablonen.selectors.sjablonen import huidige_versie
from iwerk.sjablonen.selectors.waarden import gemeentewaarden
from iwerk.sjablonen.services.weergave import render

pytestmark = pytest.mark.django_db


def test_the_demo_templates_are_made_once_and_all_render_with_sample_data():
    deventer = next(g for g in load_gemeenten() if g.slug == "deventer")
    load_catalogus(deventer, "http://testserver")

    # The besluit letters, and with the demo catalogue's "Brief" the ontvangstbevestiging and the
    # uitnodiging, and two message texts (ADR 0062); once only.
    assert load_sjablonen(deventer) == 10
    assert load_sjablonen(deventer) == 0
    berichten = Sjabloon.objects.filter(gemeente=deventer, soort="email").order_by("naam")
    assert [
        (s.naam, s.zaaktype_identificatie, s.informatieobjecttype_omschrijving) for s in berichten
    ] == [
        ("Bericht: aanvullende gegevens nodig", "", ""),
        ("Bericht: uitnodiging keukentafelgesprek", "WMO-MAATWERK", ""),
    ]

    waarden = velden.voorbeeldwaarden()
    waarden["gemeente"] = gemeentewaarden(deventer)
    for sjabloon in Sjabloon.objects.filter(gemeente=deventer):
        versie = huidige_versie(sjabloon)
        brief = render(onderwerp=versie.onderwerp, tekst=versie.tekst, waarden=waarden)
        assert "{{" not in brief.tekst and "{%" not in brief.tekst, sjabloon.naam
        assert brief.alineas[0] == "Geachte mevrouw Moulin,", sjabloon.naam
    besluit = Sjabloon.objects.get(gemeente=deventer, naam="Beschikking jeugdhulp")
    assert (besluit.vertrouwelijkheidaanduiding, besluit.ook_docx) == ("confidentieel", True)
    alineas = render(onderwerp="O", tekst=huidige_versie(besluit).tekst, waarden=waarden).alineas
    assert (
        alineas[3] == "Waarom wij zo besluiten: " + velden.PER_NAAM["besluit.toelichting"].voorbeeld
    )
    assert alineas[2].endswith("tot en met 25 november 2031.")
