"""Audit trail: every write on a zaak and its parts, in the same transaction, readable per zaak."""

import pytest

from iwerk.core.models import AuditTrail
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.api import register_client
from iwerk.core.testing.conformance import ConformanceRecorder
from iwerk.zaken.tests.test_api import CRS, ZTC, zaak_body

pytestmark = pytest.mark.django_db
BASE = "http://testserver/zaken/api/v1"


@pytest.fixture
def zaaktype(catalogus):
    zt = build.complete_zaaktype(catalogus)
    zt.concept = False
    zt.save()
    return zt


def test_every_write_leaves_a_record_with_before_and_after(superuser_client, zaaktype):
    api = ConformanceRecorder(superuser_client, "iwerk.zaken", "/zaken/api/v1")
    zaak = api.post(
        f"{BASE}/zaken", zaak_body(zaaktype), HTTP_X_AUDIT_TOELICHTING="Balie", **CRS
    ).json()
    api.patch(zaak["url"], {"omschrijving": "Nieuwe omschrijving"}, **CRS)
    statustype = zaaktype.statustypen.order_by("volgnummer").first()
    api.post(
        f"{BASE}/statussen",
        {
            "zaak": zaak["url"],
            "statustype": f"{ZTC}/statustypen/{statustype.uuid}",
            "datumStatusGezet": "2026-03-02T09:00:00+01:00",
        },
    )
    trail = api.get(f"{zaak['url']}/audittrail").json()
    assert [(r["resource"], r["actie"], r["resultaat"]) for r in trail] == [
        ("zaak", "create", 201),
        ("zaak", "update", 200),
        ("status", "create", 201),
    ]
    assert trail[0]["toelichting"] == "Balie" and trail[0]["applicatieId"] == "alles"
    assert trail[0]["gebruikersId"] == "tester" and trail[0]["hoofdObject"] == zaak["url"]
    assert trail[1]["wijzigingen"]["oud"]["omschrijving"] == "Aanvraag rolstoel"
    assert trail[1]["wijzigingen"]["nieuw"]["omschrijving"] == "Nieuwe omschrijving"
    assert api.get(f"{zaak['url']}/audittrail/{trail[2]['uuid']}").json()["resource"] == "status"
    assert api.violations == [], "\n".join(v[:1500] for v in api.violations)


def test_failed_write_leaves_no_record(superuser_client, zaaktype):
    response = superuser_client.post(
        f"{BASE}/zaken", zaak_body(zaaktype, startdatum="2010-01-01"), **CRS
    )
    assert response.status_code == 400  # refused by a rule, after the write began
    assert not AuditTrail.objects.exists()


def test_b24_deleting_the_zaak_deletes_its_trail(superuser_client, zaaktype):
    zaak = superuser_client.post(f"{BASE}/zaken", zaak_body(zaaktype), **CRS).json()
    assert AuditTrail.objects.count() == 1
    superuser_client.delete(zaak["url"], **CRS)
    assert not AuditTrail.objects.exists()


def test_reading_the_trail_needs_its_scope(superuser_client, zaaktype):
    zaak = superuser_client.post(f"{BASE}/zaken", zaak_body(zaaktype), **CRS).json()
    lezer = register_client(
        "lezer",
        autorisaties=[
            {
                "component": "zrc",
                "scopes": ["zaken.lezen"],
                "zaaktype": f"{ZTC}/zaaktypen/{zaaktype.uuid}",
                "max_vertrouwelijkheidaanduiding": "zeer_geheim",
            }
        ],
    )
    assert lezer.get(f"{zaak['url']}/audittrail").status_code == 403
    assert len(superuser_client.get(f"{zaak['url']}/audittrail").json()) == 1  # it is there
