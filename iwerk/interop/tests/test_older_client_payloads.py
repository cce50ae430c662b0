"""The minimal bodies conformance suites and older clients send: everything the standard lets them
leave out left out (only what Catalogi 1.3 added as required is added: `informatieobjectcategorie`,
`verantwoordelijke`), values such as `formaat: "txt"`, an empty `referentieproces.link`, a
gebruiksrecht start without offset, `null` for a group. A register must
take them as the reference implementation does."""

from __future__ import annotations

import base64

import pytest

from iwerk.interop.tests.conftest import CRS, C, D, Z, ok

pytestmark = pytest.mark.django_db


def test_a_catalogue_and_document_flow_with_minimal_older_bodies(superuser_client):
    api = superuser_client
    catalogus = ok(
        api.post(
            f"{C}/catalogussen",
            {"domein": "ABCDE", "rsin": "000000000", "contactpersoonBeheerNaam": "Test Persoon"},
        )
    )["url"]
    iot = ok(
        api.post(
            f"{C}/informatieobjecttypen",
            {
                "catalogus": catalogus,
                "omschrijving": "Informatieobjecttype QWERT",
                "vertrouwelijkheidaanduiding": "openbaar",
                "beginGeldigheid": "2019-01-01",
                "informatieobjectcategorie": "Brief",
            },
        )
    )["url"]
    ok(api.post(f"{iot}/publish", {}))
    zaaktype = ok(
        api.post(
            f"{C}/zaaktypen",
            {
                "identificatie": "3f1a0e56-7c5a-4a8e-9a4e-2d1f0c1b2a3d",
                "omschrijving": "Zaaktype ASDFG",
                "vertrouwelijkheidaanduiding": "openbaar",
                "doel": "test_doel",
                "aanleiding": "test_aanleiding",
                "indicatieInternOfExtern": "extern",
                "handelingInitiator": "indienen",
                "onderwerp": "test_onderwerp",
                "handelingBehandelaar": "behandelen",
                "doorlooptijd": "P10D",
                "opschortingEnAanhoudingMogelijk": False,
                "verlengingMogelijk": False,
                "publicatieIndicatie": False,
                "referentieproces": {"naam": "test_naam", "link": ""},
                "catalogus": catalogus,
                "besluittypen": [],
                "gerelateerdeZaaktypen": [],
                "beginGeldigheid": "2019-01-01",
                "versiedatum": "2019-01-01",
                "productenOfDiensten": [],
                "verantwoordelijke": "100000",
            },
        )
    )["url"]
    ok(
        api.post(
            f"{C}/zaaktype-informatieobjecttypen",
            {
                "zaaktype": zaaktype,
                "informatieobjecttype": iot,
                "volgnummer": 1,
                "richting": "intern",
            },
        )
    )
    ok(
        api.post(
            f"{C}/statustypen", {"zaaktype": zaaktype, "omschrijving": "Afgerond", "volgnummer": 1}
        )
    )
    ok(api.post(f"{zaaktype}/publish", {}))

    inhoud = base64.b64encode(b"some file content").decode()
    document = ok(
        api.post(
            f"{D}/enkelvoudiginformatieobjecten",
            {
                "identificatie": "7b0c4b8e-1f7a-4a55-8d5e-0f6b1e2c3d4e",
                "bronorganisatie": "159351741",
                "creatiedatum": "2018-06-27",
                "titel": "detailed summary",
                "auteur": "test_auteur",
                "formaat": "txt",
                "taal": "eng",
                "bestandsnaam": "dummy.txt",
                "inhoud": inhoud,
                "bestandsomvang": 17,
                "link": "http://een.link",
                "beschrijving": "test_beschrijving",
                "informatieobjecttype": iot,
                "vertrouwelijkheidaanduiding": "openbaar",
            },
        )
    )
    assert document["formaat"] == "txt"
    # Only what the OAS requires, integriteit explicitly null.
    ok(
        api.post(
            f"{D}/enkelvoudiginformatieobjecten",
            {
                "bronorganisatie": "159351741",
                "creatiedatum": "2020-08-01",
                "titel": "detailed summary",
                "auteur": "test_auteur",
                "taal": "eng",
                "inhoud": inhoud,
                "bestandsomvang": 17,
                "informatieobjecttype": iot,
                "integriteit": None,
            },
        )
    )
    ok(
        api.post(
            f"{D}/gebruiksrechten",
            {
                "informatieobject": document["url"],
                "startdatum": "2026-12-05T10:15:30",
                "omschrijvingVoorwaarden": "Test",
            },
        )
    )
    zaak = ok(
        api.post(
            f"{Z}/zaken",
            {
                "identificatie": "ZAAK-ZXCVB",
                "bronorganisatie": "159351741",
                "omschrijving": "Zaak ZXCVB",
                "zaaktype": zaaktype,
                "verantwoordelijkeOrganisatie": "000000000",
                "startdatum": "2020-01-01",
            },
            **CRS,
        )
    )
    ok(
        api.post(
            f"{Z}/zaakinformatieobjecten",
            {
                "informatieobject": document["url"],
                "zaak": zaak["url"],
                "titel": "test_titel",
                "omschrijving": "test_omschrijving",
            },
        )
    )
    # A misspelt filter is ignored like any unknown property; uuid__in is then missing, which the
    # OAS (and the reference) requires: a 400 naming it, not the misspelling.
    uuid = document["url"].rsplit("/", 1)[1]
    response = api.post(f"{D}/enkelvoudiginformatieobjecten/_zoek", {"uuid_In": [uuid]})
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["uuid__in"]
    found = ok(api.post(f"{D}/enkelvoudiginformatieobjecten/_zoek", {"uuid__in": [uuid]}))
    assert [d["url"] for d in found["results"]] == [document["url"]]
