"""Growth curves: the cost of the key operations as the number of zaken grows tenfold, three times.

Usage: python bench/growth.py [--sizes 10000,100000,1000000,10000000] [--seconds 8] [--write]
       python bench/growth.py --sizes 10000000 --data-dir DIR --measure-only --api-only --results DIR2
DATABASE_URL selects PostgreSQL (the only engine taken to 10,000,000); otherwise SQLite. One
installation grows from size to size; at each size the bench measures, on the same data:

- over HTTP, through granian with 2 workers and 2 client processes on the same 2 cores:
  zaken list (filtered, page 1), zaak read, zaak create, zaken _zoek, document create;
- in-process with Django's test client (server time, as bench/werkplek_pages.py): the werkvoorraad
  page of a Deventer teamleider and the Sturing dashboard of Deventer's manager (figure cache cold).

Seeding: the first 100,000 zaken as bench/zaken_load.py (bulk ORM: two statussen and an initiator
rol each), a third of them given a behandelaar and a search text (bench/werkplek_pages.py). On
PostgreSQL every further size copies existing zaken with their statussen, rollen and search text
in SQL (new ids, uuids and identificaties), so 10,000,000 zaken take minutes, not hours; documents
grow to a twentieth of the zaken. Every size ends with VACUUM ANALYZE and a full Sturing rebuild.
Results accumulate in bench/results/growth-<engine>.json; --write puts the table in
docs/performance.md and the plot in docs/performance-growth.png.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalogi_load import ROOT, DemoDatabase, run, token, wait_healthy, write_block  # noqa: E402
from werkplek_pages import ASSIGN  # noqa: E402
from zaken_load import SEED, SEED_REGISTERS, run_post  # noqa: E402

RESULTS = ROOT / "bench" / "results"
BASE = 100_000  # zaken seeded through the ORM; beyond this, PostgreSQL copies in SQL

# Copy the first n zaken (with their statussen, rollen and search text) as new zaken: ids shifted
# by the current maximum, fresh uuids and identificaties. Column lists come from the catalog, so
# the copy follows the schema.
CLONE = """
import json, time, django
django.setup()
from django.db import connection, transaction
n = {n}
started = time.perf_counter()

def columns(table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                       "ORDER BY ordinal_position", [table])
        return [c for (c,) in cursor.fetchall()]

def copy(table, replace):
    cols = columns(table)
    values = [replace.get(c, c) for c in cols]
    return (f"INSERT INTO {{table}} ({{', '.join(cols)}}) SELECT {{', '.join(values)}} FROM {{table}} "
            f"WHERE {{'id' if table == 'zaken_zaak' else 'zaak_id'}} <= %(bound)s")

with transaction.atomic(), connection.cursor() as cursor:
    cursor.execute("SELECT max(id) FROM zaken_zaak")
    shift = cursor.fetchone()[0]
    cursor.execute("SELECT id FROM zaken_zaak ORDER BY id OFFSET %s LIMIT 1", [n - 1])
    bound = cursor.fetchone()[0]
    args = {{"shift": shift, "bound": bound}}
    cursor.execute(copy("zaken_zaak", {{"id": "id + %(shift)s", "uuid": "gen_random_uuid()",
        "identificatie": "'BENCH-' || lpad((id + %(shift)s)::text, 12, '0')"}}), args)
    for table in ("zaken_status", "zaken_rol"):
        cursor.execute(copy(table, {{"id": f"nextval(pg_get_serial_sequence('{{table}}', 'id'))",
                                     "uuid": "gen_random_uuid()", "zaak_id": "zaak_id + %(shift)s"}}), args)
    cursor.execute(copy("zaken_zaakzoektekst", {{"id": "nextval(pg_get_serial_sequence('zaken_zaakzoektekst', 'id'))",
        "zaak_id": "zaak_id + %(shift)s"}}), args)
    cursor.execute("SELECT setval(pg_get_serial_sequence('zaken_zaak', 'id'), (SELECT max(id) FROM zaken_zaak))")
    cursor.execute("SELECT count(*) FROM zaken_zaak")
    total = cursor.fetchone()[0]
print(json.dumps({{"zaken": total, "seconds": round(time.perf_counter() - started, 1)}}))
"""

PREPARE = """
import json, time, django
django.setup()
from django.db import connection
from iwerk.sturing.services.verversen import herberekenen
from iwerk.sturing.models import Bijwerking
started = time.perf_counter()
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
analyzed = time.perf_counter()
Bijwerking.objects.all().delete()  # the bulk seed published no events; the rebuild covers it all
herberekenen()
print(json.dumps({"analyze_s": round(analyzed - started, 1), "sturing_rebuild_s": round(time.perf_counter() - analyzed, 1)}))
"""

PAGES = """
import json, statistics, time, django
django.setup()
from django.core.cache import cache
from django.test import Client
from django_otp.oath import TOTP
from iwerk.medewerkers.demo import DEMO_TOTP_KEY, DEMO_WACHTWOORD

def sign_in(username):
    client = Client()
    client.post("/werkplek/inloggen/", {{"username": username, "password": DEMO_WACHTWOORD}})
    assert client.post("/werkplek/inloggen/code/", {{"code": f"{{TOTP(DEMO_TOTP_KEY).token():06d}}"}}).status_code == 302
    return client

teamleider = sign_in("pjansen")
time.sleep(31)  # one TOTP step: the next sign-in needs a fresh code
manager = sign_in("tbos")
scenarios = [
    ("werkvoorraad page (mijn team)", teamleider, "/werkplek/?tab=team", False),
    ("dashboard (figure cache cold)", manager, "/werkplek/sturing/", True),
]
results = []
for name, client, url, cold in scenarios:
    for _ in range(3):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range({requests}):
        if cold:
            cache.clear()
        started = time.perf_counter()
        assert client.get(url).status_code == 200, url
        times.append(time.perf_counter() - started)
    times.sort()
    results.append({{"scenario": name, "requests": len(times), "rps": None,
                    "p50_ms": round(statistics.median(times) * 1000, 2),
                    "p99_ms": round(times[max(0, int(len(times) * 0.99) - 1)] * 1000, 2), "errors": 0}})
print(json.dumps(results))
"""


COUNT = "import django; django.setup()\nfrom iwerk.zaken.models import Zaak\nprint(Zaak.objects.count())"


def grow(demo: DemoDatabase, size: int, postgres: bool, base: int = BASE) -> dict:
    """Top the installation up to size zaken (and size/20 documents), then analyse and rebuild."""
    started = time.perf_counter()
    count = int(demo.step(COUNT))
    if count < size and (not postgres or count < base):
        demo.step("import json\n" + SEED.format(target=size if not postgres else min(size, base)))
        demo.step("import json\n" + ASSIGN)
        count = int(demo.step(COUNT))
    while postgres and count < size:  # at most doubling per copy
        done = json.loads(demo.step(CLONE.format(n=min(count, size - count))).splitlines()[-1])
        count = done["zaken"]
        print(f"  copied up to {count} zaken in {done['seconds']} s", flush=True)
    demo.step("import json\n" + SEED_REGISTERS.format(documenten=size // 20, besluiten=0))
    seeded = time.perf_counter() - started
    prepared = json.loads(demo.step(PREPARE).splitlines()[-1])
    return {"zaken": count, "seed_s": round(seeded, 1), **prepared}


def measure_api(demo: DemoDatabase, seconds: float, clients: int) -> list[dict]:
    port = int(demo.env["IWERK_PORT"])
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "iwerk.cli", "serve", "--log-level", "warning"],
        env=demo.env, cwd=ROOT,
    )  # fmt: skip
    headers = {"Authorization": f"Bearer {token()}", "Accept-Crs": "EPSG:4326"}
    try:
        wait_healthy(port)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.request("GET", "/zaken/api/v1/zaken", headers=headers)
        first = json.loads(conn.getresponse().read())
        zaak = first["results"][0]
        bron, zaaktype = zaak["bronorganisatie"], zaak["zaaktype"]
        filtered = f"/zaken/api/v1/zaken?bronorganisatie={bron}&zaaktype={zaaktype}"
        reads = [r["url"].split(str(port), 1)[1] for r in first["results"][:50]]
        uuids = [r["uuid"] for r in first["results"]]
        conn.request(
            "GET",
            f"/documenten/api/v1/enkelvoudiginformatieobjecten?bronorganisatie={bron}",
            headers=headers,
        )
        iot = json.loads(conn.getresponse().read())["results"][0]["informatieobjecttype"]
        create = {"bronorganisatie": bron, "verantwoordelijkeOrganisatie": bron, "zaaktype": zaaktype,
                  "startdatum": "2026-11-29", "omschrijving": "Groeimeting: nieuwe aanvraag"}  # fmt: skip
        document = {"bronorganisatie": bron, "creatiedatum": "2026-11-29", "titel": "Groeimeting",
                    "auteur": "Bench", "taal": "dut", "formaat": "text/plain", "bestandsnaam": "brief.txt",
                    "inhoud": "R2VhY2h0ZSBoZWVyLCBtZXZyb3V3LA==", "informatieobjecttype": iot}  # fmt: skip
        zoek = [{"uuid__in": uuids[i : i + 20]} for i in range(0, len(uuids), 20)]
        run(port, "warm-up", [filtered, *reads], 3, clients)
        return [
            run(port, "zaken list (filtered, page 1)", [filtered], seconds, clients),
            run(port, "zaak read", reads, seconds, clients),
            run_post(port, "zaak create", "/zaken/api/v1/zaken", [create], seconds, clients),
            run_post(port, "zaken _zoek", "/zaken/api/v1/zaken/_zoek", zoek, seconds, clients),
            run_post(
                port,
                "document create",
                "/documenten/api/v1/enkelvoudiginformatieobjecten",
                [document],
                seconds,
                clients,
            ),  # fmt: skip
        ]
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000,10000000")
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--requests", type=int, default=40, help="per in-process page")
    parser.add_argument("--data-dir", help="reuse (and grow) a seeded data folder")
    parser.add_argument("--base", type=int, default=BASE, help="zaken seeded through the ORM")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument(
        "--measure-only", action="store_true", help="measure a grown --data-dir again, no seeding"
    )
    parser.add_argument(
        "--api-only",
        action="store_true",
        help="only the HTTP scenarios, not the two pages; printed, not recorded",
    )
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    demo = DemoDatabase.prepare(args.data_dir, "iwerk-growth-")
    postgres = demo.database == "PostgreSQL"
    args.results.mkdir(exist_ok=True)
    path = args.results / f"growth-{demo.database.lower()}.json"
    stored = json.loads(path.read_text()) if path.exists() else {}
    for size in (int(s) for s in args.sizes.split(",")):
        if size > 1_000_000 and not postgres:
            print(f"skipping {size}: beyond 1,000,000 zaken only on PostgreSQL", flush=True)
            continue
        if args.measure_only:  # the same data, measured again (e.g. after a code change)
            prepared = stored.get(str(size), {}).get("prepared") or {"zaken": int(demo.step(COUNT))}
        else:
            prepared = grow(demo, size, postgres, args.base)
        print(f"{size}: {prepared}", flush=True)
        results = measure_api(demo, args.seconds, args.clients)
        if not args.api_only:
            results += json.loads(demo.step(PAGES.format(requests=args.requests)).splitlines()[-1])
        for r in results:
            print(
                f"  {r['scenario']:<34} {r['rps'] or '':>8} req/s  p50 {r['p50_ms']:>8} ms  p99 {r['p99_ms']:>8} ms  errors {r['errors']}",
                flush=True,
            )
        if args.api_only:  # a partial run: kept out of the record the table and plot come from
            continue
        stored[str(size)] = {"measured": f"{datetime.now(UTC):%Y-%m-%d}", "machine": machine(demo),
                             "prepared": prepared, "results": results}  # fmt: skip
        path.write_text(json.dumps(stored, indent=1))
    if args.write:
        write(demo.database)


def machine(demo: DemoDatabase) -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {demo.database}"


def write(database: str | None = None) -> None:
    """The growth table (every engine measured) into docs/performance.md, the plot beside it."""
    try:  # the plot only: a tool of this benchmark, no dependency of iwerk (ADR 0035)
        import matplotlib
    except ImportError:
        raise SystemExit("--write draws the plot with matplotlib: pip install matplotlib") from None
    matplotlib.use("Agg")
    from matplotlib import pyplot

    engines = {
        p.stem.split("-", 1)[1]: json.loads(p.read_text())
        for p in sorted(RESULTS.glob("growth-*.json"))
    }
    figure, axes = pyplot.subplots(1, len(engines), figsize=(9 * len(engines), 4.5), squeeze=False)
    blocks = []
    for ax, (engine, stored) in zip(axes[0], engines.items(), strict=True):
        sizes = sorted(stored, key=int)
        scenarios = [r["scenario"] for r in stored[sizes[0]]["results"]]
        for scenario in scenarios:
            points = [
                (int(s), r["p99_ms"])
                for s in sizes
                for r in stored[s]["results"]
                if r["scenario"] == scenario
            ]
            ax.plot(*zip(*points, strict=True), marker="o", label=scenario)
        # The targets of the issue, so the distance to them shows as well as the slope.
        ax.axhline(150, linestyle="--", color="grey", linewidth=1, label="target: zaken list p99")
        ax.axhline(30, linestyle=":", color="grey", linewidth=1, label="target: zaak read p99")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_ylim(1, 400)
        ax.set_xlabel("zaken in the database")
        ax.set_ylabel("p99 latency (ms)")
        ax.set_title(f"{engine}: {stored[sizes[-1]]['machine'].rsplit(', ', 1)[0]}")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
        header = "| operation | " + " | ".join(f"{int(s):,} zaken" for s in sizes) + " |"
        rows = [header, "| --- |" + " ---: |" * len(sizes)]
        for scenario in scenarios:
            cells = []
            for s in sizes:
                r = next(r for r in stored[s]["results"] if r["scenario"] == scenario)
                cells.append(f"{r['p99_ms']} ms" + (f" · {r['rps']}/s" if r["rps"] else ""))
            rows.append(f"| {scenario} | " + " | ".join(cells) + " |")
        prep = "; ".join(
            f"{int(s):,}: seeded in {stored[s]['prepared']['seed_s']} s, VACUUM/ANALYZE "
            f"{stored[s]['prepared']['analyze_s']} s, Sturing rebuild {stored[s]['prepared']['sturing_rebuild_s']} s"
            for s in sizes
        )  # fmt: skip
        blocks.append(
            f"**{stored[sizes[-1]]['machine']}**, measured {stored[sizes[-1]]['measured']} "
            f"(p99 · requests/s over HTTP; the two pages server time in-process).\n\n"
            + "\n".join(rows)
            + f"\n\nPreparation per size: {prep}."
        )
    figure.tight_layout()
    figure.savefig(ROOT / "docs" / "performance-growth.png", dpi=110)
    write_block("growth", "![p99 per operation against the number of zaken](performance-growth.png)\n\n"
                + "\n\n".join(blocks), heading="Growth curves: 10,000 to 10,000,000 zaken")  # fmt: skip


if __name__ == "__main__":
    main()
