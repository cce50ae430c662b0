"""Zaakinformatieobjecten and their mirror in the Documenten register (zrc-004, zrc-005, drc-002 … drc-004)."""

from __future__ import annotations

import pytest

from iwerk.core.testing import catalogus as build
from iwerk.core.testing.conformance import ConformanceRecorder
from iwerk.core.testing.documenten import document_body
from iwerk.documenten.models import ObjectInformatieObject
from iwerk.zaken.tests.test_api import CRS, zaak_body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_storage")]
Z = "http://testserver/zaken/api/v1"
D = "http://testserver/documenten/api/v1"


@pytest.fixture
def zaaktype(catalogus):
    zt = build.complete_zaaktype(catalogus)
    build.ziot(zt, "Aanvraag")
    zt.concept = False
    zt.save()
    return zt


@pytest.fixture
def iot(catalogus):
    return build.informatieobjecttype(catalogus, "Aanvraag")


def _setup(api, zaaktype, iot):
    zaak = api.post(f"{Z}/zaken", zaak_body(zaaktype), **CRS).json()["url"]
    document = api.client.post(f"{D}/enkelvoudiginformatieobjecten", document_body(iot)).json()
    return zaak, document["url"]


@pytest.mark.conformance
def test_b21_b22_d08_zio_lifecycle_mirrors_objectinformatieobject(superuser_client, zaaktype, iot):
    api = ConformanceRecorder(superuser_client, "iwerk.zaken", "/zaken/api/v1")
    drc = ConformanceRecorder(superuser_client, "iwerk.documenten", "/documenten/api/v1")
    zaak, document = _setup(api, zaaktype, iot)

    response = api.post(f"{Z}/zaakinformatieobjecten", {"zaak": zaak, "informatieobject": document})
    assert response.status_code == 201, response.json()
    zio = response.json()
    assert zio["aardRelatieWeergave"] == "Hoort bij, omgekeerd: kent"
    oios = drc.get(f"{D}/objectinformatieobjecten", {"object": zaak}).json()
    assert [(o["informatieobject"], o["objectType"]) for o in oios] == [(document, "zaak")]
    assert api.get(zaak, **CRS).json()["zaakinformatieobjecten"] == [zio["url"]]
    listed = api.get(
        f"{Z}/zaakinformatieobjecten", {"zaak": zaak, "expand": "informatieobject"}
    ).json()
    assert listed[0]["_expand"]["informatieobject"]["url"] == document
    assert api.head(zio["url"]).status_code == 200
    detail = api.get(zio["url"], {"expand": "informatieobject,zaak"}).json()
    assert detail["_expand"]["zaak"]["url"] == zaak

    # A duplicate is refused; zaak and document are fixed once related (zrc-004).
    again = api.post(f"{Z}/zaakinformatieobjecten", {"zaak": zaak, "informatieobject": document})
    assert again.json()["invalidParams"][0]["code"] == "unique"
    other_zaak = api.post(f"{Z}/zaken", zaak_body(zaaktype), **CRS).json()["url"]
    moved = api.patch(zio["url"], {"zaak": other_zaak})
    assert moved.json()["invalidParams"][0]["code"] == "wijzigen-niet-toegelaten"
    assert api.patch(zio["url"], {"titel": "Aanvraagformulier"}).json()["titel"] == (
        "Aanvraagformulier"
    )
    assert api.put(zio["url"], {"zaak": zaak, "informatieobject": document}).status_code == 200

    # The DRC side cannot be made or removed by clients while the ZIO exists (drc-004).
    oio_body = {"informatieobject": document, "object": zaak, "objectType": "zaak"}
    assert (
        drc.post(f"{D}/objectinformatieobjecten", oio_body).json()["invalidParams"][0]["code"]
        == "unique"
    )
    other_body = {**oio_body, "object": other_zaak}
    assert (
        drc.post(f"{D}/objectinformatieobjecten", other_body).json()["invalidParams"][0]["code"]
        == "inconsistent-relation"
    )
    oio = oios[0]["url"]
    assert drc.get(oio).status_code == 200 and drc.head(oio).status_code == 200
    assert drc.delete(oio).json()["invalidParams"][0]["code"] == "inconsistent-relation"
    # The document cannot be deleted while it belongs to a zaak (drc-008).
    assert drc.delete(document).json()["invalidParams"][0]["code"] == "pending-relations"

    assert api.delete(zio["url"]).status_code == 204
    assert not ObjectInformatieObject.objects.exists()
    assert api.violations == [] and drc.violations == [], "\n".join(api.violations + drc.violations)


def test_b09_document_type_must_belong_to_zaaktype(superuser_client, zaaktype, catalogus):
    api = ConformanceRecorder(superuser_client, "iwerk.zaken", "/zaken/api/v1")
    other = build.informatieobjecttype(catalogus, "Bouwtekening")
    zaak, _ = _setup(api, zaaktype, other)
    document = superuser_client.post(
        f"{D}/enkelvoudiginformatieobjecten", document_body(other)
    ).json()["url"]
    response = api.post(f"{Z}/zaakinformatieobjecten", {"zaak": zaak, "informatieobject": document})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == (
        "missing-zaaktype-informatieobjecttype-relation"
    )
    assert not ObjectInformatieObject.objects.exists()


def _close(client, zaak, zaaktype):
    resultaattype = zaaktype.resultaattypen.get()
    client.post(
        f"{Z}/resultaten",
        {
            "zaak": zaak,
            "resultaattype": f"http://testserver/catalogi/api/v1/resultaattypen/{resultaattype.uuid}",
        },
    )
    eind = zaaktype.statustypen.get(volgnummer=2)
    return client.post(
        f"{Z}/statussen",
        {
            "zaak": zaak,
            "statustype": f"http://testserver/catalogi/api/v1/statustypen/{eind.uuid}",
            "datumStatusGezet": "2026-11-20T10:00:00+01:00",
        },
    )


def test_b11_closing_requires_known_gebruiksrecht_on_every_document(
    superuser_client, zaaktype, iot
):
    api = ConformanceRecorder(superuser_client, "iwerk.zaken", "/zaken/api/v1")
    zaak, document = _setup(api, zaaktype, iot)
    api.post(f"{Z}/zaakinformatieobjecten", {"zaak": zaak, "informatieobject": document})
    refused = _close(superuser_client, zaak, zaaktype)
    assert refused.status_code == 400
    assert {p["code"] for p in refused.json()["invalidParams"]} == {"indicatiegebruiksrecht-unset"}
    superuser_client.post(
        f"{D}/gebruiksrechten",
        {
            "informatieobject": document,
            "startdatum": "2026-11-01T00:00:00+01:00",
            "omschrijvingVoorwaarden": "Openbaar na afhandeling",
        },
    )
    assert superuser_client.get(document).json()["indicatieGebruiksrecht"] is True
    assert _close(superuser_client, zaak, zaaktype).status_code == 201


def test_b24_deleting_the_zaak_removes_the_mirror(superuser_client, zaaktype, iot):
    api = ConformanceRecorder(superuser_client, "iwerk.zaken", "/zaken/api/v1")
    zaak, document = _setup(api, zaaktype, iot)
    api.post(f"{Z}/zaakinformatieobjecten", {"zaak": zaak, "informatieobject": document})
    assert api.delete(zaak, **CRS).status_code == 204
    assert not ObjectInformatieObject.objects.exists()
    # The document outlives the zaak and can now be deleted (drc-008).
    assert superuser_client.delete(document).status_code == 204
