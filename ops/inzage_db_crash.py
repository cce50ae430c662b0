"""What a crash of the database server costs the read audit (ADR 0040), measured.

Usage: python ops/inzage_db_crash.py [--trials 5] [--seconds 2]

A PostgreSQL cluster of its own (initdb in a temp folder, defaults but for the port): one
connection inserts rows as fast as it can, each committed as iwerk.core.inzage commits an API
read's row (asynchronously, `set_config('synchronous_commit', 'off', true)` in the statement) or,
for comparison, synchronously; after --seconds the server is stopped with `pg_ctl -m immediate`
(every server process quits at once, as after a crash: no WAL is written out), started again, and
the acknowledged rows that are gone are counted. Prints per mode the rows acknowledged, the rows
lost and how long before the last acknowledgement (the crash) the oldest lost one came. Then, on
an idle server, one row and at once a SIGKILL of its server process (the postmaster restarts all
of them and recovers, as after a crash of any one): was the acknowledged row lost?
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cluster import PostgresServer  # noqa: E402

INSERTS = {
    "asynchronous": "INSERT INTO inzage (v) VALUES (%s) "
    "RETURNING id, set_config('synchronous_commit', 'off', true)",
    "synchronous": "INSERT INTO inzage (v) VALUES (%s) RETURNING id",
}


def trial(server: PostgresServer, insert: str, seconds: float) -> tuple[int, int, float]:
    """(acknowledged, lost, ms between the oldest lost acknowledgement and the last one)."""
    server.query("DROP TABLE IF EXISTS inzage")
    server.query("CREATE TABLE inzage (id bigserial PRIMARY KEY, v text NOT NULL)")
    acked: list[tuple[int, float]] = []

    def write() -> None:
        with psycopg.connect(f"{server.url}/postgres", autocommit=True) as conn:
            try:
                while True:
                    acked.append(
                        (conn.execute(insert, ("x" * 200,)).fetchone()[0], time.monotonic())
                    )
            except psycopg.Error:
                return  # the server is gone

    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(seconds)
    server._run("pg_ctl", "-D", str(server.dir), "-m", "immediate", "-w", "stop")
    writer.join()
    server.start()
    kept = {row[0] for row in server.query("SELECT id FROM inzage")}
    lost = [(i, at) for i, at in acked if i not in kept]
    window = (acked[-1][1] - min(at for _, at in lost)) * 1000 if lost else 0.0
    return len(acked), len(lost), window


def single(server: PostgresServer, insert: str) -> tuple[bool, float]:
    """One row on an idle server, then the crash: (lost, ms from its acknowledgement to the kill)."""
    server.query("DROP TABLE IF EXISTS inzage")
    server.query("CREATE TABLE inzage (id bigserial PRIMARY KEY, v text NOT NULL)")
    with psycopg.connect(f"{server.url}/postgres", autocommit=True) as conn:
        pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        time.sleep(0.5)  # the WAL writer idles
        row = conn.execute(insert, ("x" * 200,)).fetchone()[0]
        acked = time.monotonic()
        # A server process crashes (SIGKILL, as the OOM killer): the postmaster makes every other
        # one quit at once and recovers from the WAL on disk.
        subprocess.run([*server.as_owner, "kill", "-KILL", str(pid)], check=True)  # noqa: S603, S607
        killed = time.monotonic()
    deadline = time.monotonic() + 30
    while True:
        try:
            kept = [r[0] for r in server.query("SELECT id FROM inzage")].count(row)
            break
        except psycopg.Error:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    return kept == 0, (killed - acked) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="iwerk-inzage-crash-") as base:
        server = PostgresServer(Path(base), "primary").init_primary().start()
        try:
            wal_writer_delay = server.query("SHOW wal_writer_delay")[0][0]
            print(f"PostgreSQL {server.query('SHOW server_version')[0][0]}, wal_writer_delay "
                  f"{wal_writer_delay}, {args.trials} trials of {args.seconds:g} s")  # fmt: skip
            for mode, insert in INSERTS.items():
                results = [trial(server, insert, args.seconds) for _ in range(args.trials)]
                print(
                    f"{mode}: acknowledged per trial {statistics.median(r[0] for r in results):.0f}"
                    f", lost {[r[1] for r in results]}, oldest lost acknowledgement "
                    f"{[round(r[2]) for r in results]} ms before the last one"
                )
                alone = [single(server, insert) for _ in range(args.trials)]
                print(
                    f"{mode}, one row on an idle server then a crashed server process: lost "
                    f"{sum(lost for lost, _ in alone)} of {len(alone)}, killed "
                    f"{[round(ms) for _, ms in alone]} ms after the acknowledgement"
                )
        finally:
            server.stop()


if __name__ == "__main__":
    main()
