"""The Klantinteracties API (ADR 0052, issue 28) at the size of three gemeenten' contact centres.

Usage: DATABASE_URL=postgres://…/bench_ki python bench/klantinteracties.py [--herhalingen 200]
       [--partijen 500000] [--klantcontacten 1000000] [--taken 100000] [--indexen]

PostgreSQL only (the plans are the point); give it a database of its own: it is migrated, the
demo is loaded, and the register is filled once with COPY (bench/klantinteracties_data.py): the
partijen (persons with a BSN, one in twenty an organisation with a KvK-nummer), 1–2 digitale
adressen each, klantcontacten with one betrokkene (wasPartij) each and an onderwerpobject about a
zaak for every second one, interne taken with one actor. A rerun finds them and only measures.

The requests go through Django's test Client in this process (real routing, middleware, token
check: `Authorization: Token …` of a Toegang to the first gemeente), each repeated with another
caller, zaak, adres or actor, up to --herhalingen times or --seconden per request. Per request:
median, p99, and the SQL statements of one request; for a median above 50 ms the plan of its
slowest statement (EXPLAIN ANALYZE). --indexen creates the candidate indexes below by hand
(CREATE INDEX, not a migration) and measures the requests they are for again.

The register's queries never join the zaken: a zaak is only looked up (by its unique uuid) when
an onderwerpobject naming one is written, so the onderwerpobjecten name zaak uuids that do not
exist as rows; the one POST names a real zaak.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalogi_load import DemoDatabase  # noqa: E402
from klantinteracties_data import VASTE_BELLERS  # noqa: E402

BASE = "/klantinteracties/api/v1"
TRAAG_MS = 50.0

# Indexes that would serve a filter the model's own indexes do not (name -> SQL). Created by hand
# with --indexen, to measure the effect; the model and its migrations are another person's.
KANDIDATEN: dict[str, tuple[str, tuple[str, ...]]] = {
    "ki_pid_soort_object": (
        "CREATE INDEX IF NOT EXISTS ki_pid_soort_object ON klantinteracties_partijidentificator "
        "(code_soort_object_id, object_id)",
        ("partij zoeken op BSN",),
    ),
    "ki_onderwerp_objectid": (
        "CREATE INDEX IF NOT EXISTS ki_onderwerp_objectid ON klantinteracties_onderwerpobject "
        "(object_id)",
        ("klantcontacten over een zaak",),
    ),
    "ki_klantcontact_lijst": (
        "CREATE INDEX IF NOT EXISTS ki_klantcontact_lijst ON klantinteracties_klantcontact "
        "(tenant_id, id) INCLUDE (vertrouwelijkheid_rang)",
        ("klantcontacten, pagina 1 (telling koud)", "klantcontacten, diepe pagina"),
    ),
    "ki_digitaal_adres_trgm": (
        "CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE INDEX IF NOT EXISTS "
        "ki_digitaal_adres_trgm ON klantinteracties_digitaaladres "
        "USING gin (upper(adres::text) gin_trgm_ops)",
        ("digitaal adres, deel (icontains)",),
    ),
}


@dataclass
class Meting:
    naam: str
    mediaan: float
    p99: float
    sql: int
    sql_ms: float  # the statements' own time in the counted request
    aantal: int
    traagste: str


def _meet(
    naam: str,
    verzoeken: list[Callable[[], Any]],
    herhalingen: int,
    seconden: float,
    status: int = 200,
) -> Meting:
    """Each call in turn (another caller, zaak, …); the first one warm and its SQL counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    verzoeken[0]()  # warm: token cache, connection
    with CaptureQueriesContext(connection) as queries:
        antwoord = verzoeken[0]()
    assert antwoord.status_code == status, (naam, antwoord.status_code, antwoord.content[:500])
    gelezen = list(queries.captured_queries)  # a property over the log the next request clears
    traagste = max(gelezen, key=lambda q: float(q["time"]))["sql"]
    tijden: list[float] = []
    einde = time.perf_counter() + seconden
    for i in range(herhalingen):
        begin = time.perf_counter()
        antwoord = verzoeken[(i + 1) % len(verzoeken)]()
        tijden.append((time.perf_counter() - begin) * 1000)
        assert antwoord.status_code == status, (naam, antwoord.status_code, antwoord.content[:500])
        if time.perf_counter() > einde and len(tijden) >= 10:
            break
    tijden.sort()
    p99 = tijden[min(len(tijden) - 1, int(len(tijden) * 0.99))]
    meting = Meting(
        naam,
        statistics.median(tijden),
        p99,
        len(gelezen),
        sum(float(q["time"]) for q in gelezen) * 1000,
        len(tijden),
        traagste,
    )
    print(
        f"{naam:<44} median {meting.mediaan:7.1f} ms   p99 {meting.p99:7.1f} ms   "
        f"{meting.sql:2d} SQL ({meting.sql_ms:6.1f} ms)   {meting.aantal}x",
        flush=True,
    )
    return meting


def _plan(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(r[0] for r in cursor.fetchall())


@dataclass
class Monsters:
    """What the requests ask for, all of the measured gemeente."""

    bsns: list[str]
    partijen: list[str]
    vaste_bellers: list[str]
    zaken: list[str]
    zaak: str
    emails: list[str]
    delen: list[str]
    teams: list[str]
    medewerkers: list[str]
    diepe_pagina: int  # nine tenths into the gemeente's klantcontacten


def _monsters(gemeente_id: int, n: int) -> Monsters:
    from django.db.models import Count

    from iwerk.klantinteracties.models import (
        Actor,
        Betrokkene,
        DigitaalAdres,
        Klantcontact,
        Onderwerpobject,
        Partij,
        PartijIdentificator,
    )
    from iwerk.zaken.models import Zaak

    pids = list(
        PartijIdentificator.objects.filter(tenant_id=gemeente_id, code_soort_object_id="bsn")
        .order_by("?")
        .values_list("object_id", "identificeerde_partij__uuid")[:n]
    )
    vaste = (
        Betrokkene.objects.filter(tenant_id=gemeente_id)
        .values("was_partij")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("was_partij", flat=True)[: max(1, VASTE_BELLERS // 3)]
    )
    emails = list(
        DigitaalAdres.objects.filter(tenant_id=gemeente_id, soort_digitaal_adres="email")
        .order_by("?")
        .values_list("adres", flat=True)[:n]
    )
    # Actoren with taken (the demo's own have none).
    actoren = Actor.objects.filter(tenant_id=gemeente_id, interne_taken__isnull=False).distinct()
    contacten = Klantcontact.objects.filter(tenant_id=gemeente_id).count()
    return Monsters(
        diepe_pagina=max(2, contacten * 9 // 10 // 100),
        bsns=[b for b, _ in pids],
        partijen=[str(u) for _, u in pids],
        vaste_bellers=[
            str(u) for u in Partij.objects.filter(pk__in=list(vaste)).values_list("uuid", flat=True)
        ],
        zaken=list(
            Onderwerpobject.objects.filter(tenant_id=gemeente_id, code_objecttype="zaak")
            .order_by("?")
            .values_list("object_id", flat=True)[:n]
        ),
        zaak=str(Zaak.objects.filter(tenant_id=gemeente_id).values_list("uuid", flat=True)[0]),
        emails=emails,
        # "A part of an address" as a medewerker types it: the name before the digits.
        delen=[e.split("@")[0][:-3] for e in emails],
        teams=[
            str(u)
            for u in actoren.filter(soort_actor="organisatorische_eenheid").values_list(
                "uuid", flat=True
            )
        ],
        medewerkers=[
            str(u)
            for u in actoren.filter(soort_actor="medewerker").values_list("uuid", flat=True)[:n]
        ],
    )


def _client(gemeente: Any) -> Any:
    from iwerk.autorisaties.models import Applicatie
    from iwerk.core.testing.klantinteracties import TokenClient
    from iwerk.klantinteracties.services.toegang import toegang_geven, token_uitgeven

    applicatie, _ = Applicatie.objects.get_or_create(label=f"KISS bench {gemeente.naam}")
    toegang = toegang_geven(applicatie, gemeente, max_vertrouwelijkheidaanduiding="geheim")
    return TokenClient(token_uitgeven(toegang, "bench"))


def _maak_body(partij: str, zaak: str) -> dict:
    return {
        "klantcontact": {
            "kanaal": "telefoon",
            "onderwerp": "Vraag over de aanvraag",
            "inhoud": "Beller vraagt naar de stand van zaken.",
            "taal": "nld",
            "vertrouwelijk": False,
            "indicatieContactGelukt": True,
        },
        "betrokkene": {
            "wasPartij": {"uuid": partij},
            "rol": "klant",
            "initiator": True,
            "organisatienaam": "",
        },
        "onderwerpobject": {
            "onderwerpobjectidentificator": {
                "objectId": zaak,
                "codeObjecttype": "zaak",
                "codeRegister": "openzaak",
                "codeSoortObjectId": "uuid",
            }
        },
    }


HISTORIE = (
    "leiddeTotInterneTaken,gingOverOnderwerpobjecten,hadBetrokkenen,hadBetrokkenen.digitaleAdressen"
)


def _verzoeken(client: Any, m: Monsters) -> dict[str, tuple[list[Callable[[], Any]], int]]:
    """name -> (one call per sample, expected status)."""
    from django.core.cache import cache

    def get(pad: str, **params: str) -> Callable[[], Any]:
        return lambda: client.get(f"{BASE}/{pad}", params)

    def post(pad: str, body: dict) -> Callable[[], Any]:
        return lambda: client.post(f"{BASE}/{pad}", body)

    def koud(pad: str, **params: str) -> Callable[[], Any]:
        def stap() -> Any:
            cache.clear()  # the cached count (and the token's Toegang) gone
            return client.get(f"{BASE}/{pad}", params)

        return stap

    return {
        "partij zoeken op BSN": (
            [
                get(
                    "partijen",
                    partijIdentificator__codeSoortObjectId="bsn",
                    partijIdentificator__objectId=b,
                    expand="digitaleAdressen",
                )
                for b in m.bsns
            ],
            200,
        ),
        "partij lezen": ([get(f"partijen/{u}") for u in m.partijen], 200),
        "contacthistorie (gewone beller)": (
            [
                get("klantcontacten", hadBetrokkene__wasPartij__uuid=u, expand=HISTORIE)
                for u in m.partijen
            ],
            200,
        ),
        "contacthistorie (vaste beller, ~100)": (
            [
                get("klantcontacten", hadBetrokkene__wasPartij__uuid=u, expand=HISTORIE)
                for u in m.vaste_bellers
            ],
            200,
        ),
        "klantcontacten over een zaak": (
            [
                get("klantcontacten", onderwerpobject__onderwerpobjectidentificatorObjectId=z)
                for z in m.zaken
            ],
            200,
        ),
        "digitaal adres, exact": ([get("digitaleadressen", adres=e) for e in m.emails], 200),
        "digitaal adres, deel (icontains)": (
            [get("digitaleadressen", adres__icontains=d) for d in m.delen],
            200,
        ),
        "interne taken te verwerken (team)": (
            [
                get("internetaken", status="te_verwerken", toegewezenAanActor__uuid=u)
                for u in m.teams
            ],
            200,
        ),
        "interne taken te verwerken (medewerker)": (
            [
                get("internetaken", status="te_verwerken", toegewezenAanActor__uuid=u)
                for u in m.medewerkers
            ],
            200,
        ),
        "klantcontacten, pagina 1": ([get("klantcontacten")], 200),
        "klantcontacten, pagina 1 (telling koud)": ([koud("klantcontacten")], 200),
        "klantcontacten, diepe pagina": ([get("klantcontacten", page=str(m.diepe_pagina))], 200),
        "POST maak-klantcontact": (
            [post("maak-klantcontact", _maak_body(u, m.zaak)) for u in m.partijen],
            201,
        ),
    }


def _meet_alles(
    verzoeken: dict[str, tuple[list[Callable[[], Any]], int]],
    namen: list[str],
    args: argparse.Namespace,
) -> dict[str, Meting]:
    return {
        naam: _meet(naam, verzoeken[naam][0], args.herhalingen, args.seconden, verzoeken[naam][1])
        for naam in namen
    }


def _indexen_maken() -> list[str]:
    from django.db import connection

    gedaan = []
    with connection.cursor() as cursor:
        for naam, (sql, _voor) in KANDIDATEN.items():
            begin = time.perf_counter()
            cursor.execute(sql)
            gedaan.append(naam)
            print(f"index {naam}: {time.perf_counter() - begin:.1f} s", flush=True)
        cursor.execute("VACUUM ANALYZE")  # an index-only scan needs the visibility map
    return gedaan


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--partijen", type=int, default=500_000)
    parser.add_argument("--klantcontacten", type=int, default=1_000_000)
    parser.add_argument("--taken", type=int, default=100_000)
    parser.add_argument("--herhalingen", type=int, default=200)
    parser.add_argument("--seconden", type=float, default=30.0, help="at most, per request")
    parser.add_argument("--indexen", action="store_true", help="measure with KANDIDATEN too")
    parser.add_argument("--alleen", help="only the requests whose name contains this")
    parser.add_argument("--data-dir")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("PostgreSQL only: set DATABASE_URL to a database of the bench's own.")
    demo = DemoDatabase.prepare(args.data_dir, "iwerk-ki-")
    os.environ.update(demo.env)
    import django

    django.setup()
    from klantinteracties_data import vullen

    from iwerk.core.models import Gemeente

    vullen(args.partijen, args.klantcontacten, args.taken)
    gemeente = Gemeente.objects.order_by("pk").first()
    assert gemeente is not None
    client = _client(gemeente)
    monsters = _monsters(gemeente.pk, args.herhalingen)
    print(
        f"load: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}",
        flush=True,
    )
    verzoeken = _verzoeken(client, monsters)
    lezen = [n for n in verzoeken if not n.startswith("POST")]
    if args.alleen:
        verzoeken = {n: v for n, v in verzoeken.items() if args.alleen in n}
        lezen = [n for n in lezen if n in verzoeken]
    # The POST last: every write moves the generation the cached counts key on.
    metingen = _meet_alles(verzoeken, [*lezen, *(n for n in verzoeken if n not in lezen)], args)
    for meting in metingen.values():
        if meting.mediaan > TRAAG_MS:
            print(
                f"\n--- {meting.naam}: slowest statement\n{meting.traagste}\n{_plan(meting.traagste)}"
            )
    if args.indexen:
        _indexen_maken()
        namen = [n for _sql, voor in KANDIDATEN.values() for n in voor if n in verzoeken]
        print("\nwith the candidate indexes:")
        na = _meet_alles(verzoeken, namen, args)
        for meting in na.values():
            print(f"\n--- {meting.naam} (with index): slowest statement\n{_plan(meting.traagste)}")
    print(f"\nload: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")


if __name__ == "__main__":
    main()
