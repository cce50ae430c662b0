"""Recording a read (ADR 0040): on PostgreSQL an API read commits its inzage row in one statement
without waiting for the disk, and only that statement; inside a transaction the row is part of
it; the rows carry a valid writer's seal and are sealed into the chain as before."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from iwerk.core import auditketen, inzage
from iwerk.core.api.actor import Actor
from iwerk.core.models import Inzage

LEZER = Actor("lezer-app", None, "Lezer", heeft_alle_autorisaties=True, catalogi_tenant_ids=None)


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


def _lezen(tenant, **kwargs) -> Inzage:
    zaak = uuid.uuid4()
    return inzage.door_actor(
        LEZER.for_user("jdevries", "Jan de Vries", ""), tenant_id=tenant.pk, kanaal="api",
        soort="zaak", object_uuid=str(zaak), zaak_uuid=zaak, omschrijving="ZAAK-2026-0000001",
        vertrouwelijkheidaanduiding="zaakvertrouwelijk", **kwargs,
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_an_api_read_on_postgresql_commits_its_row_in_one_statement_without_a_disk_flush(tenant):
    if connection.vendor != "postgresql":
        pytest.skip("asynchronous commit is PostgreSQL's (SQLite commits without a flush already)")
    with CaptureQueriesContext(connection) as queries:
        rij = _lezen(tenant)
    assert len(queries) == 1
    assert "set_config('synchronous_commit', 'off', true)" in queries[0]["sql"]
    # Committed: another connection sees it at once; the setting ended with its statement.
    assert _synchronous_commit() == "on"
    gelezen = Inzage.objects.get(pk=rij.pk)
    assert (gelezen.uuid, gelezen.gebruikers_id, gelezen.applicatie_id) == (
        rij.uuid,
        "jdevries",
        "lezer-app",
    )
    assert gelezen.object_uuid == gelezen.zaak_uuid and gelezen.zegel == rij.zegel != ""


@pytest.mark.django_db(transaction=True)
def test_a_bsn_search_logs_every_gemeente_in_one_statement(gemeenten):
    with CaptureQueriesContext(connection) as queries:
        inzage.bsn_zoekopdracht(LEZER, bsn="999990056", kanaal="api")
    inserts = [q["sql"] for q in queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1
    if connection.vendor == "postgresql":
        assert "set_config('synchronous_commit', 'off', true)" in inserts[0]
        assert _synchronous_commit() == "on"
    rows = Inzage.objects.filter(bsn="999990056", soort="zoeken-bsn")
    assert sorted(rows.values_list("tenant_id", flat=True)) == sorted(
        g.pk for g in gemeenten.values()
    )


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_row_commits_or_rolls_back_with_it(tenant):
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            rij = _lezen(tenant)
        assert "synchronous_commit" not in queries[-1]["sql"]
        if connection.vendor == "postgresql":
            assert _synchronous_commit() == "on"  # the surrounding write keeps its durability
        transaction.set_rollback(True)
    assert not Inzage.objects.filter(pk=rij.pk).exists()
    with transaction.atomic():
        rij = _lezen(tenant)
    assert Inzage.objects.filter(pk=rij.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_the_rows_carry_a_valid_writers_seal_and_are_sealed_into_the_chain(gemeenten):
    tenant = gemeenten["deventer"]
    _lezen(tenant)
    with transaction.atomic():
        _lezen(tenant)
    inzage.bsn_zoekopdracht(LEZER, bsn="999990056", kanaal="api")
    assert auditketen.verzegelen() == Inzage.objects.count() == 5
    gezien, breuken = auditketen.verifieren()
    assert gezien == 5 and breuken == []


@pytest.mark.django_db(transaction=True)
def test_an_operator_can_require_a_disk_flush_for_every_read(tenant, settings):
    # IWERK_INZAGE_SYNCHROON: no loss window after a database crash, at one WAL flush per read.
    if connection.vendor != "postgresql":
        pytest.skip("asynchronous commit is PostgreSQL's")
    settings.IWERK_INZAGE_SYNCHROON = True
    with CaptureQueriesContext(connection) as queries:
        rij = _lezen(tenant)
    assert len(queries) == 1
    assert "synchronous_commit" not in queries[0]["sql"]
    assert Inzage.objects.filter(pk=rij.pk).exists()
