"""Online-migration test: the schema migrations run on a large zaken table while traffic goes on.

Usage: python ops/online_migration.py [--zaken 300000] [--database-url URL] [--back-to zaken.0015]
       [--max-stall 1.0]   (make online-migration-test; CI runs it at 300,000 zaken)

On PostgreSQL: a database with --zaken zaken (a fresh one on DATABASE_URL's server, seeded like
bench/growth.py: statussen, rollen and search text included; or an existing one with
--database-url, e.g. the 10,000,000-zaak database of the growth bench), rolled back to --back-to,
then migrated forward to the current schema while a probe updates and reads random zaken every few
milliseconds on its own connection. Every statement the migration runs is timed (Django's
execute_wrapper in the migrating process). Passes when no probe operation waited longer than
--max-stall seconds and no statement that blocks writes (ALTER TABLE other than VALIDATE
CONSTRAINT, CREATE INDEX without CONCURRENTLY, an UPDATE) took longer than that.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from cluster import PYTHON, ROOT, Cluster, Database  # noqa: E402
from growth import CLONE  # noqa: E402
from werkplek_pages import ASSIGN  # noqa: E402
from zaken_load import SEED  # noqa: E402

MIGRATE = """
import json, time, django
django.setup()
from django.core.management import call_command
from django.db import connection
statements = []

def timer(execute, sql, params, many, context):
    started, failed = time.perf_counter(), False
    try:
        return execute(sql, params, many, context)
    except Exception:
        failed = True  # e.g. a backfill range cancelled by its statement timeout, then redone
        raise
    finally:
        statements.append([" ".join(str(sql).split())[:160], round(time.perf_counter() - started, 3), failed])

started = time.perf_counter()
with connection.execute_wrapper(timer):
    call_command("migrate", verbosity=0)
print(json.dumps({"seconds": round(time.perf_counter() - started, 1), "statements": statements}))
"""

# Statements that hold a lock stopping writes to their table until they finish.
BLOCKING = re.compile(
    r"^(ALTER TABLE (?!.*VALIDATE CONSTRAINT)|CREATE (UNIQUE )?INDEX (?!CONCURRENTLY)|UPDATE )",
    re.I,
)


class Probe(threading.Thread):
    """Updates and reads random zaken in short transactions; records every operation's time."""

    def __init__(self, url: str, top: int) -> None:
        super().__init__(daemon=True)
        self.url, self.top = url, top
        self.stop = threading.Event()
        self.times: list[float] = []

    def run(self) -> None:
        rng = random.Random(7)
        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self.stop.is_set():
                zaak = rng.randint(1, self.top)
                started = time.perf_counter()
                conn.execute(
                    "UPDATE zaken_zaak SET toelichting = toelichting WHERE id = %s", [zaak]
                )
                conn.execute(
                    "SELECT identificatie FROM zaken_zaak WHERE id = %s", [zaak]
                ).fetchall()
                self.times.append(time.perf_counter() - started)
                time.sleep(0.005)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--zaken", type=int, default=300_000)
    parser.add_argument("--database-url", help="an existing, seeded database (left migrated)")
    parser.add_argument("--back-to", default="zaken.0015")
    parser.add_argument("--max-stall", type=float, default=1.0)
    parser.add_argument("--report")
    args = parser.parse_args()
    database = (
        None if args.database_url else Database(name=f"iwerk_online_{int(time.time())}").create()
    )
    url = args.database_url or database.url
    cluster = Cluster(url, nodes=0, workers=0)
    try:
        if database:
            _seed(cluster, args.zaken)
        with psycopg.connect(url) as conn:
            count, top = conn.execute("SELECT count(*), max(id) FROM zaken_zaak").fetchone()
        app, name = args.back_to.split(".")
        cluster.manage("migrate", app, name, "-v0")
        probe = Probe(url, top)
        probe.start()
        time.sleep(1)
        done = subprocess.run(  # noqa: S603
            [PYTHON, "-c", MIGRATE], env=cluster.env_for("manage"), cwd=ROOT, capture_output=True,
            text=True, check=True,
        )  # fmt: skip
        time.sleep(1)
        probe.stop.set()
        probe.join()
    finally:
        if database:
            database.drop()
    migrated = json.loads(done.stdout.splitlines()[-1])
    statements = migrated["statements"]
    blocking = [s for s in statements if BLOCKING.match(s[0])]
    slow_blocking = [s for s in blocking if s[1] > args.max_stall]
    times = sorted(probe.times)
    report = {
        "zaken": count,
        "migrated_from": args.back_to,
        "migration_seconds": migrated["seconds"],
        "statements": len(statements),
        "longest_statements": sorted(statements, key=lambda s: -s[1])[:8],
        "longest_blocking_statement": max(blocking, key=lambda s: s[1]) if blocking else None,
        "probe_operations": len(times),
        "probe_p99_ms": round(times[int(len(times) * 0.99) - 1] * 1000, 1),
        "probe_max_stall_ms": round(times[-1] * 1000, 1),
        "slow_blocking_statements": slow_blocking,
        "cancelled_statements": sum(1 for s in statements if s[2]),
    }
    report["passed"] = not slow_blocking and times[-1] <= args.max_stall
    print(json.dumps(report, indent=2))
    if args.report:
        Path(args.report).write_text(json.dumps(report, indent=2))
    print("online-migration test:", "PASSED" if report["passed"] else "FAILED")
    return 0 if report["passed"] else 1


def _seed(cluster: Cluster, zaken: int) -> None:
    """The demo catalogue, 2,000 zaken through the ORM, then doubled in SQL up to the target."""
    cluster.prepare()
    env = cluster.env_for("manage")
    run = lambda code: subprocess.run([PYTHON, "-c", code], env=env, cwd=ROOT, check=True,  # noqa: E731, S603
                                      capture_output=True, text=True).stdout  # fmt: skip
    run("import json\n" + SEED.format(target=min(2000, zaken)))
    run("import json\n" + ASSIGN)
    count = min(2000, zaken)
    while count < zaken:
        count = json.loads(run(CLONE.format(n=min(count, zaken - count))).splitlines()[-1])["zaken"]
    run("import django; django.setup()\nfrom django.db import connection\n"
        "connection.cursor().execute('VACUUM ANALYZE')")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
