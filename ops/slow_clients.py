"""Slow-client test: a probe's latency while 50 connections trickle in one byte a second.

Usage: python ops/slow_clients.py [--slow 50] [--seconds 15] [--report FILE]
       (make slow-clients-test; CI runs it after the online-migration test)

One `iwerk serve` as `make demo` runs it (demo profile, SQLite in a temporary folder, 2 granian
workers x 4 threads), on a free port of 127.0.0.1 only. First a probe (GET /health, ten a second)
alone; then the same probe while `--slow` connections send one byte a second: half of them a
chunked request body to a ZGW API (read before authentication), half their request headers.
Before ADR 0033 nine such bodies held every thread and the probe waited as long as they went on.

It proves, and prints the figures (as JSON with --report):
- every probe is answered 200, under attack too, with p99 below 1 s and none slower than 2 s;
- the server ends every slow connection itself (408 for a body, a closed connection for headers)
  within its timeouts (IWERK_WEB_BODY_GRACE, IWERK_WEB_HEADER_TIMEOUT: 10 s) plus slack.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cluster import PYTHON, Proc, free_port, wait_http  # noqa: E402

HOST = "127.0.0.1"  # never anything else
MAX_SLOW = 200
CUT_OFF_WITHIN = 10 + 5  # the server's timeouts plus slack (a busy CI machine)


def probe(port: int, until: float, latencies: list, failures: list) -> None:
    while time.monotonic() < until:
        start = time.monotonic()
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            conn.request("GET", "/health")
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status != 200:
                failures.append(response.status)
        except OSError as exc:
            failures.append(repr(exc))
        latencies.append(time.monotonic() - start)
        time.sleep(0.1)


def slow_client(port: int, kind: str, until: float, results: list) -> None:
    """Send a request one byte a second until the server ends it (or the attack is over)."""
    if kind == "body":
        head = (b"POST /zaken/api/v1/zaken HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                b"application/json\r\nTransfer-Encoding: chunked\r\n\r\n")  # fmt: skip
        trickle, piece = head, b"1\r\n{\r\n"
    else:
        trickle, piece = (
            b"",
            b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Langzaam: " + b"a" * 200,
        )
    start = time.monotonic()
    outcome = "still open when the attack ended"
    try:
        with socket.create_connection((HOST, port), timeout=2) as s:
            s.sendall(trickle)
            for byte in piece * 100:
                if time.monotonic() >= until:
                    break
                try:  # did the server answer or close?
                    s.settimeout(1)
                    answer = s.recv(4096)
                    outcome = answer.split(b"\r\n", 1)[0].decode() if answer else "closed"
                    break
                except TimeoutError:
                    pass
                s.sendall(bytes([byte]))
    except OSError as exc:
        outcome = f"closed ({exc.__class__.__name__})"
    results.append(
        {"kind": kind, "outcome": outcome, "seconds": round(time.monotonic() - start, 1)}
    )


def figures(latencies: list) -> dict:
    ordered = sorted(latencies)
    p = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"probes": len(ordered), "p50_ms": round(1000 * statistics.median(ordered), 1),
            "p99_ms": round(1000 * p(0.99), 1), "max_ms": round(1000 * ordered[-1], 1)}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--slow", type=int, default=50, help=f"slow connections (at most {MAX_SLOW})"
    )
    parser.add_argument(
        "--seconds", type=float, default=15, help="length of the attack (at most 60)"
    )
    parser.add_argument(
        "--baseline", type=float, default=5, help="seconds of probing without attack"
    )
    parser.add_argument("--report", help="write the figures as JSON to this file")
    args = parser.parse_args()
    slow, seconds = min(args.slow, MAX_SLOW), min(args.seconds, 60)

    data = Path(tempfile.mkdtemp(prefix="iwerk-slow-clients-"))
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("IWERK_") and k != "DATABASE_URL"},
           "DJANGO_SETTINGS_MODULE": "iwerk.settings", "IWERK_DEMO": "true", "IWERK_DATA_DIR": str(data),
           "IWERK_HOST": HOST, "IWERK_PORT": str(port), "IWERK_WEB_WORKERS": "2",
           "IWERK_WEB_THREADS": "4"}  # fmt: skip
    server = Proc("web", [PYTHON, "-m", "iwerk.cli", "serve", "--log-level", "warning"], env,
                  data / "web.log", port).start()  # fmt: skip
    try:
        wait_http(port, "/health", 60)
        quiet: list = []
        quiet_failures: list = []
        probe(port, time.monotonic() + args.baseline, quiet, quiet_failures)

        attacked: list = []
        attacked_failures: list = []
        slow_results: list = []
        until = time.monotonic() + seconds
        attackers = [
            threading.Thread(
                target=slow_client,
                args=(port, ("body", "headers")[i % 2], until, slow_results),
                daemon=True,
            )  # fmt: skip
            for i in range(slow)
        ]
        for t in attackers:
            t.start()
        time.sleep(1.5)  # every slow connection is open and trickling
        probe(port, until, attacked, attacked_failures)
        for t in attackers:
            t.join(10)
    finally:
        server.stop(timeout=20)
        shutil.rmtree(data, ignore_errors=True)
    cut = [
        r
        for r in slow_results
        if r["seconds"] <= CUT_OFF_WITHIN and "still open" not in r["outcome"]
    ]
    report = {
        "without_attack": figures(quiet),
        "with_attack": {**figures(attacked), "slow_connections": slow},
        "slow_outcomes": sorted({f"{r['kind']}: {r['outcome']}" for r in slow_results}),
        "slow_longest_s": max((r["seconds"] for r in slow_results), default=None),
    }
    checks = {
        "every probe answered 200": not quiet_failures and not attacked_failures,
        "probe p99 under attack < 1 s": report["with_attack"]["p99_ms"] < 1000,
        "no probe under attack > 2 s": report["with_attack"]["max_ms"] < 2000,
        f"server ended every slow connection within {CUT_OFF_WITHIN} s": len(cut) == slow,
    }
    report["checks"] = checks
    report["passed"] = all(checks.values())
    report["failures"] = (quiet_failures + attacked_failures)[:10]
    print(json.dumps(report, indent=2))
    if args.report:
        Path(args.report).write_text(json.dumps(report, indent=2))
    print("slow-client test:", "PASSED" if report["passed"] else "FAILED")
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
