"""Catalogue management screens: publish, new version, export and import through the admin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from iwerk.catalogi.demo import load_catalogus
from iwerk.catalogi.models import Catalogus, ResultaatType, ZaakType
from iwerk.catalogi.selectors.export import export_catalogus
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.beheer import verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "beheerder", "b@example.nl", "een-lang-wachtwoord-2026"
    )
    return verified_client(client, user)


def test_publish_action_reports_rule_errors_in_dutch(beheerder, catalogus):
    build.besluittype(catalogus, "Beschikking", concept=True)
    blocked = build.complete_zaaktype(
        catalogus, identificatie="GEBLOKT", besluittype_omschrijvingen=["Beschikking"]
    )
    response = beheerder.post(
        "/admin/catalogi/zaaktype/",
        {"action": "publiceren", "_selected_action": [blocked.pk]},
        follow=True,
    )
    assert "Besluittype &#x27;Beschikking&#x27; is nog niet gepubliceerd" in (
        response.content.decode()
    )
    blocked.refresh_from_db()
    assert blocked.concept


def test_publish_action_warns_about_an_incomplete_zaaktype(beheerder, catalogus):
    """ztc-012 sets no completeness rule: beheer publishes and sees the warnings (Dutch)."""
    incomplete = build.zaaktype(catalogus, concept=True, identificatie="LEEG")
    response = beheerder.post(
        "/admin/catalogi/zaaktype/",
        {"action": "publiceren", "_selected_action": [incomplete.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "is gepubliceerd" in page
    assert "minder dan twee statustypen" in page
    assert "geen resultaattype" in page
    assert "geen roltype" in page
    incomplete.refresh_from_db()
    assert not incomplete.concept
    page = beheerder.get(f"/admin/catalogi/zaaktype/{incomplete.pk}/change/").content.decode()
    assert "minder dan twee statustypen" in page


def test_change_page_of_a_complete_zaaktype_shows_no_warning(beheerder, catalogus):
    zaaktype = build.complete_zaaktype(catalogus)
    page = beheerder.get(f"/admin/catalogi/zaaktype/{zaaktype.pk}/change/").content.decode()
    assert "statustypen; een zaak" not in page


def test_publish_action_publishes_complete_zaaktype(beheerder, catalogus):
    zaaktype = build.complete_zaaktype(catalogus)
    beheerder.post(
        "/admin/catalogi/zaaktype/", {"action": "publiceren", "_selected_action": [zaaktype.pk]}
    )
    zaaktype.refresh_from_db()
    assert not zaaktype.concept


def test_new_version_action(beheerder, tenant):
    catalogus = load_catalogus(tenant, "http://testserver")
    live = ZaakType.objects.get(catalogus=catalogus, identificatie="WOO-VERZOEK")
    beheerder.post(
        "/admin/catalogi/zaaktype/", {"action": "nieuwe_versie", "_selected_action": [live.pk]}
    )
    versions = ZaakType.objects.filter(catalogus=catalogus, identificatie="WOO-VERZOEK")
    assert versions.count() == 2 and versions.filter(concept=True).count() == 1


def test_published_zaaktype_page_is_read_only(beheerder, catalogus):
    zaaktype = build.zaaktype(catalogus, concept=False)
    page = beheerder.get(f"/admin/catalogi/zaaktype/{zaaktype.pk}/change/").content.decode()
    assert 'name="omschrijving"' not in page
    assert 'name="datum_einde_geldigheid"' in page


def test_edit_concept_zaaktype_runs_the_service_rules(beheerder, catalogus):
    zaaktype = build.zaaktype(catalogus, concept=True)
    data = {
        "catalogus": catalogus.pk,
        "identificatie": zaaktype.identificatie,
        "omschrijving": "Nieuwe omschrijving",
        "vertrouwelijkheidaanduiding": "intern",
        "doel": "d",
        "aanleiding": "a",
        "indicatie_intern_of_extern": "extern",
        "handeling_initiator": "Aanvragen",
        "onderwerp": "o",
        "handeling_behandelaar": "b",
        "doorlooptijd": "P8W",
        "trefwoorden": "[]",
        "selectielijst_procestype": "https://selectielijst.openzaak.nl/api/v1/procestypen/onbekend",
        "referentieproces_naam": "p",
        "verantwoordelijke": "v",
        "versiedatum": "2024-01-01",
        "datum_begin_geldigheid": "2024-01-01",
    }
    for prefix in (
        "statustypen",
        "roltypen",
        "resultaattypen",
        "eigenschappen",
        "zaaktypeinformatieobjecttypen",
    ):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = beheerder.post(f"/admin/catalogi/zaaktype/{zaaktype.pk}/change/", data)
    assert response.status_code == 200
    assert "Dit is geen procestype uit de Selectielijst." in response.content.decode()
    data["selectielijst_procestype"] = (
        f"https://selectielijst.openzaak.nl/api/v1/procestypen/{build.PROCESTYPE_UUID}"
    )
    response = beheerder.post(f"/admin/catalogi/zaaktype/{zaaktype.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    zaaktype.refresh_from_db()
    assert zaaktype.omschrijving == "Nieuwe omschrijving"


def test_export_and_import_through_admin(beheerder, tenant, other_tenant):
    source = load_catalogus(tenant, "http://testserver")
    response = beheerder.post(
        "/admin/catalogi/catalogus/", {"action": "exporteren", "_selected_action": [source.pk]}
    )
    assert response["Content-Type"] == "application/zip"
    upload = SimpleUploadedFile("export.zip", response.content, content_type="application/zip")
    response = beheerder.post(
        "/admin/catalogi/catalogus/importeren/",
        {"bestand": upload, "gemeente": other_tenant.pk, "domein": "KOPIE"},
    )
    assert response.status_code == 302
    imported = Catalogus.objects.get(tenant=other_tenant, domein="KOPIE")
    assert imported.zaaktypen.count() == source.zaaktypen.count()


def test_import_of_garbage_shows_field_error(beheerder, other_tenant):
    upload = SimpleUploadedFile("export.zip", b"geen zip", content_type="application/zip")
    response = beheerder.post(
        "/admin/catalogi/catalogus/importeren/",
        {"bestand": upload, "gemeente": other_tenant.pk, "domein": "KOPIE"},
    )
    assert response.status_code == 200
    assert "geen geldige ZIP" in response.content.decode()
    assert not Catalogus.objects.filter(domein="KOPIE").exists()


def test_export_is_valid_zip_of_api_json(tenant):
    import io
    import zipfile

    data = export_catalogus(load_catalogus(tenant, "http://testserver"))
    names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert {"manifest.json", "zaaktypen.json", "statustypen.json", "resultaattypen.json"} <= names


def test_published_resultaattype_rows_show_the_brondatum_label(beheerder, catalogus):
    """Read-only rows rendered the form-only field as "None" (issue 23 walk-through)."""
    zaaktype = build.complete_zaaktype(catalogus)
    zaaktype.resultaattypen.update(brondatum_afleidingswijze="afgehandeld")
    ZaakType.objects.filter(pk=zaaktype.pk).update(concept=False)
    page = beheerder.get(f"/admin/catalogi/zaaktype/{zaaktype.pk}/change/").content.decode()
    rij = page[page.index("Toegekend") :]
    rij = rij[: rij.index("</tr>")]
    assert "None" not in rij
    label = ResultaatType(brondatum_afleidingswijze="afgehandeld")
    assert label.get_brondatum_afleidingswijze_display() in rij
