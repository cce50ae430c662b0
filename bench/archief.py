"""Archiefbeheer at scale (issue 26): building a concept vernietigingslijst over the register, and
the worker executing an approved list, on a seeded PostgreSQL database.

Usage: DATABASE_URL=postgres://…/verhouding1m DJANGO_SETTINGS_MODULE=iwerk.settings \
       python bench/archief.py [--gemeente deventer] [--uitvoeren 10000] [--write]

Seed first: bench/verhouding.py --zaken 1000000 (the register), then bench/archief_data.py (the
oldest 150,000 zaken of the gemeente closed, 95,000 of them due for destruction, dates rising with
the id). Then:
1. `maak_lijst` as the gemeente's DIV-medewerker over every zaak due today: wall time, items, and
   the statements it sent. The list is aborted afterwards, so its zaken are eligible again.
2. A list with a peildatum that makes about --uitvoeren zaken eligible, put straight to
   `goedgekeurd` (review is people's work, not the bench's) with the fingerprints `dien_in` would
   write, then `voer_volledig_uit` as the worker runs it: zaken per second. This destroys those
   zaken (statussen, rol, resultaat with them): a second run takes the next ones.
--write puts the table into docs/performance.md between markers.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from datetime import date
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
MARK = "<!-- archief-bench -->"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gemeente", default="deventer")
    parser.add_argument("--uitvoeren", type=int, default=10_000)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from iwerk.archief.models import Lijstitem, Lijststatus, Vernietigingslijst
    from iwerk.archief.selectors.lijsten import vingerafdrukken
    from iwerk.archief.services import lijsten, uitvoering
    from iwerk.core.models import Gemeente
    from iwerk.core.testing.medewerkers import medewerker
    from iwerk.medewerkers.roles import Rol
    from iwerk.zaken.models import Zaak

    gemeente = Gemeente.objects.get(slug=args.gemeente)
    div = medewerker(gemeente, "bench-div", Rol.div_medewerker, maximum="geheim")
    totaal = Zaak.objects.count()
    rows: list[tuple[str, str]] = [("zaken in the register", f"{totaal:,}")]

    vandaag = date.today()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        lijst = lijsten.maak_lijst(
            gebruiker=div, gemeente=gemeente, naam="Bench: alles wat vandaag mag", peildatum=vandaag
        )
        build = time.perf_counter() - started
    items = Lijstitem.objects.filter(lijst=lijst).count()
    rows += [
        ("concept list over every zaak due today: items", f"{items:,}"),
        ("… wall time", f"{build:.2f} s"),
        ("… statements", str(len(queries.captured_queries))),
    ]
    lijsten.breek_af(gebruiker=div, lijst=lijst, reden="bench")
    print(rows[-3:], flush=True)

    # A peildatum that makes about --uitvoeren zaken eligible (archive dates rise with the id).
    due = (
        Zaak.objects.filter(
            tenant=gemeente,
            archiefnominatie="vernietigen",
            archiefstatus="nog_te_archiveren",
            einddatum__isnull=False,
            archiefactiedatum__lte=vandaag,
        )
        .order_by("archiefactiedatum", "pk")
        .values_list("archiefactiedatum", flat=True)
    )
    peil = due[args.uitvoeren - 1] if due.count() >= args.uitvoeren else vandaag
    lijst = lijsten.maak_lijst(
        gebruiker=div, gemeente=gemeente, naam="Bench: uitvoering", peildatum=peil
    )
    opgenomen = Lijstitem.objects.filter(lijst=lijst, status="opgenomen")
    with transaction.atomic():
        afdrukken = vingerafdrukken(opgenomen.values_list("zaak_id", flat=True))
        rijen = list(opgenomen.only("pk", "zaak_id"))
        for item in rijen:
            item.vingerafdruk = afdrukken.get(item.zaak_id, "")
        Lijstitem.objects.bulk_update(rijen, ["vingerafdruk"], batch_size=5000)
        Vernietigingslijst.objects.filter(pk=lijst.pk).update(
            status=Lijststatus.goedgekeurd, goedgekeurd_op=timezone.now(), ronde=1
        )
    n = opgenomen.count()
    started = time.perf_counter()
    resultaat = uitvoering.voer_volledig_uit(lijst.pk)
    seconds = time.perf_counter() - started
    rows += [
        (f"execution of {n:,} zaken (2 statussen, 1 rol, 1 resultaat each)", f"{seconds:.0f} s"),
        ("… rate", f"{n / seconds:.1f} zaken/s"),
        (
            "… destroyed / taken off / errors",
            f"{len(resultaat.vernietigd)} / {len(resultaat.van_de_lijst)} / {len(resultaat.fouten)}",
        ),
    ]
    for name, value in rows:
        print(f"{name}: {value}")
    if args.write:
        table = "\n".join(
            [
                MARK,
                f"**{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
                f" PostgreSQL** — measured {date.today().isoformat()} with `python bench/archief.py"
                f" --uitvoeren {args.uitvoeren}` after `bench/archief_data.py`.",
                "",
                "| what | figure |",
                "| --- | ---: |",
                *(f"| {name} | {value} |" for name, value in rows),
                MARK,
            ]
        )
        path = ROOT / "docs" / "performance.md"
        text = path.read_text()
        if MARK in text:
            before, _, rest = text.partition(MARK)
            _, _, after = rest.partition(MARK)
            text = before + table + after
        else:
            text = (
                text.rstrip()
                + "\n\n## Archiefbeheer at 1,000,000 zaken (issue 26)\n\n"
                + table
                + "\n"
            )
        path.write_text(text)


if __name__ == "__main__":
    main()
