"""A zaak create is one transaction of a fixed, small number of statements (issues 11 and 25:
creates per second), and every side effect it shortcuts still holds: the search text, the audit
snapshot, the notification to each current abonnement, a unique identificatie."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iwerk.core import audit
from iwerk.core.models import AuditTrail
from iwerk.core.testing.api import ApiClient, register_client
from iwerk.notificaties.models import Abonnement, AbonnementKanaal, Kanaal, Levering
from iwerk.zaken.models import Zaak, ZaakIdentificatieReeks, ZaakZoektekst
from iwerk.zaken.selectors import zoeken
from iwerk.zaken.services import zaaknummers
from iwerk.zaken.tests.test_api import CRS, zaak_body
from iwerk.zaken.tests.test_isolation import _zaaktype

pytestmark = pytest.mark.django_db
Z = "/zaken/api/v1/zaken"
ZTC = "http://testserver/catalogi/api/v1"
# Every statement of an API create, in order, with a number from this process's block
# (zaaknummers, ADR 0041). The zaaktype, the client's autorisaties and the abonnementen's filter
# groups come from caches keyed on the generations, read once per request. PostgreSQL sends the
# same statements: Django logs BEGIN and COMMIT there too.
OWN_TRANSACTION = [
    "SELECT core_generatie",  # the generations
    "BEGIN",
    "INSERT zaken_zaak",  # with its identificatie, checked unique by the same statement
    "INSERT notificaties_notificatie",  # the outbox (core.audit.Change → outbox.on_change)
    "INSERT notificaties_levering",  # one row per matching abonnement
    "INSERT zaken_zaakzoektekst",  # the search text (Change → zoektekst.on_change)
    "INSERT core_audittrail",
    "UPDATE core_generatie",  # the register's generation: cached counts move on
    "INSERT sturing_bijwerking",  # ZaakAangemaakt → the Sturing queue
    "COMMIT",
]
# Inside a caller's transaction (the portaal, the intake) the number comes from the counter row,
# in that transaction: one statement more, and the savepoint of register_zaak's atomic block.
CALLERS_TRANSACTION = [
    "SELECT core_generatie",
    "SAVEPOINT",
    "INSERT zaken_zaakidentificatiereeks",  # laatste + 1: an upsert, the row may be new
    *OWN_TRANSACTION[2:-1],
    "RELEASE SAVEPOINT",
]


def _shape(sql: str) -> str:
    """What a statement does, to which table: 'INSERT INTO "t" (…' becomes "INSERT t"."""
    words = sql.replace('"', "").split()
    if words[0] == "INSERT":
        return f"INSERT {words[2]}"
    if words[0] == "UPDATE":
        return f"UPDATE {words[1]}"
    if words[0] == "SELECT":
        return f"SELECT {words[words.index('FROM') + 1]}"
    return " ".join(words[:2]) if words[0] == "RELEASE" else words[0]


def _subscribe(callback: str, client_id: str = "") -> Abonnement:
    abonnement = Abonnement.objects.create(
        callback_url=callback, auth="Token geheim", client_id=client_id
    )
    # get_or_create: an earlier transactional test (flush) may have emptied the migrated kanalen.
    kanaal, _ = Kanaal.objects.get_or_create(naam="zaken")
    AbonnementKanaal.objects.create(abonnement=abonnement, kanaal=kanaal)
    return abonnement


def _behandelaar(zaaktype) -> ApiClient:
    """A normal client: these scopes for this one zaaktype."""
    return register_client(
        "wmo-behandeling",
        autorisaties=[
            {
                "component": "zrc",
                "scopes": ["zaken.lezen", "zaken.aanmaken"],
                "zaaktype": f"{ZTC}/zaaktypen/{zaaktype.uuid}",
                "max_vertrouwelijkheidaanduiding": "zeer_geheim",
            }
        ],
    )


def _create_and_check(client: ApiClient, zaaktype, abonnement: Abonnement) -> tuple[list, dict]:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            Z,
            zaak_body(zaaktype, omschrijving="Aanvraag traplift", toelichting="Woning Brink"),
            **CRS,
        )
    assert response.status_code == 201, response.content
    # Read them now: the next request through the test client empties the query log.
    statements = [_shape(q["sql"]) for q in queries.captured_queries]
    created = response.json()
    zaak = Zaak.objects.get(uuid=created["uuid"])
    # The search text was written from the values in hand, and finds the zaak.
    assert ZaakZoektekst.objects.get(zaak=zaak).tekst == (
        f"{created['identificatie']} Aanvraag traplift Woning Brink"
    )
    assert list(zoeken.search(Zaak.objects.all(), "traplift brink")) == [zaak]
    # The audit snapshot left out the relations query: it still equals what a read shows.
    record = AuditTrail.objects.get(hoofd_object_uuid=zaak.uuid, actie="create")
    shown = client.get(created["url"], **CRS).json()
    assert audit.rebase(record.nieuw, "http://testserver") == shown
    assert shown["rollen"] == [] and shown["status"] is None
    assert Levering.objects.filter(
        abonnement=abonnement, hoofd_object=f"http://testserver{Z}/{zaak.uuid}"
    ).exists()
    return statements, created


@pytest.mark.django_db(transaction=True)
def test_zaak_create_in_its_own_transaction_is_ten_statements(catalogus, monkeypatch):
    monkeypatch.setattr(zaaknummers, "_clock", lambda: 0.0)  # every create counts as busy
    zt = _zaaktype(catalogus, "WMO")
    client = _behandelaar(zt)
    abonnement = _subscribe("http://127.0.0.1:9/zaken", client_id="wmo-behandeling")
    client.post(Z, zaak_body(zt), **CRS)  # warms the per-generation caches
    client.post(Z, zaak_body(zt), **CRS)  # a second number in a row: after it, a block
    statements, created = _create_and_check(client, zt, abonnement)
    assert statements == OWN_TRANSACTION, "\n".join(statements)
    year = created["registratiedatum"][:4]
    assert created["identificatie"] == f"ZAAK-{year}-0000000003"  # the block's first
    reeks = ZaakIdentificatieReeks.objects.get(bronorganisatie="001902763", jaar=int(year))
    assert reeks.laatste == 2 + zaaknummers.BLOK


def test_zaak_create_in_a_callers_transaction_takes_the_counter(catalogus):
    zt = _zaaktype(catalogus, "WMO")
    client = _behandelaar(zt)
    abonnement = _subscribe("http://127.0.0.1:9/zaken", client_id="wmo-behandeling")
    client.post(Z, zaak_body(zt), **CRS)  # warms the per-generation caches
    statements, created = _create_and_check(client, zt, abonnement)
    assert statements == CALLERS_TRANSACTION, "\n".join(statements)
    assert created["identificatie"].endswith("-0000000002")  # gap-free, in order


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
