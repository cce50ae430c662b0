"""Shared fixtures, found by every test without an import.

Small worlds: a gemeente (`tenant`, `other_tenant`, the demo's three `gemeenten`), its catalogus,
JWT clients with different autorisaties; builders for the rest are in `iwerk/core/testing`
(catalogus, zaken, medewerkers). The whole demo world (`demo`) is for tests of the demo and the
browser walkthroughs. Also: per-test document storage, the werkplek's sign-in settings, a
browser, a notification subscriber, the test doubles of the BRP, BAG and KvK (`registerdubbels`).
"""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache

from iwerk.core.testing import catalogus as build
from iwerk.core.testing.api import register_client
from iwerk.core.testing.receiver import serve


@pytest.fixture(autouse=True)
def _clear_cache():
    """Every test starts as a fresh process: no cached rows, and no zaaknummers a busy process
    claimed in an earlier test's database (zaken.services.zaaknummers)."""
    from iwerk.zaken.services import zaaknummers

    cache.clear()
    zaaknummers.forget_blocks()
    yield
    cache.clear()
    zaaknummers.forget_blocks()


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


@pytest.fixture
def gemeenten(db):
    """The three gemeenten of the demo (names and RSINs), without anything in them."""
    return {
        g.slug: g
        for g in (
            build.gemeente("Deventer", "deventer", "001902763"),
            build.gemeente("Olst-Wijhe", "olst-wijhe", "001731592"),
            build.gemeente("Raalte", "raalte", "001654937"),
        )
    }


@pytest.fixture
def document_storage(settings, tmp_path):
    """Document content in a folder of this test."""
    location = tmp_path / "documenten"
    settings.STORAGES = {
        **settings.STORAGES,
        "documenten": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    return location


@pytest.fixture
def werkplek_settings(settings, document_storage):
    """What tests that sign staff in need (core/testing/medewerkers.py)."""
    # Hashing passwords with the production hasher costs a second per account.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # django-otp slows down guessing after a wrong code; tests try codes back to back.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    return settings


@pytest.fixture
def demo_staf(gemeenten, werkplek_settings):
    """The three gemeenten with every demo account (roles, teams, authenticator), nothing else."""
    from iwerk.medewerkers.demo import load_medewerkers

    load_medewerkers(list(gemeenten.values()))
    return gemeenten


@pytest.fixture
def demo(db, werkplek_settings):
    """The demo world, small: three gemeenten, their catalogi, four zaken per zaaktype with their
    dossiers, every demo account. For tests of the demo itself and of every page at once (the
    browser walkthroughs whose screenshots the README shows); other tests build what they need
    (core/testing: catalogus, zaken, medewerkers)."""
    from iwerk.besluiten.demo import load_dossiers
    from iwerk.catalogi.demo import load_catalogus
    from iwerk.demo.gemeenten import load_gemeenten
    from iwerk.medewerkers.demo import behandelaars, load_medewerkers
    from iwerk.zaken.demo import load_zaken

    gemeenten = {g.slug: g for g in load_gemeenten()}
    for gemeente in gemeenten.values():
        load_catalogus(gemeente, "http://testserver")
        load_zaken(gemeente, per_zaaktype=4, medewerkers=behandelaars(gemeente.slug))
        load_dossiers(gemeente)
    load_medewerkers(list(gemeenten.values()))
    return gemeenten


@pytest.fixture
def netwerkwacht():
    """Every browser test stays on this machine: a connection out of 127.0.0.1 (from Python or
    from the browser) is refused and recorded, and fails the test at teardown, naming it
    (core/testing/browser.py, Netwerkwacht)."""
    from iwerk.core.testing.browser import Netwerkwacht

    with Netwerkwacht() as wacht:
        yield wacht
    wacht.controleer()


@pytest.fixture
def browser(netwerkwacht):
    """Debian's chromium through Playwright (core/testing/browser.py has the helpers), guarded by
    `netwerkwacht`."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    from iwerk.core.testing.browser import CHROMIUM, LAUNCH_ARGS

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test
    # itself are plain synchronous calls between browser steps.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        netwerkwacht.bewaak(browser)
        yield browser
        browser.close()
        # The test's ORM calls ran in a context Playwright's sync API set up, so the database
        # connection they opened is not the one pytest-django closes at the end of the session:
        # left open, it kept PostgreSQL from dropping the test database ("being accessed by
        # other users").
        connections.close_all()


@pytest.fixture(scope="module")
def clamd(tmp_path_factory):
    """A real ClamAV daemon with one test signature, per test module (core/testing/clamd.py)."""
    from iwerk.core.testing.clamd import running

    with running(tmp_path_factory.mktemp("clamd")) as address:
        yield address


@pytest.fixture
def scanner(clamd, settings):
    """Uploads are scanned by the test clamd."""
    settings.IWERK_CLAMAV = clamd
    return clamd


@pytest.fixture(scope="session", autouse=True)
def _registerdubbels_sessie():
    """The doubles of the BRP, BAG and KvK in a process of their own per test process (each xdist
    worker has its own) on a free loopback port; iwerk's default register URLs point at it
    (ADR 0050)."""
    from iwerk.core.testing.registerdubbels import start_proces, wijs_naar

    proces = start_proces()
    wijs_naar(proces)
    yield proces
    proces.stop()


@pytest.fixture(autouse=True)
def _registerdubbels_terug(_registerdubbels_sessie):
    """After every test iwerk's register URLs point at the session's doubles again: a test that
    left them elsewhere (at its own stopped server, say) fails here, not a later test far away
    with an empty form."""
    yield
    from django.conf import settings

    gebleven = {
        naam: getattr(settings, naam)
        for naam, url in (
            ("IWERK_BRP_URL", _registerdubbels_sessie.brp_url),
            ("IWERK_BAG_URL", _registerdubbels_sessie.bag_url),
            ("IWERK_KVK_URL", _registerdubbels_sessie.kvk_url),
        )
        if getattr(settings, naam) != url
    }
    assert not gebleven, f"De test liet de registers elders: {gebleven}"


@pytest.fixture
def registerdubbels(_registerdubbels_sessie, settings):
    """Doubles of this test's own, in a thread, that iwerk's register URLs point at while the test
    runs: `verzoeken(register)` holds the requests they received, `storing(register, soort)` makes
    one fail. Stopped after the test, so no serving thread stays in the test process.

    The URLs are set through pytest-django's `settings`, so they are undone with every other
    setting the test changed: set directly, they stayed on a settings layer the test's own
    changes put on top, and a later test in the process asked a stopped server."""
    from iwerk.core.testing.registerdubbels import start, wijs_naar

    server = start()
    wijs_naar(server, settings)
    yield server
    server.stop()


@pytest.fixture
def receiver():
    """A real notification subscriber on loopback: its base URL (core/testing/receiver.py)."""
    with serve() as url:
        yield url


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
    "iwerk.klantinteracties",
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
