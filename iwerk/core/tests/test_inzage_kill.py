"""The read audit survives a killed web server (ADR 0040): `iwerk serve` on a file SQLite database
(or the test database on PostgreSQL) answers zaak reads from a few threads, each read with its own
user_id; the whole server process group is SIGKILLed mid-load; every read that was answered 200 has
its inzage row, and the rows seal into the audit chain without a break."""

from __future__ import annotations

import http.client
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from iwerk.core import auditketen
from iwerk.core.models import Inzage
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as zaak_builder
from iwerk.core.testing.api import make_token, register_client
from iwerk.core.tests.test_serve import ROOT, _answers, _free_port, _until

READERS = 4
ANSWERED_BEFORE_KILL = 150  # reads answered before the kill; more are in flight when it lands


def _database_url(tmp_path: Path) -> str:
    """The URL the server uses for this test's database; SQLite's in-memory test database is
    copied to a file first (the server is another process)."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        return (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    bestand = tmp_path / "iwerk.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(bestand) as kopie:
        connection.connection.backup(kopie)
    return f"sqlite:///{bestand}"


def _serve(tmp_path: Path, port: int, database_url: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IWERK_", "DATABASE_URL"))}
    env |= {
        "IWERK_DEMO": "true", "IWERK_DATA_DIR": str(tmp_path), "IWERK_PORT": str(port),
        "IWERK_WEB_WORKERS": "2", "DJANGO_SETTINGS_MODULE": "iwerk.settings",
        "DATABASE_URL": database_url,
        # The same audit key as this process, so the rows' writer's seals verify here.
        "IWERK_SECRET_KEY": settings.SECRET_KEY, "IWERK_AUDIT_SLEUTELS": settings.IWERK_AUDIT_SLEUTELS,
    }  # fmt: skip
    return subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "iwerk.cli", "serve", "--log-level", "warning"],
        env=env, cwd=ROOT, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _reader(port: int, paths: list[str], nummer: int, answered: list[str], stop: threading.Event):
    """Read zaken until the server is gone; note the user_id of every read answered 200."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    n = 0
    while not stop.is_set():
        n += 1
        user_id = f"lezer-{nummer}-{n}"
        token = make_token("lezer", "lezer-secret-of-at-least-32-bytes-long", user_id=user_id)
        try:
            conn.request("GET", paths[n % len(paths)],
                         headers={"Authorization": f"Bearer {token}", "Accept-Crs": "EPSG:4326"})  # fmt: skip
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            return  # killed: this read had no answer
        if response.status == 200:
            answered.append(user_id)


@pytest.mark.django_db(transaction=True)
def test_every_answered_read_is_logged_when_the_server_is_killed_under_load(tmp_path):
    gemeente = build.gemeente()
    zaaktype = build.gepubliceerd_zaaktype(build.catalogus(gemeente))
    paths = [f"/zaken/api/v1/zaken/{zaak_builder.zaak(zaaktype).uuid}" for _ in range(3)]
    register_client("lezer", alle=True, secret="lezer-secret-of-at-least-32-bytes-long")
    Inzage.objects.all().delete()  # only the reads below
    database_url = _database_url(tmp_path)
    port = _free_port()
    server = _serve(tmp_path, port, database_url)
    answered: list[str] = []
    stop = threading.Event()
    readers = [
        threading.Thread(target=_reader, args=(port, paths, i, answered, stop))
        for i in range(READERS)
    ]
    try:
        assert _until(lambda: _answers(port), 30), "iwerk serve did not answer on /health"
        for reader in readers:
            reader.start()
        assert _until(lambda: len(answered) >= ANSWERED_BEFORE_KILL, 30), len(answered)
    finally:
        os.killpg(server.pid, signal.SIGKILL)  # master and workers, mid-read
        server.wait(10)
        stop.set()
        for reader in readers:
            reader.join(15)
    assert len(answered) >= ANSWERED_BEFORE_KILL

    if connection.vendor == "sqlite":  # back into the test database, to read it with the ORM
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as bestand:
            bestand.backup(connection.connection)
    logged = set(Inzage.objects.values_list("gebruikers_id", flat=True))
    missing = set(answered) - logged
    assert not missing, f"{len(missing)} of {len(answered)} answered reads not logged"
    # The worker's sealing step, once: every row (answered or cut off) has a valid writer's seal.
    auditketen.verzegelen(limit=10**6)
    assert not Inzage.objects.filter(schakel__isnull=True).exists()
    assert auditketen.verifieren()[1] == []
