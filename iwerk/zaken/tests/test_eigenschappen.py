"""Zaakeigenschappen (stored even when they do not fit, with X-Warning) and reserved zaaknummers."""

import pytest

from iwerk.catalogi.models import Eigenschap
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.conformance import ConformanceRecorder
from iwerk.zaken.tests.test_api import CRS, ZTC, zaak_body

pytestmark = pytest.mark.django_db
BASE = "http://testserver/zaken/api/v1"


@pytest.fixture
def zaaktype(catalogus):
    zt = build.complete_zaaktype(catalogus)
    zt.concept = False
    zt.save()
    Eigenschap.objects.create(
        tenant=catalogus.tenant,
        zaaktype=zt,
        naam="ingangsdatum",
        definitie="Ingangsdatum",
        specificatie_formaat="datum",
        specificatie_lengte="8",
        specificatie_kardinaliteit="1",
    )
    return zt


def test_b26_zaakeigenschappen_conform_and_warn(superuser_client, zaaktype):
    api = ConformanceRecorder(superuser_client, "iwerk.zaken", "/zaken/api/v1")
    zaak = api.post(f"{BASE}/zaken", zaak_body(zaaktype), **CRS).json()
    eigenschap = f"{ZTC}/eigenschappen/{zaaktype.eigenschappen.get().uuid}"
    good = api.post(
        f"{zaak['url']}/zaakeigenschappen",
        {"zaak": zaak["url"], "eigenschap": eigenschap, "waarde": "20260401"},
    )
    assert good.status_code == 201 and "X-Warning" not in good
    assert good.json()["naam"] == "ingangsdatum"
    url = good.json()["url"]
    bad = api.patch(url, {"waarde": "1 april"})
    assert bad.status_code == 200 and "YYYYMMDD" in bad["X-Warning"]
    assert api.get(url).json()["waarde"] == "1 april"
    assert api.head(url).status_code == 200
    assert api.put(url, {**api.get(url).json(), "waarde": "20260501"}).status_code == 200
    assert len(api.get(f"{zaak['url']}/zaakeigenschappen").json()) == 1
    assert api.delete(url).status_code == 204
    reserved = api.post(
        f"{BASE}/zaaknummer_reserveren", {"bronorganisatie": "001902763", "aantal": 2}
    )
    assert reserved.status_code == 201 and len(reserved.json()) == 2
    assert api.violations == [], "\n".join(v[:1500] for v in api.violations)


def test_reserved_numbers_are_never_issued_but_can_be_used(superuser_client, zaaktype):
    numbers = [
        r["zaaknummer"]
        for r in superuser_client.post(
            f"{BASE}/zaaknummer_reserveren", {"bronorganisatie": "001902763", "aantal": 3}
        ).json()
    ]
    issued = superuser_client.post(f"{BASE}/zaken", zaak_body(zaaktype), **CRS).json()[
        "identificatie"
    ]
    assert issued not in numbers
    used = superuser_client.post(
        f"{BASE}/zaken", zaak_body(zaaktype, identificatie=numbers[0]), **CRS
    )
    assert used.status_code == 201 and used.json()["identificatie"] == numbers[0]


def test_eigenschap_of_other_zaaktype_is_refused(superuser_client, zaaktype, catalogus):
    zaak = superuser_client.post(f"{BASE}/zaken", zaak_body(zaaktype), **CRS).json()
    other = build.complete_zaaktype(catalogus, identificatie="ANDER")
    vreemd = Eigenschap.objects.create(
        tenant=catalogus.tenant,
        zaaktype=other,
        naam="x",
        definitie="x",
        specificatie_formaat="tekst",
        specificatie_lengte="10",
        specificatie_kardinaliteit="1",
    )
    response = superuser_client.post(
        f"{zaak['url']}/zaakeigenschappen",
        {"zaak": zaak["url"], "eigenschap": f"{ZTC}/eigenschappen/{vreemd.uuid}", "waarde": "x"},
    )
    assert response.json()["invalidParams"][0]["code"] == "zaaktype-mismatch"


def test_zaak_lists_its_eigenschappen_and_objecten(superuser_client, zaaktype):
    zaak = superuser_client.post(f"{BASE}/zaken", zaak_body(zaaktype), **CRS).json()
    eigenschap = f"{ZTC}/eigenschappen/{zaaktype.eigenschappen.get().uuid}"
    e = superuser_client.post(
        f"{zaak['url']}/zaakeigenschappen",
        {"zaak": zaak["url"], "eigenschap": eigenschap, "waarde": "20260401"},
    ).json()
    o = superuser_client.post(
        f"{BASE}/zaakobjecten",
        {"zaak": zaak["url"], "objectType": "pand", "object": "https://bag.example.nl/panden/1"},
    ).json()
    data = superuser_client.get(zaak["url"], {"expand": "eigenschappen"}, **CRS).json()
    assert data["eigenschappen"] == [e["url"]] and data["zaakobjecten"] == [o["url"]]
    assert data["_expand"]["eigenschappen"][0]["waarde"] == "20260401"
