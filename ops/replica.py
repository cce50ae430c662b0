"""Read-replica test: PostgreSQL streaming replication, list reads from the replica, read-your-writes.

Usage: python ops/replica.py [--report FILE] [--write]   (make replica-test; CI runs it)

Sets up two PostgreSQL clusters of its own with the server's tools (initdb, then pg_basebackup -R
for a streaming standby on another port), and two iwerk web nodes behind nginx with DATABASE_URL
on the primary and DATABASE_REPLICA_URL on the standby. Two API clients, A and B:

1. replay on the standby paused: A creates a zaak; A's list finds it (its read goes to the primary,
   because the standby has not replayed A's write), B's list does not (B reads the standby);
2. replay resumed: B finds it; then paused again, B creates a zaak: now B finds its own and A, whose
   write is replayed, reads the standby and does not;
3. the standby stopped: both lists still answer, from the primary.

It also measures the replication lag (a write until a list on the standby shows it) and the list
latency through the standby and, with the standby stopped, through the primary. Exit status 0 only
when every check holds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cluster import ROOT, Cluster, PostgresServer  # noqa: E402

CLIENT_B = ("replica-test-b", "replica-test-b-secret-that-is-long-enough-for-hs256")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--report")
    parser.add_argument(
        "--write", action="store_true", help="record the figures in docs/performance.md"
    )
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="iwerk-replica-"))
    base.chmod(0o755)  # the clusters' folders below it belong to the postgres user when run as root
    primary = PostgresServer(base / "pg", "primary").init_primary().start()
    standby = None
    cluster = None
    checks: dict[str, bool] = {}
    figures: dict = {}
    try:
        primary.query("CREATE DATABASE iwerk")
        standby = PostgresServer(base / "pg", "standby").init_replica_of(primary).start()
        cluster = Cluster(f"{primary.url}/iwerk", nodes=2, workers=1,
                          extra_env={"DATABASE_REPLICA_URL": f"{standby.url}/iwerk"})  # fmt: skip
        cluster.prepare()
        cluster.manage("create-applicatie", "--client-id", CLIENT_B[0], "--secret", CLIENT_B[1],
                       "--alle-autorisaties")  # fmt: skip
        cluster.start()
        zaak = _zaak_body(cluster)
        a, b = None, CLIENT_B
        _caught_up(primary, standby)

        def found(identificatie: str, client) -> int:
            kwargs = {"client": client} if client else {}
            status, body = cluster.request(
                "GET", f"/zaken/api/v1/zaken?identificatie={identificatie}", **kwargs
            )
            assert status == 200, (status, body)
            return body["count"]

        def create(client) -> str:
            kwargs = {"client": client} if client else {}
            status, body = cluster.request("POST", "/zaken/api/v1/zaken", zaak, **kwargs)
            assert status == 201, (status, body)
            return body["identificatie"]

        standby.query("SELECT pg_wal_replay_pause()")
        first = create(a)
        checks["writer reads its own write (primary) while replay is paused"] = found(first, a) == 1
        checks["another client reads the standby (does not see it yet)"] = found(first, b) == 0
        standby.query("SELECT pg_wal_replay_resume()")
        _caught_up(primary, standby)
        checks["after replay the other client sees it"] = found(first, b) == 1
        standby.query("SELECT pg_wal_replay_pause()")
        second = create(b)
        checks["second writer reads its own write"] = found(second, b) == 1
        checks["first client, replayed, reads the standby again"] = found(second, a) == 0
        standby.query("SELECT pg_wal_replay_resume()")
        _caught_up(primary, standby)

        figures["replication_lag_ms"] = _lag(create, found, b, samples=20)
        figures["list_via_standby_ms"] = _latency(found, first, a)
        standby.stop()
        checks["standby down: lists answer from the primary"] = (
            found(first, a) == 1 and found(second, b) == 1
        )
        figures["list_via_primary_ms"] = _latency(found, first, a)
    finally:
        if cluster:
            cluster.stop()
        if standby:
            standby.stop()
        primary.stop()
    report = {"passed": all(checks.values()), "checks": checks, "figures": figures}
    print(json.dumps(report, indent=2))
    if args.report:
        Path(args.report).write_text(json.dumps(report, indent=2))
    if args.write and report["passed"]:
        _record(figures)
    print("read-replica test:", "PASSED" if report["passed"] else "FAILED")
    return 0 if report["passed"] else 1


def _zaak_body(cluster: Cluster) -> dict:
    _, zaaktypen = cluster.request("GET", "/catalogi/api/v1/zaaktypen?status=definitief")
    zaaktype = zaaktypen["results"][0]
    _, catalogus = cluster.request("GET", zaaktype["catalogus"].split(str(cluster.port), 1)[1])
    rsin = catalogus["rsin"]
    return {"bronorganisatie": rsin, "verantwoordelijkeOrganisatie": rsin,
            "zaaktype": zaaktype["url"], "startdatum": "2026-11-29"}  # fmt: skip


def _caught_up(primary: PostgresServer, standby: PostgresServer, timeout: float = 30) -> None:
    target = primary.query("SELECT pg_current_wal_lsn()")[0][0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if standby.query(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")[0][0]:
            return
        time.sleep(0.05)
    raise RuntimeError("the standby did not catch up")


def _lag(create, found, reader, samples: int) -> dict:
    """A zaak written by the reader's counterpart, then polled by the reader (on the standby)."""
    lags = []
    for _ in range(samples):
        identificatie = create(None)
        written = time.perf_counter()
        while found(identificatie, reader) == 0:
            time.sleep(0.001)
        lags.append((time.perf_counter() - written) * 1000)
    lags.sort()
    return {"samples": samples, "p50": round(statistics.median(lags), 1), "max": round(lags[-1], 1)}


def _latency(found, identificatie: str, client, requests: int = 200) -> dict:
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        found(identificatie, client)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"requests": requests, "p50": round(statistics.median(times), 2),
            "p99": round(times[int(requests * 0.99) - 1], 2)}  # fmt: skip


def _record(figures: dict) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import os
    import platform
    from datetime import UTC, datetime

    from catalogi_load import write_block

    lag, standby, primary = (
        figures[k] for k in ("replication_lag_ms", "list_via_standby_ms", "list_via_primary_ms")
    )
    write_block(
        "replica",
        f"**{platform.machine()}, {os.cpu_count()} cores, PostgreSQL 15 primary and streaming standby on "
        f"the same machine**, measured {datetime.now(UTC):%Y-%m-%d} with `python ops/replica.py --write`.\n\n"
        "| figure | p50 | p99 / max |\n| --- | ---: | ---: |\n"
        f"| replication lag: a zaak created until a list on the standby shows it ({lag['samples']} samples) | {lag['p50']} ms | {lag['max']} ms (max) |\n"
        f"| zaken list by identificatie, read from the standby (with the read-your-writes check) | {standby['p50']} ms | {standby['p99']} ms |\n"
        f"| the same, standby stopped: read from the primary | {primary['p50']} ms | {primary['p99']} ms |",
        heading="Read replica",
    )  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
