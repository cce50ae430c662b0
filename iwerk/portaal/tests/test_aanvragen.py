"""Requesting a product: steps with conditions and attachments, drafts, sending as one zaak."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from iwerk.portaal.models import Concept, ConceptBijlage
from iwerk.portaal.services import indienen
from iwerk.portaal.tests.conftest import PIETER, SUZANNE, ingelogd, pdf_bestand, png_bestand
from iwerk.zaken.models import KlantContact, Rol, Status, Zaak, ZaakEigenschap, ZaakInformatieObject

pytestmark = pytest.mark.django_db

STAP1 = {"naam": "Suzanne Moulin", "adres": "Brink 12", "woonplaats": "Deventer"}
STAP2 = {"soort_hulp": "Huishouden", "situatie": "Stofzuigen lukt niet meer.", "mantelzorg": "nee"}
STAP3 = {"telefoon": "0570 123456", "email": "suzanne@example.nl"}


def _start(client, gemeente="deventer", product="wmo-ondersteuning") -> str:
    response = client.post(f"/{gemeente}/producten/{product}/aanvragen/")
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def _wmo_tot_controleren(client, bijlage=None) -> Concept:
    url = _start(client)
    assert client.post(url, STAP1).status_code == 302
    stap2 = {**STAP2, **({"verklaring": bijlage} if bijlage else {})}
    response = client.post(url.replace("/stap/1/", "/stap/2/"), stap2)
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(url.replace("/stap/1/", "/stap/3/"), STAP3)
    assert response.status_code == 302 and response["Location"].endswith("/controleren/")
    return Concept.objects.get(uuid=url.split("/")[3])


def test_a_wmo_request_becomes_one_zaak_with_initiator_eigenschap_documents_and_channel(
    portaal, django_capture_on_commit_callbacks
):
    client = ingelogd()
    concept = _wmo_tot_controleren(client, pdf_bestand())
    controleren = f"/deventer/aanvragen/{concept.uuid}/controleren/"
    page = client.get(controleren).content.decode()
    assert "Stofzuigen lukt niet meer." in page and "verklaring.pdf" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(controleren, {"akkoord": "ja"})
    assert response.status_code == 302 and response["Location"].endswith("/verzonden/")

    zaak = Zaak.objects.get()
    assert zaak.tenant == portaal["deventer"] and zaak.zaaktype.identificatie == "WMO-MAATWERK"
    assert zaak.communicatiekanaal.endswith(
        "/communicatiekanalen/" + zaak.communicatiekanaal.rsplit("/", 1)[1]
    )
    initiator = Rol.objects.get(zaak=zaak, roltype__omschrijving_generiek="initiator")
    assert initiator.bsn == SUZANNE and initiator.betrokkene_type == "natuurlijk_persoon"
    assert initiator.contactpersoon_rol["emailadres"] == "suzanne@example.nl"
    assert initiator.betrokkene_identificatie["geslachtsnaam"] == "Moulin"
    assert dict(ZaakEigenschap.objects.filter(zaak=zaak).values_list("naam", "waarde")) == {
        "soort_voorziening": "Huishouden"
    }
    assert KlantContact.objects.get(zaak=zaak).kanaal == "internet"
    assert Status.objects.filter(zaak=zaak).count() == 1
    documenten = ZaakInformatieObject.objects.filter(zaak=zaak).select_related("informatieobject")
    titels = sorted(z.informatieobject.titel for z in documenten)
    assert titels == ["Aanvraag Ondersteuning thuis (Wmo)", "Bijlage: verklaring.pdf"]
    assert {z.informatieobject.vertrouwelijkheidaanduiding for z in documenten} == {"vertrouwelijk"}

    concept.refresh_from_db()
    assert concept.status == "ingediend" and concept.zaak == zaak
    assert not ConceptBijlage.objects.exists()  # the draft's files moved into the zaak

    (bevestiging,) = mail.outbox
    assert bevestiging.to == ["suzanne@example.nl"]
    assert zaak.identificatie in bevestiging.subject and zaak.identificatie in bevestiging.body
    assert f"/deventer/mijn-zaken/{zaak.uuid}/" in bevestiging.body

    receipt = client.get(f"/deventer/aanvragen/{concept.uuid}/ontvangstbewijs.pdf")
    body = b"".join(receipt.streaming_content)
    assert receipt["Content-Type"] == "application/pdf" and body.startswith(b"%PDF")
    assert len(body) > 1500


def test_contact_details_are_remembered_from_the_previous_request(portaal):
    client = ingelogd()
    concept = _wmo_tot_controleren(client)
    client.post(f"/deventer/aanvragen/{concept.uuid}/controleren/", {"akkoord": "ja"})
    url = _start(client, product="parkeervergunning")
    page = client.get(url.replace("/stap/1/", "/stap/1/")).content.decode()
    assert "kenteken" in page
    client.post(url, {"kenteken": "AB-123-C", "lease": "nee"})
    page = client.get(url.replace("/stap/1/", "/stap/2/")).content.decode()
    assert 'value="suzanne@example.nl"' in page and 'value="0570 123456"' in page


def test_field_errors_are_dutch_next_to_the_field_and_keep_what_was_typed(portaal):
    client = ingelogd()
    url = _start(client)
    client.post(url, STAP1)
    stap2 = url.replace("/stap/1/", "/stap/2/")
    response = client.post(stap2, {"soort_hulp": "Anders", "situatie": "Mijn eigen tekst"})
    page = response.content.decode()
    assert response.status_code == 400
    # "Welke hulp?" applies only to "Anders", and then it is required.
    assert "Welke hulp?" in page and "Dit veld is verplicht." in page
    assert "Mijn eigen tekst" in page
    assert re.search(r'value="Anders"[^>]* checked', page)
    assert "Controleer de volgende vraag" in page
    # With another choice the conditional field is not asked for.
    response = client.post(stap2, {"soort_hulp": "Vervoer", "situatie": "Geen auto"})
    assert response.status_code == 302
    assert Concept.objects.get().gegevens["anders"] is None


@pytest.mark.parametrize(
    ("bestand", "melding"),
    [
        (lambda: pdf_bestand(grootte=10 * 1024 * 1024 + 1), "Het bestand is te groot"),
        (lambda: _tekst("virus.pdf"), "Dit soort bestand kunnen we niet aannemen"),
        (lambda: _tekst("leeg.pdf", b""), "leeg"),
    ],
)
def test_files_too_large_or_of_another_type_are_refused_clearly(portaal, bestand, melding):
    client = ingelogd()
    url = _start(client)
    client.post(url, STAP1)
    response = client.post(url.replace("/stap/1/", "/stap/2/"), {**STAP2, "verklaring": bestand()})
    assert response.status_code == 400
    page = response.content.decode()
    assert melding in page or melding.replace("leeg", "Het ingediende bestand is leeg") in page
    assert "Stofzuigen lukt niet meer." in page  # the rest of the answers stays
    assert not ConceptBijlage.objects.exists()


def _tekst(naam, data=b"MZ\x90\x00 dit is geen pdf"):
    import io

    handle = io.BytesIO(data)
    handle.name = naam
    return handle


def test_a_photo_is_refused_where_only_pdf_is_asked_and_accepted_where_allowed(portaal):
    client = ingelogd()
    url = _start(client)
    client.post(url, STAP1)
    response = client.post(
        url.replace("/stap/1/", "/stap/2/"), {**STAP2, "verklaring": png_bestand()}
    )
    assert response.status_code == 302  # the Wmo statement may be a PDF or a photo
    assert ConceptBijlage.objects.get().formaat == "image/png"


def test_a_draft_is_kept_and_continued_later(portaal):
    client = ingelogd()
    url = _start(client)
    response = client.post(url, {**STAP1, "opslaan": ""})
    assert response.status_code == 302 and response["Location"] == url
    # Later, in a new session: Mijn zaken lists the draft; starting again continues it.
    later = ingelogd()
    page = later.get("/deventer/mijn-zaken/").content.decode()
    assert "Nog niet verstuurd" in page and "Ondersteuning thuis (Wmo)" in page
    assert _start(later) == url.replace("/stap/1/", "/stap/2/")
    assert Concept.objects.count() == 1


def test_a_double_submit_creates_one_zaak(portaal, django_capture_on_commit_callbacks):
    client = ingelogd()
    concept = _wmo_tot_controleren(client)
    url = f"/deventer/aanvragen/{concept.uuid}/controleren/"
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, {"akkoord": "ja"})
        second = client.post(url, {"akkoord": "ja"})
    assert first["Location"] == second["Location"]
    assert Zaak.objects.count() == 1 and len(mail.outbox) == 1
    # The service itself is idempotent too (the row lock serialises concurrent sends).
    assert indienen.indienen(concept.pk, None).zaak_id == Zaak.objects.get().pk
    assert Zaak.objects.count() == 1


def test_an_interrupted_submission_leaves_the_draft_and_no_half_zaak(portaal, monkeypatch):
    client = ingelogd()
    concept = _wmo_tot_controleren(client, pdf_bestand())
    url = f"/deventer/aanvragen/{concept.uuid}/controleren/"
    real = indienen.document_aanleveren
    calls = []

    def crash_on_the_attachment(*args, **kwargs):
        calls.append(kwargs["titel"])
        if kwargs["titel"].startswith("Bijlage"):
            raise indienen.NietVerzonden("De opslag gaf een fout.")
        return real(*args, **kwargs)

    monkeypatch.setattr(indienen, "document_aanleveren", crash_on_the_attachment)
    response = client.post(url, {"akkoord": "ja"})
    assert response.status_code == 400
    assert "Uw gegevens zijn bewaard" in response.content.decode()
    assert calls == ["Aanvraag Ondersteuning thuis (Wmo)", "Bijlage: verklaring.pdf"]
    assert not Zaak.objects.exists() and not Rol.objects.exists() and not Status.objects.exists()
    assert not mail.outbox
    concept.refresh_from_db()
    assert concept.status == "concept" and ConceptBijlage.objects.filter(concept=concept).exists()

    monkeypatch.setattr(indienen, "document_aanleveren", real)
    assert client.post(url, {"akkoord": "ja"}).status_code == 302
    assert ZaakInformatieObject.objects.filter(zaak=Zaak.objects.get()).count() == 2


def test_sending_needs_the_confirmation_and_every_required_answer(portaal):
    client = ingelogd()
    url = _start(client)
    client.post(url, STAP1)
    # Jumping ahead to the summary sends the citizen back to the first unfinished step.
    response = client.get(url.replace("/stap/1/", "/controleren/"))
    assert response["Location"].endswith("/stap/2/")
    client.post(url.replace("/stap/1/", "/stap/2/"), STAP2)
    client.post(url.replace("/stap/1/", "/stap/3/"), STAP3)
    response = client.post(url.replace("/stap/1/", "/controleren/"), {})
    assert response.status_code == 400 and "naar waarheid" in response.content.decode()
    assert not Zaak.objects.exists()


def test_a_product_needs_its_assurance_level(portaal):
    basis = ingelogd(niveau="digid_basis")
    response = basis.post("/deventer/producten/wmo-ondersteuning/aanvragen/")
    assert response.status_code == 302
    assert response["Location"].startswith("/deventer/inloggen/digid/?niveau=digid_midden")
    # Parkeervergunning asks DigiD basis: that is enough there.
    assert "/stap/1/" in basis.post("/deventer/producten/parkeervergunning/aanvragen/")["Location"]
    # eHerkenning does not open a DigiD product, whatever its level.
    bedrijf = ingelogd("68750110", middel="eherkenning", niveau="eherkenning_eh3")
    response = bedrijf.post("/deventer/producten/wmo-ondersteuning/aanvragen/")
    assert response["Location"].startswith("/deventer/inloggen/digid/")


def test_someone_elses_draft_is_not_found(portaal):
    concept = _wmo_tot_controleren(ingelogd())
    andere = ingelogd(PIETER, naam="Pieter de Boer")
    for pad in ("stap/1/", "controleren/", "verzonden/"):
        assert andere.get(f"/deventer/aanvragen/{concept.uuid}/{pad}").status_code == 404
    assert andere.post(f"/deventer/aanvragen/{concept.uuid}/verwijderen/").status_code == 404
    # Nor under another gemeente's address.
    assert ingelogd().get(f"/raalte/aanvragen/{concept.uuid}/stap/1/").status_code == 404
    assert Concept.objects.filter(pk=concept.pk).exists()


def test_a_draft_can_be_discarded_with_its_files(portaal):
    from iwerk.documenten import content

    client = ingelogd()
    url = _start(client)
    client.post(url, STAP1)
    client.post(url.replace("/stap/1/", "/stap/2/"), {**STAP2, "verklaring": pdf_bestand()})
    pad = ConceptBijlage.objects.get().pad
    assert content.storage().exists(pad)
    uuid = url.split("/")[3]
    response = client.post(f"/deventer/aanvragen/{uuid}/verwijderen/")
    assert response["Location"] == "/deventer/mijn-zaken/"
    assert not Concept.objects.exists() and not content.storage().exists(pad)


def test_the_demo_requests_are_sent_once_and_show_in_mijn_zaken(portaal):
    from iwerk.portaal.demo import load_aanvragen

    assert load_aanvragen(portaal["deventer"]) == 1
    assert load_aanvragen(portaal["deventer"]) == 0
    assert load_aanvragen(portaal["raalte"]) == 1
    zaak = Zaak.objects.get(tenant=portaal["deventer"])
    page = ingelogd().get("/deventer/mijn-zaken/").content.decode()
    assert zaak.identificatie in page
    assert ZaakEigenschap.objects.get(zaak=zaak).waarde == "Hulpmiddel"


def test_old_drafts_are_removed_with_their_files_and_sent_requests_stay(portaal, time_machine):
    from django.core.management import call_command

    from iwerk.documenten import content

    time_machine.move_to("2026-10-01 12:00")
    client = ingelogd()
    url = _start(client)
    client.post(url, STAP1)
    client.post(url.replace("/stap/1/", "/stap/2/"), {**STAP2, "verklaring": pdf_bestand()})
    pad = ConceptBijlage.objects.get().pad
    verzonden = _wmo_tot_controleren(ingelogd(PIETER, client=None))
    ingelogd(PIETER).post(f"/deventer/aanvragen/{verzonden.uuid}/controleren/", {"akkoord": "ja"})
    time_machine.move_to("2026-11-15 12:00")
    call_command("portaal_opruimen", stdout=__import__("io").StringIO())
    assert list(Concept.objects.values_list("status", flat=True)) == ["ingediend"]
    assert not content.storage().exists(pad)
