"""Rollen: every betrokkeneType, validation of the identificatie, BSN search, conformance."""

import pytest

from iwerk.core.testing import catalogus as build
from iwerk.core.testing.conformance import ConformanceRecorder
from iwerk.zaken.services import ZaakGegevens, register_zaak
from iwerk.zaken.tests.test_services import ALLES

pytestmark = pytest.mark.django_db
BASE = "http://testserver/zaken/api/v1"
ZTC = "http://testserver/catalogi/api/v1"

IDENTIFICATIES = {
    "natuurlijk_persoon": {
        "inpBsn": "111222333",
        "geslachtsnaam": "Jansen",
        "voorletters": "A.",
        "verblijfsadres": {
            "aoaIdentificatie": "0150200000123456",
            "wplWoonplaatsNaam": "Deventer",
            "gorOpenbareRuimteNaam": "Brink",
            "aoaHuisnummer": 12,
            "aoaPostcode": "7411BR",
        },
    },
    "niet_natuurlijk_persoon": {
        "innNnpId": "001902763",
        "statutaireNaam": "Stichting Welzijn",
        "innRechtsvorm": "stichting",
    },
    "vestiging": {
        "vestigingsNummer": "000012345678",
        "handelsnaam": ["Bakkerij De Waag"],
        "kvkNummer": "12345678",
    },
    "organisatorische_eenheid": {"identificatie": "WMO", "naam": "Team Wmo"},
    "medewerker": {"identificatie": "jdevries", "achternaam": "de Vries", "voorletters": "J."},
}


@pytest.fixture
def zaak(catalogus):
    zaaktype = build.complete_zaaktype(catalogus)
    zaaktype.concept = False
    zaaktype.save()
    return register_zaak(
        actor=ALLES,
        zaaktype=zaaktype,
        gegevens=ZaakGegevens(
            bronorganisatie="001902763",
            verantwoordelijke_organisatie="001902763",
            startdatum=zaaktype.datum_begin_geldigheid,
        ),
    )


def rol_body(zaak, betrokkene_type, identificatie=None, **extra):
    roltype = zaak.zaaktype.roltypen.first()
    return {
        "zaak": f"{BASE}/zaken/{zaak.uuid}",
        "roltype": f"{ZTC}/roltypen/{roltype.uuid}",
        "betrokkeneType": betrokkene_type,
        "roltoelichting": "Aanvrager",
        "betrokkeneIdentificatie": identificatie
        if identificatie is not None
        else IDENTIFICATIES[betrokkene_type],
        **extra,
    }


@pytest.mark.conformance
def test_rollen_of_every_type_conform_to_spec(superuser_client, zaak):
    api = ConformanceRecorder(superuser_client, "iwerk.zaken", "/zaken/api/v1")
    urls = []
    for betrokkene_type in IDENTIFICATIES:
        response = api.post(f"{BASE}/rollen", rol_body(zaak, betrokkene_type))
        assert response.status_code == 201, response.content
        urls.append(response.json()["url"])
    assert api.get(f"{BASE}/rollen", {"zaak": f"{BASE}/zaken/{zaak.uuid}"}).json()["count"] == 5
    assert api.get(urls[0]).json()["betrokkeneIdentificatie"]["inpBsn"] == "111222333"
    assert api.head(urls[0]).status_code == 200
    assert api.delete(urls[-1]).status_code == 204
    assert api.violations == [], "\n".join(v[:1500] for v in api.violations)
    assert {
        ("GET", "/rollen"),
        ("POST", "/rollen"),
        ("GET", "/rollen/{uuid}"),
        ("HEAD", "/rollen/{uuid}"),
        ("DELETE", "/rollen/{uuid}"),
    } <= api.covered


def test_search_by_bsn_and_medewerker(superuser_client, zaak):
    for betrokkene_type in ("natuurlijk_persoon", "medewerker"):
        superuser_client.post(f"{BASE}/rollen", rol_body(zaak, betrokkene_type))
    by_bsn = superuser_client.get(
        f"{BASE}/rollen", {"betrokkeneIdentificatie__natuurlijkPersoon__inpBsn": "111222333"}
    )
    assert by_bsn.json()["count"] == 1
    by_medewerker = superuser_client.get(
        f"{BASE}/rollen", {"betrokkeneIdentificatie__medewerker__identificatie": "jdevries"}
    )
    assert by_medewerker.json()["count"] == 1
    zaken = superuser_client.get(
        f"{BASE}/zaken",
        {"rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn": "111222333"},
        HTTP_ACCEPT_CRS="EPSG:4326",
    )
    assert [z["uuid"] for z in zaken.json()["results"]] == [str(zaak.uuid)]


def test_invalid_bsn_and_kvk_are_refused_with_field_path(superuser_client, zaak):
    response = superuser_client.post(
        f"{BASE}/rollen", rol_body(zaak, "natuurlijk_persoon", {"inpBsn": "123456789"})
    )
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "betrokkeneIdentificatie.inpBsn"
    response = superuser_client.post(
        f"{BASE}/rollen", rol_body(zaak, "vestiging", {"kvkNummer": "1234"})
    )
    assert response.json()["invalidParams"][0]["name"] == "betrokkeneIdentificatie.kvkNummer"
    # An unknown property of the identificatie is ignored, as the reference does (ADR 0024).
    response = superuser_client.post(
        f"{BASE}/rollen", rol_body(zaak, "medewerker", {"identificatie": "m1", "onbekend": "x"})
    )
    assert response.status_code == 201, response.content
    assert "onbekend" not in response.json()["betrokkeneIdentificatie"]


def test_roltype_of_other_zaaktype_is_refused(superuser_client, zaak, catalogus):
    other = build.complete_zaaktype(catalogus, identificatie="ANDER").roltypen.first()
    body = rol_body(zaak, "medewerker", roltype=f"{ZTC}/roltypen/{other.uuid}")
    response = superuser_client.post(f"{BASE}/rollen", body)
    assert response.json()["invalidParams"][0]["code"] == "zaaktype-mismatch"


def test_rollen_filter_on_every_documented_betrokkene_identificatie(superuser_client, zaak):
    """GET /rollen takes every filter Zaken 1.7.0 documents, and each finds exactly its rol."""
    identificaties = {
        "natuurlijk_persoon": {
            "inpBsn": "111222333",
            "anpIdentificatie": "ANP-1",
            "inpA_nummer": "1234567890",
        },
        "niet_natuurlijk_persoon": {"innNnpId": "001902763", "annIdentificatie": "ANN-1"},
        "vestiging": {"vestigingsNummer": "000012345678"},
        "organisatorische_eenheid": {"identificatie": "WMO"},
        "medewerker": {"identificatie": "WMO"},  # the same value under another type
    }
    urls = {}
    for betrokkene_type, identificatie in identificaties.items():
        response = superuser_client.post(
            f"{BASE}/rollen", rol_body(zaak, betrokkene_type, identificatie)
        )
        assert response.status_code == 201, response.content
        urls[betrokkene_type] = response.json()["url"]
    filters = {
        "betrokkeneIdentificatie__natuurlijkPersoon__inpBsn": ("111222333", "natuurlijk_persoon"),
        "betrokkeneIdentificatie__natuurlijkPersoon__anpIdentificatie": (
            "ANP-1",
            "natuurlijk_persoon",
        ),
        "betrokkeneIdentificatie__natuurlijkPersoon__inpA_nummer": (
            "1234567890",
            "natuurlijk_persoon",
        ),
        "betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId": (
            "001902763",
            "niet_natuurlijk_persoon",
        ),
        "betrokkeneIdentificatie__nietNatuurlijkPersoon__annIdentificatie": (
            "ANN-1",
            "niet_natuurlijk_persoon",
        ),
        "betrokkeneIdentificatie__vestiging__vestigingsNummer": ("000012345678", "vestiging"),
        "betrokkeneIdentificatie__organisatorischeEenheid__identificatie": (
            "WMO",
            "organisatorische_eenheid",
        ),
        "betrokkeneIdentificatie__medewerker__identificatie": ("WMO", "medewerker"),
    }
    for name, (value, betrokkene_type) in filters.items():
        found = superuser_client.get(f"{BASE}/rollen", {name: value})
        assert found.status_code == 200, (name, found.content)
        assert [r["url"] for r in found.json()["results"]] == [urls[betrokkene_type]], name
        assert superuser_client.get(f"{BASE}/rollen", {name: "ander"}).json()["count"] == 0
        zaken = superuser_client.get(
            f"{BASE}/zaken", {f"rol__{name}": value}, HTTP_ACCEPT_CRS="EPSG:4326"
        )
        assert zaken.status_code == 200, (name, zaken.content)
        assert [z["uuid"] for z in zaken.json()["results"]] == [str(zaak.uuid)], name
