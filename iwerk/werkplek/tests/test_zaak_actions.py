"""Handling a zaak in the werkplek: every action goes through the register services."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from iwerk.core.models import AuditTrail
from iwerk.core.testing.medewerkers import sign_in
from iwerk.documenten.models import EnkelvoudigInformatieObject
from iwerk.zaken.models import KlantContact, Resultaat, Rol, Status, Zaak, ZaakInformatieObject

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _open_zaak(gemeente, **filters) -> Zaak:
    return (
        Zaak.objects.filter(
            tenant=gemeente,
            einddatum__isnull=True,
            vertrouwelijkheidaanduiding__in=[
                "openbaar",
                "beperkt_openbaar",
                "intern",
                "zaakvertrouwelijk",
            ],
            **filters,
        )
        .select_related("zaaktype")
        .order_by("pk")
        .first()
    )


def _token(client, url: str) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="formtoken" value="([^"]+)"', page).group(1)


def _post(client, zaak, action: str, data: dict, files=None):
    url = f"/werkplek/zaken/{zaak.uuid}/"
    data = {"formtoken": _token(client, url), **data}
    return client.post(url + action, {**data, **(files or {})})


def test_assign_set_status_close_and_audit_trail(werkvoorraad):
    client = sign_in("jdevries")
    zaak = _open_zaak(werkvoorraad.gemeenten["deventer"])
    registered = set(
        AuditTrail.objects.filter(hoofd_object_uuid=zaak.uuid).values_list("pk", flat=True)
    )
    # Closing needs indicatieGebruiksrecht known on every document (B11).
    EnkelvoudigInformatieObject.objects.filter(
        pk__in=ZaakInformatieObject.objects.filter(zaak=zaak).values("informatieobject_id")
    ).update(indicatie_gebruiksrecht=False)
    response = _post(client, zaak, "toewijzen/", {"medewerker": "jdevries"})
    assert response.status_code == 302
    behandelaar = Rol.objects.get(zaak=zaak, roltype__omschrijving_generiek="behandelaar")
    assert behandelaar.medewerker_identificatie == "jdevries"
    assert behandelaar.betrokkene_identificatie["achternaam"] == "de Vries"

    statustypen = list(zaak.zaaktype.statustypen.order_by("volgnummer"))
    tussen = statustypen[-2]
    response = _post(
        client,
        zaak,
        "status/",
        {"statustype": tussen.pk, "toelichting": "Aanvullende stukken ontvangen"},
    )
    assert response.status_code == 302
    latest = Status.objects.filter(zaak=zaak).order_by("-datum_status_gezet").first()
    assert latest.statustype == tussen

    resultaattype = zaak.zaaktype.resultaattypen.order_by("pk").first()
    response = _post(
        client, zaak, "afsluiten/", {"resultaattype": resultaattype.pk, "toelichting": "Verleend"}
    )
    assert response.status_code == 302, re.findall(r"<li>(.*?)</li>", response.content.decode())[:5]
    zaak.refresh_from_db()
    assert zaak.einddatum == timezone.localdate()
    assert Resultaat.objects.get(zaak=zaak).resultaattype == resultaattype

    page = client.get(f"/werkplek/zaken/{zaak.uuid}/").content.decode()
    assert "Audittrail" in page
    trail = AuditTrail.objects.filter(hoofd_object_uuid=zaak.uuid)
    assert trail.filter(resource="status").count() >= 2
    # Every change made here is jdevries's (the trail before it is the zaak's registration).
    assert set(trail.exclude(pk__in=registered).values_list("gebruikers_id", flat=True)) == {
        "jdevries"
    }
    assert "Jan de Vries" in page


def test_a_behandelaar_cannot_reopen_but_a_teamleider_can(werkvoorraad):
    zaak = (
        Zaak.objects.filter(
            tenant=werkvoorraad.gemeenten["deventer"],
            einddatum__isnull=False,
            vertrouwelijkheidaanduiding="zaakvertrouwelijk",
        ).first()
        or Zaak.objects.filter(tenant=werkvoorraad.gemeenten["deventer"], einddatum__isnull=False)
        .exclude(
            vertrouwelijkheidaanduiding__in=[
                "vertrouwelijk",
                "confidentieel",
                "geheim",
                "zeer_geheim",
            ]
        )
        .first()
    )
    behandelaar = sign_in("jdevries")
    assert "Zaak heropenen" not in behandelaar.get(f"/werkplek/zaken/{zaak.uuid}/").content.decode()
    response = _post(behandelaar, zaak, "heropenen/", {"reden": "Bezwaar gegrond"})
    assert response.status_code == 400
    assert "niet de bevoegdheid" in response.content.decode()
    zaak.refresh_from_db()
    assert zaak.einddatum is not None

    teamleider = sign_in("pjansen")
    response = _post(teamleider, zaak, "heropenen/", {"reden": "Bezwaar gegrond"})
    assert response.status_code == 302
    zaak.refresh_from_db()
    assert zaak.einddatum is None
    # Closing again replaces the earlier resultaat.
    resultaattype = zaak.zaaktype.resultaattypen.order_by("-pk").first()
    response = _post(teamleider, zaak, "afsluiten/", {"resultaattype": resultaattype.pk})
    assert response.status_code == 302
    assert Resultaat.objects.get(zaak=zaak).resultaattype == resultaattype


def test_suspend_and_resume_move_the_deadlines(werkvoorraad, time_machine):
    client = sign_in("jdevries")
    zaak = _open_zaak(werkvoorraad.gemeenten["deventer"])
    before = (zaak.einddatum_gepland, zaak.uiterlijke_einddatum_afdoening)
    response = _post(client, zaak, "opschorten/", {"reden": "Wacht op advies welstand"})
    assert response.status_code == 302
    zaak.refresh_from_db()
    assert zaak.opschorting_indicatie and zaak.opgeschort_sinds == timezone.localdate()
    time_machine.move_to(timezone.now() + timedelta(days=10))
    client = sign_in("jdevries")
    response = _post(client, zaak, "hervatten/", {})
    assert response.status_code == 302
    zaak.refresh_from_db()
    assert not zaak.opschorting_indicatie and zaak.opschorting_eerdere_opschorting
    assert zaak.uiterlijke_einddatum_afdoening == before[1] + timedelta(days=10)
    if before[0]:
        assert zaak.einddatum_gepland == before[0] + timedelta(days=10)


def test_extend_once_with_reason(werkvoorraad):
    client = sign_in("jdevries")
    zaak = _open_zaak(werkvoorraad.gemeenten["deventer"], verlenging_duur="")
    before = zaak.uiterlijke_einddatum_afdoening
    response = _post(client, zaak, "verlengen/", {"weken": "", "reden": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Dit veld is verplicht." in body
    response = _post(client, zaak, "verlengen/", {"weken": 6, "reden": "Complexe aanvraag"})
    assert response.status_code == 302
    zaak.refresh_from_db()
    assert zaak.uiterlijke_einddatum_afdoening == before + timedelta(weeks=6)
    assert zaak.verlenging_reden == "Complexe aanvraag"
    response = _post(client, zaak, "verlengen/", {"weken": 2, "reden": "Nog eens"})
    assert response.status_code == 400
    assert "al eens verlengd" in response.content.decode()


def test_upload_preview_version_and_lock(werkvoorraad):
    client = sign_in("jdevries")
    zaak = _open_zaak(werkvoorraad.gemeenten["deventer"])
    page = client.get(f"/werkplek/zaken/{zaak.uuid}/").content.decode()
    iot = re.search(
        r'<select name="informatieobjecttype"[^>]*>.*?<option value="(\d+)"', page, re.S
    ).group(1)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = _post(
        client,
        zaak,
        "documenten/",
        {"titel": "Situatietekening", "informatieobjecttype": iot},
        {"bestand": SimpleUploadedFile("tekening.pdf", PDF, content_type="application/pdf")},
    )
    assert response.status_code == 302, response.content[:2000]
    zio = ZaakInformatieObject.objects.get(zaak=zaak, informatieobject__titel="Situatietekening")
    document = zio.informatieobject
    preview = client.get(f"/werkplek/zaken/{zaak.uuid}/documenten/{document.uuid}/")
    assert preview.status_code == 200
    assert preview["Content-Type"] == "application/pdf"
    assert preview["Content-Disposition"].startswith("inline")
    assert b"".join(preview.streaming_content) == PDF

    assert _post(client, zaak, f"documenten/{document.uuid}/vergrendelen/", {}).status_code == 302
    document.refresh_from_db()
    assert document.lock
    # Another handler sees it locked and cannot take it.
    other = sign_in("mbakker")
    assert "vergrendeld" in other.get(f"/werkplek/zaken/{zaak.uuid}/").content.decode()
    response = _post(other, zaak, f"documenten/{document.uuid}/vergrendelen/", {})
    document.refresh_from_db()
    assert document.lock
    new = PDF.replace(b"1.4", b"1.7")
    response = _post(
        client,
        zaak,
        f"documenten/{document.uuid}/versie/",
        {},
        {"bestand": SimpleUploadedFile("tekening-v2.pdf", new, content_type="application/pdf")},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.versie == 2 and not document.lock
    old = client.get(f"/werkplek/zaken/{zaak.uuid}/documenten/{document.uuid}/?versie=1")
    assert b"".join(old.streaming_content) == PDF


def test_a_failing_upload_leaves_the_zaak_unchanged(werkvoorraad):
    client = sign_in("jdevries")
    zaak = _open_zaak(werkvoorraad.gemeenten["deventer"])
    page = client.get(f"/werkplek/zaken/{zaak.uuid}/").content.decode()
    iot = re.search(
        r'<select name="informatieobjecttype"[^>]*>.*?<option value="(\d+)"', page, re.S
    ).group(1)
    from django.core.files.uploadedfile import SimpleUploadedFile

    documents, trail = EnkelvoudigInformatieObject.objects.count(), AuditTrail.objects.count()
    # Declared as PDF, but the content is not a PDF: the document service refuses it.
    response = _post(
        client,
        zaak,
        "documenten/",
        {"titel": "Vervalst", "informatieobjecttype": iot},
        {
            "bestand": SimpleUploadedFile(
                "nep.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
            )
        },
    )
    assert response.status_code == 400
    assert 'value="Vervalst"' in response.content.decode()
    assert EnkelvoudigInformatieObject.objects.count() == documents
    assert AuditTrail.objects.count() == trail
    assert not ZaakInformatieObject.objects.filter(
        zaak=zaak, informatieobject__titel="Vervalst"
    ).exists()


def test_besluit_and_notitie(werkvoorraad):
    client = sign_in("jdevries")
    zaak = next(
        z
        for z in Zaak.objects.filter(
            tenant=werkvoorraad.gemeenten["deventer"],
            einddatum__isnull=True,
            vertrouwelijkheidaanduiding__in=[
                "openbaar",
                "intern",
                "zaakvertrouwelijk",
                "beperkt_openbaar",
            ],
        ).select_related("zaaktype")
        if z.zaaktype.besluittype_omschrijvingen
    )
    page = client.get(f"/werkplek/zaken/{zaak.uuid}/").content.decode()
    besluittype = re.search(
        r'<select name="besluittype"[^>]*>.*?<option value="(\d+)"', page, re.S
    ).group(1)
    today = timezone.localdate().isoformat()
    response = _post(
        client,
        zaak,
        "besluiten/",
        {
            "besluittype": besluittype,
            "datum": today,
            "ingangsdatum": today,
            "toelichting": "Vergunning verleend",
        },
    )
    assert response.status_code == 302
    assert zaak.besluiten.count() == 1 if hasattr(zaak, "besluiten") else True
    response = _post(
        client, zaak, "notities/", {"onderwerp": "Telefoon", "tekst": "Aanvrager gebeld"}
    )
    assert response.status_code == 302
    page = client.get(f"/werkplek/zaken/{zaak.uuid}/").content.decode()
    assert "Vergunning verleend" in page and "Aanvrager gebeld" in page


def test_intake_registers_zaak_with_initiator_and_channel_once(werkvoorraad):
    client = sign_in("mbakker")
    page = client.get("/werkplek/zaken/nieuw/").content.decode()
    token = re.search(r'name="formtoken" value="([^"]+)"', page).group(1)
    zaaktype = re.search(
        r'<select name="zaaktype"[^>]*>.*?<option value="(\d+)"', page, re.S
    ).group(1)
    data = {
        "formtoken": token,
        "zaaktype": zaaktype,
        "kanaal": "telefoon",
        "omschrijving": "Melding via telefoon",
        "startdatum": timezone.localdate().isoformat(),
        "initiator_type": "natuurlijk_persoon",
        "bsn": "999993653",
        "voornamen": "Els",
        "geslachtsnaam": "Haverkamp",
        "straat": "Brink",
        "huisnummer": "12",
        "postcode": "7411 BR",
        "woonplaats": "Deventer",
        "telefoonnummer": "0570-123456",
        "mij_toewijzen": "on",
    }
    before = Zaak.objects.count()
    first = client.post("/werkplek/zaken/nieuw/", data)
    second = client.post("/werkplek/zaken/nieuw/", data)  # double click / back button
    assert first.status_code == 302 and second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Zaak.objects.count() == before + 1
    zaak = Zaak.objects.get(uuid=first["Location"].split("/")[-2])
    initiator = Rol.objects.get(zaak=zaak, roltype__omschrijving_generiek="initiator")
    assert initiator.bsn == "999993653"
    assert initiator.contactpersoon_rol["telefoonnummer"] == "0570-123456"
    assert KlantContact.objects.get(zaak=zaak).kanaal == "telefoon"
    assert (
        Rol.objects.get(
            zaak=zaak, roltype__omschrijving_generiek="behandelaar"
        ).medewerker_identificatie
        == "mbakker"
    )
    assert Status.objects.filter(zaak=zaak).count() == 1


def test_intake_errors_are_dutch_and_keep_the_input(werkvoorraad):
    client = sign_in("mbakker")
    page = client.get("/werkplek/zaken/nieuw/").content.decode()
    token = re.search(r'name="formtoken" value="([^"]+)"', page).group(1)
    before = Zaak.objects.count()
    response = client.post(
        "/werkplek/zaken/nieuw/",
        {
            "formtoken": token,
            "kanaal": "balie",
            "omschrijving": "Mijn omschrijving",
            "startdatum": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "initiator_type": "natuurlijk_persoon",
            "bsn": "123456789",
            "postcode": "onzin",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Dit veld is verplicht." in body  # zaaktype
    assert "Dit is geen geldig BSN" in body
    assert "Vul een postcode in als 1234 AB." in body
    assert "kan niet in de toekomst liggen" in body
    assert "Vul de achternaam van de aanvrager in." in body
    assert 'value="Mijn omschrijving"' in body
    assert Zaak.objects.count() == before


def test_a_teamleider_lifts_a_lock_left_behind(werkvoorraad):
    zaak = _open_zaak(werkvoorraad.gemeenten["deventer"])
    zio = ZaakInformatieObject.objects.filter(zaak=zaak).select_related("informatieobject").first()
    assert zio is not None  # the first open zaak has a document
    document = zio.informatieobject
    client = sign_in("jdevries")
    assert _post(client, zaak, f"documenten/{document.uuid}/vergrendelen/", {}).status_code == 302
    client.post("/werkplek/uitloggen/")  # the lock id leaves with the session
    other = sign_in("mbakker")
    assert (
        "Vergrendeling opheffen" not in other.get(f"/werkplek/zaken/{zaak.uuid}/").content.decode()
    )
    _post(other, zaak, f"documenten/{document.uuid}/vrijgeven/", {})
    document.refresh_from_db()
    assert document.lock
    teamleider = sign_in("pjansen")
    assert (
        "Vergrendeling opheffen" in teamleider.get(f"/werkplek/zaken/{zaak.uuid}/").content.decode()
    )
    assert _post(teamleider, zaak, f"documenten/{document.uuid}/vrijgeven/", {}).status_code == 302
    document.refresh_from_db()
    assert not document.lock


def test_related_zaken_are_shown_when_visible(werkvoorraad):
    deventer = list(
        Zaak.objects.filter(
            tenant=werkvoorraad.gemeenten["deventer"],
            vertrouwelijkheidaanduiding__in=[
                "openbaar",
                "intern",
                "zaakvertrouwelijk",
                "beperkt_openbaar",
            ],
        ).order_by("pk")[:3]
    )
    hoofd, deel, vervolg = deventer
    Zaak.objects.filter(pk=deel.pk).update(hoofdzaak=hoofd)
    Zaak.objects.filter(pk=hoofd.pk).update(
        relevante_andere_zaken=[
            {
                "url": f"http://testserver/zaken/api/v1/zaken/{vervolg.uuid}",
                "aardRelatie": "vervolg",
            }
        ]
    )
    page = sign_in("jdevries").get(f"/werkplek/zaken/{hoofd.uuid}/").content.decode()
    assert f'Deelzaak: <a href="/werkplek/zaken/{deel.uuid}/">' in page
    assert f'Vervolgzaak: <a href="/werkplek/zaken/{vervolg.uuid}/">' in page
    page = sign_in("jdevries").get(f"/werkplek/zaken/{deel.uuid}/").content.decode()
    assert f'Hoofdzaak: <a href="/werkplek/zaken/{hoofd.uuid}/">' in page
