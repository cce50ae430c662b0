"""The contact centre's search and one screen (issue 28, item 2) at 1,000,000 zaken and 500,000
partijen: `klantinteracties.selectors.kcc.zoeken` per kind and `selectors.klantbeeld.klantbeeld`.

Usage: DATABASE_URL=postgres://…/h1_bench python bench/kcc.py [--zaken 1000000]
       [--partijen 500000] [--klantcontacten 1000000] [--herhalingen 200] [--data-dir DIR]
       [--write]

PostgreSQL only; give it a database of its own: it is migrated, the demo loaded and filled once
(bench/kcc_data.py); a rerun finds the data and only measures. The selectors are called in this
process as the KCC page calls them, with the Werkplekcontext of a contact-centre account of
Deventer (zaken up to zaakvertrouwelijk), each call with another caller. Per kind: median, p99,
and the SQL statements of one call. For a median above TRAAG_MS the plan of its slowest
statement is printed (EXPLAIN ANALYZE).

Only what iwerk answers itself is measured: the BRP and the Handelsregister are not asked (a BSN
or KvK-nummer the register or a zaak knows needs neither). The search by address asks the BRP
too; here the contact centre's BRP purpose is removed, so its register part is measured plus the
refused lookup (the purpose's query and its inzage row), not a BRP's answer time
(docs/performance.md, "Lookups in the BRP, BAG and KvK").
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalogi_load import DemoDatabase, write_block  # noqa: E402

TRAAG_MS = 50.0


@dataclass
class Meting:
    naam: str
    mediaan: float
    p99: float
    sql: int
    sql_ms: float
    aantal: int
    traagste: str


def _meet(naam: str, aanroepen: list[Callable[[], Any]], herhalingen: int) -> Meting:
    """Each call in turn (another caller); the first one warm, the second's SQL counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    aanroepen[0]()
    with CaptureQueriesContext(connection) as queries:
        aanroepen[0]()
    gelezen = list(queries.captured_queries)
    traagste = max(gelezen, key=lambda q: float(q["time"]))["sql"] if gelezen else ""
    tijden = []
    for i in range(herhalingen):
        begin = time.perf_counter()
        aanroepen[(i + 1) % len(aanroepen)]()
        tijden.append((time.perf_counter() - begin) * 1000)
    tijden.sort()
    meting = Meting(
        naam,
        statistics.median(tijden),
        tijden[min(len(tijden) - 1, int(len(tijden) * 0.99))],
        len(gelezen),
        sum(float(q["time"]) for q in gelezen) * 1000,
        len(tijden),
        traagste,
    )
    print(
        f"{naam:<48} median {meting.mediaan:7.1f} ms   p99 {meting.p99:7.1f} ms   "
        f"{meting.sql:2d} SQL ({meting.sql_ms:6.1f} ms)   {meting.aantal}x",
        flush=True,
    )
    return meting


def _plan(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(r[0] for r in cursor.fetchall())


def _telefoon(nummer: str, i: int) -> str:
    """A mobile number ("0612345678") as a caller or a form writes it, in turn."""
    vormen = (
        nummer,
        f"+31 6 {nummer[2:6]} {nummer[6:]}",
        f"06-{nummer[2:]}",
        f"0031{nummer[1:]}",
    )
    return vormen[i % len(vormen)]


def _aanroepen(context: Any, klanten: list[int], n: int) -> dict[str, list[Callable[[], Any]]]:
    """kind -> one call per sample, all of Deventer."""
    from iwerk.core.validators import is_valid_rsin
    from iwerk.klantinteracties.models import DigitaalAdres, Partij, PartijIdentificator
    from iwerk.klantinteracties.selectors.kcc import Zoekvraag, zoeken
    from iwerk.klantinteracties.selectors.klantbeeld import klantbeeld
    from iwerk.zaken import selectors as zaken_selectors
    from iwerk.zaken.models import Rol

    gemeente = context.gemeente
    rng = random.Random(28)

    def monster(qs: Any, *velden: str) -> list[Any]:
        return list(qs.order_by("?").values_list(*velden, flat=len(velden) == 1)[:n])

    pid = PartijIdentificator.objects.filter(tenant=gemeente)
    bsns = monster(pid.filter(code_soort_object_id="bsn"), "object_id")
    kvks = monster(pid.filter(code_soort_object_id="kvk_nummer"), "object_id")
    adressen = DigitaalAdres.objects.filter(tenant=gemeente)
    telefoons = monster(adressen.filter(soort_digitaal_adres="telefoonnummer"), "adres")
    emails = monster(adressen.filter(soort_digitaal_adres="email"), "adres")
    plekken = monster(
        Partij.objects.filter(tenant=gemeente, bezoekadres_huisnummer__isnull=False),
        "bezoekadres_postcode",
        "bezoekadres_huisnummer",
    )
    zichtbaar = zaken_selectors.zaken(context.actor, columns=False).filter(tenant=gemeente)
    steekproef = [rng.randrange(1, 1_000_000) for _ in range(n * 4)]
    zaaknummers = list(
        zichtbaar.filter(pk__in=steekproef).values_list("identificatie", flat=True).order_by("pk")
    )[:n]
    # BSNs only a zaak knows: a rol's (valid) BSN without a partij in the register.
    in_register = set(pid.filter(code_soort_object_id="bsn").values_list("object_id", flat=True))
    rol_bsns = [
        b
        for b in Rol.objects.filter(
            tenant=gemeente,
            zaak__in=zichtbaar,
            zaak_id__in=[rng.randrange(1, 1_000_000) for _ in range(n * 40)],
        ).values_list("bsn", flat=True)
        if b and is_valid_rsin(b) and b not in in_register
    ][:n]
    uuids = list(Partij.objects.filter(pk__in=klanten).values_list("uuid", flat=True))

    def zoek(**vraag: Any) -> Callable[[], Any]:
        return lambda: zoeken(context, Zoekvraag(**vraag))

    return {
        "zoeken: BSN (in het klantregister)": [zoek(soort="bsn", waarde=b) for b in bsns],
        "zoeken: BSN (alleen bij een zaak)": [zoek(soort="bsn", waarde=b) for b in rol_bsns],
        "zoeken: KvK-nummer": [zoek(soort="kvk", waarde=k) for k in kvks],
        "zoeken: telefoonnummer": [
            zoek(soort="telefoon", waarde=_telefoon(t, i)) for i, t in enumerate(telefoons)
        ],
        "zoeken: e-mailadres": [zoek(soort="email", waarde=e.upper()) for e in emails],
        "zoeken: zaaknummer": [zoek(soort="zaak", waarde=z) for z in zaaknummers],
        "zoeken: postcode en huisnummer (klantregister)": [
            zoek(soort="adres", postcode=p, huisnummer=h) for p, h in plekken
        ],
        "klantbeeld (~10 zaken, ~20 contacten)": [
            (lambda u=u: klantbeeld(context, partij_uuid=u)) for u in uuids
        ],
    }


def _tabel(metingen: list[Meting], samenvatting: str) -> str:
    regels = [
        f"PostgreSQL, {os.cpu_count()} cores, measured {datetime.now(UTC):%Y-%m-%d}: {samenvatting}",
        "",
        "| call | calls | p50 ms | p99 ms | SQL | SQL ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    regels += [
        f"| {m.naam} | {m.aantal} | {m.mediaan:.1f} | {m.p99:.1f} | {m.sql} | {m.sql_ms:.1f} |"
        for m in metingen
    ]
    return "\n".join(regels)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--zaken", type=int, default=1_000_000)
    parser.add_argument("--partijen", type=int, default=500_000)
    parser.add_argument("--klantcontacten", type=int, default=1_000_000)
    parser.add_argument("--taken", type=int, default=100_000)
    parser.add_argument("--herhalingen", type=int, default=200)
    parser.add_argument("--alleen", help="only the calls whose name contains this")
    parser.add_argument("--data-dir")
    parser.add_argument("--write", action="store_true", help="record in docs/performance.md")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("PostgreSQL only: set DATABASE_URL to a database of the bench's own.")
    demo = DemoDatabase.prepare(args.data_dir, "iwerk-kcc-")
    os.environ.update(demo.env)
    import kcc_data

    kcc_data.zaken(demo, args.zaken)
    import django

    django.setup()
    from klantinteracties_data import vullen

    from iwerk.basisregistraties.models import Doelbinding, Register
    from iwerk.core.models import Gemeente
    from iwerk.klantinteracties.selectors.kcc import KCC_DOELBINDING
    from iwerk.medewerkers.actor import context_for

    vullen(args.partijen, args.klantcontacten, args.taken)
    deventer = Gemeente.objects.get(slug="deventer")
    context = context_for(kcc_data.medewerker(deventer), deventer.pk)
    assert context is not None
    klanten = kcc_data.vaste_klanten(context)
    weg, _ = Doelbinding.objects.filter(
        zaaktype_identificatie=KCC_DOELBINDING, register=Register.brp
    ).delete()
    samenvatting = kcc_data.samenvatting()
    print(f"data: {samenvatting}; KCC BRP purposes removed: {weg}", flush=True)
    print(f"load: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    aanroepen = _aanroepen(context, klanten, args.herhalingen)
    if args.alleen:
        aanroepen = {k: v for k, v in aanroepen.items() if args.alleen in k}
    metingen = [_meet(naam, lijst, args.herhalingen) for naam, lijst in aanroepen.items() if lijst]
    for meting in metingen:
        if meting.mediaan > TRAAG_MS and meting.traagste:
            print(f"\n--- {meting.naam}: slowest statement\n{meting.traagste}")
            print(_plan(meting.traagste))
    print(f"load: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    if args.write:
        write_block("kcc-bench", _tabel(metingen, samenvatting))


if __name__ == "__main__":
    main()
