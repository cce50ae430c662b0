"""Load test of the Zaken API on a large case load: seed in bulk, then list/read/create/_zoek through granian.

Usage: python bench/zaken_load.py [--zaken 100000] [--seconds 10] [--clients 2] [--write]
DATABASE_URL selects PostgreSQL; otherwise a fresh SQLite file. Seeding uses bulk inserts (not
the API): zaken across the three demo gemeenten and their zaaktypen, each with two statussen and
an initiator rol. Figures go to docs/performance.md with --write.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalogi_load import ROOT, SECRET, free_port, record, run, token, wait_healthy  # noqa: E402

SEED = """
import time, uuid, random, django
django.setup()
from datetime import date, datetime, timedelta, timezone
from iwerk.catalogi.models import ZaakType
from iwerk.core.models import Gemeente
from iwerk.zaken.models import Zaak, Status, Rol, ZaakIdentificatieReeks
target = {target}
have = Zaak.objects.count()
rng = random.Random(1)
types = list(ZaakType.objects.filter(concept=False).select_related("tenant").prefetch_related("statustypen", "roltypen"))
started = time.perf_counter()
batch = 20000
made = 0
while have + made < target:
    size = min(batch, target - have - made)
    zaken = []
    for i in range(size):
        zt = types[(have + made + i) % len(types)]
        start = date(2020, 1, 1) + timedelta(days=rng.randint(0, 2500))
        zaken.append(Zaak(tenant_id=zt.tenant_id, zaaktype=zt, identificatie=f"BENCH-{{have + made + i:012d}}",
                          bronorganisatie=zt.tenant.rsin, verantwoordelijke_organisatie=zt.tenant.rsin,
                          registratiedatum=start, startdatum=start, vertrouwelijkheidaanduiding=zt.vertrouwelijkheidaanduiding,
                          uiterlijke_einddatum_afdoening=start + timedelta(days=56)))
    Zaak.objects.bulk_create(zaken, batch_size=5000)  # sets primary keys (RETURNING) on both databases
    zaken = [(z.pk, z.zaaktype_id, z.tenant_id, z.startdatum) for z in zaken]
    by_type = {{t.pk: t for t in types}}
    statussen, rollen = [], []
    for pk, zt_id, tenant_id, start in zaken:
        zt = by_type[zt_id]
        sts = sorted(zt.statustypen.all(), key=lambda s: s.volgnummer)[:2]
        moment = datetime(start.year, start.month, start.day, 9, tzinfo=timezone.utc)
        for n, st in enumerate(sts):
            statussen.append(Status(tenant_id=tenant_id, zaak_id=pk, statustype=st, datum_status_gezet=moment + timedelta(days=n)))
        initiator = next(r for r in zt.roltypen.all() if r.omschrijving_generiek == "initiator")
        bsn = f"{{100000000 + pk % 800000000:09d}}"
        rollen.append(Rol(tenant_id=tenant_id, zaak_id=pk, roltype=initiator, betrokkene_type="natuurlijk_persoon",
                          bsn=bsn, betrokkene_identificatie={{"inpBsn": bsn}}))
    Status.objects.bulk_create(statussen, batch_size=5000)
    Rol.objects.bulk_create(rollen, batch_size=5000)
    made += size
print(json.dumps({{"zaken": Zaak.objects.count(), "seconds": round(time.perf_counter() - started, 1)}}))
"""


SEED_REGISTERS = """
import time, random, django
django.setup()
from datetime import date, datetime, timedelta, timezone
from iwerk.besluiten.models import Besluit
from iwerk.catalogi.models import BesluitType, InformatieObjectType
from iwerk.documenten.models import EnkelvoudigInformatieObject, Versie
started = time.perf_counter()
rng = random.Random(2)
iots = list(InformatieObjectType.objects.filter(concept=False).select_related("tenant"))
bts = list(BesluitType.objects.filter(concept=False).select_related("tenant"))
have = EnkelvoudigInformatieObject.objects.count()
while have < {documenten}:
    size = min(20000, {documenten} - have)
    docs = []
    for i in range(size):
        iot = iots[(have + i) % len(iots)]
        docs.append(EnkelvoudigInformatieObject(tenant_id=iot.tenant_id, identificatie=f"BENCH-{{have + i:012d}}",
            bronorganisatie=iot.tenant.rsin, informatieobjecttype=iot, vertrouwelijkheidaanduiding=iot.vertrouwelijkheidaanduiding,
            status="definitief", titel=f"Document {{have + i}}", versie=1))
    EnkelvoudigInformatieObject.objects.bulk_create(docs, batch_size=5000)
    moment = datetime(2025, 1, 1, tzinfo=timezone.utc)
    versies = [Versie(document=d, versie=1, begin_registratie=moment, bestandsomvang=None, gegevens={{
        "identificatie": d.identificatie, "bronorganisatie": d.bronorganisatie, "creatiedatum": "2025-01-01",
        "titel": d.titel, "vertrouwelijkheidaanduiding": d.vertrouwelijkheidaanduiding, "auteur": "Bench",
        "status": "definitief", "taal": "dut", "informatieobjecttype": str(d.informatieobjecttype.uuid)}}) for d in docs]
    Versie.objects.bulk_create(versies, batch_size=5000)
    for d, v in zip(docs, versies):
        d.huidige_versie_id = v.pk
    EnkelvoudigInformatieObject.objects.bulk_update(docs, ["huidige_versie"], batch_size=5000)
    have += size
have = Besluit.objects.count()
while have < {besluiten}:
    size = min(20000, {besluiten} - have)
    rows = []
    for i in range(size):
        bt = bts[(have + i) % len(bts)]
        day = date(2020, 1, 1) + timedelta(days=rng.randint(0, 2000))
        rows.append(Besluit(tenant_id=bt.tenant_id, besluittype=bt, identificatie=f"BENCH-{{have + i:012d}}",
            verantwoordelijke_organisatie=bt.tenant.rsin, datum=day, ingangsdatum=day))
    Besluit.objects.bulk_create(rows, batch_size=5000)
    have += size
print(json.dumps({{"documenten": EnkelvoudigInformatieObject.objects.count(), "besluiten": Besluit.objects.count(),
                   "seconds": round(time.perf_counter() - started, 1)}}))
"""


def post_worker(port: int, path: str, bodies: list[dict], seconds: float, queue) -> None:
    """POST bodies in turn (zaak create, _zoek); 200 and 201 count as success."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {
        "Authorization": f"Bearer {token()}",
        "Content-Type": "application/json",
        "Accept-Crs": "EPSG:4326",
        "Content-Crs": "EPSG:4326",
    }
    latencies, errors, i = [], 0, 0
    payloads = [json.dumps(b) for b in bodies]
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        start = time.perf_counter()
        conn.request("POST", path, payloads[i % len(payloads)], headers)
        i += 1
        response = conn.getresponse()
        response.read()
        latencies.append(time.perf_counter() - start)
        if response.status not in (200, 201):
            errors += 1
    queue.put((latencies, errors))


def run_post(
    port: int, name: str, path: str, bodies: list[dict], seconds: float, clients: int
) -> dict:
    queue = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(target=post_worker, args=(port, path, bodies, seconds, queue))
        for _ in range(clients)
    ]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    latencies = sorted(lat for lats, _ in results for lat in lats)
    count = len(latencies)
    return {
        "scenario": name,
        "requests": count,
        "errors": sum(e for _, e in results),
        "rps": round(count / seconds, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(latencies[int(count * 0.99) - 1] * 1000, 2),
    }


def _register_scenarios(port: int, headers: dict, conn, bron: str, args) -> list[dict]:
    """Documenten and Besluiten on the same database: list (page 1), read, create."""
    import base64

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)  # the first one idled out
    conn.request(
        "GET",
        f"/documenten/api/v1/enkelvoudiginformatieobjecten?bronorganisatie={bron}",
        headers=headers,
    )
    docs = json.loads(conn.getresponse().read())
    conn.request(
        "GET", f"/besluiten/api/v1/besluiten?verantwoordelijkeOrganisatie={bron}", headers=headers
    )
    besluiten = json.loads(conn.getresponse().read())
    doc = docs["results"][0]
    besluit = besluiten["results"][0]
    letter = base64.b64encode(b"Geachte heer, mevrouw,\n\nHierbij ontvangt u ...\n" * 20).decode()
    new_doc = {
        "bronorganisatie": bron,
        "creatiedatum": "2026-11-29",
        "titel": "Benchmark: brief",
        "auteur": "Bench",
        "taal": "dut",
        "formaat": "text/plain",
        "bestandsnaam": "brief.txt",
        "inhoud": letter,
        "informatieobjecttype": doc["informatieobjecttype"],
    }
    new_besluit = {
        "verantwoordelijkeOrganisatie": bron,
        "besluittype": besluit["besluittype"],
        "datum": "2026-11-20",
        "ingangsdatum": "2026-12-01",
    }
    path = lambda url: url.split(str(port), 1)[1]  # noqa: E731
    return [
        run(
            port,
            f"documenten list, by bronorganisatie ({docs['count']}), page 1",
            [f"/documenten/api/v1/enkelvoudiginformatieobjecten?bronorganisatie={bron}"],
            args.seconds,
            args.clients,
        ),
        run(
            port,
            "document read",
            [path(d["url"]) for d in docs["results"][:50]],
            args.seconds,
            args.clients,
        ),
        run_post(
            port,
            "document create (base64, 1 kB)",
            "/documenten/api/v1/enkelvoudiginformatieobjecten",
            [new_doc],
            args.seconds,
            args.clients,
        ),
        run(
            port,
            f"besluiten list, by verantwoordelijkeOrganisatie ({besluiten['count']}), page 1",
            [f"/besluiten/api/v1/besluiten?verantwoordelijkeOrganisatie={bron}"],
            args.seconds,
            args.clients,
        ),
        run(
            port,
            "besluit read",
            [path(b["url"]) for b in besluiten["results"][:50]],
            args.seconds,
            args.clients,
        ),
        run_post(
            port,
            "besluit create",
            "/besluiten/api/v1/besluiten",
            [new_besluit],
            args.seconds,
            args.clients,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--zaken", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--documenten", type=int, default=0)
    parser.add_argument("--besluiten", type=int, default=0)
    parser.add_argument("--data-dir", help="reuse (and top up) a seeded data folder")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    tmp = args.data_dir or tempfile.mkdtemp(prefix="iwerk-zaken-bench-")
    port = free_port()
    env = {
        **os.environ,
        "IWERK_DEMO": "true",
        "IWERK_DATA_DIR": tmp,
        "IWERK_PORT": str(port),
        "IWERK_DEMO_SECRET": SECRET,
        "DJANGO_SETTINGS_MODULE": "iwerk.settings",
        "IWERK_LOG_LEVEL": "WARNING",
        "IWERK_DEMO_ZAKEN_PER_ZAAKTYPE": "0",
    }
    database = "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    python = sys.executable
    subprocess.run([python, "-m", "iwerk.cli", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    if not args.data_dir:  # a reused folder has its demo catalogue already (and many zaken)
        subprocess.run(
            [python, "-m", "iwerk.cli", "load_demo"],
            env=env,
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
    seeded = subprocess.run(
        [python, "-c", "import json\n" + SEED.format(target=args.zaken)],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    print("seeded:", seeded.stdout.strip(), flush=True)
    if args.documenten or args.besluiten:
        extra = subprocess.run(
            [
                python,
                "-c",
                "import json\n"
                + SEED_REGISTERS.format(documenten=args.documenten, besluiten=args.besluiten),
            ],
            env=env,
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        print("seeded:", extra.stdout.strip(), flush=True)
    # Fresh statistics and visibility map, as an operator runs after a bulk import (autovacuum
    # would, later): without them PostgreSQL planned the relations query of a 100-zaak page at
    # 678 ms instead of 8 ms, and index-only scans still visited the table.
    subprocess.run(
        [
            python,
            "-c",
            "import django; django.setup()\n"
            "from django.db import connection\n"
            "pg = connection.vendor == 'postgresql'\n"
            # VACUUM also sets the visibility map that index-only scans (deep pages) rely on.
            "connection.cursor().execute('VACUUM ANALYZE' if pg else 'ANALYZE')",
        ],
        env=env,
        check=True,
        cwd=ROOT,
    )
    server = subprocess.Popen(
        [python, "-m", "iwerk.cli", "serve", "--log-level", "warning"], env=env, cwd=ROOT
    )
    headers = {
        "Authorization": f"Bearer {token()}",
        "Accept-Crs": "EPSG:4326",
        "Content-Crs": "EPSG:4326",
    }
    try:
        wait_healthy(port, tries=100)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.request("GET", "/zaken/api/v1/zaken", headers=headers)
        first = json.loads(conn.getresponse().read())
        zaaktype = first["results"][0]["zaaktype"]
        bron = first["results"][0]["bronorganisatie"]
        filtered = f"/zaken/api/v1/zaken?bronorganisatie={bron}&zaaktype={zaaktype}"
        conn.request("GET", filtered, headers=headers)
        matching = json.loads(conn.getresponse().read())["count"]
        reads = [r["url"].split(str(port), 1)[1] for r in first["results"][:50]]
        uuids = [r["uuid"] for r in first["results"]]
        deep = max(1, matching // 100 // 2)
        create = {
            "bronorganisatie": bron,
            "verantwoordelijkeOrganisatie": bron,
            "zaaktype": zaaktype,
            "startdatum": "2026-11-29",
            "omschrijving": "Benchmark: nieuwe aanvraag",
        }
        zoek = [{"uuid__in": uuids[i : i + 20]} for i in range(0, len(uuids), 20)] + [
            {"bronorganisatie": bron, "zaaktype": zaaktype, "startdatum__gte": "2025-01-01"}
        ]
        # Untimed warm-up: fresh server processes, their caches and the database's pages.
        run(port, "warm-up", [filtered, f"{filtered}&page={deep}", *reads], 3, args.clients)
        results = [
            run(
                port,
                f"zaken list, 100/page, by bronorganisatie+zaaktype ({matching}), page 1",
                [filtered],
                args.seconds,
                args.clients,
            ),
            run(
                port,
                f"zaken list, same filter, deep page {deep}",
                [f"{filtered}&page={deep}"],
                args.seconds,
                args.clients,
            ),
            run(port, "zaak read", reads, args.seconds, args.clients),
            run(port, "zaken API root", ["/zaken/api/v1/"], args.seconds, args.clients),
            run_post(
                port,
                "zaken _zoek (uuid__in of 20, or filters)",
                "/zaken/api/v1/zaken/_zoek",
                zoek,
                args.seconds,
                args.clients,
            ),
            run_post(
                port, "zaak create", "/zaken/api/v1/zaken", [create], args.seconds, args.clients
            ),
        ]
        if args.documenten or args.besluiten:
            results += _register_scenarios(port, headers, conn, bron, args)
    finally:
        server.terminate()
        server.wait(timeout=10)
    machine = f"x86_64, {os.cpu_count()} cores, Python {sys.version.split()[0]}, {database}"
    count = first["count"] + sum(r["requests"] for r in results if r["scenario"] == "zaak create")
    print(f"# {machine}; {count} zaken")
    for r in results:
        print(
            f"{r['scenario']:<62} {r['rps']:>8} req/s  p50 {r['p50_ms']:>8} ms  p99 {r['p99_ms']:>8} ms  errors {r['errors']}"
        )
    if args.write:
        record(results, machine, count, args, name="zaken", unit="zaken")


if __name__ == "__main__":
    main()
