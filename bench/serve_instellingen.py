"""`iwerk serve` settings on 2 cores, measured (issue 25, item 6): the slow-client guard and the
number of application threads per worker.

Usage: python bench/serve_instellingen.py [--zaken 100000] [--seconds 25] [--warmup 5]
                                          [--connections 8] [--clients 2] [--rounds 1]
                                          [--client-id iwerk-demo-deventer] [--workers 2]
                                          [--guard aan,uit] [--threads 1,2,4] [--only TEXT]
                                          [--data-dir DIR] [--write]

Seeds as bench/verhouding.py does (DATABASE_URL selects PostgreSQL, otherwise SQLite; --data-dir
reuses a seeded folder), then for every setting of the grid IWERK_WEB_GUARD (aan: ASGI with the
slow-client guard in front of the WSGI application, ADR 0033; uit: plain WSGI on granian's
blocking threads) × IWERK_WEB_THREADS (the variables iwerk/cli.py reads) starts `iwerk serve`
with --workers workers on the same data and runs the iwerk side of verhouding's comparison on
it: zaak read, zaaktype read, zaak create and the zaken list (verhouding.operations and
verhouding.measure: the same load generator, --warmup seconds untimed, --seconds measured).
Each round starts every setting once, in the opposite order every other round; the figures are
pooled over rounds. Printed: req/s and p99 per setting and operation, the web server's CPU per
request and the RSS per web worker after the setting's runs. --write puts the table into
docs/performance.md between `<!-- serve-instellingen -->` markers, in the section
"`iwerk serve` defaults for 2 cores", with machine, command and date.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalogi_load import free_port, wait_healthy  # noqa: E402
from operaties import HEADING as OPERATIES_HEADING  # noqa: E402
from operaties import VERHOUDING_HEADING, write_section  # noqa: E402
from verhouding import _ms, _pool, measure, operations, prepare, rss_mb, serve_iwerk  # noqa: E402

# verhouding's operations measured here, by the start of their name, with a short label.
OPERATIONS = {
    "zaak read": "zaak read",
    "zaaktype read": "zaaktype read",
    "zaak create": "zaak create",
    "zaken list": "zaken list (100/page)",
}
DEFAULT = ("aan", "1")  # what `iwerk serve` does without the variables


def start(demo, args, guard: str, threads: str):
    server = serve_iwerk(
        demo,
        args.workers,
        IWERK_PORT=str(free_port()),
        IWERK_WEB_GUARD=guard,
        IWERK_WEB_THREADS=threads,
    )
    wait_healthy(server.port, tries=150)
    return server


def select(port: int, args) -> list[tuple[str, list]]:
    """The four operations (URLs with {base}, valid for every server on the same data)."""
    chosen = []
    for name, calls in operations(port, args.client_id):
        label = next((v for k, v in OPERATIONS.items() if name.startswith(k)), None)
        if label and (args.only or "") in label:
            chosen.append((label, calls))
    return chosen


def run(args, demo, database: str | None) -> tuple[list, list[str], dict, dict]:
    settings = [(g, t) for g in args.guard.split(",") for t in args.threads.split(",")]
    first = start(demo, args, *settings[0])
    try:
        ops = select(first.port, args)
    finally:
        first.stop()
    runs: dict[tuple, list] = {}
    rss: dict[tuple, list[float]] = {}
    for round_ in range(args.rounds):
        for setting in settings if round_ % 2 == 0 else settings[::-1]:
            server = start(demo, args, *setting)
            try:
                for label, calls in ops:
                    result = measure(server, calls, args, database)
                    runs.setdefault((setting, label), []).append(result)
                    print(
                        f"guard {setting[0]:<3} threads {setting[1]}  {label:<22} "
                        f"{result['requests'] / result['seconds']:8.1f}/s "
                        f"p99 {result['p99']:6.1f} ms, {result['errors']} errors",
                        flush=True,
                    )
                rss[setting] = [rss_mb(pid) for pid in server.workers()]
            finally:
                server.stop()
    pooled = {key: _pool(value) for key, value in runs.items()}
    return settings, [label for label, _ in ops], pooled, rss


def table(settings: list, labels: list[str], pooled: dict, rss: dict) -> str:
    best = {label: max(pooled[(s, label)]["rps"] for s in settings) for label in labels}
    lines = [
        "| `IWERK_WEB_GUARD` | `IWERK_WEB_THREADS` | "
        + " | ".join(f"{label}: req/s, p99 ms" for label in labels)
        + " | web CPU ms/req ("
        + ", ".join(labels)
        + ") | RSS per worker MB | errors |",
        "| --- | ---: | " + " | ".join("---:" for _ in labels) + " | ---: | ---: | ---: |",
    ]
    for setting in settings:
        cells, cpu, errors = [], [], 0
        for label in labels:
            r = pooled[(setting, label)]
            rps = f"{r['rps']:.1f}"
            cells.append(f"{f'**{rps}**' if r['rps'] == best[label] else rps}, {r['p99']:.1f}")
            cpu.append(_ms(r["cpu"]))
            errors += r["errors"]
        name = f"{setting[0]}{' (default)' if setting == DEFAULT else ''}"
        memory = " / ".join(f"{m:.0f}" for m in rss.get(setting, []))
        lines.append(
            f"| {name} | {setting[1]} | {' | '.join(cells)} | {' / '.join(cpu)} | {memory} "
            f"| {errors} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--zaken", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=25)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--clients", type=int, default=2, help="load generator processes")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--client-id", default="iwerk-demo-deventer")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--guard", default="aan,uit", help="IWERK_WEB_GUARD values, comma-separated"
    )
    parser.add_argument("--threads", default="1,2,4", help="IWERK_WEB_THREADS values")
    parser.add_argument("--only", help="only the operations whose label contains this text")
    parser.add_argument("--data-dir", help="reuse (and top up) a seeded data folder")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    demo = prepare(args)
    url = demo.env.get("DATABASE_URL", "")
    database = urlsplit(url).path.lstrip("/") if url.startswith("postgres") else None
    settings, labels, pooled, rss = run(args, demo, database)
    kind = "PostgreSQL" if database else "SQLite"
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {kind}"
    )
    text = table(settings, labels, pooled, rss)
    print(f"\n# {machine}; {args.zaken} zaken; client {args.client_id}\n{text}")
    if args.write:
        command = " ".join(shlex.quote(a) for a in sys.argv[1:] if a != "--write")
        write_section(
            "serve-instellingen",
            f"**{machine}** — {args.zaken} zaken, client `{args.client_id}`, `iwerk serve` with "
            f"{args.workers} web workers per setting, {args.connections} keep-alive connections "
            f"from {args.clients} processes, {args.warmup:g} s warm-up and {args.seconds:g} s "
            f"per operation and setting, {args.rounds} round(s); measured "
            f"{datetime.now(UTC):%Y-%m-%d} with `python bench/serve_instellingen.py {command}` "
            "(`DATABASE_URL` for PostgreSQL). The same load generator and operations as the "
            "comparison with the ceiling; `IWERK_WEB_GUARD=aan` is ASGI with the slow-client "
            "guard (ADR 0033), `uit` plain WSGI. Bold: the most requests/s per operation; the "
            f"RSS is per web worker after the setting's runs.\n\n{text}",
            "`iwerk serve` defaults for 2 cores",
            [OPERATIES_HEADING, VERHOUDING_HEADING],
        )


if __name__ == "__main__":
    main()
