"""Audit: reads are logged (werkplek and API), the viewer searches and exports, the hash chain
detects a changed, removed or reordered row."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from iwerk.core import auditketen
from iwerk.core.models import AuditTrail, Inzage, Ketenschakel
from iwerk.core.testing.medewerkers import sign_in
from iwerk.zaken.models import Rol, Zaak, ZaakInformatieObject

pytestmark = pytest.mark.django_db


def _zaak_met_bsn(gemeente) -> tuple[Zaak, str]:
    rol = (
        Rol.objects.filter(tenant=gemeente, zaak__vertrouwelijkheidaanduiding__in=["openbaar", "intern", "zaakvertrouwelijk"])
        .exclude(bsn="")
        .select_related("zaak")
        .order_by("pk")
        .first()
    )  # fmt: skip
    return rol.zaak, rol.bsn


def _in_gemeente(client, slug: str):
    from iwerk.core.models import Gemeente

    client.post("/werkplek/gemeente/", {"gemeente": Gemeente.objects.get(slug=slug).pk})
    return client


def test_staff_reads_are_logged_and_found_by_the_fg_per_person_zaak_and_bsn(werkvoorraad):
    zaak, bsn = _zaak_met_bsn(werkvoorraad.gemeenten["deventer"])
    behandelaar = sign_in("jdevries")
    assert behandelaar.get(f"/werkplek/zaken/{zaak.uuid}/").status_code == 200
    behandelaar.get(f"/werkplek/zoeken/?q={bsn}")
    document = (
        ZaakInformatieObject.objects.filter(zaak=zaak).select_related("informatieobject").first()
    )
    if document and document.informatieobject.vertrouwelijkheidaanduiding in (
        "openbaar",
        "intern",
        "zaakvertrouwelijk",
    ):
        behandelaar.get(f"/werkplek/zaken/{zaak.uuid}/documenten/{document.informatieobject.uuid}/")
    soorten = set(Inzage.objects.filter(gebruikers_id="jdevries").values_list("soort", flat=True))
    assert {"zaak", "zoeken-bsn"} <= soorten

    fg = _in_gemeente(sign_in("fg"), "deventer")
    page = fg.get("/werkplek/audit/", {"bsn": bsn}).content.decode()
    assert "Zaak bekeken" in page and zaak.identificatie in page and f"Gezocht op BSN {bsn}" in page
    page = fg.get("/werkplek/audit/", {"persoon": "jdevries", "soort": "inzages"}).content.decode()
    assert "Jan de Vries" in page and "wijziging" not in page.split("<tbody>")[1]
    page = fg.get("/werkplek/audit/", {"zaak": zaak.identificatie}).content.decode()
    assert "wijziging" in page and "inzage" in page  # the zaak's creation and its viewing
    export = fg.get("/werkplek/audit/", {"bsn": bsn, "formaat": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    assert (
        "Zaak bekeken" in export.content.decode()
        and "jdevries" in export.content.decode().lower()
        or "Jan de Vries" in export.content.decode()
    )
    # The viewer's own use is in the log, with what was searched.
    assert Inzage.objects.filter(soort="audit", gebruikers_id="fg", bsn=bsn).exists()


def test_the_audit_viewer_is_for_fg_and_ciso_of_the_gemeente_only(werkvoorraad):
    assert sign_in("jdevries").get("/werkplek/audit/").status_code == 403
    assert sign_in("manager").get("/werkplek/audit/").status_code in (302, 403)
    zaak, _ = _zaak_met_bsn(werkvoorraad.gemeenten["raalte"])
    sign_in("rmeijer").get(f"/werkplek/zaken/{zaak.uuid}/")
    deventer = _in_gemeente(sign_in("fg"), "deventer").get(
        "/werkplek/audit/", {"persoon": "rmeijer"}
    )
    assert "Ruud Meijer" not in deventer.content.decode()
    raalte = _in_gemeente(sign_in("fg"), "raalte").get("/werkplek/audit/", {"persoon": "rmeijer"})
    assert "Ruud Meijer" in raalte.content.decode()
    bad = _in_gemeente(sign_in("ciso"), "raalte").get(
        "/werkplek/audit/", {"bsn": "123456789", "van": "2026-02-01", "tot": "2026-01-01"}
    )
    page = bad.content.decode()
    assert bad.status_code == 400 and "geen geldig BSN" in page and "vóór de begindatum" in page


def test_api_reads_of_zaken_documents_and_bsn_searches_are_logged(werkvoorraad, superuser_client):
    zaak, bsn = _zaak_met_bsn(werkvoorraad.gemeenten["deventer"])
    crs = {"HTTP_ACCEPT_CRS": "EPSG:4326"}
    assert superuser_client.get(f"/zaken/api/v1/zaken/{zaak.uuid}", **crs).status_code == 200
    superuser_client.get(
        "/zaken/api/v1/zaken",
        {"rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn": bsn},
        **crs,
    )
    kanalen = set(Inzage.objects.filter(kanaal="api").values_list("soort", "bsn"))
    assert ("zaak", "") in kanalen and ("zoeken-bsn", bsn) in kanalen


def test_the_hash_chain_reports_a_changed_removed_or_reordered_row(werkvoorraad):
    from iwerk.core.api.actor import Actor
    from iwerk.zaken.services import save_notitie

    alles = Actor("test", None, "test", heeft_alle_autorisaties=True, catalogi_tenant_ids=None)
    for zaak in Zaak.objects.filter(einddatum__isnull=True).order_by("pk")[:4]:
        save_notitie(actor=alles, zaak=zaak, fields={"onderwerp": "Test", "tekst": "Audit"})
    assert auditketen.verzegelen(limit=10**9) >= 4
    gezien, breuken = auditketen.verifieren()
    assert gezien == Ketenschakel.objects.count() > 0 and breuken == []
    call_command("audit_verifieren", stdout=io.StringIO())

    eerste, tweede, derde = AuditTrail.objects.order_by("pk")[:3]
    AuditTrail.objects.filter(pk=eerste.pk).update(toelichting="achteraf aangepast")
    AuditTrail.objects.filter(pk=tweede.pk).delete()
    schakel = Ketenschakel.objects.get(tabel="audittrail", rij_id=derde.pk)
    Ketenschakel.objects.filter(pk=schakel.pk).update(rij_hash="0" * 64)
    _, breuken = auditketen.verifieren()
    redenen = {(b.rij_id, b.reden) for b in breuken}
    assert (eerste.pk, "inhoud gewijzigd") in redenen
    assert (tweede.pk, "rij verwijderd") in redenen
    assert any(r == derde.pk and "keten onderbroken" in reden for r, reden in redenen)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("audit_verifieren", stdout=io.StringIO(), stderr=err)
    assert "inhoud gewijzigd" in err.getvalue()


def test_new_rows_are_sealed_by_the_worker(werkvoorraad):
    auditketen.verzegelen(limit=10**9)
    zaak, _ = _zaak_met_bsn(werkvoorraad.gemeenten["deventer"])
    sign_in("jdevries").get(f"/werkplek/zaken/{zaak.uuid}/")
    assert Inzage.objects.filter(schakel__isnull=True).exists()
    from iwerk.core import periodiek

    periodiek._LAST.clear()
    assert "auditketen-verzegelen" in periodiek.run_due()  # what `iwerk worker` runs each round
    assert not Inzage.objects.filter(schakel__isnull=True).exists()
    assert auditketen.verifieren()[1] == []


def test_a_deletion_the_standard_demands_is_not_a_break_but_a_silent_one_is(werkvoorraad):
    from iwerk.core.api.actor import Actor
    from iwerk.zaken.services import delete_zaak, save_notitie

    alles = Actor("test", None, "test", heeft_alle_autorisaties=True, catalogi_tenant_ids=None)
    zaken = list(
        Zaak.objects.filter(einddatum__isnull=True, zaakbesluiten__isnull=True).order_by("pk")[:2]
    )
    for zaak in zaken:
        save_notitie(actor=alles, zaak=zaak, fields={"onderwerp": "Test", "tekst": "Audit"})
    auditketen.verzegelen(limit=10**9)
    delete_zaak(actor=alles, zaak=zaken[0])  # zrc-023: its audit trail goes with it
    assert auditketen.verifieren()[1] == []
    AuditTrail.objects.filter(hoofd_object_uuid=zaken[1].uuid).delete()  # behind iwerk's back
    assert {b.reden for b in auditketen.verifieren()[1]} == {"rij verwijderd"}
