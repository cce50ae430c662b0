"""Zaken rules of ../shared/zgw-rules.md that no other module names: B2, B4, B6, B18, B19.

Every other B-rule has a test whose name starts with its number (test_b01_… to test_b29_…).
"""

import pytest

from iwerk.core.testing import catalogus as build
from iwerk.zaken.tests.test_api import CRS, ZTC, zaak_body

pytestmark = pytest.mark.django_db
BASE = "http://testserver/zaken/api/v1"


@pytest.fixture
def zaaktype(catalogus):
    zt = build.complete_zaaktype(catalogus)
    zt.concept = False
    zt.save()
    return zt


@pytest.fixture
def zaak(superuser_client, zaaktype):
    return superuser_client.post(f"{BASE}/zaken", zaak_body(zaaktype), **CRS).json()


def _codes(response) -> set[tuple[str, str]]:
    return {(p["name"], p["code"]) for p in response.json()["invalidParams"]}


def test_b02_zaaktype_and_identificatie_are_fixed(superuser_client, catalogus, zaak):
    """ADR 0011: iwerk keeps zaaktype and identificatie once registered (Open Zaak's choice)."""
    other = build.complete_zaaktype(catalogus, identificatie="ZT-2")
    other.concept = False
    other.save()
    moved = superuser_client.patch(
        zaak["url"], {"zaaktype": f"{ZTC}/zaaktypen/{other.uuid}"}, **CRS
    )
    assert ("zaaktype", "wijzigen-niet-toegelaten") in _codes(moved)
    renamed = superuser_client.patch(zaak["url"], {"identificatie": "ANDERS-1"}, **CRS)
    assert ("identificatie", "wijzigen-niet-toegelaten") in _codes(renamed)


@pytest.mark.parametrize("field", ["bronorganisatie", "verantwoordelijkeOrganisatie"])
@pytest.mark.parametrize("value", ["12345678", "123456789", "00190276A"])
def test_b04_rsin_fields_need_nine_digits_and_the_elfproef(
    superuser_client, zaaktype, field, value
):
    response = superuser_client.post(f"{BASE}/zaken", zaak_body(zaaktype, **{field: value}), **CRS)
    assert response.status_code == 400
    assert (field, "invalid") in _codes(response)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("einddatum", "2026-04-01"),
        ("status", f"{BASE}/statussen/7c1f9a3e-1111-4a6b-9a34-1d2e3f4a5b6c"),
        ("betalingsindicatieWeergave", "Geheel"),
        ("rollen", [f"{BASE}/rollen/7c1f9a3e-1111-4a6b-9a34-1d2e3f4a5b6c"]),
    ],
)
def test_b06_computed_fields_are_read_only(superuser_client, zaaktype, zaak, field, value):
    """Read-only properties are ignored whatever their value (ADR 0024): they change nothing."""
    created = superuser_client.post(f"{BASE}/zaken", zaak_body(zaaktype, **{field: value}), **CRS)
    assert created.status_code == 201, created.content
    assert created.json()[field] != value
    # A PUT of a GET, with the computed field changed, is taken; the field keeps its own value.
    assert superuser_client.put(zaak["url"], {**zaak, field: value}, **CRS).status_code == 200
    assert superuser_client.get(zaak["url"], **CRS).json()[field] == zaak[field]


def test_b18_a_zaak_is_not_its_own_hoofdzaak(superuser_client, zaak):
    response = superuser_client.patch(zaak["url"], {"hoofdzaak": zaak["url"]}, **CRS)
    assert ("hoofdzaak", "self-forbidden") in _codes(response)


def test_b19_gegevensgroepen_validate_their_fields_and_are_always_returned(
    superuser_client, zaaktype, zaak
):
    assert zaak["opschorting"] == {"indicatie": False, "reden": "", "eerdereOpschorting": False}
    assert zaak["verlenging"] is None and zaak["processobject"] is None
    half = superuser_client.post(
        f"{BASE}/zaken", zaak_body(zaaktype, verlenging={"reden": "Advies"}), **CRS
    )
    assert ("verlenging.duur", "required") in _codes(half)
    bad = superuser_client.post(
        f"{BASE}/zaken",
        zaak_body(zaaktype, verlenging={"reden": "Advies", "duur": "twee weken"}),
        **CRS,
    )
    assert ("verlenging.duur", "invalid") in _codes(bad)
