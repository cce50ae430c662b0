"""Load test of the Catalogi API: zaaktypen list and read, through granian, on SQLite or PostgreSQL.

Usage: python bench/catalogi_load.py [--seconds 10] [--clients 4] [--extra 300] [--write]
Uses DATABASE_URL when set (PostgreSQL), otherwise a fresh SQLite file in a temp dir.
Loads the demo (three gemeenten) plus --extra generated zaaktypen per gemeente, starts
`iwerk serve` (granian, 2 workers) and drives it from --clients processes with keep-alive
connections. Prints requests/s and p50/p99 latency; --write records them in docs/performance.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import jwt

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-secret-that-is-long-enough-for-hs256"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(port: int, tries: int = 150) -> None:
    """Until `iwerk serve` on port answers /health with 200 (a fresh server starts its workers)."""
    for _ in range(tries):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)


def write_block(name: str, body: str, heading: str = "", path: Path | None = None) -> None:
    """Put a measured block between `<!-- name -->` and `<!-- end name -->` in
    docs/performance.md: in place of the previous one, or at the end (under heading, if any)."""
    path = path or ROOT / "docs" / "performance.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    marker, end_marker = f"<!-- {name} -->", f"<!-- end {name} -->"
    block = f"{marker}\n{body}\n{end_marker}"
    start = text.find(marker)
    if start >= 0:
        end = text.find(end_marker, start) + len(end_marker)
        text = text[:start] + block + text[end:]
    else:
        text = text.rstrip() + "\n\n" + (f"## {heading}\n\n" if heading else "") + block + "\n"
    path.write_text(text, encoding="utf-8")


@dataclass
class DemoDatabase:
    """A migrated demo installation in a data folder (reused when given), for in-process benches."""

    env: dict
    database: str  # "SQLite" or "PostgreSQL", for the record

    @classmethod
    def prepare(cls, data_dir: str | None, prefix: str) -> DemoDatabase:
        env = {
            **os.environ,
            "IWERK_DEMO": "true",
            "IWERK_DATA_DIR": data_dir or tempfile.mkdtemp(prefix=prefix),
            "IWERK_PORT": str(free_port()),
            "IWERK_DEMO_SECRET": SECRET,
            "DJANGO_SETTINGS_MODULE": "iwerk.settings",
            "IWERK_LOG_LEVEL": "WARNING",
            "IWERK_DEMO_ZAKEN_PER_ZAAKTYPE": "0",
            # The measuring client signs in once; the lockout and throttles are not measured.
            "IWERK_ALLOWED_HOSTS": "testserver,127.0.0.1",
        }
        postgres = env.get("DATABASE_URL", "").startswith("postgres")
        demo = cls(env, "PostgreSQL" if postgres else "SQLite")
        python = sys.executable
        subprocess.run([python, "-m", "iwerk.cli", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
        has_demo = demo.step(
            "import django; django.setup()\n"
            "from iwerk.core.models import Gemeente; print(Gemeente.objects.exists())"
        )
        if (
            has_demo != "True"
        ):  # a reused, seeded folder has it (loading it again would scan it all)
            subprocess.run(
                [python, "-m", "iwerk.cli", "load_demo"],
                env=env,
                check=True,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
            )
        return demo

    def step(self, code: str) -> str:
        """Run code in a fresh Python process against this installation; its stdout."""
        done = subprocess.run(
            [sys.executable, "-c", code],
            env=self.env,
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        return done.stdout.strip()


def prepare(env: dict, extra: int) -> None:
    python = sys.executable
    subprocess.run([python, "-m", "iwerk.cli", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run(
        [python, "-m", "iwerk.cli", "load_demo"],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    code = f"""
import django, os
django.setup()
from iwerk.catalogi.models import Catalogus, ZaakType
from iwerk.catalogi.demo import ZAAKTYPEN
source = ZaakType.objects.filter(identificatie="WMO-MAATWERK").first()
rows = []
for catalogus in Catalogus.objects.all():
    if ZaakType.objects.filter(catalogus=catalogus, identificatie__startswith="BENCH-").exists():
        continue
    for i in range({extra}):
        z = ZaakType.objects.get(pk=source.pk)
        z.pk = None; z.id = None
        import uuid; z.uuid = uuid.uuid4()
        z.catalogus = catalogus; z.tenant_id = catalogus.tenant_id
        z.identificatie = f"BENCH-{{i:04d}}"; z.omschrijving = f"Benchmark zaaktype {{i}}"
        rows.append(z)
ZaakType.objects.bulk_create(rows, batch_size=500)
print(ZaakType.objects.count())
"""
    out = subprocess.run(
        [python, "-c", code], env=env, check=True, cwd=ROOT, capture_output=True, text=True
    )
    print(f"zaaktypen in database: {out.stdout.strip()}")


def token() -> str:
    return jwt.encode(
        {"iss": "iwerk-demo", "client_id": "iwerk-demo", "iat": int(time.time())}, SECRET, "HS256"
    )


def worker(port: int, paths: list[str], seconds: float, queue) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    # Accept-Crs is required by the Zaken API and ignored elsewhere.
    headers = {
        "Authorization": f"Bearer {token()}",
        "Accept": "application/json",
        "Accept-Crs": "EPSG:4326",
    }
    latencies, errors, i = [], 0, 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        path = paths[i % len(paths)]
        i += 1
        start = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        latencies.append(time.perf_counter() - start)
        if response.status != 200:
            errors += 1
    queue.put((latencies, errors))


def run(port: int, name: str, paths: list[str], seconds: float, clients: int) -> dict:
    queue = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(target=worker, args=(port, paths, seconds, queue))
        for _ in range(clients)
    ]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    latencies = sorted(lat for lats, _ in results for lat in lats)
    errors = sum(e for _, e in results)
    count = len(latencies)
    return {
        "scenario": name,
        "requests": count,
        "errors": errors,
        "rps": round(count / seconds, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(latencies[int(count * 0.99) - 1] * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--extra", type=int, default=300)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="iwerk-bench-")
    port = free_port()
    env = {
        **os.environ,
        "IWERK_DEMO": "true",
        "IWERK_DATA_DIR": tmp,
        "IWERK_PORT": str(port),
        "IWERK_DEMO_SECRET": SECRET,
        "DJANGO_SETTINGS_MODULE": "iwerk.settings",
        "IWERK_LOG_LEVEL": "WARNING",
    }
    database = "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    prepare(env, args.extra)
    server = subprocess.Popen(
        [sys.executable, "-m", "iwerk.cli", "serve", "--log-level", "warning"], env=env, cwd=ROOT
    )
    try:
        wait_healthy(port, tries=100)
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.request(
            "GET",
            "/catalogi/api/v1/zaaktypen?status=alles",
            headers={"Authorization": f"Bearer {token()}"},
        )
        listing = json.loads(conn.getresponse().read())
        detail_paths = [r["url"].split(str(port), 1)[1] for r in listing["results"][:50]]
        results = [
            run(
                port,
                "zaaktypen list (100 per page, page 1)",
                ["/catalogi/api/v1/zaaktypen?status=alles"],
                args.seconds,
                args.clients,
            ),
            run(
                port,
                "zaaktypen list filtered by catalogus+identificatie",
                [f"/catalogi/api/v1/zaaktypen?identificatie=BENCH-{i:04d}" for i in range(50)],
                args.seconds,
                args.clients,
            ),
            run(port, "zaaktype read", detail_paths, args.seconds, args.clients),
        ]
    finally:
        server.terminate()
        server.wait(timeout=10)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {database}"
    print(
        f"# {machine}; {listing['count']} zaaktypen; {args.clients} client processes; {args.seconds}s per scenario"
    )
    for r in results:
        print(
            f"{r['scenario']:<55} {r['rps']:>8} req/s  p50 {r['p50_ms']:>7} ms  p99 {r['p99_ms']:>7} ms  errors {r['errors']}"
        )
    if args.write:
        record(results, machine, listing["count"], args)


def record(
    results: list[dict],
    machine: str,
    count: int,
    args,
    name: str = "catalogi",
    unit: str = "zaaktypen",
) -> None:
    rows = "\n".join(
        f"| {r['scenario']} | {r['rps']} | {r['p50_ms']} | {r['p99_ms']} | {r['errors']} |"
        for r in results
    )
    write_block(
        f"{name}-bench {machine.split(', ')[-1]}",
        f"**{machine}** — {count} {unit}, {args.clients} client processes, {args.seconds:g} s per scenario, "
        f"measured {datetime.now(UTC):%Y-%m-%d}.\n\n| scenario | requests/s | p50 ms | p99 ms | errors |\n"
        f"| --- | ---: | ---: | ---: | ---: |\n{rows}",
    )


if __name__ == "__main__":
    main()
