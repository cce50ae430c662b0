"""Sturing on a large case load: the refresh job (full and incremental) and the dashboard's
server time.

Usage: python bench/sturing_dashboard.py [--zaken 1000000] [--requests 60] [--data-dir DIR] [--write]
Seeds the three demo gemeenten with zaken over five years (94% closed, some opgeschort, every
channel, behandelaars from the demo staff), rebuilds the Sturing figures once (timed), changes
1,000 and 10,000 zaken through the ORM (publishing ZaakGewijzigd, as the services do) and times the
incremental refresh, then signs in as Deventer's management user and times each dashboard page
in-process with Django's test client, with the figure cache cleared before every request (a
process's first view: the default views read what the worker prepared, other filters compute)
and warm. DATABASE_URL selects PostgreSQL. Figures go to
docs/performance.md with --write.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalogi_load import DemoDatabase, write_block  # noqa: E402

SEED = """
import json, time, random, django
django.setup()
from datetime import date, timedelta
from django.db import connection
from iwerk.catalogi.models import ZaakType
from iwerk.referentielijsten.selectors import communicatiekanaal_url
from iwerk.medewerkers.demo import behandelaars
from iwerk.zaken.models import Zaak
target = {target}
have = Zaak.objects.count()
rng = random.Random(11)
types = list(ZaakType.objects.filter(concept=False).select_related("tenant"))
staff = {{slug: [u for u, _, _ in behandelaars(slug)] + [""] for slug in ("deventer", "olst-wijhe", "raalte")}}
kanalen = [communicatiekanaal_url(n) for n in ("Internet", "Internet", "E-mail", "Telefoon", "Balie", "Post")]
today = date.today()
started = time.perf_counter()
made = 0
while have + made < target:
    size = min(20000, target - have - made)
    zaken = []
    for i in range(size):
        zt = types[rng.randrange(len(types))]
        start = today - timedelta(days=rng.randint(0, 5 * 365))
        closed = rng.random() < 0.94
        eind = start + timedelta(days=rng.randint(2, 100)) if closed else None
        if eind and eind > today:
            eind = None
        suspended = eind is None and rng.random() < 0.05
        zaken.append(Zaak(
            tenant_id=zt.tenant_id, zaaktype=zt, identificatie=f"STUR-{{have + made + i:012d}}",
            bronorganisatie=zt.tenant.rsin, verantwoordelijke_organisatie=zt.tenant.rsin,
            registratiedatum=start, startdatum=start, einddatum=eind,
            vertrouwelijkheidaanduiding=zt.vertrouwelijkheidaanduiding,
            einddatum_gepland=start + timedelta(days=42),
            uiterlijke_einddatum_afdoening=start + timedelta(days=56),
            communicatiekanaal=rng.choice(kanalen), behandelaar=rng.choice(staff[zt.tenant.slug]),
            opschorting_indicatie=suspended, opgeschort_sinds=today - timedelta(days=5) if suspended else None,
            opgeschorte_dagen=rng.choice([0, 0, 0, 0, 14]) if eind else 0,
            archiefnominatie="vernietigen" if eind else "",
        ))
    Zaak.objects.bulk_create(zaken, batch_size=5000)
    made += size
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
print(json.dumps({{"zaken": Zaak.objects.count(), "open": Zaak.objects.filter(einddatum__isnull=True).count(),
                  "seconds": round(time.perf_counter() - started, 1)}}))
"""

REFRESH = """
import json, time, random, django
django.setup()
from datetime import date, timedelta
from django.db import connection
from iwerk.core import gebeurtenissen
from iwerk.zaken.gebeurtenissen import ZaakGewijzigd
from iwerk.sturing.models import Dagcijfer, Doorlooptijdtelling, Openstand, Zaakfeit
from iwerk.sturing.services.verversen import herberekenen, verversen
from iwerk.zaken.models import Zaak
result = {{}}
started = time.perf_counter()
herberekenen()
result["full_rebuild_s"] = round(time.perf_counter() - started, 1)
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
result["rows"] = {{"zaakfeit": Zaakfeit.objects.count(), "dagcijfer": Dagcijfer.objects.count(),
                  "doorlooptijdtelling": Doorlooptijdtelling.objects.count(), "openstand": Openstand.objects.count()}}
rng = random.Random(5)
top = Zaak.objects.order_by("-pk").values_list("pk", flat=True)[:1][0]
today = date.today()
for n in (100, 1000, 10000):
    ids = [rng.randint(1, top) for _ in range(n)]
    for zaak in Zaak.objects.filter(pk__in=ids):
        if zaak.einddatum:
            zaak.einddatum = None  # reopened
        else:
            zaak.einddatum = today
        zaak.behandelaar = ""
        zaak.save(update_fields=["einddatum", "behandelaar"])
        gebeurtenissen.publiceer(ZaakGewijzigd(zaak.pk))  # the Sturing queue, as a service would
    started = time.perf_counter()
    verwerkt = verversen()
    result[f"incremental_{{n}}"] = {{"zaken": verwerkt, "ms": round((time.perf_counter() - started) * 1000)}}
print(json.dumps(result))
"""

MEASURE = """
import json, random, statistics, time, django
django.setup()
from django.core.cache import cache
from django.test import Client
from django_otp.oath import TOTP
from iwerk.core.models import Gemeente
from iwerk.medewerkers.demo import DEMO_TOTP_KEY, DEMO_WACHTWOORD
from iwerk.medewerkers.models import Team

def sign_in(username, gemeente=None):
    client = Client()
    client.post("/werkplek/inloggen/", {{"username": username, "password": DEMO_WACHTWOORD}})
    assert client.post("/werkplek/inloggen/code/", {{"code": f"{{TOTP(DEMO_TOTP_KEY).token():06d}}"}}).status_code == 302
    if gemeente:
        client.post("/werkplek/gemeente/", {{"gemeente": gemeente.pk}})
    return client

from iwerk.sturing.services.dashboardstand import voorbereiden
voorbereiden()  # what the worker does after each refresh: the first views are prepared
tbos = sign_in("tbos")
time.sleep(31)  # one TOTP step: the next sign-in needs a fresh code
stuurgroep = sign_in("manager", Gemeente.objects.get(slug="deventer"))
team = Team.objects.filter(gemeente__slug="deventer").order_by("pk").first()
year = time.localtime().tm_year
scenarios = {{
    "dashboard: default (12 months)": (tbos, "/werkplek/sturing/"),
    "dashboard: zaaktype Wmo": (tbos, "/werkplek/sturing/?zaaktype=WMO-MAATWERK"),
    "dashboard: team": (tbos, f"/werkplek/sturing/?team={{team.pk}}"),
    "dashboard: year": (tbos, f"/werkplek/sturing/?periode={{year - 1}}"),
    "dashboard: all gemeenten (stuurgroep)": (stuurgroep, "/werkplek/sturing/?gemeente=alle"),
    "drill-down: overdue, Wmo": (tbos, "/werkplek/sturing/zaken/?zaaktype=WMO-MAATWERK&soort=overschreden"),
    "export: all tables XLSX": (tbos, "/werkplek/sturing/export/alles.xlsx"),
    "costs page": (tbos, f"/werkplek/sturing/kosten/?jaar={{year - 1}}"),
}}
results = []
for name, (client, url) in scenarios.items():
    assert client.get(url).status_code == 200, url
    for warm in (False, True):
        times = []
        for _ in range({requests}):
            if not warm:
                cache.clear()  # sessions live in the database: only the figures are dropped
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, url
        times.sort()
        results.append({{"scenario": name + (" (cached)" if warm else ""), "requests": len(times),
                        "p50_ms": round(statistics.median(times) * 1000, 1),
                        "p99_ms": round(times[max(0, int(len(times) * 0.99) - 1)] * 1000, 1)}})
print(json.dumps(results))
"""


def record(results: list[dict], refresh: dict, machine: str, count: int, open_: int) -> None:
    rows = "\n".join(
        f"| {r['scenario']} | {r['requests']} | {r['p50_ms']} | {r['p99_ms']} |" for r in results
    )
    incr = "; ".join(
        f"{k.split('_')[1]} changed zaken → {v['ms']} ms"
        for k, v in refresh.items()
        if k.startswith("incremental_")
    )
    write_block(
        f"sturing-bench {machine.split(', ')[-1]}",
        f"**{machine}** — {count} zaken ({open_} open), measured "
        f"{datetime.now(UTC):%Y-%m-%d} with `python bench/sturing_dashboard.py --zaken {count}`.\n\n"
        f"Refresh job: full rebuild {refresh['full_rebuild_s']} s "
        f"(rows: {', '.join(f'{k} {v}' for k, v in refresh['rows'].items())}); "
        f"incremental: {incr}.\n\n"
        "| page | requests | p50 ms | p99 ms |\n| --- | ---: | ---: | ---: |\n"
        f"{rows}",
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--zaken", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--data-dir", help="reuse (and top up) a seeded data folder")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    demo = DemoDatabase.prepare(args.data_dir, "iwerk-sturing-bench-")
    step, database = demo.step, demo.database
    seeded = json.loads(step(SEED.format(target=args.zaken)).splitlines()[-1])
    print("seeded:", seeded, flush=True)
    refresh = json.loads(step(REFRESH.format()).splitlines()[-1])
    print("refresh:", refresh, flush=True)
    results = json.loads(step(MEASURE.format(requests=args.requests)).splitlines()[-1])
    for r in results:
        print(f"{r['scenario']:<50} p50 {r['p50_ms']:>8} ms  p99 {r['p99_ms']:>8} ms", flush=True)
    if args.write:
        record(
            results, refresh, f"{os.cpu_count()} cores, {database}", seeded["zaken"], seeded["open"]
        )


if __name__ == "__main__":
    main()
