"""Beheer of templates: field errors in Dutch (an unknown field, a documenttype the zaaktype does
not know), versions on a changed text, a preview with sample data, scoped to the beheerder's
gemeenten."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from iwerk.core.testing.beheer import verified_client
from iwerk.core.testing.medewerkers import medewerker
from iwerk.medewerkers.roles import Rol
from iwerk.sjablonen.models import Sjabloon, SjabloonVersie
from iwerk.sjablonen.tests.wereld import pdf_tekst

pytestmark = pytest.mark.django_db

LIJST = "/admin/sjablonen/sjabloon/"
TOEVOEGEN = LIJST + "add/"


def _beheerder(client: Client, gemeente, username: str) -> Client:
    user = medewerker(gemeente, username, Rol.functioneel_beheerder)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="sjablonen"))
    return verified_client(client, user)


@pytest.fixture
def deventer_beheer(client, briefwereld) -> Client:
    return _beheerder(client, briefwereld.gemeenten["deventer"], "fbdeventer")


def _verborgen(pagina: str) -> dict[str, str]:
    """The hidden inputs of the form (the inline's management form), as a browser sends them."""
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', pagina))


def _fouten(pagina: str) -> list[str]:
    return re.findall(r'<ul class="errorlist[^"]*"[^>]*>\s*<li>(.*?)</li>', pagina)


def _gegevens(wereld, **extra) -> dict[str, str]:
    gegevens = {
        "gemeente": str(wereld.gemeenten["deventer"].pk),
        "naam": "Ontvangstbevestiging",
        "soort": "ontvangstbevestiging",
        "zaaktype_identificatie": "KAP",
        "informatieobjecttype_omschrijving": "Brief",
        "vertrouwelijkheidaanduiding": "zaakvertrouwelijk",
        "bewerkbaar": "on",
        "actief": "on",
        "onderwerp": "Ontvangstbevestiging {{ zaak.identificatie }}",
        "tekst": "{{ aanvrager.aanhef }},\r\n\r\nWij hebben uw aanvraag ontvangen.",
        "versies-TOTAL_FORMS": "0",
        "versies-INITIAL_FORMS": "0",
    }
    gegevens.update(extra)
    return gegevens


def test_the_add_page_shows_the_field_catalogue_and_only_own_gemeenten(deventer_beheer):
    pagina = deventer_beheer.get(TOEVOEGEN).content.decode()
    assert "{{ zaak.identificatie }}" in pagina and "{{ besluit.vervaldatum }}" in pagina
    assert "De datum van het besluit, voluit." in pagina
    assert ">Deventer<" in pagina and ">Raalte<" not in pagina


def test_a_template_with_an_unknown_field_is_refused_with_a_dutch_field_error(
    deventer_beheer, briefwereld
):
    response = deventer_beheer.post(
        TOEVOEGEN, _gegevens(briefwereld, tekst="Beste,\r\n\r\n{{ zaak.foo }}")
    )
    assert response.status_code == 200
    fouten = _fouten(response.content.decode())
    assert any(f.startswith("Regel 3: onbekend veld {{ zaak.foo }}; kies uit") for f in fouten), (
        fouten
    )
    assert not Sjabloon.objects.filter(naam="Ontvangstbevestiging").exists()


def test_a_documenttype_the_zaaktype_does_not_know_is_a_field_error(deventer_beheer, briefwereld):
    from iwerk.core.testing import catalogus as build

    build.informatieobjecttype(briefwereld.zaaktype.catalogus, "Notulen")
    response = deventer_beheer.post(
        TOEVOEGEN, _gegevens(briefwereld, informatieobjecttype_omschrijving="Notulen")
    )
    assert _fouten(response.content.decode()) == [
        "Zaaktype KAP kent documenttype ‘Notulen’ niet; kies uit Aanvraag, Beschikking, Brief."
    ]


def test_saving_a_changed_text_makes_a_new_version_and_keeps_the_old(deventer_beheer, briefwereld):
    response = deventer_beheer.post(TOEVOEGEN, _gegevens(briefwereld))
    assert response.status_code == 302, _fouten(response.content.decode())
    sjabloon = Sjabloon.objects.get(naam="Ontvangstbevestiging")
    url = f"{LIJST}{sjabloon.pk}/change/"

    pagina = deventer_beheer.get(url).content.decode()
    assert "Geachte mevrouw Moulin" in pagina  # the preview with sample data
    assert "Ontvangstbevestiging ZAAK-2026-0000000123" in pagina
    gegevens = {
        **_gegevens(briefwereld, tekst="{{ aanvrager.aanhef }},\r\n\r\nDank voor uw aanvraag."),
        **_verborgen(pagina),
    }
    gegevens.pop("gemeente")  # read-only once saved
    response = deventer_beheer.post(url, gegevens)
    assert response.status_code == 302, _fouten(response.content.decode())
    versies = list(SjabloonVersie.objects.filter(sjabloon=sjabloon).order_by("versie"))
    assert [(v.versie, v.tekst.split("\n")[-1], v.aangemaakt_door) for v in versies] == [
        (1, "Wij hebben uw aanvraag ontvangen.", "fbdeventer"),
        (2, "Dank voor uw aanvraag.", "fbdeventer"),
    ]
    pagina = deventer_beheer.get(url).content.decode()
    assert "Wij hebben uw aanvraag ontvangen." in pagina  # the history, read-only
    # Saving again without a change of text adds no version.
    response = deventer_beheer.post(url, {**gegevens, **_verborgen(pagina), "actief": ""})
    assert response.status_code == 302
    assert SjabloonVersie.objects.filter(sjabloon=sjabloon).count() == 2
    assert not Sjabloon.objects.get(pk=sjabloon.pk).actief


def test_the_preview_pdf_has_the_sample_data(deventer_beheer, briefwereld):
    response = deventer_beheer.get(f"{LIJST}{briefwereld.uitnodiging.pk}/voorbeeld.pdf")
    assert response["Content-Type"] == "application/pdf"
    tekst = pdf_tekst(response.content)
    assert "Geachte mevrouw Moulin" in tekst and "ZAAK-2026-0000000123" in tekst
    assert "Gemeente Deventer" in tekst and "{{" not in tekst


def test_a_beheerder_of_raalte_sees_and_changes_nothing_of_deventer(client, briefwereld):
    raalte = _beheerder(client, briefwereld.gemeenten["raalte"], "fbraalte")
    assert "Uitnodiging gesprek" not in raalte.get(LIJST).content.decode()
    sjabloon = briefwereld.uitnodiging
    assert raalte.get(f"{LIJST}{sjabloon.pk}/change/").status_code == 302
    assert raalte.get(f"{LIJST}{sjabloon.pk}/voorbeeld.pdf").status_code == 404
    raalte.post(f"{LIJST}{sjabloon.pk}/change/", _gegevens(briefwereld, naam="Gekaapt"))
    assert Sjabloon.objects.get(pk=sjabloon.pk).naam == "Uitnodiging gesprek"
    response = raalte.post(TOEVOEGEN, _gegevens(briefwereld))
    assert "Kies een gemeente uit de lijst" in response.content.decode()
    assert not Sjabloon.objects.filter(naam="Ontvangstbevestiging").exists()


def test_a_message_template_is_saved_without_a_documenttype_and_has_no_pdf(
    deventer_beheer, briefwereld
):
    gegevens = _gegevens(
        briefwereld,
        naam="Stand van zaken",
        soort="email",
        informatieobjecttype_omschrijving="",
        onderwerp="Stand van zaken",
        tekst="{{ aanvrager.aanhef }},\r\n\r\nUw zaak {{ zaak.identificatie }} loopt.",
    )
    response = deventer_beheer.post(TOEVOEGEN, gegevens)
    assert response.status_code == 302, _fouten(response.content.decode())
    sjabloon = Sjabloon.objects.get(naam="Stand van zaken")
    assert (sjabloon.soort, sjabloon.informatieobjecttype_omschrijving) == ("email", "")

    pagina = deventer_beheer.get(f"{LIJST}{sjabloon.pk}/change/").content.decode()
    assert "Uw zaak ZAAK-2026-0000000123 loopt." in pagina  # the preview, as text
    assert "Voorbeeld als PDF" not in pagina
    assert deventer_beheer.get(f"{LIJST}{sjabloon.pk}/voorbeeld.pdf").status_code == 404
    lijst = deventer_beheer.get(LIJST).content.decode()
    assert "Bericht aan aanvrager" in lijst


def test_a_message_template_as_word_file_and_a_letter_without_documenttype_are_field_errors(
    deventer_beheer, briefwereld
):
    response = deventer_beheer.post(
        TOEVOEGEN,
        _gegevens(
            briefwereld,
            soort="email",
            informatieobjecttype_omschrijving="",
            ook_docx="on",
        ),
    )
    assert _fouten(response.content.decode()) == [
        "Een bericht aan de aanvrager wordt geen document; zet ‘ook als Word-bestand’ uit."
    ]
    response = deventer_beheer.post(
        TOEVOEGEN, _gegevens(briefwereld, informatieobjecttype_omschrijving="")
    )
    assert _fouten(response.content.decode()) == ["Kies het documenttype van de brief."]
    assert not Sjabloon.objects.filter(naam="Ontvangstbevestiging").exists()


def test_a_text_nested_too_deep_is_a_field_error_not_a_server_error(deventer_beheer, briefwereld):
    for tekst in (
        "{{ " + "(" * 500 + "zaak.identificatie" + ")" * 500 + " }}",
        "{% if zaak.status %}" * 300 + "x" + "{% endif %}" * 300,
    ):
        response = deventer_beheer.post(TOEVOEGEN, _gegevens(briefwereld, tekst=tekst))
        assert response.status_code == 200
        assert _fouten(response.content.decode()) == [
            "Regel 1: De tekst is te diep genest; vereenvoudig de voorwaarden en haakjes."
        ]
    assert not Sjabloon.objects.filter(naam="Ontvangstbevestiging").exists()


def test_a_stored_text_nested_too_deep_shows_why_there_is_no_preview(deventer_beheer, briefwereld):
    sjabloon = briefwereld.uitnodiging
    SjabloonVersie.objects.create(  # as if stored before the check: past the service
        sjabloon=sjabloon,
        versie=99,
        onderwerp="O",
        tekst="{{ zaak.identificatie" + "|trim" * 2000 + " }}",
    )
    response = deventer_beheer.get(f"{LIJST}{sjabloon.pk}/change/")
    assert response.status_code == 200
    assert "te diep genest" in response.content.decode()
    assert deventer_beheer.get(f"{LIJST}{sjabloon.pk}/voorbeeld.pdf").status_code == 404


def test_a_message_template_is_at_most_what_the_message_form_sends(deventer_beheer, briefwereld):
    from iwerk.berichten.services.gesprek import MAX_BERICHT
    from iwerk.werkplek.forms import BerichtAanAanvragerForm

    assert BerichtAanAanvragerForm.base_fields["tekst"].max_length == MAX_BERICHT
    bericht = {
        "naam": "Lang bericht",
        "soort": "email",
        "informatieobjecttype_omschrijving": "",
    }
    response = deventer_beheer.post(
        TOEVOEGEN, _gegevens(briefwereld, **bericht, tekst="x" * (MAX_BERICHT + 1))
    )
    assert response.status_code == 200
    assert _fouten(response.content.decode()) == [
        f"De tekst is te lang (hoogstens {MAX_BERICHT} tekens; langer kan de behandelaar een "
        "bericht aan de aanvrager niet versturen)."
    ]
    assert not Sjabloon.objects.filter(naam="Lang bericht").exists()
    response = deventer_beheer.post(
        TOEVOEGEN, _gegevens(briefwereld, **bericht, tekst="x" * MAX_BERICHT)
    )
    assert response.status_code == 302, _fouten(response.content.decode())
    # A letter may still be longer.
    response = deventer_beheer.post(TOEVOEGEN, _gegevens(briefwereld, tekst="x" * 10_000))
    assert response.status_code == 302, _fouten(response.content.decode())


def test_the_history_of_long_texts_wraps_inside_the_page(deventer_beheer, briefwereld):
    pagina = deventer_beheer.get(f"{LIJST}{briefwereld.uitnodiging.pk}/change/").content.decode()
    stijl = re.search(r'<style nonce="[^"]+">(.*?)</style>', pagina, re.S)
    assert stijl and "td.field-tekst" in stijl.group(1)
    assert "overflow-wrap: anywhere" in stijl.group(1)
