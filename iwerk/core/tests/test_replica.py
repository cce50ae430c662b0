"""Which reads may go to the read replica (the routing itself runs for real in ops/replica.py)."""

from __future__ import annotations

from django.urls import get_resolver
from django.urls.resolvers import URLPattern, URLResolver

from iwerk.core import replica


def _views(resolver=None):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _views(entry)
        elif isinstance(entry, URLPattern) and hasattr(entry.callback, "handlers"):
            yield entry.callback


def test_only_collection_reads_are_routed_to_the_replica():
    routed = []
    for view in _views():
        for method, handler in view.handlers.items():
            if replica.eligible(handler):
                routed.append((view.api.name, method, handler.__name__))
                # A write must never run against a standby (it would fail there).
                assert method == "get" or (
                    method == "post" and handler.__name__.endswith("_zoek")
                ), (
                    method,
                    handler.__name__,
                )
    names = {name for _, _, name in routed}
    assert {"zaak_list", "zaak_zoek", "status_list", "rol_list"} <= names
    assert any(api == "documenten" for api, _, _ in routed)
    assert any(api == "besluiten" for api, _, _ in routed)


def test_router_sends_reads_to_the_replica_only_inside_reading(monkeypatch, db):
    # db: a read on the replica starts with the cache generations (one SELECT, here on default).
    router = replica.ReplicaRouter()
    assert router.db_for_read(None) is None  # the default database
    monkeypatch.setattr(replica, "_caught_up", lambda client_id: client_id == "bijgewerkt")
    with replica.reading("bijgewerkt") as used:
        assert used and router.db_for_read(None) == replica.REPLICA
        assert router.db_for_write(None) is None
    with replica.reading("schreef-net") as used:
        assert not used and router.db_for_read(None) is None
    assert router.db_for_read(None) is None
    assert not router.allow_migrate(replica.REPLICA, "zaken")
    assert router.allow_migrate("default", "zaken")
