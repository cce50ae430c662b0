"""Fixtures of the migratie tests.

# --- The source installation (bron.py, vullen.py) --------------------------------------------
`bron`: a second iwerk as a real server, empty but for its gemeente, catalogus and applicaties
(function scope). `gevulde_bron`: one filled with the small realistic mix, with its manifest
(module scope: filling takes seconds, the tests only read it). When a test that uses either
fails, the report shows the last lines of the source server's log.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from iwerk.migratie.tests.bron import Bron, bron_installatie
from iwerk.migratie.tests.vullen import Manifest, vul_bron


class GevuldeBron(NamedTuple):
    bron: Bron
    manifest: Manifest


@pytest.fixture
def bron(tmp_path):
    with bron_installatie(tmp_path) as bron:
        yield bron


@pytest.fixture(scope="module")
def gevulde_bron(tmp_path_factory):
    with bron_installatie(tmp_path_factory.mktemp("gevuld")) as bron:
        schrijver = bron.schrijver
        yield GevuldeBron(bron, vul_bron(bron.basis_url, schrijver.client_id, schrijver.secret))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test with a source installation: its server's log tail in the report."""
    report = yield
    if report.failed:
        for waarde in getattr(item, "funcargs", {}).values():
            bron = waarde.bron if isinstance(waarde, GevuldeBron) else waarde
            if isinstance(bron, Bron):
                report.sections.append((f"log van bron-server {bron.naam}", bron.log_tail()))
    return report


# --- (fixtures of the copier's tests below) ---------------------------------------------------


@pytest.fixture(scope="session")
def kleine_bron(tmp_path_factory):
    """A source with the smallest world that has one of everything (zgw_hulp.kleine_wereld):
    for the copier's tests of bad input, which put a proxy in front of it. Nothing changes it."""
    from iwerk.migratie.tests.zgw_hulp import BronApi, kleine_wereld

    with bron_installatie(tmp_path_factory.mktemp("klein")) as bron:
        bron.wereld = kleine_wereld(BronApi(bron), bron.catalogus)  # type: ignore[attr-defined]
        yield bron
