"""Server time of werkplek pages on a large case load: werkvoorraad, zaak page and search.

Usage: python bench/werkplek_pages.py [--zaken 1000000] [--requests 200] [--data-dir DIR] [--write]
Seeds like bench/zaken_load.py (bulk, three demo gemeenten), gives a third of the zaken a
behandelaar from the demo staff and fills the search index, then signs in as a Deventer
teamleider (password + TOTP) and times each page in-process with Django's test client: the
time from request to rendered response, without network or browser. Figures go to
docs/performance.md with --write. DATABASE_URL selects PostgreSQL.
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
from zaken_load import SEED  # noqa: E402

ASSIGN = """
import time, uuid, django
django.setup()
from django.db import connection
from iwerk.catalogi.models import RolType
from iwerk.zaken.models import Rol, Zaak, ZaakZoektekst
from iwerk.medewerkers.demo import behandelaars
started = time.perf_counter()
staff = {slug: behandelaars(slug) for slug in ("deventer", "olst-wijhe", "raalte")}
roltypen = dict(RolType.objects.filter(omschrijving_generiek="behandelaar").values_list("zaaktype_id", "pk"))
assigned = set(Rol.objects.filter(betrokkene_type="medewerker").values_list("zaak_id", flat=True))
rows = []
for pk, zaaktype_id, slug in Zaak.objects.filter(identificatie__startswith="BENCH-").values_list("pk", "zaaktype_id", "tenant__slug").iterator(chunk_size=20000):
    if pk % 3 or pk in assigned or zaaktype_id not in roltypen:
        continue
    username, voorletters, achternaam = staff[slug][pk % len(staff[slug])]
    rows.append(Rol(tenant_id=None, zaak_id=pk, roltype_id=roltypen[zaaktype_id], betrokkene_type="medewerker",
                    medewerker_identificatie=username, betrokkene_identificatie={"identificatie": username,
                    "achternaam": achternaam, "voorletters": voorletters}))
for start in range(0, len(rows), 20000):
    chunk = rows[start:start + 20000]
    ids = [r.zaak_id for r in chunk]
    tenant = dict(Zaak.objects.filter(pk__in=ids).values_list("pk", "tenant_id"))
    for r in chunk:
        r.tenant_id = tenant[r.zaak_id]
    Rol.objects.bulk_create(chunk, batch_size=5000)
from iwerk.zaken.services.rol import refresh_behandelaar
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")  # fresh statistics after the bulk insert, as autovacuum would give
refresh_behandelaar()
from iwerk.zaken.services.status import refresh_huidige_status
refresh_huidige_status()
with connection.cursor() as cursor:
    cursor.execute(
        "INSERT INTO zaken_zaakzoektekst (zaak_id, tekst) "
        "SELECT z.id, z.identificatie || ' ' || t.omschrijving FROM zaken_zaak z "
        "JOIN catalogi_zaaktype t ON t.id = z.zaaktype_id "
        "WHERE NOT EXISTS (SELECT 1 FROM zaken_zaakzoektekst s WHERE s.zaak_id = z.id)"
    )
    cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
print(json.dumps({"behandelaars": len(rows), "zoekteksten": ZaakZoektekst.objects.count(), "seconds": round(time.perf_counter() - started, 1)}))
"""

# Signs the Deventer teamleider in (password, then TOTP) with Django's test client, `client`;
# its session lives in the database, so a served iwerk accepts its cookie too (bench/operaties.py).
SIGN_IN = """
import django
django.setup()
from django.test import Client
from django_otp.oath import TOTP
from iwerk.medewerkers.demo import DEMO_TOTP_KEY, DEMO_WACHTWOORD

client = Client()
client.post("/werkplek/inloggen/", {"username": "pjansen", "password": DEMO_WACHTWOORD})
assert client.post("/werkplek/inloggen/code/", {"code": f"{TOTP(DEMO_TOTP_KEY).token():06d}"}).status_code == 302
"""

MEASURE = """
import json, random, statistics, time
from iwerk.catalogi.models import ZaakType
from iwerk.core.models import Gemeente
from iwerk.zaken.models import Rol, Zaak

deventer = Gemeente.objects.get(slug="deventer")
zaaktype = ZaakType.objects.filter(tenant=deventer, concept=False).order_by("pk").first()
rng = random.Random(3)
top = Zaak.objects.filter(tenant=deventer).order_by("-pk").values_list("pk", flat=True)[:1][0]
sample = list(Zaak.objects.filter(tenant=deventer, pk__in=[rng.randint(1, top) for _ in range(3000)],
              vertrouwelijkheidaanduiding__in=["openbaar", "beperkt_openbaar", "intern", "zaakvertrouwelijk", "vertrouwelijk", "confidentieel", "geheim"]).values_list("uuid", flat=True)[:{requests}])
bsn = Rol.objects.filter(zaak__tenant=deventer, bsn__gt="").order_by("-pk").values_list("bsn", flat=True)[:1][0]
ident = Zaak.objects.filter(tenant=deventer).order_by("pk").values_list("identificatie", flat=True)[:1][0]
from iwerk.catalogi.models import StatusType
status = StatusType.objects.filter(zaaktype=zaaktype, volgnummer=2).values_list("omschrijving", flat=True)[:1][0]
scenarios = {{
    "werkvoorraad: mijn zaken": ["/werkplek/?tab=mijn"],
    "werkvoorraad: mijn team": ["/werkplek/?tab=team"],
    "werkvoorraad: niet toegewezen": ["/werkplek/?tab=vrij"],
    "werkvoorraad: alle, termijn overschreden": ["/werkplek/?tab=alle&termijn=overschreden"],
    "werkvoorraad: alle, zaaktype, nieuwste eerst": [f"/werkplek/?tab=alle&zaaktype={{zaaktype.pk}}&sort=-start"],
    "werkvoorraad: alle, pagina 20": ["/werkplek/?tab=alle&pagina=20"],
    "werkvoorraad: alle, huidige status": [f"/werkplek/?tab=alle&status={{status}}"],
    "zaak page": [f"/werkplek/zaken/{{u}}/" for u in sample],
    "zoeken: zaaknummer": [f"/werkplek/zoeken/?q={{ident}}"],
    "zoeken: BSN": [f"/werkplek/zoeken/?q={{bsn}}"],
    "zoeken: woord in omschrijving": ["/werkplek/zoeken/?q=parkeer"],
}}
results = []
for name, urls in scenarios.items():
    for url in urls[:3]:
        assert client.get(url).status_code == 200, url  # warm caches and check
    times = []
    for i in range({requests}):
        url = urls[i % len(urls)]
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, url
    times.sort()
    results.append({{"scenario": name, "requests": len(times), "p50_ms": round(statistics.median(times) * 1000, 1),
                    "p99_ms": round(times[max(0, int(len(times) * 0.99) - 1)] * 1000, 1)}})
print(json.dumps(results))
"""


def record(results: list[dict], machine: str, count: int) -> None:
    rows = "\n".join(
        f"| {r['scenario']} | {r['requests']} | {r['p50_ms']} | {r['p99_ms']} |" for r in results
    )
    write_block(
        f"werkplek-bench {machine.split(', ')[-1]}",
        f"**{machine}** — {count} zaken, server time in-process, "
        f"measured {datetime.now(UTC):%Y-%m-%d}.\n\n| page | requests | p50 ms | p99 ms |\n"
        f"| --- | ---: | ---: | ---: |\n{rows}",
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--zaken", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--data-dir", help="reuse (and top up) a seeded data folder")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    demo = DemoDatabase.prepare(args.data_dir, "iwerk-werkplek-bench-")
    step, database = demo.step, demo.database
    print("seeded:", step("import json\n" + SEED.format(target=args.zaken)), flush=True)
    print("werkplek:", step("import json\n" + ASSIGN), flush=True)
    results = json.loads(step(SIGN_IN + MEASURE.format(requests=args.requests)).splitlines()[-1])
    count = int(
        step(
            "import django; django.setup()\n"
            "from iwerk.zaken.models import Zaak; print(Zaak.objects.count())"
        )
    )
    for r in results:
        print(f"{r['scenario']:<45} p50 {r['p50_ms']:>7} ms  p99 {r['p99_ms']:>7} ms", flush=True)
    if args.write:
        record(results, f"{os.cpu_count()} cores, {database}", count)


if __name__ == "__main__":
    main()
