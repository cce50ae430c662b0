"""Shared fixtures: two gemeenten, catalogi and JWT clients with different autorisaties."""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache

from iwerk.core.testing import catalogus as build
from iwerk.core.testing.api import register_client


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tenant(db):
    return build.gemeente("Deventer", "deventer", "001902763")


@pytest.fixture
def other_tenant(db):
    return build.gemeente("Raalte", "raalte", "001654937")


@pytest.fixture
def catalogus(tenant):
    return build.catalogus(tenant)


@pytest.fixture
def other_catalogus(other_tenant):
    return build.catalogus(other_tenant)


@pytest.fixture
def superuser_client(db):
    """heeftAlleAutorisaties: the shared organisation's own tools."""
    return register_client("alles", alle=True)


@pytest.fixture
def tenant_client(tenant):
    """A client of Deventer with every catalogi scope and the gemeente linked."""
    return register_client(
        "deventer-app",
        autorisaties=[{"component": "ztc", "scopes": ["catalogi.lezen", "catalogi.schrijven"]}],
        gemeenten=[tenant],
    )


# --- conformance coverage over the whole run -------------------------------------------------
# `make test` sets IWERK_CONFORMANCE_COVERAGE=1: the run then fails unless the conformance tests,
# together, exercised every operation of every implemented API against its official document.
APIS = (
    "iwerk.catalogi",
    "iwerk.autorisaties",
    "iwerk.referentielijsten",
    "iwerk.zaken",
    "iwerk.documenten",
    "iwerk.besluiten",
    "iwerk.notificaties",
)
_GATHERED: dict[str, set] = {}


def _merge(covered: dict) -> None:
    for app, operations in covered.items():
        _GATHERED.setdefault(app, set()).update(tuple(op) for op in operations)


def pytest_testnodedown(node, error):
    _merge(node.workeroutput.get("conformance", {}))


def pytest_sessionfinish(session, exitstatus):
    from iwerk.core.testing.conformance import COVERED

    if hasattr(session.config, "workeroutput"):  # an xdist worker: report to the controller
        session.config.workeroutput["conformance"] = {a: sorted(o) for a, o in COVERED.items()}
        return
    _merge(COVERED)
    if os.environ.get("IWERK_CONFORMANCE_COVERAGE") != "1" or exitstatus != 0:
        return
    from iwerk.core.testing.conformance import operations

    lines, missing_any = [], False
    for app in APIS:
        spec_ops = operations(app)
        missing = spec_ops - _GATHERED.get(app, set())
        missing_any |= bool(missing)
        lines.append(
            f"conformance {app.rsplit('.', 1)[-1]}: {len(spec_ops) - len(missing)}/{len(spec_ops)} operations exercised"
            + (f"; missing: {sorted(missing)}" if missing else "")
        )
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    for line in lines:
        reporter.write_line(line)
    if missing_any:
        session.exitstatus = 1
