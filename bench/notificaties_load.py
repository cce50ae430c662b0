"""Notification delivery: notifications/s with 1, 2 and 4 `iwerk worker` processes, and latency.

Usage: DATABASE_URL=postgres://…/iwerk_nrc_bench python bench/notificaties_load.py [--messages 2000] [--write]

A subscriber on loopback (a threaded HTTP server in this process, answering 204) receives
everything. Throughput: N messages are put in the outbox, then k workers start and the clock
runs until every delivery is recorded. Latency: with 2 workers running, 100 changes per second
are committed for 10 s; latency is commit (aanmaakdatum) to receipt by the subscriber.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalogi_load import ROOT, write_block  # noqa: E402

RECEIVED: list[tuple[float, dict]] = []
LOCK = threading.Lock()


class Subscriber(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with LOCK:
            RECEIVED.append((time.time(), body))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def workers(count: int, env: dict) -> list[subprocess.Popen]:
    return [
        subprocess.Popen(
            [sys.executable, "-m", "iwerk.cli", "worker", "--batch", "50", "--idle", "0.02"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]


def stop(processes: list[subprocess.Popen]) -> None:
    for p in processes:
        p.terminate()
    for p in processes:
        p.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "iwerk.settings", "IWERK_DEBUG": "true"}
    subprocess.run(
        [sys.executable, "-m", "iwerk.cli", "migrate", "-v0"], env=env, check=True, cwd=ROOT
    )
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection, transaction

    from iwerk.notificaties.models import (
        Abonnement,
        AbonnementKanaal,
        Kanaal,
        Levering,
        Notificatie,
    )
    from iwerk.notificaties.services import outbox

    server = ThreadingHTTPServer(("127.0.0.1", 0), Subscriber)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    callback = f"http://127.0.0.1:{server.server_address[1]}/callback"

    def reset() -> None:
        Notificatie.objects.all().delete()
        Abonnement.objects.all().delete()
        abonnement = Abonnement.objects.create(callback_url=callback, auth="Bearer bench")
        AbonnementKanaal.objects.create(
            abonnement=abonnement, kanaal=Kanaal.objects.get(naam="zaken")
        )
        RECEIVED.clear()

    def publish(i: int) -> None:
        url = f"https://zaken.example.nl/api/v1/zaken/{i}"
        with transaction.atomic():
            outbox.publish(
                kanaal="zaken",
                hoofd_object=url,
                resource="zaak",
                resource_url=url,
                actie="create",
                kenmerken={"bronorganisatie": "001902763"},
            )

    results = {}
    for count in (1, 2, 4):
        reset()
        for i in range(args.messages):
            publish(i)
        started = time.perf_counter()
        processes = workers(count, env)
        while Levering.objects.exclude(status="afgeleverd").exists():
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        stop(processes)
        results[count] = round(args.messages / elapsed, 1)
        print(
            f"{count} worker(s): {results[count]} notifications/s ({len(RECEIVED)} received)",
            flush=True,
        )

    reset()
    processes = workers(2, env)
    time.sleep(2)
    sent, started = 0, time.perf_counter()
    while time.perf_counter() - started < 10:
        publish(sent)
        sent += 1
        time.sleep(max(0.0, started + sent / 100 - time.perf_counter()))
    deadline = time.time() + 30
    while len(RECEIVED) < sent and time.time() < deadline:
        time.sleep(0.05)
    stop(processes)
    latencies = sorted(
        received - datetime.fromisoformat(body["aanmaakdatum"]).timestamp()
        for received, body in RECEIVED
    )
    p50 = round(statistics.median(latencies) * 1000, 1)
    p99 = round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1)
    print(
        f"latency at {sent / 10:.0f} changes/s with 2 workers: p50 {p50} ms, p99 {p99} ms",
        flush=True,
    )
    server.shutdown()
    database = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    if args.write:
        write_block(
            "notificaties-bench",
            f"**x86_64, {os.cpu_count()} cores, Python {sys.version.split()[0]}, {database}** — "
            f"{args.messages} notifications to one subscriber on loopback, measured {datetime.now(UTC):%Y-%m-%d}.\n\n"
            "| workers | delivered/s |\n| ---: | ---: |\n"
            + "".join(f"| {k} | {v} |\n" for k, v in results.items())
            + f"\nCommit-to-receipt latency at {sent / 10:.0f} changes/s with 2 workers: p50 {p50} ms, p99 {p99} ms.",
            heading="Notificaties: delivery throughput and latency",
        )


if __name__ == "__main__":
    main()
