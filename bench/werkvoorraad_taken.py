"""Server time of the werkvoorraad with team queues and task counts, and of the task list, on a
large case load: 1,000,000 zaken and 2,000,000 tasks (issue 29).

Usage: python bench/werkvoorraad_taken.py [--zaken 1000000] [--requests 200] [--data-dir DIR] [--write]
Seeds like bench/werkplek_pages.py (bulk zaken over the three demo gemeenten, a third with a
behandelaar from the demo staff), then puts every zaak in a team queue of its gemeente (a zaak
with a behandelaar in that person's team; of the others one in four stays in the intake) and gives
every zaak two tasks: one for its behandelaar (else its team) and one for its team; half of all
tasks are open, with deadlines spread over two months around today. It signs in as the Deventer
teamleider (password + TOTP) and times each page in-process with Django's test client: request to
rendered response, without network or browser. Target: p99 < 100 ms. Figures go to
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
from werkplek_pages import ASSIGN, SIGN_IN  # noqa: E402
from zaken_load import SEED  # noqa: E402

TEAMS_AND_TASKS = """
import json, time, uuid, django
django.setup()
from datetime import timedelta
from django.db import connection
from django.utils import timezone
from iwerk.medewerkers.models import Roltoewijzing, Team
from iwerk.werkverdeling.models import Taak
from iwerk.zaken.models import Zaak

started = time.perf_counter()
if Taak.objects.filter(titel__startswith="BENCH").exists():
    print(json.dumps({"taken": Taak.objects.count(), "reused": True}))
    raise SystemExit
teams = {}
for team_id, gemeente_id in Team.objects.values_list("pk", "gemeente_id").order_by("pk"):
    teams.setdefault(gemeente_id, []).append(team_id)
team_of = {}
for username, gemeente_id, team_id in Roltoewijzing.objects.filter(team__isnull=False).values_list(
    "gebruiker__username", "gemeente_id", "team_id"
):
    team_of.setdefault((gemeente_id, username), team_id)
today = timezone.localdate()
now = timezone.now()
rows, updates, made = [], {}, 0
query = Zaak.objects.filter(identificatie__startswith="BENCH-").values_list("pk", "tenant_id", "behandelaar")
for pk, tenant_id, behandelaar in query.iterator(chunk_size=20000):
    own = teams.get(tenant_id) or [None]
    if behandelaar:
        team = team_of.get((tenant_id, behandelaar), own[pk % len(own)])
    else:
        team = None if pk % 4 == 0 else own[pk % len(own)]
    if team is not None:
        updates.setdefault(team, []).append(pk)
    for n in (0, 1):
        is_open = (pk + n) % 2 == 0
        rows.append(Taak(
            uuid=uuid.uuid4(), tenant_id=tenant_id, zaak_id=pk, titel=f"BENCH taak {n + 1}",
            medewerker=behandelaar if n == 0 else "", team_id=None if (n == 0 and behandelaar) else team,
            deadline=today + timedelta(days=(pk * 7 + n) % 60 - 30),
            status="open" if is_open else "afgerond", aangemaakt_op=now, verplicht=n == 0,
        ))
    if len(rows) >= 20000:
        Taak.objects.bulk_create(rows, batch_size=5000)
        made += len(rows)
        rows = []
Taak.objects.bulk_create(rows, batch_size=5000)
made += len(rows)
for team, pks in updates.items():
    for start in range(0, len(pks), 20000):
        Zaak.objects.filter(pk__in=pks[start:start + 20000]).update(team_id=team)
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
print(json.dumps({"taken": made, "seconds": round(time.perf_counter() - started, 1)}))
"""

MEASURE = """
import json, random, statistics, time
from iwerk.core.models import Gemeente
from iwerk.zaken.models import Zaak

deventer = Gemeente.objects.get(slug="deventer")
rng = random.Random(3)
top = Zaak.objects.filter(tenant=deventer).order_by("-pk").values_list("pk", flat=True)[:1][0]
sample = list(Zaak.objects.filter(tenant=deventer, pk__in=[rng.randint(1, top) for _ in range(3000)],
              vertrouwelijkheidaanduiding__in=["openbaar", "beperkt_openbaar", "intern", "zaakvertrouwelijk"]
              ).values_list("uuid", flat=True)[:{requests}])
scenarios = {{
    "werkvoorraad: mijn zaken, met taken": ["/werkplek/?tab=mijn"],
    "werkvoorraad: mijn teams (teamwachtrij)": ["/werkplek/?tab=team"],
    "werkvoorraad: intake": ["/werkplek/?tab=intake"],
    "werkvoorraad: alle, pagina 20": ["/werkplek/?tab=alle&pagina=20"],
    "taken: mijn taken": ["/werkplek/taken/"],
    "taken: mijn teams": ["/werkplek/taken/?tab=team"],
    "werklast (teamleider)": ["/werkplek/werklast/"],
    "zaak page with tasks": [f"/werkplek/zaken/{{u}}/" for u in sample],
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

COUNTS = """
import json, django
django.setup()
from iwerk.werkverdeling.models import Taak
from iwerk.zaken.models import Zaak
print(json.dumps({"zaken": Zaak.objects.count(), "taken": Taak.objects.count(),
                  "open": Taak.objects.filter(status="open").count()}))
"""


def record(results: list[dict], machine: str, counts: dict) -> None:
    rows = "\n".join(
        f"| {r['scenario']} | {r['requests']} | {r['p50_ms']} | {r['p99_ms']} |" for r in results
    )
    write_block(
        f"werkvoorraad-taken-bench {machine.split(', ')[-1]}",
        f"**{machine}** — {counts['zaken']} zaken, {counts['taken']} tasks ({counts['open']} open), "
        f"server time in-process, measured {datetime.now(UTC):%Y-%m-%d}.\n\n"
        "| page | requests | p50 ms | p99 ms |\n| --- | ---: | ---: | ---: |\n" + rows,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--zaken", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--data-dir", help="reuse (and top up) a seeded data folder")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    demo = DemoDatabase.prepare(args.data_dir, "iwerk-taken-bench-")
    step, database = demo.step, demo.database
    print("seeded:", step("import json\n" + SEED.format(target=args.zaken)), flush=True)
    print("werkplek:", step("import json\n" + ASSIGN), flush=True)
    print("teams and tasks:", step(TEAMS_AND_TASKS), flush=True)
    results = json.loads(step(SIGN_IN + MEASURE.format(requests=args.requests)).splitlines()[-1])
    counts = json.loads(step(COUNTS))
    for r in results:
        print(f"{r['scenario']:<45} p50 {r['p50_ms']:>7} ms  p99 {r['p99_ms']:>7} ms", flush=True)
    if args.write:
        record(results, f"{os.cpu_count()} cores, {database}", counts)


if __name__ == "__main__":
    main()
