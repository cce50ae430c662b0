"""Caches filled by reads from a lagging read replica (iwerk.core.replica).

The replica here is a real second database under the "replica" alias that shows the primary as it
was at its last `replay()`, as a standby shows it until it replays the WAL: on SQLite a copy of the
test database (the backup API), on PostgreSQL a second connection to it, held in a REPEATABLE READ
snapshot. Only the replay position check (`_caught_up`, pg_last_wal_replay_lsn on a standby) is
set: the reading clients have written nothing.

A cache entry is keyed on a generation (iwerk.core.generations); one filled from the replica's rows
must be keyed on the generation the replica has, not the primary's newer one, or the old state is
served to everyone, primary readers included, for as long as the entry lives.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections

from iwerk.core import replica
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken

pytestmark = pytest.mark.django_db(transaction=True)  # a replica only sees committed rows

CRS = {"HTTP_ACCEPT_CRS": "EPSG:4326", "HTTP_CONTENT_CRS": "EPSG:4326"}


class LaggingReplica:
    def __init__(self, folder: Path) -> None:
        primary = connections["default"]
        self.vendor = primary.vendor
        self.settings_dict = {**primary.settings_dict}
        if self.vendor == "sqlite":
            self.settings_dict["NAME"] = str(folder / "replica.sqlite3")
        elif self.vendor != "postgresql":
            pytest.skip(f"no lagging replica on {self.vendor}")

    def replay(self) -> None:
        """Catch up with the primary's committed state, and stay there. Connected here: the test
        allows the "default" database only, and lets a connection that is open be used."""
        if self.vendor == "sqlite":
            connections[replica.REPLICA].close()
            connections["default"].ensure_connection()
            copy = sqlite3.connect(self.settings_dict["NAME"])
            connections["default"].connection.backup(copy)
            copy.close()
            connections[replica.REPLICA].connect()
        else:
            if connections[replica.REPLICA].connection is None:
                connections[replica.REPLICA].connect()
            with connections[replica.REPLICA].cursor() as cursor:
                cursor.execute("ROLLBACK")
                cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SELECT 1")  # the snapshot is taken by the first statement

    def close(self) -> None:
        connection = connections[replica.REPLICA]
        if self.vendor == "postgresql" and connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")  # its locks would hold up the flush after the test
        connection.close()


@pytest.fixture
def lagging_replica(transactional_db, settings, monkeypatch, tmp_path) -> Iterator[LaggingReplica]:
    standby = LaggingReplica(tmp_path)
    # The alias for the connection handler, and for replica.configured() (settings).
    monkeypatch.setitem(connections.settings, replica.REPLICA, standby.settings_dict)
    monkeypatch.setitem(settings.DATABASES, replica.REPLICA, standby.settings_dict)
    settings.DATABASE_ROUTERS = ["iwerk.core.replica.ReplicaRouter"]
    monkeypatch.setattr(replica, "_caught_up", lambda client_id: True)
    try:
        yield standby
    finally:
        standby.close()
        del connections[replica.REPLICA]


def test_a_list_from_the_replica_leaves_no_stale_representation(
    lagging_replica, catalogus, tenant_client
):
    zaaktype = build.zaaktype(catalogus, omschrijving="Oud")
    lagging_replica.replay()
    zaaktype.omschrijving = "Nieuw"
    zaaktype.save()  # on the primary only; the catalogi generation moves (catalogi.signals)

    listed = tenant_client.get("/catalogi/api/v1/zaaktypen").json()["results"]
    assert [z["omschrijving"] for z in listed] == ["Oud"]  # the replica's state: the accepted lag
    detail = tenant_client.get(f"/catalogi/api/v1/zaaktypen/{zaaktype.uuid}")
    assert detail.json()["omschrijving"] == "Nieuw"  # read from the primary, not the list's cache
    lagging_replica.replay()
    listed = tenant_client.get("/catalogi/api/v1/zaaktypen").json()["results"]
    assert [z["omschrijving"] for z in listed] == ["Nieuw"]


def test_a_count_from_the_replica_is_not_kept_once_the_replica_has_caught_up(
    lagging_replica, catalogus, superuser_client
):
    zaaktype = build.gepubliceerd_zaaktype(catalogus)
    lagging_replica.replay()
    zaak = zaken.zaak(zaaktype)  # on the primary only; the zaken generation moves (core.audit)

    def listed() -> tuple[int, list[str]]:
        body = superuser_client.get("/zaken/api/v1/zaken", **CRS).json()
        return body["count"], [z["uuid"] for z in body["results"]]

    assert listed() == (0, [])  # the replica's state: the accepted lag
    lagging_replica.replay()
    assert listed() == (1, [str(zaak.uuid)])
