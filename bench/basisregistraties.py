"""What a lookup in the BRP, the BAG or the KvK costs iwerk, apart from the register's own time
(issue 27, ADR 0049).

Usage: python bench/basisregistraties.py [--lookups 500] [--data-dir DIR]
DATABASE_URL selects PostgreSQL (give it a database of its own: it is migrated and written to);
otherwise a fresh SQLite demo in a temp dir. The register doubles (`iwerk.dubbels`) run in this
process on a free port, so the figures are iwerk's work plus one loopback HTTP round trip to a
server that answers from memory; a real register adds its own time on top. Per operation it prints
the median and p99 wall time and the SQL statements of one lookup:

- persoon raadplegen: RaadpleegMetBurgerservicenummer for a Deventer resident, Wmo purpose
  (purpose check, request with `fields`, mapping, an inzage row);
- personen zoeken: ZoekMetPostcodeEnHuisnummer;
- bedrijf raadplegen: the KvK basisprofiel;
- adres zoeken (cache): BAG postcode + huisnummer from the cache; (register): with the cache off;
- geweigerd: a lookup outside the purpose (no request leaves; the inzage row is still written).

None of the statements depends on the number of zaken: the purpose and the connection are read
by their unique keys and the inzage row is an insert, so the figures hold at 1,000,000 zaken.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalogi_load import DemoDatabase  # noqa: E402


def _meet(naam: str, lookups: int, stap: Callable[[], object]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    stap()  # warm: connections, caches, the doubles' data
    with CaptureQueriesContext(connection) as queries:
        stap()
    tijden = []
    for _ in range(lookups):
        begin = time.perf_counter()
        stap()
        tijden.append((time.perf_counter() - begin) * 1000)
    tijden.sort()
    p99 = tijden[min(len(tijden) - 1, int(len(tijden) * 0.99))]
    print(
        f"{naam:<28} median {statistics.median(tijden):6.2f} ms   p99 {p99:6.2f} ms   "
        f"{len(queries.captured_queries)} SQL"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lookups", type=int, default=500)
    parser.add_argument("--data-dir")
    args = parser.parse_args()
    demo = DemoDatabase.prepare(args.data_dir, "iwerk-registers-")
    os.environ.update(demo.env)
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache

    from iwerk.basisregistraties import fouten
    from iwerk.basisregistraties.gegevens import Bevraging
    from iwerk.basisregistraties.services import bevragen
    from iwerk.core.models import Gemeente
    from iwerk.dubbels.server import Registerdubbels

    server = Registerdubbels().start()
    settings.IWERK_BRP_URL = server.brp_url
    settings.IWERK_BAG_URL = server.bag_url
    settings.IWERK_KVK_URL = server.kvk_url
    deventer = Gemeente.objects.get(slug="deventer")

    def bevraging(zaaktype: str) -> Bevraging:
        return Bevraging(
            gemeente_id=deventer.pk,
            zaaktype_identificatie=zaaktype,
            kanaal="werkplek",
            gebruikers_id="bench",
            gebruikers_weergave="Bench",
        )

    wmo, evenement, datalek = (
        bevraging("WMO-MAATWERK"),
        bevraging("EVENEMENT"),
        bevraging("DATALEK"),
    )

    def geweigerd() -> None:
        try:
            bevragen.persoon_raadplegen(datalek, "999990007")
        except fouten.GeenDoelbinding:
            return
        raise AssertionError("DATALEK has no purpose in the demo")

    def zonder_cache() -> None:
        cache.clear()
        bevragen.adressen_zoeken(deventer.pk, postcode="7411BS", huisnummer=12)

    print(f"{demo.database}, {args.lookups} lookups per operation")
    _meet("persoon raadplegen", args.lookups, lambda: bevragen.persoon_raadplegen(wmo, "999990007"))
    _meet(
        "personen zoeken (postcode)",
        args.lookups,
        lambda: bevragen.personen_zoeken(wmo, postcode="7411BS", huisnummer=12),
    )
    _meet(
        "bedrijf raadplegen",
        args.lookups,
        lambda: bevragen.bedrijf_raadplegen(evenement, "68750110"),
    )
    _meet(
        "adres zoeken (cache)",
        args.lookups,
        lambda: bevragen.adressen_zoeken(deventer.pk, postcode="7411BS", huisnummer=12),
    )
    _meet("adres zoeken (register)", args.lookups, zonder_cache)
    _meet("geweigerd (geen doel)", args.lookups, geweigerd)
    server.stop()


if __name__ == "__main__":
    main()
