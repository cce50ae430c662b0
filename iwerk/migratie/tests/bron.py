"""A second iwerk installation as a real server: the source of `iwerk migreer zgw` (issue 30).

`bron_installatie(tmp_path)` starts `iwerk serve` in a process of its own, with a database of its
own: on PostgreSQL (DATABASE_URL of the test run points there) a fresh database named after the
run, dropped afterwards; otherwise a SQLite file under tmp_path. It holds one gemeente, one empty
catalogus and two applicaties: `lezer` may only read (catalogi, zaken, documenten, besluiten and
their audit trails; the copier's), `schrijver` may do everything in the gemeente's catalogus (the
filler's, `vullen.vul_bron`).

`migrate` takes 40 s on a busy machine, so it runs once per set of migrations: the migrated
database is kept as a template (a SQLite file in the pytest cache, a PostgreSQL database
`iwerk_bron_sjabloon_<hash>`) and every installation starts from a copy of it.

Not a test module: the fixtures in conftest.py and benches under bench/ use it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import http.client
import itertools
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[3]
SECRET_KEY = "iwerk-bron-installatie-voor-tests-niet-voor-productie"  # noqa: S105 - test only
SJABLOON_PREFIX = "iwerk_bron_sjabloon_"
API = {
    "catalogi": "catalogi/api/v1",
    "zaken": "zaken/api/v1",
    "documenten": "documenten/api/v1",
    "besluiten": "besluiten/api/v1",
    "autorisaties": "autorisaties/api/v1",
    "notificaties": "notificaties/api/v1",
    "referentielijsten": "referentielijsten/api/v1",
}
# What the copier may do at the source: read, and nothing else (ADR 0063, point 8).
LEZEN = {
    "ztc": ["catalogi.lezen"],
    "zrc": ["zaken.lezen", "audittrails.lezen"],
    "drc": ["documenten.lezen", "audittrails.lezen"],
    "brc": ["besluiten.lezen", "audittrails.lezen"],
}
_volgnummer = itertools.count(1)


@dataclass(frozen=True)
class Applicatie:
    """A client of the source: its client id and JWT secret (HS256)."""

    client_id: str
    secret: str
    label: str = ""


@dataclass(frozen=True)
class BronGemeente:
    naam: str = "Deventer"
    slug: str = "deventer"
    rsin: str = "001902763"  # the tenant fixture's: the same gemeente moves to iwerk
    gemeentecode: str = "0150"


# Run inside the source installation (python -c): the gemeente, its catalogus and the two
# applicaties. The writer is what `iwerk create-applicatie --gemeente` makes; the reader gets
# the same autorisaties narrowed to LEZEN, as create-applicatie has no read-only option.
INRICHTEN = """
import io, json, sys
import django
django.setup()
from django.core.management import call_command
from iwerk.autorisaties.services import register_client
from iwerk.autorisaties.signals import bump_generation
from iwerk.catalogi.services import save_catalogus
from iwerk.core.api.actor import Actor
from iwerk.core.models import Gemeente

opdracht = json.loads(sys.argv[1])
g = opdracht["gemeente"]
gemeente = Gemeente.objects.create(
    naam=g["naam"], slug=g["slug"], rsin=g["rsin"], gemeentecode=g["gemeentecode"]
)
beheer = Actor(client_id="inrichting", applicatie_uuid=None, applicatie_label="Inrichting",
               heeft_alle_autorisaties=True, catalogi_tenant_ids=None)
catalogus = save_catalogus(actor=beheer, catalogus=None, tenant=gemeente, fields={
    "domein": opdracht["domein"], "rsin": gemeente.rsin,
    "contactpersoon_beheer_naam": "Functioneel beheer zaaksysteem",
    "contactpersoon_beheer_emailadres": "zaaksysteem@example.nl",
    "naam": f"Zaaktypecatalogus {gemeente.naam} (oud zaaksysteem)", "versie": "2019.3",
})
s = opdracht["schrijver"]
call_command("create-applicatie", "--client-id", s["client_id"], "--secret", s["secret"],
             "--label", s["label"], "--gemeente", gemeente.slug, stdout=io.StringIO())
lezer = opdracht["lezer"]
applicatie, _ = register_client(client_id=lezer["client_id"], secret=lezer["secret"],
                                label=lezer["label"], gemeenten=[gemeente])
for row in [*applicatie.autorisaties.all(), *applicatie.catalogus_autorisaties.all()]:
    if row.component in opdracht["lezen"]:
        row.scopes = opdracht["lezen"][row.component]
        row.save(update_fields=["scopes"])
    else:
        row.delete()
bump_generation()
print(json.dumps({"catalogus": str(catalogus.uuid)}))
"""


@dataclass
class Bron:
    """A running source installation; `basis_url` ends without a slash."""

    naam: str
    data_dir: Path
    port: int
    env: dict[str, str]
    gemeente: BronGemeente
    lezer: Applicatie
    schrijver: Applicatie
    catalogus: str = ""  # its URL
    database: str | None = None  # the PostgreSQL database, None on SQLite
    toegangslog: bool = True  # granian's access log in server.log: every request, its status
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def basis_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_roots(self) -> dict[str, str]:
        """The API roots of the source, by component name (catalogi, zaken, …), with a slash."""
        return {naam: f"{self.basis_url}/{pad}/" for naam, pad in API.items()}

    @property
    def log(self) -> Path:
        return self.data_dir / "server.log"

    def log_tail(self, regels: int = 60) -> str:
        try:
            return (
                "\n".join(self.log.read_text(errors="replace").splitlines()[-regels:]) or "(leeg)"
            )
        except OSError:
            return "(geen log)"

    def start(self) -> None:
        """Start the server (again, on the same port: URLs at the source stay the same)."""
        self._spawn()
        self._wait_healthy()

    def _spawn(self) -> None:
        if self.process is not None and self.process.poll() is None:
            return
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own command
                [sys.executable, "-m", "iwerk.cli", "serve", *self._log_opties()],
                env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def _log_opties(self) -> list[str]:
        return (
            ["--log-level", "info", "--access-log"]
            if self.toegangslog
            else ["--log-level", "warning"]
        )

    def _wait_healthy(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"De bron-server stopte bij het starten (code {self.process.returncode}):\n"
                    f"{self.log_tail()}"
                )
            if _health(self.port):
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"De bron-server antwoordt niet op /health:\n{self.log_tail()}")

    def stop(self) -> None:
        """Stop the server and its workers (the database stays)."""
        process, self.process = self.process, None
        if process is None:
            return
        # The master only: granian stops its workers itself; a SIGTERM to the whole group
        # reaches the workers first and leaves the master waiting for them.
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        with contextlib.suppress(ProcessLookupError):  # any worker left of this server
            os.killpg(process.pid, signal.SIGKILL)
        # The workers die with their master (ADR 0033); wait until the port is free again.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not _port_vrij(self.port):
            time.sleep(0.1)

    def python(self, code: str, *args: str) -> str:
        """Run code in a fresh Python process inside the installation; its stdout."""
        done = subprocess.run(  # noqa: S603 - our own interpreter
            [sys.executable, "-c", code, *args],
            env=self.env, cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"Opdracht in de bron mislukte:\n{done.stderr[-4000:]}")
        return done.stdout.strip()


@contextlib.contextmanager
def bron_installatie(
    tmp_path: Path,
    *,
    naam: str = "bron",
    gemeente: BronGemeente | None = None,
    domein: str = "BRON",
    workers: int = 2,
    database_url: str | None = None,
    sjablonen: Path | None = None,
    extra_env: dict[str, str] | None = None,
    toegangslog: bool = True,
) -> Iterator[Bron]:
    """A migrated, running source installation; stopped and its database dropped on leaving.

    database_url: the test run's (default: $DATABASE_URL); only its server is used, for a
    database of the source's own. sjablonen: where the migrated SQLite template is kept
    (default: a folder in the system's temp directory). Raises RuntimeError with the server's
    log when it does not start; any error inside the block gets the log's tail as a note.
    toegangslog: granian's access log (a line per request) in `bron.log`; off for benches.
    """
    gemeente = gemeente or BronGemeente()
    database_url = os.environ.get("DATABASE_URL", "") if database_url is None else database_url
    server = _postgres_server(database_url)
    data_dir = tmp_path / naam
    data_dir.mkdir(parents=True)
    env = _env(data_dir, _vrije_poort(), {"IWERK_WEB_WORKERS": str(workers), **(extra_env or {})})
    database = None
    if server:
        sjabloon = _postgres_sjabloon(server, env)
        database = _database_naam(database_url, naam)
        _admin(server, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        _admin(server, f'CREATE DATABASE "{database}" TEMPLATE "{sjabloon}"')
        env["DATABASE_URL"] = _met_database(server, database)
    else:
        sjabloon_bestand = _sqlite_sjabloon(sjablonen or _standaard_map(), env)
        _sqlite_kopie(sjabloon_bestand, data_dir / "iwerk.sqlite3")
    tag = f"{naam}-{os.getpid()}"
    bron = Bron(
        naam=naam,
        data_dir=data_dir,
        port=int(env["IWERK_PORT"]),
        env=env,
        gemeente=gemeente,
        lezer=Applicatie(f"{tag}-lezer", _geheim(tag, "lezer"), "Migratie (alleen lezen)"),
        schrijver=Applicatie(f"{tag}-schrijver", _geheim(tag, "schrijver"), "Vuller"),
        database=database,
        toegangslog=toegangslog,
    )
    try:
        # The server boots (imports, workers) while the gemeente and applicaties are written.
        bron._spawn()
        opdracht = {
            "gemeente": gemeente.__dict__,
            "domein": domein,
            "lezen": LEZEN,
            "lezer": bron.lezer.__dict__,
            "schrijver": bron.schrijver.__dict__,
        }
        ingericht = json.loads(bron.python(INRICHTEN, json.dumps(opdracht)).splitlines()[-1])
        bron._wait_healthy()
        bron.catalogus = f"{bron.api_roots['catalogi']}catalogussen/{ingericht['catalogus']}"
        yield bron
    except Exception as exc:
        exc.add_note(f"Log van de bron-server {naam} (laatste regels):\n{bron.log_tail()}")
        raise
    finally:
        bron.stop()
        if server and database:
            _admin(server, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


# --- the process ---------------------------------------------------------------------------


def _env(data_dir: Path, port: int, extra: dict[str, str]) -> dict[str, str]:
    skip = ("IWERK_", "DATABASE_URL", "PROMETHEUS_MULTIPROC_DIR", "DJANGO_SETTINGS_MODULE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "iwerk.settings",
        "IWERK_DEMO": "true",
        "IWERK_SECRET_KEY": SECRET_KEY,
        "IWERK_DATA_DIR": str(data_dir),
        "IWERK_PORT": str(port),
        "IWERK_BASE_URL": f"http://127.0.0.1:{port}",
        "IWERK_LOG_LEVEL": "WARNING",
        **extra,
    }


def _geheim(tag: str, rol: str) -> str:
    return hashlib.sha256(f"{tag}:{rol}:{time.time_ns()}".encode()).hexdigest()


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_vrij(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _health(port: int) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", "/health")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def _migrate(env: dict[str, str]) -> None:
    done = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "iwerk.cli", "migrate", "-v0", "--no-input"],
        env=env, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"migrate van de bron mislukte:\n{done.stderr[-4000:]}")


def _sleutel() -> str:
    """What the template depends on: every migration file and the locked dependencies."""
    digest = hashlib.sha256((ROOT / "requirements.lock").read_bytes())
    for path in sorted((ROOT / "iwerk").glob("*/migrations/*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# --- SQLite --------------------------------------------------------------------------------


def _standaard_map() -> Path:
    return Path(tempfile.gettempdir()) / f"iwerk-bron-sjablonen-{os.getuid()}"


def _sqlite_sjabloon(map_: Path, env: dict[str, str]) -> Path:
    """The migrated template for these migrations, made once (one process at a time)."""
    map_.mkdir(parents=True, exist_ok=True)
    doel = map_ / f"bron-{_sleutel()}.sqlite3"
    with (map_ / "bouwen.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if doel.exists():
            return doel
        for oud in map_.glob("bron-*.sqlite3"):
            oud.unlink(missing_ok=True)
        with tempfile.TemporaryDirectory(dir=map_) as bouw:
            _migrate({**env, "IWERK_DATA_DIR": bouw})
            tijdelijk = map_ / f".bron-{os.getpid()}.sqlite3"
            _sqlite_kopie(Path(bouw) / "iwerk.sqlite3", tijdelijk)
            os.replace(tijdelijk, doel)
    return doel


def _sqlite_kopie(bron: Path, doel: Path) -> None:
    """A consistent copy (also of what is still in a WAL file)."""
    with (
        contextlib.closing(sqlite3.connect(bron)) as van,
        contextlib.closing(sqlite3.connect(doel)) as naar,
    ):
        van.backup(naar)


# --- PostgreSQL ----------------------------------------------------------------------------


def _postgres_server(database_url: str) -> str | None:
    """The server part of a PostgreSQL URL (no database), or None for anything else."""
    if not database_url.startswith(("postgres://", "postgresql://")):
        return None
    parts = urlsplit(database_url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def _met_database(server: str, database: str) -> str:
    return f"{server}/{database}"


def _database_naam(database_url: str, naam: str) -> str:
    """Named after the test run's database, the source and this process; at most 63 bytes."""
    run = urlsplit(database_url).path.lstrip("/") or "iwerk"
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    staart = f"_{naam}_{os.getpid()}{worker}_{next(_volgnummer)}"
    return (run[: 63 - len(staart)] + staart).lower()


def _admin(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _postgres_sjabloon(server: str, env: dict[str, str]) -> str:
    """The migrated template database for these migrations, made once (an advisory lock)."""
    import psycopg

    naam = f"{SJABLOON_PREFIX}{_sleutel()}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(hashtext('iwerk_bron_sjabloon'))")
        try:
            bestaand = {
                row[0]
                for row in conn.execute(
                    "SELECT datname FROM pg_database WHERE datname LIKE %s",
                    [f"{SJABLOON_PREFIX}%"],
                )
            }
            if naam in bestaand:
                return naam
            for oud in bestaand:  # templates of migrations that no longer are; not when in use
                with contextlib.suppress(psycopg.Error):
                    conn.execute(f'DROP DATABASE IF EXISTS "{oud}"')
            bouw = f"{naam}_bouw"
            conn.execute(f'DROP DATABASE IF EXISTS "{bouw}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{bouw}"')
            with tempfile.TemporaryDirectory() as data:
                _migrate({**env, "IWERK_DATA_DIR": data, "DATABASE_URL": f"{server}/{bouw}"})
            conn.execute(f'ALTER DATABASE "{bouw}" RENAME TO "{naam}"')
            return naam
        finally:
            conn.execute("SELECT pg_advisory_unlock(hashtext('iwerk_bron_sjabloon'))")


def verwijder_sjablonen(database_url: str | None = None, sjablonen: Path | None = None) -> None:
    """Remove the kept templates (SQLite folder and PostgreSQL databases), e.g. after a bench."""
    shutil.rmtree(sjablonen or _standaard_map(), ignore_errors=True)
    server = _postgres_server(database_url or os.environ.get("DATABASE_URL", ""))
    if server:
        import psycopg

        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            for (oud,) in conn.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{SJABLOON_PREFIX}%"]
            ).fetchall():
                conn.execute(f'DROP DATABASE IF EXISTS "{oud}" WITH (FORCE)')
