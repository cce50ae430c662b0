"""The portaal's receipt and besluitbrief come from the gemeente's template when it has one for
the zaaktype, and keep their built-in layout otherwise (ADR 0058)."""

from __future__ import annotations

import logging

import pytest
from django.utils import timezone

from iwerk.catalogi.demo import load_catalogus
from iwerk.demo.gemeenten import load_gemeenten
from iwerk.portaal import pdf as portaalpdf
from iwerk.portaal.demo import load_producten
from iwerk.portaal.tests.conftest import ingelogd, pdf_bestand
from iwerk.portaal.tests.test_aanvragen import _wmo_tot_controleren
from iwerk.sjablonen.services.sjablonen import maak_sjabloon
from iwerk.sjablonen.tests.wereld import inhoud, pdf_tekst
from iwerk.zaken.models import Zaak, ZaakInformatieObject

pytestmark = pytest.mark.django_db

ONTVANGST = """{{ aanvrager.aanhef }},

Op {{ zaak.startdatum }} ontvingen wij uw aanvraag {{ zaak.omschrijving }}. Uw zaaknummer is
{{ zaak.identificatie }}. Wij beslissen uiterlijk op {{ zaak.uiterlijke_einddatum }}.

Met vriendelijke groet,
{{ behandelaar.naam }}"""


def _ontvangstbewijs(zaak, *, met_zaak: bool = True) -> str:
    return pdf_tekst(
        portaalpdf.ontvangstbewijs(
            gemeente=zaak.tenant,
            product_naam="Kapvergunning",
            zaaknummer=zaak.identificatie,
            ingediend_op=timezone.now(),
            afzender="Anna Jansen",
            antwoorden=[("Uw boom", 1, [("Soort boom", "Eik")])],
            bijlagen=["foto.jpg"],
            doorlooptijd="8 weken",
            zaak=zaak if met_zaak else None,
        )
    )


def _ontvangstsjabloon(wereld, tekst=ONTVANGST, **extra):
    return maak_sjabloon(
        gemeente=wereld.gemeenten["deventer"],
        naam="Ontvangstbevestiging",
        soort="ontvangstbevestiging",
        informatieobjecttype_omschrijving="Brief",
        onderwerp="Wij hebben uw aanvraag ontvangen",
        tekst=tekst,
        **extra,
    )


def test_the_receipt_is_the_templates_letter_with_the_answers_after_it(briefwereld):
    zaak = briefwereld.zaak
    ingebouwd = _ontvangstbewijs(zaak)
    assert "Wij hebben uw aanvraag 'Kapvergunning' ontvangen" in ingebouwd  # no template yet

    _ontvangstsjabloon(briefwereld, zaaktype_identificatie="KAP")
    tekst = _ontvangstbewijs(zaak)
    assert f"Uw zaaknummer is {zaak.identificatie}." in tekst
    assert "Geachte heer/mevrouw Jansen," in tekst and "Gemeente Deventer" in tekst
    assert "Wij hebben uw aanvraag ontvangen" in tekst  # the subject
    assert "Soort boom Eik" in tekst and "foto.jpg" in tekst and "Uiterlijk 8 weken" in tekst
    assert "{{" not in tekst and "'Kapvergunning' ontvangen" not in tekst
    # Without the zaak (an older caller) the built-in receipt stays.
    assert "'Kapvergunning' ontvangen" in _ontvangstbewijs(zaak, met_zaak=False)


def test_a_template_that_cannot_be_filled_leaves_the_built_in_receipt(briefwereld, caplog):
    _ontvangstsjabloon(briefwereld, tekst="Besluit {{ besluit.identificatie }}")
    with caplog.at_level(logging.WARNING, logger="iwerk.sjablonen.services.automatisch"):
        tekst = _ontvangstbewijs(briefwereld.zaak)
    assert "Wij hebben uw aanvraag 'Kapvergunning' ontvangen" in tekst
    assert "ingebouwde brief gebruikt" in caplog.text


def test_the_besluitbrief_comes_from_the_template_and_otherwise_from_the_built_in_layout(
    briefwereld,
):
    zaak, besluit = briefwereld.zaak, briefwereld.besluit
    tekst = pdf_tekst(
        portaalpdf.besluitbrief(
            gemeente=zaak.tenant, zaak=zaak, besluit=besluit, besluittype=besluit.besluittype
        )
    )
    assert f"Besluit op uw aanvraag ({zaak.identificatie})" in tekst
    assert f"Besluit {besluit.identificatie} (Omgevingsvergunning kappen)" in tekst
    assert "Gemeente Deventer, info@deventer.example.nl" in tekst  # the writer is the gemeente
    briefwereld.besluitbrief.actief = False
    briefwereld.besluitbrief.save(update_fields=["actief"])
    tekst = pdf_tekst(
        portaalpdf.besluitbrief(
            gemeente=zaak.tenant, zaak=zaak, besluit=besluit, besluittype=besluit.besluittype
        )
    )
    assert "Bezwaar" in tekst and "Besluit op uw aanvraag" not in tekst


@pytest.fixture
def portaal(db, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "documenten": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documenten")},
        },
    }
    gemeenten = {g.slug: g for g in load_gemeenten()}
    for gemeente in gemeenten.values():
        load_catalogus(gemeente, "http://testserver")
        load_producten(gemeente)
    return gemeenten


def test_a_portaal_request_stores_the_templates_receipt_as_its_document(portaal):
    maak_sjabloon(
        gemeente=portaal["deventer"],
        naam="Ontvangstbevestiging Wmo",
        soort="ontvangstbevestiging",
        zaaktype_identificatie="WMO-MAATWERK",
        informatieobjecttype_omschrijving="Aanvraagformulier",
        vertrouwelijkheidaanduiding="vertrouwelijk",
        onderwerp="Ontvangstbevestiging {{ zaak.zaaktype }}",
        tekst=ONTVANGST,
    )
    client = ingelogd()
    concept = _wmo_tot_controleren(client, pdf_bestand())
    response = client.post(f"/deventer/aanvragen/{concept.uuid}/controleren/", {"akkoord": "ja"})
    assert response.status_code == 302

    zaak = Zaak.objects.get()
    aanvraag = ZaakInformatieObject.objects.select_related("informatieobject").get(
        zaak=zaak, informatieobject__titel__startswith="Aanvraag "
    )
    tekst = pdf_tekst(inhoud(aanvraag.informatieobject.uuid))
    assert f"Uw zaaknummer is {zaak.identificatie}." in tekst
    assert "Geachte heer/mevrouw Moulin," in tekst
    assert "Ontvangstbevestiging Wmo maatwerkvoorziening" in tekst
    assert "Stofzuigen lukt niet meer." in tekst and "verklaring.pdf" in tekst  # the answers
