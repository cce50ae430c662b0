"""Mijn zaken: own cases only, status progress, documents and besluiten, messages to the handler."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import timezone

from iwerk.core.api.actor import Actor
from iwerk.core.testing.medewerkers import demo_medewerker, sign_in
from iwerk.core.testing.portaal import producten
from iwerk.demo.gemeenten import load_gemeenten
from iwerk.documenten.services import documents as document_services
from iwerk.portaal.models import Concept
from iwerk.portaal.tests.conftest import PIETER, SUZANNE, ingelogd, pdf_bestand
from iwerk.portaal.tests.test_aanvragen import STAP1, STAP2, STAP3
from iwerk.zaken.models import Zaak, ZaakNotitie
from iwerk.zaken.services import add_zaakinformatieobject

pytestmark = pytest.mark.django_db
ALLES = Actor("test", None, "test", heeft_alle_autorisaties=True, catalogi_tenant_ids=None)


@pytest.fixture
def wereld(db, werkplek_settings):
    """The demo gemeenten with their products; behind them the demo zaaktypen these tests request
    (Wmo in Deventer and Raalte, Evenementenvergunning in Deventer); Deventer's Wmo consulent
    (ewillems); mail in memory."""
    werkplek_settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    gemeenten = {g.slug: g for g in load_gemeenten()}
    producten(gemeenten["deventer"], "WMO-MAATWERK", "EVENEMENT")
    producten(gemeenten["raalte"], "WMO-MAATWERK")
    demo_medewerker(gemeenten, "ewillems")
    return gemeenten


def aanvragen(client, gemeente: str = "deventer") -> Zaak:
    url = client.post(f"/{gemeente}/producten/wmo-ondersteuning/aanvragen/")["Location"]
    client.post(url, STAP1)
    client.post(url.replace("/stap/1/", "/stap/2/"), {**STAP2, "verklaring": pdf_bestand()})
    client.post(url.replace("/stap/1/", "/stap/3/"), STAP3)
    response = client.post(url.replace("/stap/1/", "/controleren/"), {"akkoord": "ja"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Concept.objects.select_related("zaak").get(uuid=url.split("/")[3]).zaak


def _links(page: str, soort: str) -> list[str]:
    return re.findall(rf'href="({soort}/[^"]+)"', page)


def test_two_citizens_in_two_gemeenten_each_see_only_their_own(wereld):
    suzanne, pieter = ingelogd(SUZANNE), ingelogd(PIETER, naam="Pieter de Boer")
    s_deventer, s_raalte = aanvragen(suzanne, "deventer"), aanvragen(suzanne, "raalte")
    p_deventer = aanvragen(pieter, "deventer")

    def lijst(client, gemeente):
        page = client.get(f"/{gemeente}/mijn-zaken/").content.decode()
        return set(re.findall(r"ZAAK-\d{4}-\d+", page))

    assert lijst(suzanne, "deventer") == {s_deventer.identificatie}
    assert lijst(suzanne, "raalte") == {s_raalte.identificatie}
    assert lijst(pieter, "deventer") == {p_deventer.identificatie}
    assert lijst(pieter, "raalte") == set()

    # Direct URLs of someone else's zaak, and of one's own under another gemeente: 404.
    eigen = suzanne.get(f"/deventer/mijn-zaken/{s_deventer.uuid}/").content.decode()
    document = _links(eigen, "documenten")[0]
    assert suzanne.get(f"/deventer/mijn-zaken/{s_deventer.uuid}/{document}").status_code == 200
    for client, url in (
        (pieter, f"/deventer/mijn-zaken/{s_deventer.uuid}/"),
        (pieter, f"/deventer/mijn-zaken/{s_deventer.uuid}/{document}"),
        (suzanne, f"/raalte/mijn-zaken/{s_deventer.uuid}/"),
        (suzanne, f"/raalte/mijn-zaken/{s_deventer.uuid}/{document}"),
        (suzanne, f"/deventer/mijn-zaken/{p_deventer.uuid}/"),
    ):
        assert client.get(url).status_code == 404, url
    # A document of another zaak under one's own zaak's URL is not found either.
    pieters = pieter.get(f"/deventer/mijn-zaken/{p_deventer.uuid}/").content.decode()
    zijn_document = _links(pieters, "documenten")[0]
    assert suzanne.get(f"/deventer/mijn-zaken/{s_deventer.uuid}/{zijn_document}").status_code == 404
    # A message to someone else's zaak changes nothing.
    response = pieter.post(f"/deventer/mijn-zaken/{s_deventer.uuid}/", {"tekst": "hallo"})
    assert response.status_code == 404 and not ZaakNotitie.objects.filter(tekst="hallo").exists()
    # Not signed in: to the sign-in page, nothing shown.
    from django.test import Client

    response = Client().get(f"/deventer/mijn-zaken/{s_deventer.uuid}/")
    assert response.status_code == 302 and "/deventer/inloggen/" in response["Location"]


def test_a_business_sees_the_zaken_of_its_kvk_number(wereld):
    bedrijf = ingelogd(
        "68750110", middel="eherkenning", niveau="eherkenning_eh3", naam="IJsselvallei"
    )
    url = bedrijf.post("/deventer/producten/evenementenvergunning/aanvragen/")["Location"]
    organisator = {"organisator": "IJsselvallei", "adres": "Keizerstraat 7"}
    bedrijf.post(url, {**organisator, "postcode": "7411 HE", "woonplaats": "Deventer"})
    url = url.replace("/stap/1/", "/stap/2/")
    response = bedrijf.post(
        url,
        {
            "naam_evenement": "Boekenmarkt",
            "datum": "2027-08-01",
            "bezoekers": "20000",
            "locatie": "Binnenstad",
            "tekening": pdf_bestand("tekening.pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    bedrijf.post(url.replace("/stap/2/", "/stap/3/"), STAP3)
    bedrijf.post(url.replace("/stap/2/", "/controleren/"), {"akkoord": "ja"})
    zaak = Zaak.objects.get(zaaktype__identificatie="EVENEMENT", rollen__kvk_nummer="68750110")
    eigenschappen = dict(zaak.zaakeigenschappen.values_list("naam", "waarde"))
    assert eigenschappen == {"datum_evenement": "20270801", "bezoekers": "20000"}
    assert zaak.identificatie in bedrijf.get("/deventer/mijn-zaken/").content.decode()
    assert zaak.identificatie not in ingelogd().get("/deventer/mijn-zaken/").content.decode()


def test_status_besluit_and_documents_follow_what_the_handler_does_in_the_werkplek(
    wereld, django_capture_on_commit_callbacks
):
    burger = ingelogd()
    zaak = aanvragen(burger)
    url = f"/deventer/mijn-zaken/{zaak.uuid}/"
    assert (
        'aria-current="step">\n      <strong>Aanvraag ontvangen' in burger.get(url).content.decode()
    )

    handler = sign_in("ewillems")
    werkplek = handler.get(f"/werkplek/zaken/{zaak.uuid}/").content.decode()
    assert "Aanvraag Ondersteuning thuis (Wmo)" in werkplek
    token = re.search(r'name="formtoken" value="([^"]+)"', werkplek).group(1)
    statustype = re.search(
        r'<option value="(\d+)"[^>]*>\d+\. Onderzoek \(keukentafelgesprek\)', werkplek
    ).group(1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = handler.post(
            f"/werkplek/zaken/{zaak.uuid}/status/",
            {"formtoken": token, "statustype": statustype, "toelichting": "Gesprek op 3 december"},
        )
    assert response.status_code == 302
    page = burger.get(url).content.decode()
    assert re.search(r'aria-current="step">\s*<strong>Onderzoek \(keukentafelgesprek\)', page)
    (update,) = mail.outbox
    assert update.to == ["suzanne@example.nl"] and "Onderzoek (keukentafelgesprek)" in update.body

    werkplek = handler.get(f"/werkplek/zaken/{zaak.uuid}/").content.decode()
    token = re.search(r'name="formtoken" value="([^"]+)"', werkplek).group(1)
    besluittype = re.search(
        r'<select name="besluittype"[^>]*>.*?<option value="(\d+)"', werkplek, re.S
    ).group(1)
    today = timezone.localdate().isoformat()
    handler.post(
        f"/werkplek/zaken/{zaak.uuid}/besluiten/",
        {
            "formtoken": token,
            "besluittype": besluittype,
            "datum": today,
            "ingangsdatum": today,
            "toelichting": "Toegekend: huishoudelijke hulp, 3 uur per week.",
        },
    )
    page = burger.get(url).content.decode()
    (besluit,) = _links(page, "besluiten")
    response = burger.get(url + besluit)
    body = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/pdf" and body.startswith(b"%PDF")
    assert ingelogd(PIETER).get(url + besluit).status_code == 404

    # A letter in progress stays with the gemeente; once final (uitgaand) the citizen sees it.
    iot = zaak.zaaktype.catalogus.informatieobjecttypen.get(omschrijving="Beschikking")
    for status, titel in (("in_bewerking", "Conceptbrief"), ("definitief", "Beschikking Wmo")):
        document, _ = document_services.create_document(
            actor=ALLES,
            invoer=document_services.Invoer(
                informatieobjecttype=iot,
                gegevens={
                    "bronorganisatie": zaak.bronorganisatie,
                    "titel": titel,
                    "auteur": "Team Wmo",
                    "creatiedatum": today,
                    "taal": "dut",
                    "status": status,
                    "bestandsnaam": f"{titel}.pdf",
                    "formaat": "application/pdf",
                },
                inhoud=b"%PDF-1.4\n%%EOF\n",
                bestandsomvang=15,
            ),
        )
        add_zaakinformatieobject(actor=ALLES, zaak=zaak, document=document)
    page = burger.get(url).content.decode()
    assert "Beschikking Wmo" in page and "Conceptbrief" not in page


def test_a_message_with_a_document_lands_on_the_zaak_in_the_werkplek_once(wereld):
    burger = ingelogd()
    zaak = aanvragen(burger)
    url = f"/deventer/mijn-zaken/{zaak.uuid}/"
    page = burger.get(url).content.decode()
    token = re.search(r'name="formtoken" value="([^"]+)"', page).group(1)
    data = {"formtoken": token, "tekst": "Hierbij de brief van mijn fysiotherapeut."}
    first = burger.post(url, {**data, "bijlage": pdf_bestand("fysio.pdf")})
    second = burger.post(url, {**data, "bijlage": pdf_bestand("fysio.pdf")})
    assert first.status_code == second.status_code == 302
    notitie = ZaakNotitie.objects.get(gerelateerd_aan=zaak)
    assert notitie.notitie_type == "extern"
    assert notitie.aangemaakt_door == "Inwoner (DigiD) (via het portaal)"
    page = burger.get(url).content.decode()
    assert "Hierbij de brief van mijn fysiotherapeut." in page and "Nagezonden: fysio.pdf" in page

    werkplek = sign_in("ewillems").get(f"/werkplek/zaken/{zaak.uuid}/").content.decode()
    assert "Hierbij de brief van mijn fysiotherapeut." in werkplek
    assert "Nagezonden: fysio.pdf" in werkplek


def test_message_errors_are_dutch_and_keep_the_text(wereld):
    burger = ingelogd()
    zaak = aanvragen(burger)
    url = f"/deventer/mijn-zaken/{zaak.uuid}/"
    token = re.search(r'name="formtoken" value="([^"]+)"', burger.get(url).content.decode()).group(
        1
    )
    import io

    exe = io.BytesIO(b"MZ\x90\x00binary")
    exe.name = "brief.pdf"
    response = burger.post(url, {"formtoken": token, "tekst": "Mijn tekst blijft", "bijlage": exe})
    page = response.content.decode()
    assert response.status_code == 400 and "Dit soort bestand kunnen we niet aannemen" in page
    assert "Mijn tekst blijft" in page and not ZaakNotitie.objects.exists()


def test_mijn_zaken_queries_do_not_grow_with_the_number_of_zaken(
    wereld, django_assert_max_num_queries
):
    burger = ingelogd()
    aanvragen(burger)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert burger.get("/deventer/mijn-zaken/").status_code == 200
    eerst = len(one.captured_queries)  # now: the log is reset by the next request
    assert 0 < eerst <= 12
    for _ in range(3):
        aanvragen(burger)
    with django_assert_max_num_queries(eerst):
        page = burger.get("/deventer/mijn-zaken/").content.decode()
    assert len(set(re.findall(r"ZAAK-\d{4}-\d+", page))) == 4
