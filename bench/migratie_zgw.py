"""`iwerk migreer zgw` at size (issue 30): 100,000 zaken with 200,000 documents, from one iwerk
installation to another, each a real server with a PostgreSQL database of its own.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
       python bench/migratie_zgw.py [--zaken 100000] [--basis 300] [--write]

1. A source installation is filled through its ZGW APIs with --basis zaken (`vullen.vul_bron`,
   the mix of the end-to-end test: every stage, deelzaken, relations, documents of 1–3 versions,
   gebruiksrechten, besluiten) and then grown inside its database to --zaken zaken
   (bench/migratie_zgw_data.py: copies of that world with fresh uuids).
2. The copier runs as the operator runs it, in a process of its own, into a fresh target
   installation, with --max-per-seconde (default 200: the source is a local server).
3. Measured: wall time per phase (from the copier's progress lines), objects written per second,
   requests to the source and their rate, the source's load (CPU seconds of its web server,
   rows read from its database, pg_stat_database), and the copier's peak memory (its max RSS).
   A second, incremental run after no change measures what re-checking costs.

--write puts the table into docs/performance.md between markers; the raw figures go to
bench/results/migratie_zgw-postgresql.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from migratie_zgw_etappes import (  # noqa: E402
    ETAPPES,
    ETAPPES_MARK,
    ETAPPES_RESULTS,
    HOOFDFASE,
    etappes_tabel,
)

from iwerk.migratie.tests.bron import Bron, BronGemeente, bron_installatie  # noqa: E402
from iwerk.migratie.tests.vullen import vul_bron  # noqa: E402

MARK = "<!-- migratie-bench -->"
RESULTS = ROOT / "bench" / "results" / "migratie_zgw-postgresql.json"
HOOFD = ("zaak", "enkelvoudiginformatieobject", "besluit")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--zaken", type=int, default=100_000)
    parser.add_argument("--basis", type=int, default=300, help="zaken made through the API")
    parser.add_argument("--max-per-seconde", type=float, default=200.0)
    parser.add_argument("--zonder-audittrail", action="store_true")
    parser.add_argument("--zonder-tweede-run", action="store_true")
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--profiel", default="", help="cProfile the first run's copier into this file"
    )
    parser.add_argument(
        "--etappes",
        type=float,
        default=None,
        metavar="SECONDEN",
        help="Instead of one whole run: a run per stage (--fasen), each stopped this many "
        "seconds after its units began, and a resumed documents stage "
        "(bench/migratie_zgw_etappes.py)",
    )
    parser.add_argument(
        "--hervat-venster", type=float, default=120.0, help="the resumed stage's window"
    )
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("DATABASE_URL must point at a PostgreSQL server (its databases are created).")
    uitkomst: dict = {"zaken_gevraagd": args.zaken, "basis": args.basis}
    with (
        tempfile.TemporaryDirectory(prefix="iwerk-migratie-bench-") as map_,
        bron_installatie(Path(map_), naam="benchbron", toegangslog=False) as bron,
        bron_installatie(
            Path(map_), naam="benchdoel", domein="DOEL", gemeente=BronGemeente(), toegangslog=False
        ) as doel,
    ):
        begin = time.monotonic()
        manifest = vul_bron(
            bron.basis_url, bron.schrijver.client_id, bron.schrijver.secret, zaken=args.basis
        )
        uitkomst["vullen_api"] = {
            "seconden": round(time.monotonic() - begin),
            "verzoeken": manifest.get("verzoeken"),
            "aantallen": manifest.get("aantallen"),
        }
        print(f"bron via de API gevuld: {uitkomst['vullen_api']}", flush=True)
        gegroeid = json.loads(
            _run(bron, [sys.executable, str(ROOT / "bench" / "migratie_zgw_data.py"),
                        "--zaken", str(args.zaken)]).splitlines()[-1]
        )  # fmt: skip
        uitkomst["groeien"] = gegroeid
        print(f"bron gegroeid: {gegroeid}", flush=True)
        _sql(bron.env["DATABASE_URL"], "VACUUM ANALYZE")
        logs = Path(tempfile.gettempdir())
        if args.etappes:
            uitkomst["etappes"] = []
            for nummer, (naam, fasen) in enumerate(ETAPPES, 1):
                venster = args.hervat_venster if nummer == len(ETAPPES) else args.etappes
                etappe = _migreer(
                    bron, doel, args, logs / f"iwerk-migratie-etappe-{nummer}.log",
                    fasen=fasen, venster=venster, hoofdfase=HOOFDFASE[fasen],
                )  # fmt: skip
                etappe["etappe"] = naam
                uitkomst["etappes"].append(etappe)
                print(json.dumps(etappe, indent=1), flush=True)
        else:
            uitkomst["eerste_run"] = _migreer(
                bron, doel, args, logs / "iwerk-migratie-bench-1.log", profiel=args.profiel
            )
            print(json.dumps(uitkomst["eerste_run"], indent=1), flush=True)
            if not args.zonder_tweede_run:
                uitkomst["tweede_run"] = _migreer(
                    bron, doel, args, logs / "iwerk-migratie-bench-2.log"
                )
                print(json.dumps(uitkomst["tweede_run"], indent=1), flush=True)
    uitkomst["machine"] = (
        f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.python_version()}"
    )
    if args.etappes:
        ETAPPES_RESULTS.write_text(json.dumps(uitkomst, indent=1) + "\n")
        tabel, mark = etappes_tabel(uitkomst), ETAPPES_MARK
    else:
        RESULTS.write_text(json.dumps(uitkomst, indent=1) + "\n")
        tabel, mark = _tabel(uitkomst), MARK
    print(tabel)
    if args.write:
        _schrijf(tabel, mark)


def _run(installatie: Bron, cmd: list[str]) -> str:
    done = subprocess.run(cmd, env=installatie.env, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"{cmd[1]}: {done.returncode}\n{done.stderr[-4000:]}")
    return done.stdout


def _migreer(
    bron: Bron,
    doel: Bron,
    args,
    log: Path,
    *,
    fasen: str = "",
    venster: float | None = None,
    hoofdfase: str = "",
    profiel: str = "",
) -> dict:
    """One copier run as the operator starts it; with `venster`, stopped (SIGTERM, the operator's
    stop: resumable) that many seconds after the units of `hoofdfase` began (its lists read).
    Its output goes to `log`, each line with the seconds since the start."""
    roots = bron.api_roots
    cmd = [
        sys.executable, *(["-m", "cProfile", "-o", profiel] if profiel else []),
        "-m", "iwerk.cli", "migreer", "zgw", "--gemeente", "deventer",
        "--naam", "bench", "--zaken", roots["zaken"], "--documenten", roots["documenten"],
        "--catalogi", roots["catalogi"], "--besluiten", roots["besluiten"],
        "--client-id", bron.lezer.client_id, "--max-per-seconde", str(args.max_per_seconde),
    ]  # fmt: skip
    if args.zonder_audittrail:
        cmd.append("--zonder-audittrail")
    if fasen:
        cmd += ["--fasen", fasen]
    env = {**doel.env, "IWERK_MIGRATIE_SECRET": bron.lezer.secret, "PYTHONUNBUFFERED": "1"}
    assert bron.process is not None
    cpu_voor = _cpu(bron.process.pid)
    db_voor = _dbstat(bron.env["DATABASE_URL"])
    begin = time.monotonic()
    proces = subprocess.Popen(  # noqa: S603
        cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    eenheden_vanaf: list[float] = []  # when the units of hoofdfase began
    lezer = threading.Thread(
        target=_log_met_tijd, args=(proces, log, begin, hoofdfase, eenheden_vanaf), daemon=True
    )
    lezer.start()
    gestopt, gestopt_na = False, None
    while True:
        pid, status, gebruik = os.wait4(proces.pid, os.WNOHANG)
        if pid:
            break
        if (
            venster is not None
            and not gestopt
            and eenheden_vanaf
            and time.monotonic() - eenheden_vanaf[0] >= venster
        ):
            proces.send_signal(signal.SIGTERM)
            gestopt = True
            gestopt_na = time.monotonic() - begin
        time.sleep(0.2)
    proces.returncode = os.waitstatus_to_exitcode(status)
    seconden = time.monotonic() - begin
    lezer.join(timeout=10)
    cpu = _cpu(bron.process.pid) - cpu_voor
    db_na = _dbstat(bron.env["DATABASE_URL"])
    rapport = (
        _sql(
            doel.env["DATABASE_URL"],
            "SELECT rapport FROM migratie_migratierun ORDER BY id DESC LIMIT 1",
        )[0][0]
        or {}
    )
    soorten = {s["soort"]: s for s in rapport.get("soorten", [])}
    geschreven = sum(s.get("gekopieerd", 0) for s in soorten.values())
    verzoeken = rapport.get("verzoeken", 0)
    tekst = log.read_text(errors="replace")
    return {
        "fasen_gevraagd": fasen or "alle",
        "venster": venster,
        "gestopt_na_s": None if gestopt_na is None else round(gestopt_na, 1),
        "exitcode": proces.returncode,
        "seconden": round(seconden),
        "fasen": _fasen(tekst),
        "gelezen": _gelezen(tekst),
        "vensters": _vensters(tekst),
        "objecten_geschreven": geschreven,
        "objecten_per_seconde": round(geschreven / seconden, 1),
        "per_soort": {
            s: {k: soorten[s].get(k) for k in ("bron", "iwerk", "gekopieerd", "ongewijzigd")}
            for s in soorten
        },
        "hoofdobjecten_per_seconde": {
            s: round(soorten[s]["gekopieerd"] / seconden, 1) for s in HOOFD if s in soorten
        },
        "schoon": rapport.get("schoon"),
        "niet_gekopieerd": len(rapport.get("niet_gekopieerd", [])),
        "documentversies": {
            k: v for k, v in rapport.get("documentversies", {}).items() if k != "afwijkend"
        },
        "bron_verzoeken": verzoeken,
        "bron_verzoeken_per_seconde": round(verzoeken / seconden, 1),
        "bron_cpu_seconden": round(cpu, 1),
        "bron_cpu_procent_van_een_kern": round(100 * cpu / seconden, 1),
        "bron_database": {k: db_na[k] - db_voor[k] for k in db_na},
        "kopieerder_max_rss_mb": round(gebruik.ru_maxrss / 1024),
        "kopieerder_cpu_seconden": round(gebruik.ru_utime + gebruik.ru_stime, 1),
        "log_staart": tekst.splitlines()[-8:],
    }


def _log_met_tijd(
    proces: subprocess.Popen, log: Path, begin: float, hoofdfase: str, vanaf: list[float]
) -> None:
    assert proces.stdout is not None
    with log.open("w") as uit:
        for ruw in proces.stdout:
            regel = ruw.decode(errors="replace")
            uit.write(f"[{time.monotonic() - begin:9.1f}] {regel}")
            uit.flush()
            if hoofdfase and not vanaf and re.match(rf"{hoofdfase}: \d+ bij de bron$", regel):
                vanaf.append(time.monotonic())


TIJD = r"^\[\s*(?P<t>[\d.]+)\] "
GELEZEN = re.compile(TIJD + r"(?P<soort>.+) gelezen: (?P<n>\d+)$")
BEGIN = re.compile(TIJD + r"(?P<fase>[^:]+): (?P<n>\d+) bij de bron$")
STAND = re.compile(TIJD + r"\s+(?P<fase>[^:]+): (?P<n>\d+)/(?P<totaal>\d+) \(")


def _gelezen(log: str) -> dict[str, dict]:
    """Per source list: its length and the second its last page was read."""
    return {
        m["soort"]: {"aantal": int(m["n"]), "klaar_na_s": float(m["t"])}
        for m in map(GELEZEN.match, log.splitlines())
        if m
    }


def _vensters(log: str) -> dict[str, dict]:
    """Per phase, from the timed progress lines: when its units began (after its lists were
    read), how many were done by the last line, and units per second in between (also for a
    phase the run was stopped in)."""
    uitkomst: dict[str, dict] = {}
    for regel in log.splitlines():
        if m := BEGIN.match(regel):
            uitkomst[m["fase"]] = {
                "totaal": int(m["n"]), "begin_s": float(m["t"]), "gedaan": 0, "tot_s": float(m["t"])
            }  # fmt: skip
        elif (m := STAND.match(regel)) and m["fase"] in uitkomst:
            uitkomst[m["fase"]].update(gedaan=int(m["n"]), tot_s=float(m["t"]))
    for v in uitkomst.values():
        duur = v["tot_s"] - v["begin_s"]
        v["per_seconde"] = round(v["gedaan"] / duur, 1) if duur > 0 else None
    return uitkomst


FASE = re.compile(
    r"^(?:\[[\s\d.]+\] )?\s+(?P<fase>[^:]+): (?P<n>\d+)/(?P=n) \(100%\), [\d.]+/s, .*klaar in "
    r"(?P<h>\d+):(?P<m>\d\d):(?P<s>\d\d)$"
)


def _fasen(log: str) -> dict[str, dict]:
    """Per phase of the copier (its progress lines): units, seconds, units per second."""
    uitkomst = {}
    for regel in log.splitlines():
        if m := FASE.match(regel):
            seconden = int(m["h"]) * 3600 + int(m["m"]) * 60 + int(m["s"])
            n = int(m["n"])
            uitkomst[m["fase"]] = {
                "eenheden": n,
                "seconden": seconden,
                "per_seconde": round(n / seconden, 1) if seconden else None,
            }
    return uitkomst


def _cpu(pid: int) -> float:
    """User + system seconds of a process group (the source's granian master and workers)."""
    tik = os.sysconf("SC_CLK_TCK")
    totaal = 0
    for pad in Path("/proc").glob("[0-9]*/stat"):
        try:
            velden = pad.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(velden[2]) == pid:  # pgrp
            totaal += int(velden[11]) + int(velden[12]) + int(velden[13]) + int(velden[14])
    return totaal / tik


def _dbstat(url: str) -> dict[str, int]:
    rij = _sql(
        url,
        "SELECT xact_commit, tup_returned, tup_fetched, blks_read, blks_hit "
        "FROM pg_stat_database WHERE datname = current_database()",
    )[0]
    return dict(zip(("transacties", "rijen_gescand", "rijen_opgehaald", "blokken_gelezen",
                     "blokken_uit_cache"), (int(x) for x in rij), strict=True))  # fmt: skip


def _sql(url: str, sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(sql)
        return cur.fetchall() if cur.description else []


def _tabel(u: dict) -> str:
    een, twee = u["eerste_run"], u.get("tweede_run")
    soorten = een["per_soort"]

    def n(soort: str, kolom: str = "bron") -> str:
        return _g((soorten.get(soort) or {}).get(kolom) or 0)

    regels = [
        f"Source: {n('zaak')} zaken, {n('enkelvoudiginformatieobject')} documents, "
        f"{n('besluit')} besluiten, {n('status')} statussen, {n('rol')} rollen, "
        f"{n('zaakinformatieobject')} zaakinformatieobjecten ({u['basis']} zaken made through the "
        f"API in {u['vullen_api']['seconden']} s, grown in its database in "
        f"{u['groeien']['seconden']} s). {u['machine']}; source, target and copier on this one "
        "machine and one PostgreSQL server.",
        "",
        "| Run | Wall time | Objects written | Objects/s | Requests to source (per s) "
        "| Source web CPU | Source DB rows read | Copier peak RSS | Clean |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for naam, r in (("First (full copy)", een), ("Second (nothing changed)", twee)):
        if not r:
            continue
        db = r["bron_database"]
        regels.append(
            f"| {naam} | {_g(r['seconden'])} s | {_g(r['objecten_geschreven'])} | "
            f"{r['objecten_per_seconde']} | {_g(r['bron_verzoeken'])} "
            f"({r['bron_verzoeken_per_seconde']}) | {r['bron_cpu_seconden']} s "
            f"({r['bron_cpu_procent_van_een_kern']} % of a core) | "
            f"{_g(db['rijen_gescand'] + db['rijen_opgehaald'])} | "
            f"{r['kopieerder_max_rss_mb']} MB | {'yes' if r['schoon'] else 'no'} |"
        )
    regels += [
        "",
        "Phases of the first run (a zaken unit is a hoofdzaak with its deelzaken and all their "
        "parts; a document unit is a document with every version, its content and its "
        "gebruiksrechten):",
        "",
        "| Phase | Units | Time | Units/s |",
        "|---|---:|---:|---:|",
    ]
    for fase, f in een["fasen"].items():
        if f["seconden"] >= 5:
            regels.append(
                f"| {fase} | {_g(f['eenheden'])} | {_g(f['seconden'])} s | {f['per_seconde']} |"
            )
    return "\n".join(regels)


def _g(getal: int) -> str:
    return f"{getal:,}".replace(",", " ")


def _schrijf(tabel: str, mark: str = MARK) -> None:
    pad = ROOT / "docs" / "performance.md"
    tekst = pad.read_text()
    blok = f"{mark}\n{tabel}\n{mark}"
    if mark in tekst:
        voor, _, rest = tekst.partition(mark)
        _, _, na = rest.partition(mark)
        tekst = voor + blok + na
    else:
        tekst = tekst.rstrip("\n") + "\n\n" + blok + "\n"
    pad.write_text(tekst)


if __name__ == "__main__":
    main()
