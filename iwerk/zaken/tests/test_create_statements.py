"""A zaak create is one transaction of a fixed, small number of statements (issue 11: creates per
second), and every side effect it shortcuts still holds: the search text, the audit snapshot,
the notification to each current abonnement."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iwerk.core import audit
from iwerk.core.models import AuditTrail
from iwerk.notificaties.models import Abonnement, AbonnementKanaal, Kanaal, Levering
from iwerk.zaken.models import Zaak, ZaakZoektekst
from iwerk.zaken.selectors import zoeken
from iwerk.zaken.tests.test_api import CRS, zaak_body
from iwerk.zaken.tests.test_isolation import _zaaktype

pytestmark = pytest.mark.django_db
Z = "/zaken/api/v1/zaken"
# generations (1), identificatie counter and its collision check (2), the zaak, the Sturing
# change queue, the register generation, the search text, the notificatie, its levering, the
# audit record (7), and the transaction's begin and end (2). The zaaktype comes from the cache.
BUDGET = 12


def _subscribe(callback: str) -> Abonnement:
    abonnement = Abonnement.objects.create(callback_url=callback, auth="Token geheim")
    AbonnementKanaal.objects.create(abonnement=abonnement, kanaal=Kanaal.objects.get(naam="zaken"))
    return abonnement


def test_zaak_create_stays_within_its_statement_budget(superuser_client, catalogus):
    zt = _zaaktype(catalogus, "WMO")
    abonnement = _subscribe("http://127.0.0.1:9/zaken")
    superuser_client.post(Z, zaak_body(zt), **CRS)  # warm the per-generation caches
    with CaptureQueriesContext(connection) as queries:
        response = superuser_client.post(
            Z, zaak_body(zt, omschrijving="Aanvraag traplift", toelichting="Woning Brink"), **CRS
        )
    assert response.status_code == 201, response.content
    statements = [q["sql"][:120] for q in queries.captured_queries]
    assert len(statements) <= BUDGET, "\n".join(statements)

    created = response.json()
    zaak = Zaak.objects.get(uuid=created["uuid"])
    # The search text was written from the values in hand, and finds the zaak.
    assert ZaakZoektekst.objects.get(zaak=zaak).tekst == (
        f"{created['identificatie']} Aanvraag traplift Woning Brink"
    )
    assert list(zoeken.search(Zaak.objects.all(), "traplift brink")) == [zaak]
    # The audit snapshot left out the relations query: it still equals what a read shows.
    record = AuditTrail.objects.get(hoofd_object_uuid=zaak.uuid, actie="create")
    shown = superuser_client.get(created["url"], **CRS).json()
    assert audit.rebase(record.nieuw, "http://testserver") == shown
    assert shown["rollen"] == [] and shown["status"] is None
    assert Levering.objects.filter(abonnement=abonnement, notificatie__kenmerken__isnull=False)


def test_changed_abonnementen_are_seen_by_the_next_change(superuser_client, catalogus):
    zt = _zaaktype(catalogus, "WMO")
    eerste = _subscribe("http://127.0.0.1:9/eerste")
    superuser_client.post(Z, zaak_body(zt), **CRS)  # caches the filter groups of kanaal zaken
    tweede = _subscribe("http://127.0.0.1:9/tweede")
    superuser_client.post(Z, zaak_body(zt), **CRS)
    assert Levering.objects.filter(abonnement=tweede).count() == 1
    eerste.delete()  # a cached group of a deleted abonnement would break the levering's FK
    response = superuser_client.post(Z, zaak_body(zt), **CRS)
    assert response.status_code == 201, response.content
    assert Levering.objects.filter(abonnement=tweede).count() == 2
    assert not Levering.objects.filter(ontvanger=f"abonnement:{eerste.pk}").exists()


def test_a_changed_zaaktype_is_seen_by_the_next_request(superuser_client, catalogus):
    zt = _zaaktype(catalogus, "WMO")
    assert superuser_client.post(Z, zaak_body(zt), **CRS).status_code == 201  # caches zt
    zt.concept = True  # e.g. the functional administrator takes it back to concept
    zt.save()
    refused = superuser_client.post(Z, zaak_body(zt), **CRS)
    assert refused.status_code == 400
    assert refused.json()["invalidParams"][0]["code"] == "not-published"
