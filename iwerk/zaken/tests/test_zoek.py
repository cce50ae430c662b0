"""POST /zaken/_zoek and zaakgeometrie (GeoJSON, EPSG:4326) without PostGIS."""

import pytest

from iwerk.core.testing import catalogus as build
from iwerk.core.testing.conformance import ConformanceRecorder
from iwerk.zaken.tests.test_api import CRS, zaak_body

pytestmark = pytest.mark.django_db
BASE = "http://testserver/zaken/api/v1"
BRINK = {"type": "Point", "coordinates": [6.1606, 52.2546]}  # Deventer, de Brink
RAALTE = {"type": "Point", "coordinates": [6.2744, 52.3885]}
DEVENTER_CENTRUM = {
    "type": "Polygon",
    "coordinates": [[[6.14, 52.24], [6.18, 52.24], [6.18, 52.27], [6.14, 52.27], [6.14, 52.24]]],
}


@pytest.fixture
def zaaktype(catalogus):
    zt = build.complete_zaaktype(catalogus)
    zt.concept = False
    zt.save()
    return zt


def test_zoek_by_uuid_and_geometry_conforms(superuser_client, zaaktype):
    api = ConformanceRecorder(superuser_client, "iwerk.zaken", "/zaken/api/v1")
    brink = api.post(f"{BASE}/zaken", zaak_body(zaaktype, zaakgeometrie=BRINK), **CRS).json()
    raalte = api.post(f"{BASE}/zaken", zaak_body(zaaktype, zaakgeometrie=RAALTE), **CRS).json()
    api.post(f"{BASE}/zaken", zaak_body(zaaktype), **CRS)
    found = api.post(
        f"{BASE}/zaken/_zoek", {"zaakgeometrie": {"within": DEVENTER_CENTRUM}}, **CRS
    ).json()
    assert [z["uuid"] for z in found["results"]] == [brink["uuid"]]
    assert found["results"][0]["zaakgeometrie"] == BRINK
    by_uuid = api.post(
        f"{BASE}/zaken/_zoek", {"uuid__in": [raalte["uuid"], brink["uuid"]]}, **CRS
    ).json()
    assert {z["uuid"] for z in by_uuid["results"]} == {raalte["uuid"], brink["uuid"]}
    assert api.violations == [], "\n".join(v[:1500] for v in api.violations)
    assert ("POST", "/zaken/_zoek") in api.covered


def test_bad_geometry_is_refused(superuser_client, zaaktype):
    response = superuser_client.post(
        f"{BASE}/zaken", zaak_body(zaaktype, zaakgeometrie={"type": "Cirkel"}), **CRS
    )
    assert response.json()["invalidParams"][0]["name"] == "zaakgeometrie"
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    assert (
        superuser_client.post(
            f"{BASE}/zaken", zaak_body(zaaktype, zaakgeometrie=bowtie), **CRS
        ).status_code
        == 400
    )
    huge = {"type": "LineString", "coordinates": [[6 + i / 1e6, 52] for i in range(10_001)]}
    response = superuser_client.post(
        f"{BASE}/zaken", zaak_body(zaaktype, zaakgeometrie=huge), **CRS
    )
    assert response.json()["invalidParams"][0]["code"] == "too-large"
    outside = {"type": "Point", "coordinates": [600, 52]}
    assert (
        superuser_client.post(
            f"{BASE}/zaken", zaak_body(zaaktype, zaakgeometrie=outside), **CRS
        ).status_code
        == 400
    )


def test_zoek_rejects_bad_uuids_and_names_unknown_fields(superuser_client, zaaktype):
    response = superuser_client.post(f"{BASE}/zaken/_zoek", {"uuid__in": ["geen-uuid"]}, **CRS)
    assert response.json()["invalidParams"][0]["name"] == "uuid__in"
    # Unknown body properties are ignored as in every body (ADR 0024), and named in a header.
    response = superuser_client.post(f"{BASE}/zaken/_zoek", {"onbekend": 1}, **CRS)
    assert response.status_code == 200
    assert response["X-Ignored-Fields"] == "onbekend"


def test_b29_zoek_fields_selects_attributes_and_embedded_ones(superuser_client, zaaktype):
    """zrc-029: `fields` picks attributes, expands named relations with their own selection."""
    superuser_client.post(
        f"{BASE}/zaken",
        zaak_body(
            zaaktype,
            processobject={
                "datumkenmerk": "einddatum",
                "identificatie": "PO-1",
                "objecttype": "zaak",
                "registratie": "ZRC",
            },
        ),
        **CRS,
    )
    body = {
        "fields": [
            "url",
            "IDENTIFICATIE",
            {"zaaktype": ["omschrijving", {"catalogus": ["domein"]}]},
            {"processobject": ["identificatie"]},
            {"resultaat": ["*"]},
        ]
    }
    found = superuser_client.post(f"{BASE}/zaken/_zoek", body, **CRS).json()["results"][0]
    assert set(found) == {
        "url",
        "identificatie",
        "zaaktype",
        "processobject",
        "resultaat",
        "_expand",
    }
    assert found["processobject"] == {"identificatie": "PO-1"}
    assert found["_expand"]["zaaktype"] == {
        "omschrijving": zaaktype.omschrijving,
        "catalogus": found["_expand"]["zaaktype"]["catalogus"],
        "_expand": {"catalogus": {"domein": "ZAKEN"}},
    }
    assert found["_expand"]["resultaat"] == {}  # no resultaat: the empty object
    both = superuser_client.post(
        f"{BASE}/zaken/_zoek", {"fields": ["url"], "expand": "zaaktype"}, **CRS
    )
    assert both.status_code == 400 and both.json()["invalidParams"][0]["name"] == "fields"
    unknown = superuser_client.post(f"{BASE}/zaken/_zoek", {"fields": ["kleur"]}, **CRS)
    assert unknown.json()["invalidParams"][0]["code"] == "invalid"


def test_list_filters_of_1_7(superuser_client, zaaktype):
    """The 1.7 filters on dates and on rollen, on GET /zaken and in _zoek alike."""
    early = superuser_client.post(
        f"{BASE}/zaken",
        zaak_body(zaaktype, startdatum="2026-01-05", einddatumGepland="2026-02-01"),
        **CRS,
    ).json()
    late = superuser_client.post(
        f"{BASE}/zaken",
        zaak_body(zaaktype, startdatum="2026-06-01", einddatumGepland="2026-08-01"),
        **CRS,
    ).json()
    roltype = zaaktype.roltypen.first()
    superuser_client.post(
        f"{BASE}/rollen",
        {
            "zaak": late["url"],
            "roltype": f"http://testserver/catalogi/api/v1/roltypen/{roltype.uuid}",
            "betrokkeneType": "vestiging",
            "roltoelichting": "Aanvrager",
            "betrokkeneIdentificatie": {"vestigingsNummer": "000012345678"},
        },
    )
    for params, expected in (
        ({"einddatumGepland__lt": "2026-03-01"}, [early["url"]]),
        ({"einddatumGepland": "2026-08-01"}, [late["url"]]),
        ({"uiterlijkeEinddatumAfdoening__gt": "2026-05-01"}, [late["url"]]),
        ({"rol__betrokkeneType": "vestiging"}, [late["url"]]),
        ({"rol__omschrijvingGeneriek": roltype.omschrijving_generiek}, [late["url"]]),
        (
            {"rol__betrokkeneIdentificatie__vestiging__vestigingsNummer": "000012345678"},
            [late["url"]],
        ),
        ({"rol__betrokkeneIdentificatie__vestiging__vestigingsNummer": "999"}, []),
    ):
        listed = superuser_client.get("/zaken/api/v1/zaken", params, **CRS).json()
        assert [z["url"] for z in listed["results"]] == expected, params
        zoek = superuser_client.post(f"{BASE}/zaken/_zoek", params, **CRS).json()
        assert [z["url"] for z in zoek["results"]] == expected, params


def test_create_keeps_every_writable_group(superuser_client, zaaktype):
    """Nothing the client sends on POST is dropped: the groups come back as sent."""
    body = zaak_body(
        zaaktype,
        verlenging={"reden": "Advies nodig", "duur": "P14D"},
        opschorting={"indicatie": True, "reden": "Wacht op aanvrager"},
        processobjectaard="Aanvraag",
        archiefnominatie="vernietigen",
    )
    created = superuser_client.post(f"{BASE}/zaken", body, **CRS).json()
    assert created["verlenging"] == {"reden": "Advies nodig", "duur": "P14D"}
    assert created["opschorting"]["indicatie"] is True
    assert created["opschorting"]["reden"] == "Wacht op aanvrager"
    assert created["processobjectaard"] == "Aanvraag"
    assert created["archiefnominatie"] == "vernietigen"
    archived = superuser_client.post(
        f"{BASE}/zaken", zaak_body(zaaktype, archiefstatus="gearchiveerd"), **CRS
    )
    assert {p["code"] for p in archived.json()["invalidParams"]} == {
        "archiefnominatie-not-set",
        "archiefactiedatum-not-set",
    }
