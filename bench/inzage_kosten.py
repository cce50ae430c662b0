"""The cost of recording one read (an inzage row) on SQLite and PostgreSQL (ADR 0040).

Usage: python bench/inzage_kosten.py [--reads 1000] [--rounds 5]
DATABASE_URL selects PostgreSQL (give it a database of its own: it is migrated and written to);
otherwise a fresh SQLite file in a temp dir (WAL, synchronous=NORMAL, as iwerk runs it). In one
process, the variants in turn, every round; per read it prints the median over the rounds of the
wall time and of this process's CPU time, and on PostgreSQL the CPU time of the server backend
(from /proc, so the server must run on this machine):

- before: the code before ADR 0040, `Inzage.objects.create` in autocommit: the row is a
  transaction of its own, on PostgreSQL committed with a WAL flush;
- after: `iwerk.core.inzage.vastleggen` as it is now;
- SET LOCAL (PostgreSQL): BEGIN; SET LOCAL synchronous_commit = off; INSERT; COMMIT;
- segment write / segment fdatasync: the log segment ADR 0040 did not choose, a JSON line
  appended to a file with write(), and with write() + fdatasync();
- zaak read: a whole `GET /zaken/api/v1/zaken/{uuid}` through Django's test client (no HTTP
  server), with the recording before and after.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalogi_load import DemoDatabase, token  # noqa: E402


def _backend_cpu(pid: int | None) -> float:
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reads", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data-dir")
    args = parser.parse_args()
    demo = DemoDatabase.prepare(args.data_dir, "iwerk-inzage-")
    os.environ.update(demo.env)
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    from iwerk.catalogi.models import ZaakType
    from iwerk.core import inzage
    from iwerk.core.models import Inzage
    from iwerk.core.testing import zaken
    from iwerk.zaken.models import Zaak

    zaak = Zaak.objects.order_by("pk").first()
    if zaak is None:
        zaak = zaken.zaak(ZaakType.objects.filter(concept=False).order_by("pk").first())
    velden = {
        "tenant_id": zaak.tenant_id, "kanaal": "api", "soort": "zaak",
        "gebruikers_id": "bench", "gebruikers_weergave": "Bench", "applicatie_id": "iwerk-demo",
        "object_uuid": zaak.uuid, "zaak_uuid": zaak.uuid, "omschrijving": zaak.identificatie,
        "vertrouwelijkheidaanduiding": zaak.vertrouwelijkheidaanduiding,
    }  # fmt: skip
    nieuw = inzage.vastleggen

    def voor(**kwargs):  # the code before ADR 0040
        return Inzage.objects.create(wanneer=timezone.now(), **kwargs)

    def set_local(**kwargs):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            return Inzage.objects.create(wanneer=timezone.now(), **kwargs)

    segment = os.open(
        Path(demo.env["IWERK_DATA_DIR"]) / "inzage-segment.jsonl",
        os.O_WRONLY | os.O_CREAT | os.O_APPEND,
        0o600,
    )

    def segment_write(**kwargs):
        os.write(segment, orjson.dumps(kwargs, default=str) + b"\n")

    def segment_fdatasync(**kwargs):
        segment_write(**kwargs)
        os.fdatasync(segment)

    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token()}", "HTTP_ACCEPT_CRS": "EPSG:4326"}
    pad = f"/zaken/api/v1/zaken/{zaak.uuid}"

    def zaak_read(recording: Callable) -> Callable[..., None]:
        def read(**_):
            inzage.vastleggen = recording
            try:
                assert client.get(pad, **headers).status_code == 200
            finally:
                inzage.vastleggen = nieuw

        return read

    postgres = connection.vendor == "postgresql"
    varianten: dict[str, Callable] = {"before": voor, "after": inzage.vastleggen}
    if postgres:
        varianten["SET LOCAL"] = set_local
    varianten |= {
        "segment write": segment_write,
        "segment fdatasync": segment_fdatasync,
        "zaak read, before": zaak_read(voor),
        "zaak read, after": zaak_read(nieuw),
    }
    for functie in varianten.values():  # warm up: connections, prepared statements, caches
        for _ in range(20):
            functie(**velden)
    gemeten: dict[str, list[tuple[float, float, float]]] = {naam: [] for naam in varianten}
    for _ in range(args.rounds):
        for naam, functie in varianten.items():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()" if postgres else "SELECT NULL")
                backend = cursor.fetchone()[0]
            wall, cpu, server = time.perf_counter(), time.process_time(), _backend_cpu(backend)
            for _ in range(args.reads):
                functie(**velden)
            gemeten[naam].append(
                (
                    (time.perf_counter() - wall) / args.reads * 1e6,
                    (time.process_time() - cpu) / args.reads * 1e6,
                    (_backend_cpu(backend) - server) / args.reads * 1e6,
                )
            )
    database = "PostgreSQL" if postgres else "SQLite"
    print(
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{database}; {args.reads} reads x {args.rounds} rounds; µs per read (median of rounds)"
    )
    print("| variant | wall | this process CPU | server backend CPU |")
    print("| --- | ---: | ---: | ---: |")
    for naam, rondes in gemeten.items():
        wall, cpu, server = (statistics.median(r[i] for r in rondes) for i in range(3))
        print(f"| {naam} | {wall:.0f} | {cpu:.0f} | {f'{server:.0f}' if postgres else '–'} |")


if __name__ == "__main__":
    main()
