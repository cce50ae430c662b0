"""Several `iwerk worker` processes on PostgreSQL, one killed with SIGKILL mid-delivery: every
notification arrives, none twice except what the killed worker had in flight."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.db import connection

from iwerk.notificaties.models import Abonnement, AbonnementKanaal, Kanaal, Levering
from iwerk.notificaties.services import outbox

ROOT = Path(__file__).resolve().parents[3]
MESSAGES = 150
BATCH = 10


class _Slow(BaseHTTPRequestHandler):
    seen: list[str] = []
    lock = threading.Lock()

    def do_POST(self):  # noqa: N802 - http.server's naming
        import json

        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        time.sleep(0.01)  # a subscriber that takes its time: deliveries are in flight when killed
        with type(self).lock:
            type(self).seen.append(body["hoofdObject"])
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def _worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "iwerk.cli", "worker", "--batch", str(BATCH), "--idle", "0.05"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.django_db(transaction=True)
def test_killed_worker_loses_nothing(settings):
    if connection.vendor != "postgresql":
        pytest.skip("several worker processes on one database: PostgreSQL (CI runs it)")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Slow.seen = []
    abonnement = Abonnement.objects.create(
        callback_url=f"http://127.0.0.1:{server.server_address[1]}/ok", auth="x"
    )
    # get_or_create: an earlier transactional test (flush) may have emptied the migrated kanalen.
    kanaal, _ = Kanaal.objects.get_or_create(naam="zaken")
    AbonnementKanaal.objects.create(abonnement=abonnement, kanaal=kanaal)
    expected = [f"https://zaken.example.nl/api/v1/zaken/{i}" for i in range(MESSAGES)]
    for url in expected:
        outbox.publish(
            kanaal="zaken",
            hoofd_object=url,
            resource="zaak",
            resource_url=url,
            actie="create",
            kenmerken={},
        )
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "iwerk.settings",
        "IWERK_TESTING": "true",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "IWERK_NOTIFICATIES_LEASE": "2",
    }
    victim, survivor = _worker(env), _worker(env)
    try:
        deadline = time.time() + 20
        while len(_Slow.seen) < BATCH and time.time() < deadline:
            time.sleep(0.01)
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        replacement = _worker(env)
        deadline = time.time() + 60
        while Levering.objects.exclude(status="afgeleverd").exists() and time.time() < deadline:
            time.sleep(0.2)
    finally:
        for process in (survivor, locals().get("replacement")):
            if process is not None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=10)
        server.shutdown()
        server.server_close()
    assert not Levering.objects.exclude(status="afgeleverd").exists()
    counts = Counter(_Slow.seen)
    assert set(counts) == set(expected)  # none lost
    assert (
        sum(counts.values()) - MESSAGES <= BATCH
    )  # duplicates only from the killed worker's batch
