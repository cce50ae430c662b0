"""Berichtsjablonen: only known merge fields (a Dutch error names an unknown one, in beheer
too), a preview in beheer, the zaaktype's own text before the gemeente's, and switching off."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from iwerk.berichten.models import Bericht, Gebeurtenis, Kanaal, Sjabloon
from iwerk.berichten.services.sjablonen import controleer_sjabloon, render
from iwerk.berichten.tests.conftest import partij, zaak_via_api, zet_status
from iwerk.core.testing.beheer import verified_client

pytestmark = pytest.mark.django_db


def test_render_fills_known_fields_and_writes_braces():
    tekst = render(
        "Zaak {zaak.identificatie} van {besluit.datum}: {{letterlijk}}",
        {"zaak.identificatie": "ZAAK-1", "besluit.datum": date(2026, 3, 2)},
    )
    assert tekst == "Zaak ZAAK-1 van 2 maart 2026: {letterlijk}"


def test_render_never_evaluates_anything_else():
    assert render("{zaak.__class__} {{% load x %}}", {}) == " {% load x %}"


def test_an_unknown_merge_field_is_refused_naming_it():
    with pytest.raises(ValidationError) as fout:
        controleer_sjabloon(
            Gebeurtenis.status_gewijzigd, onderwerp="{zaak.identificatie}", tekst="{zaak.bsn}"
        )
    assert "Onbekend samenvoegveld {zaak.bsn}" in fout.value.message_dict["tekst"][0]


def test_a_field_of_another_event_is_refused():
    with pytest.raises(ValidationError) as fout:
        controleer_sjabloon(
            Gebeurtenis.besluit_genomen, onderwerp="{status.omschrijving}", tekst="x"
        )
    assert "{status.omschrijving}" in fout.value.message_dict["onderwerp"][0]


def test_a_stray_brace_is_refused():
    with pytest.raises(ValidationError) as fout:
        controleer_sjabloon(
            Gebeurtenis.zaak_gesloten, onderwerp="", tekst="Zaak {zaak.identificatie"
        )
    assert "Losse accolade" in fout.value.message_dict["tekst"][0]


@pytest.fixture
def beheer(client, django_user_model):
    user = django_user_model.objects.create_superuser("beheer", "beheer@example.nl", "x")
    return verified_client(client, user)


def test_beheer_refuses_an_unknown_merge_field_in_dutch(beheer, tenant):
    antwoord = beheer.post(
        "/admin/berichten/sjabloon/add/",
        {
            "tenant": tenant.pk,
            "zaaktype_identificatie": "",
            "gebeurtenis": Gebeurtenis.status_gewijzigd,
            "kanaal": Kanaal.email,
            "actief": "on",
            "onderwerp": "Nieuwe status",
            "tekst": "Beste {initiator.naam}, uw {zaak.geheim} is bijgewerkt.",
        },
    )
    assert antwoord.status_code == 200
    assert "Onbekend samenvoegveld {zaak.geheim}" in antwoord.content.decode()
    assert not Sjabloon.objects.exists()


def test_beheer_shows_a_preview_of_the_saved_text(beheer, tenant):
    sjabloon = Sjabloon.objects.create(
        tenant=tenant,
        gebeurtenis=Gebeurtenis.status_gewijzigd,
        kanaal=Kanaal.email,
        onderwerp="Zaak {zaak.identificatie}",
        tekst="Status: {status.omschrijving} <script>",
    )
    pagina = beheer.get(f"/admin/berichten/sjabloon/{sjabloon.pk}/change/").content.decode()
    assert "Zaak ZAAK-2026-0000123" in pagina
    assert "Status: In behandeling &lt;script&gt;" in pagina, pagina[pagina.find("Voorbeeld") :][
        :800
    ]


def test_the_zaaktypes_own_text_wins_and_an_event_can_be_switched_off(
    tenant, zaaktype, superuser_client, notifynl
):
    Sjabloon.objects.create(
        tenant=tenant,
        gebeurtenis=Gebeurtenis.status_gewijzigd,
        kanaal=Kanaal.mijn_zaken,
        onderwerp="Gemeente",
        tekst="Voor elk zaaktype",
    )
    Sjabloon.objects.create(
        tenant=tenant,
        zaaktype_identificatie=zaaktype.identificatie,
        gebeurtenis=Gebeurtenis.status_gewijzigd,
        kanaal=Kanaal.mijn_zaken,
        onderwerp="{zaaktype.identificatie}",
        tekst="Eigen tekst: {status.omschrijving} in {gemeente.naam}",
    )
    Sjabloon.objects.create(
        tenant=tenant,
        gebeurtenis=Gebeurtenis.status_gewijzigd,
        kanaal=Kanaal.sms,
        actief=False,
        tekst="uit",
    )
    partij(tenant)
    url = zaak_via_api(superuser_client, zaaktype)
    zet_status(superuser_client, zaaktype, url)

    status = Bericht.objects.filter(gebeurtenis=Gebeurtenis.status_gewijzigd)
    assert sorted(status.values_list("kanaal", flat=True)) == ["email", "mijn_zaken"]
    mijn = status.get(kanaal=Kanaal.mijn_zaken)
    assert (mijn.onderwerp, mijn.tekst) == (
        zaaktype.identificatie,
        "Eigen tekst: Ontvangen in Deventer",
    )
