"""More operations, measured as bench/verhouding.py measures (issue 25, item 8): iwerk only.

Usage: python bench/operaties.py [--zaken 100000] [--seconds 25] [--warmup 5] [--connections 8]
                                 [--clients 2] [--rounds 1] [--client-id iwerk-demo-deventer]
                                 [--workers 2] [--status-zaken 4000] [--only TEXT]
                                 [--data-dir DIR] [--write]

Seeds as bench/verhouding.py does (DATABASE_URL selects PostgreSQL, otherwise SQLite; --data-dir
reuses a seeded folder), gives a third of the seeded zaken a behandelaar as
bench/werkplek_pages.py does, starts `iwerk serve` and drives each operation with verhouding's
load generator (--connections keep-alive connections from --clients processes, --warmup seconds
untimed, then --seconds measured, pooled over --rounds). The ceiling (bench/ceiling.py) has none
of these operations, so there is no ratio here. The operations:

- `_zoek` with a typical filter: three zaaktypen the client sees (as verhouding's `_zoek`), a
  startdatum range of one year and open zaken only; and `_zoek` on the initiator's BSN (the
  question a KCC asks; it records an inzage row per search);
- document create with 100 kB of content inline (`inhoud`, base64 in the JSON body);
- status create on --status-zaken zaken created for the run (twice as many: a set for the warm-up
  and one for the measured part) of the client's zaaktype with the most statustypen: the calls set
  each zaak's next statustype (never the eindstatus: closing needs a resultaat), a round of
  statustypen later each; connection k of n sends calls k, k + n, … so no two connections set a
  status on the same zaak (at the end of the list a connection starts again at its first);
- the werkplek werkvoorraad (`GET /werkplek/`, its default tab "mijn zaken") as the Deventer
  teamleider, signed in once with password and TOTP (bench/werkplek_pages.SIGN_IN; the session is
  in the database, so the served iwerk takes its cookie).

Printed per operation: requests/s, p50 and p99, the web server's CPU per request (all its
processes) and, on a local PostgreSQL, the database's. --write puts the table into
docs/performance.md between `<!-- operaties-bench -->` markers, in its own section right after
the verhouding section (or at the end), with machine, command and date.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import platform
import random
import shlex
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalogi_load import ROOT, wait_healthy, write_block  # noqa: E402
from verhouding import _ms, _pool, measure, operations, prepare, serve_iwerk  # noqa: E402
from werkplek_pages import ASSIGN, SIGN_IN  # noqa: E402

HEADING = "More operations (issue 25, item 8)"
VERHOUDING_HEADING = "iwerk against the ceiling of its own stack"

# Zaken for the status creates, of the Deventer zaaktype (valid today, visible to a client up to
# zaakvertrouwelijk) with the most statustypen, without statussen; and what the other calls name.
PREPARE = """
import json, uuid, django
django.setup()
from datetime import date, timedelta
from iwerk.catalogi.models import InformatieObjectType, ZaakType, valid_on
from iwerk.core import generations
from iwerk.core.models import Gemeente
from iwerk.zaken.models import Rol, Zaak
visible = ["openbaar", "beperkt_openbaar", "intern", "zaakvertrouwelijk"]
gemeente = Gemeente.objects.get(slug="deventer")
today = date.today()
types = ZaakType.objects.filter(valid_on(today), tenant=gemeente, concept=False, vertrouwelijkheidaanduiding__in=visible)
zaaktype = max(types.prefetch_related("statustypen"), key=lambda z: (len(z.statustypen.all()), -z.pk))
statustypen = sorted(zaaktype.statustypen.all(), key=lambda s: s.volgnummer)[:-1]
iot = InformatieObjectType.objects.filter(valid_on(today), tenant=gemeente, concept=False,
    vertrouwelijkheidaanduiding__in=visible).order_by("pk").first()
start = today - timedelta(days=1)
zaken = [Zaak(tenant=gemeente, zaaktype=zaaktype, identificatie=f"OPS-{{uuid.uuid4().hex[:24]}}",
              bronorganisatie=gemeente.rsin, verantwoordelijke_organisatie=gemeente.rsin,
              registratiedatum=start, startdatum=start, omschrijving="Benchmark: statussen",
              vertrouwelijkheidaanduiding=zaaktype.vertrouwelijkheidaanduiding,
              uiterlijke_einddatum_afdoening=start + timedelta(days=56)) for _ in range({count})]
Zaak.objects.bulk_create(zaken, batch_size=5000)
generations.bump("zaken")
bsn = (Rol.objects.filter(zaak__tenant=gemeente, zaak__vertrouwelijkheidaanduiding__in=visible,
       bsn__gt="").order_by("-pk").values_list("bsn", flat=True).first())
print(json.dumps({{"rsin": gemeente.rsin, "zaken": [str(z.uuid) for z in zaken], "bsn": bsn,
    "statustypen": [str(s.uuid) for s in statustypen], "informatieobjecttype": str(iot.uuid),
    "zaaktype": zaaktype.identificatie}}))
"""


def sign_in(demo) -> str:
    """The session cookie of the signed-in teamleider (a TOTP code counts once: a second sign-in
    within its 30 s, e.g. right after bench/werkplek_pages.py, waits for the next code)."""
    code = SIGN_IN + "print(client.cookies['sessionid'].value)"
    try:
        return demo.step(code).splitlines()[-1]
    except subprocess.CalledProcessError:
        time.sleep(31)
        return demo.step(code).splitlines()[-1]


def check_page(port: int, path: str, cookie: str) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", path, headers={"Cookie": cookie})
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit(f"GET {path} with the session: {response.status} {body[:300]!r}")


def status_calls(zaken: list[str], statustypen: list[str], connections: int) -> list:
    """Every zaak's statustypen in order, a round each (round r at 09:00 + r minutes yesterday);
    the zaken as a multiple of connections, so connection k of n meets only its own zaken."""
    zaken = zaken[: len(zaken) - len(zaken) % connections] or zaken
    day = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=1)
    return [
        (
            "POST",
            "/zaken/api/v1/statussen",
            {
                "zaak": f"{{base}}/zaken/api/v1/zaken/{zaak}",
                "statustype": f"{{base}}/catalogi/api/v1/statustypen/{statustype}",
                "datumStatusGezet": (day + timedelta(minutes=r)).isoformat(),
            },
        )
        for r, statustype in enumerate(statustypen)
        for zaak in zaken
    ]


def document_body(rsin: str, informatieobjecttype: str) -> dict:
    """A document create as the Documenten API's OAS asks it (the body of iwerk's tests), with
    100 kB of content that does not compress, behind the PDF signature iwerk checks the formaat
    against (documenten.content.store)."""
    head = b"%PDF-1.7\n"
    inhoud = head + random.Random(25).randbytes(100 * 1024 - len(head))
    return {
        "bronorganisatie": rsin,
        "creatiedatum": datetime.now(UTC).date().isoformat(),
        "titel": "Benchmark: bijlage bij de aanvraag",
        "auteur": "J. Jansen",
        "taal": "dut",
        "formaat": "application/pdf",
        "bestandsnaam": "bijlage.pdf",
        "inhoud": base64.b64encode(inhoud).decode(),
        "informatieobjecttype": f"{{base}}/catalogi/api/v1/informatieobjecttypen/{informatieobjecttype}",
    }


def plan(port: int, args, found: dict, cookie: str) -> list[tuple[str, list, list, bool]]:
    """(name, calls, warm-up calls, partitioned) per operation; URLs keep {base} for iwerk."""
    zoek = next(calls for name, calls in operations(port, args.client_id) if "_zoek" in name)
    zaaktypen = zoek[0][2]["zaaktype__in"]
    year = datetime.now(UTC).year - 3  # the seeded startdatums span 2020 to 2026
    typical = {
        "zaaktype__in": zaaktypen,
        "startdatum__gte": f"{year}-01-01",
        "startdatum__lte": f"{year}-12-31",
        "einddatum__isnull": True,
    }
    bsn = {"rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn": found["bsn"]}
    half = len(found["zaken"]) // 2
    warm, measured = (
        status_calls(zaken, found["statustypen"], args.connections)
        for zaken in (found["zaken"][:half], found["zaken"][half:])
    )
    document = document_body(found["rsin"], found["informatieobjecttype"])
    werkvoorraad = [("GET", "/werkplek/", None, {"Cookie": cookie})]
    ops = [
        (
            f"`_zoek` zaaktype__in ({len(zaaktypen)}) + startdatum in {year} + open, page 1",
            [("POST", "/zaken/api/v1/zaken/_zoek", typical)],
            None,
            False,
        ),
        (
            "`_zoek` on the initiator's BSN",
            [("POST", "/zaken/api/v1/zaken/_zoek", bsn)],
            None,
            False,
        ),
        (
            "document create, 100 kB `inhoud`",
            [("POST", "/documenten/api/v1/enkelvoudiginformatieobjecten", document)],
            None,
            False,
        ),
        (
            f"status create (next of {len(found['statustypen'])} statustypen)",
            measured,
            warm,
            True,
        ),
        ("werkplek werkvoorraad `GET /werkplek/` (mijn zaken)", werkvoorraad, None, False),
    ]
    return [op for op in ops if (args.only or "") in op[0]]


def table(rows: list[tuple[str, dict]]) -> str:
    lines = [
        "| operation | req/s | p50 / p99 ms | web CPU ms/req | DB CPU ms/req | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in rows:
        lines.append(
            f"| {name} | {r['rps']:.1f} | {r['p50']:.1f} / {r['p99']:.1f} | {_ms(r['cpu'])} | "
            f"{_ms(r['db_cpu'])} | {r['errors']} |"
        )
    return "\n".join(lines)


def write_section(
    name: str, body: str, heading: str, after: list[str], path: Path | None = None
) -> None:
    """Put a measured block between `<!-- name -->` markers in docs/performance.md: in place of
    the previous one, or else as a new section "## heading" right after the section of the first
    heading in after that exists (before the next "## "), or at the end."""
    path = path or ROOT / "docs" / "performance.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if f"<!-- {name} -->" in text:
        write_block(name, body, path=path)
        return
    at = len(text)
    for title in after:
        start = text.find(f"\n## {title}\n")
        if start >= 0:
            following = text.find("\n## ", start + 1)
            at = following + 1 if following >= 0 else len(text)
            break
    section = f"## {heading}\n\n<!-- {name} -->\n{body}\n<!-- end {name} -->\n"
    before = text[:at].rstrip("\n")
    rest = text[at:]
    text = f"{before}\n\n{section}" + (f"\n{rest}" if rest else "")
    path.write_text(text, encoding="utf-8")


def run(args) -> tuple[list[tuple[str, dict]], str]:
    demo = prepare(args)
    url = demo.env.get("DATABASE_URL", "")
    database = urlsplit(url).path.lstrip("/") if url.startswith("postgres") else None
    print("werkplek:", demo.step("import json\n" + ASSIGN).splitlines()[-1], flush=True)
    count = 2 * args.status_zaken
    found = json.loads(demo.step(PREPARE.format(count=count)).splitlines()[-1])
    print(
        f"zaaktype {found['zaaktype']}: {len(found['zaken'])} zaken for the status creates",
        flush=True,
    )
    if not found["statustypen"]:
        raise SystemExit("the zaaktype has no statustype before its eindstatus")
    cookie = f"sessionid={sign_in(demo)}"
    iwerk = serve_iwerk(demo, args.workers)
    try:
        wait_healthy(iwerk.port, tries=150)
        check_page(iwerk.port, "/werkplek/", cookie)
        ops = plan(iwerk.port, args, found, cookie)
        runs: dict[str, list] = {name: [] for name, *_ in ops}
        for round_ in range(args.rounds):
            for name, calls, warm, partition in ops if round_ % 2 == 0 else ops[::-1]:
                runs[name].append(measure(iwerk, calls, args, database, warm, partition))
        rows = []
        for name, *_ in ops:
            r = _pool(runs[name])
            rows.append((name, r))
            print(
                f"{name:<62} {r['rps']:8.1f}/s p50 {r['p50']:6.1f} p99 {r['p99']:6.1f} ms "
                f"web {_ms(r['cpu'])} DB {_ms(r['db_cpu'])} ms/req",
                flush=True,
            )
            if r["errors"]:
                print(f"  {r['errors']} errors, first: {r['first_error']}", flush=True)
        check_page(iwerk.port, "/werkplek/", cookie)  # still signed in: no redirects were timed
    finally:
        iwerk.stop()
    return rows, "PostgreSQL" if database else "SQLite"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--zaken", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=25)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--clients", type=int, default=2, help="load generator processes")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--client-id", default="iwerk-demo-deventer")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("IWERK_WEB_WORKERS", 2)))
    parser.add_argument(
        "--status-zaken",
        type=int,
        default=4000,
        help="zaken created for the status creates, per set (warm-up and measured)",
    )
    parser.add_argument("--only", help="only the operations whose name contains this text")
    parser.add_argument("--data-dir", help="reuse (and top up) a seeded data folder")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    rows, kind = run(args)
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {kind}"
    )
    print(f"\n# {machine}; {args.zaken} zaken; client {args.client_id}\n{table(rows)}")
    if args.write:
        command = " ".join(shlex.quote(a) for a in sys.argv[1:] if a != "--write")
        write_section(
            "operaties-bench",
            f"**{machine}** — {args.zaken} zaken, client `{args.client_id}`, `iwerk serve` with "
            f"{args.workers} web workers, {args.connections} keep-alive connections from "
            f"{args.clients} processes, {args.warmup:g} s warm-up and {args.seconds:g} s per "
            f"operation, {args.rounds} round(s); measured {datetime.now(UTC):%Y-%m-%d} with "
            f"`python bench/operaties.py {command}` (`DATABASE_URL` for PostgreSQL). The same "
            "load generator and method as the comparison with the ceiling above; iwerk only "
            "(the ceiling has none of these operations). Status creates go to zaken made for "
            "the run, each its next statustype; the werkvoorraad is the signed-in Deventer "
            f"teamleider's.\n\n{table(rows)}",
            HEADING,
            [VERHOUDING_HEADING],
        )


if __name__ == "__main__":
    main()
