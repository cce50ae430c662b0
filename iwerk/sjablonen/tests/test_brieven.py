"""A letter from a template: every merge field filled, stored as a document of the zaak with the
template's type and vertrouwelijkheid, in one transaction."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from iwerk.core.api.problems import PermissionDenied, ValidationFailed
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as bouw
from iwerk.documenten.models import EnkelvoudigInformatieObject
from iwerk.sjablonen.models import Brief
from iwerk.sjablonen.selectors.sjablonen import huidige_versie
from iwerk.sjablonen.selectors.waarden import zaakwaarden
from iwerk.sjablonen.services import brieven
from iwerk.sjablonen.services.controle import controleer
from iwerk.sjablonen.services.sjablonen import sjabloon_opslaan
from iwerk.sjablonen.tests.wereld import (
    JAN,
    ONDERWERP,
    TEKST,
    actor,
    docx_tekst,
    inhoud,
    maak_brief,
    pdf_tekst,
)
from iwerk.sjablonen.velden import VELDEN
from iwerk.zaken.models import ZaakInformatieObject

pytestmark = pytest.mark.django_db


def test_a_letter_has_every_merge_field_filled_in_the_pdf_and_the_docx(briefwereld):
    assert controleer(onderwerp=ONDERWERP, tekst=TEKST).velden == {v.naam for v in VELDEN}
    brief = maak_brief(briefwereld)

    waarden = zaakwaarden(
        briefwereld.zaak, behandelaar=JAN, besluit=briefwereld.besluit, vandaag=timezone.localdate()
    )
    verwacht = {
        naam: (waarde if isinstance(waarde, str) else waarde[sub])
        for naam, waarde, sub in (
            (v.naam, waarden[v.naam.split(".")[0]], v.naam.split(".")[-1]) for v in VELDEN
        )
    }
    assert all(verwacht.values()), {k: v for k, v in verwacht.items() if not v}
    assert verwacht["aanvrager.aanhef"] == "Geachte heer/mevrouw Jansen"
    assert verwacht["aanvrager.postcode_woonplaats"] == "7411 GK  DEVENTER"
    assert verwacht["besluit.vervaldatum"] == "25 november 2031"
    for tekst in (
        pdf_tekst(inhoud(brief.informatieobject_uuid)),
        docx_tekst(inhoud(brief.docx_uuid)),
    ):
        assert "{{" not in tekst and "{%" not in tekst
        ontbreekt = [
            naam for naam, waarde in verwacht.items() if " ".join(waarde.split()) not in tekst
        ]
        assert not ontbreekt, ontbreekt
        assert f"Besluit op uw aanvraag ({briefwereld.zaak.identificatie})" in tekst
        assert "Gemeente Deventer" in tekst  # the letterhead


def test_the_letter_is_a_document_of_the_zaak_with_the_templates_type_and_vertrouwelijkheid(
    briefwereld,
):
    brief = maak_brief(briefwereld)

    pdf = EnkelvoudigInformatieObject.objects.select_related("informatieobjecttype").get(
        uuid=brief.informatieobject_uuid
    )
    docx = EnkelvoudigInformatieObject.objects.get(uuid=brief.docx_uuid)
    assert pdf.informatieobjecttype.omschrijving == "Beschikking"
    assert docx.informatieobjecttype_id == pdf.informatieobjecttype_id
    assert (
        pdf.vertrouwelijkheidaanduiding == docx.vertrouwelijkheidaanduiding == "zaakvertrouwelijk"
    )
    assert briefwereld.zaak.vertrouwelijkheidaanduiding == "intern"
    assert pdf.bronorganisatie == briefwereld.gemeenten["deventer"].rsin
    assert pdf.titel == f"Besluit op uw aanvraag ({briefwereld.zaak.identificatie})"
    gegevens = pdf.huidige_versie.gegevens
    assert (gegevens["auteur"], gegevens["formaat"], gegevens["creatiedatum"]) == (
        "Jan de Vries",
        "application/pdf",
        timezone.localdate().isoformat(),
    )
    assert docx.huidige_versie.gegevens["bestandsnaam"].endswith(".docx")
    gekoppeld = set(
        ZaakInformatieObject.objects.filter(zaak=briefwereld.zaak).values_list(
            "informatieobject__uuid", flat=True
        )
    )
    assert {pdf.uuid, docx.uuid} <= gekoppeld
    assert (brief.versie.versie, brief.aangemaakt_door, brief.tekst_aangepast) == (
        1,
        "jdevries",
        False,
    )


def test_a_letter_is_never_less_confidential_than_its_zaak(briefwereld):
    geheim = bouw.zaak(briefwereld.zaaktype, vertrouwelijkheid="confidentieel")
    brief = maak_brief(
        briefwereld, briefwereld.uitnodiging, door=bouw.ALLES, besluit=None, zaak=geheim
    )
    document = EnkelvoudigInformatieObject.objects.get(uuid=brief.informatieobject_uuid)
    assert document.vertrouwelijkheidaanduiding == "confidentieel"
    assert brief.docx_uuid is None  # the uitnodiging is PDF only


def test_a_template_above_what_the_handler_may_create_is_refused_with_its_reason(briefwereld):
    sjabloon = briefwereld.besluitbrief
    sjabloon.vertrouwelijkheidaanduiding = "zeer_geheim"  # beheer set it above every handler
    sjabloon.save(update_fields=["vertrouwelijkheidaanduiding"])
    with pytest.raises(ValidationFailed) as fout:
        maak_brief(briefwereld)  # jdevries: documents up to zaakvertrouwelijk
    (param,) = fout.value.params
    assert param.code == "boven-bereik"
    assert "wordt zeer geheim; zulke documenten mag u niet maken" in param.reason
    assert not Brief.objects.exists()
    assert not EnkelvoudigInformatieObject.objects.exists()


def test_a_besluit_template_on_a_zaak_without_besluit_is_refused_in_dutch(briefwereld):
    zonder = bouw.zaak(briefwereld.zaaktype, behandelaar=briefwereld.behandelaar)
    with pytest.raises(ValidationFailed) as fout:
        maak_brief(briefwereld, besluit=None, zaak=zonder)
    (param,) = fout.value.params
    assert param.name == "besluit"
    assert param.reason.startswith("Deze brief gaat over een besluit ({{ besluit.besluittype }}")
    assert "Kies een besluit van de zaak" in param.reason
    assert not Brief.objects.exists()


def test_a_besluit_of_another_zaak_is_refused(briefwereld):
    ander = bouw.zaak(briefwereld.zaaktype, behandelaar=briefwereld.behandelaar)
    with pytest.raises(ValidationFailed) as fout:
        maak_brief(briefwereld, zaak=ander)
    assert fout.value.params[0].reason == "Kies een besluit van deze zaak."


def test_empty_optional_fields_render_empty_and_their_if_leaves_them_out(briefwereld):
    briefwereld.besluit.vervaldatum = None
    briefwereld.besluit.toelichting = ""
    gezien = brieven.voorbeeld(
        zaak=briefwereld.zaak,
        sjabloon=briefwereld.besluitbrief,
        behandelaar=JAN,
        besluit=briefwereld.besluit,
    )
    assert "geldt\nvanaf 25 november 2026." in gezien.brief.tekst
    assert " tot " not in gezien.brief.tekst
    assert "\n\n\n" not in gezien.brief.tekst  # the empty toelichting leaves no hole


def test_a_zaaktype_that_does_not_allow_the_documenttype_is_refused(briefwereld):
    wmo = build.gepubliceerd_zaaktype(
        briefwereld.zaaktype.catalogus, "WMO", documenttypen=("Aanvraag",)
    )
    zaak = bouw.zaak(wmo)
    with pytest.raises(ValidationFailed) as fout:
        maak_brief(briefwereld, briefwereld.uitnodiging, door=bouw.ALLES, besluit=None, zaak=zaak)
    assert fout.value.params[0].reason.startswith(
        "Zaaktype Zaaktype WMO staat documenttype ‘Brief’ niet toe"
    )
    assert not EnkelvoudigInformatieObject.objects.filter(titel__startswith="Uitnodiging").exists()


def test_the_handler_may_edit_the_text_of_an_editable_template(briefwereld):
    brief = maak_brief(
        briefwereld, tekst="Geachte heer/mevrouw Jansen,\r\n\r\nEen eigen tekst.\r\n"
    )
    assert brief.tekst_aangepast
    tekst = pdf_tekst(inhoud(brief.informatieobject_uuid))
    assert "Een eigen tekst." in tekst and "Servicenorm" not in tekst


def test_the_text_of_a_template_that_is_not_editable_cannot_be_changed(briefwereld):
    with pytest.raises(ValidationFailed) as fout:
        maak_brief(briefwereld, briefwereld.uitnodiging, besluit=None, tekst="Iets anders")
    assert fout.value.params[0].reason == "De tekst van deze brief mag niet worden aangepast."
    assert not Brief.objects.exists()
    # The rendered text itself, sent back unchanged, is fine.
    gezien = brieven.voorbeeld(
        zaak=briefwereld.zaak, sjabloon=briefwereld.uitnodiging, behandelaar=JAN
    )
    brief = maak_brief(briefwereld, briefwereld.uitnodiging, besluit=None, tekst=gezien.brief.tekst)
    assert not brief.tekst_aangepast


def test_a_letter_previewed_from_an_older_version_is_refused(briefwereld):
    sjabloon = briefwereld.besluitbrief
    oud = huidige_versie(sjabloon).pk
    sjabloon_opslaan(
        sjabloon=sjabloon, onderwerp="Nieuw onderwerp", tekst="Nieuwe tekst", door="fb"
    )
    with pytest.raises(ValidationFailed) as fout:
        brieven.maak_brief(
            actor=actor(briefwereld),
            zaak=briefwereld.zaak,
            sjabloon=sjabloon,
            versie_id=oud,
            behandelaar=JAN,
            besluit=briefwereld.besluit,
        )
    assert "intussen gewijzigd" in fout.value.params[0].reason


def test_a_failure_after_the_documents_leaves_no_document_and_no_content(
    briefwereld, monkeypatch, document_storage
):
    voor = {p.name for p in document_storage.rglob("*") if p.is_file()}

    def kapot(**kwargs):
        raise ValidationFailed.single("nonFieldErrors", "test", "Mislukt.")

    monkeypatch.setattr(brieven, "add_zaakinformatieobject", kapot)
    with pytest.raises(ValidationFailed):
        maak_brief(briefwereld)
    assert not EnkelvoudigInformatieObject.objects.filter(titel__startswith="Besluit op").exists()
    assert not Brief.objects.exists()
    assert {p.name for p in document_storage.rglob("*") if p.is_file()} == voor


def test_an_actor_who_may_not_add_documents_cannot_make_a_letter(briefwereld):
    with pytest.raises(PermissionDenied):
        maak_brief(briefwereld, door=actor(briefwereld, "fg"))
    assert not Brief.objects.exists()
    assert not EnkelvoudigInformatieObject.objects.filter(titel__startswith="Besluit op").exists()


def test_a_template_of_another_gemeente_or_zaaktype_is_refused(briefwereld):
    with pytest.raises(ValidationFailed) as fout:
        maak_brief(briefwereld, door=bouw.ALLES, besluit=None, zaak=briefwereld.raalte_zaak)
    assert fout.value.params[0].reason == "Dit sjabloon is niet (meer) beschikbaar."
    woo = build.gepubliceerd_zaaktype(
        briefwereld.zaaktype.catalogus, "WOO", documenttypen=("Beschikking",)
    )
    with pytest.raises(ValidationFailed) as fout:
        maak_brief(
            briefwereld,
            door=bouw.ALLES,
            besluit=None,
            zaak=bouw.zaak(woo, startdatum=date(2026, 1, 5)),
        )
    assert fout.value.params[0].reason == "Dit sjabloon is voor zaaktype KAP, niet voor WOO."
