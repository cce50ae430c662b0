"""Issue 30, "what must be shown": `iwerk migreer zgw` from one iwerk installation to another, each
a real server with a database of its own, over real HTTP.

The source is filled through its APIs with a realistic mix (`vullen.vul_bron`: two zaaktypen in
two published versions and a concept, zaken in every stage, a hoofdzaak with deelzaken, relevante
andere zaken, documents of one to three versions, gebruiksrechten, besluiten). The copier runs as
the command an operator runs, in a process of its own against the target installation's database,
and is killed (SIGKILL) halfway through the zaken; the same command then resumes it. After changes
at the source (`vullen.wijzig_bron`) an incremental run writes exactly what changed, with a known
number of requests to the source. Then every object is compared field by field through both APIs,
every document version by SHA-256, and the target's audit chain is verified.

The target is a third installation rather than the test database: a killed process must leave
its work in a database another process can see, on SQLite as on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from iwerk.migratie.tests.bron import ROOT, Bron, BronGemeente, bron_installatie
from iwerk.migratie.tests.vullen import vul_bron, wijzig_bron
from iwerk.migratie.tests.zgw_hulp import genormaliseerd, verschillen
from iwerk.migratie.tests.zgwclient import ZgwClient, uuid_van

ZAKEN = 26  # one block of 25 (a hoofdzaak with two deelzaken, relevante andere zaken) and one
VERGELIJKER = ("vergelijker", "een-geheim-van-de-vergelijker-van-minstens-32-tekens")
# manifest type -> the copier's soort (what the bookkeeping calls it)
SOORTEN = {
    "catalogussen": "catalogus",
    "zaaktypen": "zaaktype",
    "statustypen": "statustype",
    "resultaattypen": "resultaattype",
    "roltypen": "roltype",
    "eigenschappen": "eigenschap",
    "informatieobjecttypen": "informatieobjecttype",
    "besluittypen": "besluittype",
    "zaaktype-informatieobjecttypen": "zaaktypeinformatieobjecttype",
    "zaken": "zaak",
    "statussen": "status",
    "resultaten": "resultaat",
    "rollen": "rol",
    "zaakobjecten": "zaakobject",
    "zaakeigenschappen": "zaakeigenschap",
    "zaakinformatieobjecten": "zaakinformatieobject",
    "enkelvoudiginformatieobjecten": "enkelvoudiginformatieobject",
    "gebruiksrechten": "gebruiksrechten",
    "besluiten": "besluit",
    "besluitinformatieobjecten": "besluitinformatieobject",
}
# Lists the copier reads at the source (each fits one page here): 10 catalogue lists, the
# documents, four zaak parts and the zaken, the besluiten.
LIJSTEN = 17
GELIJST = set(SOORTEN) - {
    "zaakeigenschappen", "zaakinformatieobjecten", "gebruiksrechten", "besluitinformatieobjecten"
}  # fmt: skip


@pytest.fixture(scope="module")
def installaties(tmp_path_factory) -> Iterator[tuple[Bron, Bron, dict]]:
    map_ = tmp_path_factory.mktemp("e2e")
    with (
        bron_installatie(map_, naam="bron") as bron,
        bron_installatie(map_, naam="doel", domein="DOEL", gemeente=BronGemeente()) as doel,
    ):
        manifest = vul_bron(
            bron.basis_url, bron.schrijver.client_id, bron.schrijver.secret, zaken=ZAKEN
        )
        _iwerk(
            doel,
            "create-applicatie",
            "--client-id",
            VERGELIJKER[0],
            "--secret",
            VERGELIJKER[1],
            "--alle-autorisaties",
        )
        yield bron, doel, manifest


def _iwerk(installatie: Bron, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "iwerk.cli", *args],
        env=installatie.env, cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if check and done.returncode != 0:
        raise AssertionError(
            f"iwerk {' '.join(args[:2])}: {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    return done


def _migreer_args(bron: Bron, max_per_seconde: int) -> list[str]:
    roots = bron.api_roots
    return [
        "migreer", "zgw", "--gemeente", "deventer", "--naam", "oud-zaaksysteem",
        "--zaken", roots["zaken"], "--documenten", roots["documenten"],
        "--catalogi", roots["catalogi"], "--besluiten", roots["besluiten"],
        "--client-id", bron.lezer.client_id, "--max-per-seconde", str(max_per_seconde),
    ]  # fmt: skip


def _env(doel: Bron, bron: Bron) -> dict[str, str]:
    return {**doel.env, "IWERK_MIGRATIE_SECRET": bron.lezer.secret}


def _sql(doel: Bron, query: str, *params: object) -> list[tuple]:
    """A read of the target's database, from outside its processes."""
    if doel.database:
        import psycopg

        url = doel.env["DATABASE_URL"]
        with psycopg.connect(url) as conn:
            return list(conn.execute(query.replace("?", "%s"), params).fetchall())  # type: ignore[arg-type]
    pad = Path(doel.env["IWERK_DATA_DIR"]) / "iwerk.sqlite3"
    with contextlib.closing(sqlite3.connect(f"file:{pad}?mode=ro", uri=True, timeout=20)) as conn:
        return list(conn.execute(query, params).fetchall())


def _laatste_run(doel: Bron) -> tuple[int, str, dict]:
    pk, toestand, rapport = _sql(
        doel, "SELECT id, toestand, rapport FROM migratie_migratierun ORDER BY id DESC LIMIT 1"
    )[0]
    return pk, toestand, rapport if isinstance(rapport, dict) else json.loads(rapport or "null")


def _kill_halverwege(doel: Bron, bron: Bron, zaken: int) -> None:
    """Start the command and SIGKILL it once half the zaken are in (no goodbye, no cleanup)."""
    proces = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "iwerk.cli", *_migreer_args(bron, 40)],
        env=_env(doel, bron), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline:
            assert proces.poll() is None, (
                f"de migratie stopte vóór de kill: {proces.stderr.read()[-3000:]}"
            )
            with contextlib.suppress(Exception):
                (gedaan,) = _sql(
                    doel,
                    "SELECT count(*) FROM migratie_bronobject WHERE soort = 'zaak' AND toestand = 'gekopieerd'",
                )[0]
                if gedaan >= zaken // 2:
                    break
            time.sleep(0.05)
        else:
            raise AssertionError("de migratie kwam niet halverwege de zaken")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(proces.pid, signal.SIGKILL)
        proces.wait(10)
        proces.stderr.close()


def _client(installatie: Bron, client_id: str, secret: str) -> ZgwClient:
    return ZgwClient(installatie.basis_url, client_id, secret)


def _vergelijk(bron: Bron, doel: Bron, manifest: dict) -> tuple[int, list[str]]:
    """Every object of the manifest GET from both APIs, URLs normalised; every document version
    downloaded from the target and its SHA-256 compared with the source's."""
    lezer = _client(bron, bron.lezer.client_id, bron.lezer.secret)
    doel_api = _client(doel, *VERGELIJKER)
    fouten: list[str] = []
    aantal = 0
    for typ, objecten in manifest["objecten"].items():
        for url in objecten.values():
            b = genormaliseerd(lezer.get(url), bron.basis_url, doel.basis_url)
            i = doel_api.get(b["url"])
            fouten += [f"{typ} {url}{v}" for v in verschillen(b, i)]
            aantal += 1
    for document, versies in manifest["versies"].items():
        url = manifest["objecten"]["enkelvoudiginformatieobjecten"][document].replace(
            bron.basis_url, doel.basis_url
        )
        for versie in versies:
            inhoud = doel_api.download(f"{url}/download?versie={versie['versie']}")
            if hashlib.sha256(inhoud).hexdigest() != versie["sha256"]:
                fouten.append(
                    f"document {document} versie {versie['versie']}: SHA-256 wijkt af "
                    f"({len(inhoud)} bytes, verwacht {versie['bestandsomvang']}: {inhoud[:80]!r})"
                )
            aantal += 1
    return aantal, fouten


def test_migration_killed_resumed_incremental_and_identical(installaties):
    bron, doel, manifest = installaties
    zaken = len(manifest["objecten"]["zaken"])

    # 1. The first run, killed halfway through the zaken.
    _kill_halverwege(doel, bron, zaken)
    gekopieerd = dict(
        _sql(doel, "SELECT uuid, toestand FROM migratie_bronobject WHERE soort = 'zaak'")
    )
    assert 0 < len(gekopieerd) < zaken

    # 2. Resumed by the same command: done, report clean, nothing written twice.
    done = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "iwerk.cli", *_migreer_args(bron, 200)],
        env=_env(doel, bron), cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert "Oordeel: schoon" in done.stdout
    runs = _sql(doel, "SELECT toestand, melding FROM migratie_migratierun ORDER BY id")
    assert [toestand for toestand, _ in runs] == ["gestopt", "klaar"]
    assert "Afgebroken" in runs[0][1]
    _, _, rapport = _laatste_run(doel)
    per_soort = {s["soort"]: s for s in rapport["soorten"]}
    assert per_soort["zaak"]["bron"] == per_soort["zaak"]["iwerk"] == zaken
    assert per_soort["zaak"]["ongewijzigd"] == len(gekopieerd)  # the killed run's work is kept
    assert per_soort["zaak"]["gekopieerd"] == zaken - len(gekopieerd)
    for typ, soort in SOORTEN.items():
        assert manifest["aantallen"][typ] == rapport_totaal(rapport, soort), typ

    # 3. Changes at the source, then an incremental run.
    wijziging = wijzig_bron(
        bron.basis_url, bron.schrijver.client_id, bron.schrijver.secret, manifest
    )
    nieuw = wijziging["manifest"]
    done = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "iwerk.cli", *_migreer_args(bron, 200)],
        env=_env(doel, bron), cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    run, _, rapport = _laatste_run(doel)
    geschreven: dict[str, set[str]] = {}
    for soort, sleutel in _sql(
        doel,
        "SELECT soort, uuid FROM migratie_bronobject WHERE run_id = ? AND toestand = 'gekopieerd'",
        run,
    ):
        geschreven.setdefault(soort, set()).add(str(sleutel).replace("-", "") if sleutel else "")
    verwacht = _verwacht_geschreven(manifest, nieuw, wijziging)
    for soort in set(verwacht) | set(geschreven) - {"audittrail", "zaakrelaties"}:
        assert geschreven.get(soort, set()) == verwacht.get(soort, set()), soort
    assert rapport["verzoeken"] == _verwachte_verzoeken(bron, manifest, nieuw, wijziging), rapport[
        "verzoeken_per_pad"
    ]

    # 4. Field by field and byte for byte.
    aantal, fouten = _vergelijk(bron, doel, nieuw)
    assert not fouten, "\n".join(fouten[:50])
    assert aantal > 300

    # 5. Imported audit trail keeps the chain sound.
    verificatie = _iwerk(doel, "audit_verifieren", "--verzegel", check=False)
    assert verificatie.returncode == 0, verificatie.stdout + verificatie.stderr


def rapport_totaal(rapport: dict, soort: str) -> int:
    return next(s["totaal_gekopieerd"] for s in rapport["soorten"] if s["soort"] == soort)


def _hex(url: str) -> str:
    return uuid_van(url).replace("-", "")


def _verwacht_geschreven(oud: dict, nieuw: dict, wijziging: dict) -> dict[str, set[str]]:
    """What the incremental run must write: the new objects, the zaak with the new status, the
    zaak with the new omschrijving, the document with the new version."""
    verwacht: dict[str, set[str]] = {}
    for typ, soort in SOORTEN.items():
        erbij = set(nieuw["objecten"][typ]) - set(oud["objecten"][typ])
        if erbij:
            verwacht[soort] = {u.replace("-", "") for u in erbij}
    verwacht.setdefault("zaak", set()).update(
        {_hex(wijziging["status"]["zaak"]), _hex(wijziging["omschrijving"]["zaak"])}
    )
    verwacht.setdefault("enkelvoudiginformatieobject", set()).add(
        _hex(wijziging["documentversie"]["document"])
    )
    return verwacht


def _verwachte_verzoeken(bron: Bron, oud: dict, nieuw: dict, wijziging: dict) -> int:
    """GETs of an incremental run: every list (one page each here); per zaak written its
    zaakeigenschappen and its zaakinformatieobjecten (when it has any); per document written the
    JSON of each new version but the newest, the content of each new version, and its
    gebruiksrechten (when indicatieGebruiksrecht says it has any); per besluit written its
    besluitinformatieobjecten; the audit trail of every zaak, document and besluit written."""
    lezer = _client(bron, bron.lezer.client_id, bron.lezer.secret)

    def erbij(typ: str) -> list[str]:
        return [u for k, u in nieuw["objecten"][typ].items() if k not in oud["objecten"][typ]]

    zaken = erbij("zaken") + [wijziging["status"]["zaak"], wijziging["omschrijving"]["zaak"]]
    nieuwe_documenten = erbij("enkelvoudiginformatieobjecten")
    documenten = nieuwe_documenten + [wijziging["documentversie"]["document"]]
    besluiten = erbij("besluiten")
    verzoeken = LIJSTEN + sum(
        max(0, math.ceil(n / 100) - 1) for typ, n in nieuw["aantallen"].items() if typ in GELIJST
    )
    for url in zaken:
        zaak = lezer.get(url)
        verzoeken += bool(zaak["eigenschappen"]) + bool(zaak["zaakinformatieobjecten"])
    for url in nieuwe_documenten:
        versies = len(nieuw["versies"][uuid_van(url)])
        verzoeken += (versies - 1) + versies
    verzoeken += 1  # the new version of the changed document: its content
    verzoeken += sum(lezer.get(url)["indicatieGebruiksrecht"] is True for url in documenten)
    verzoeken += len(besluiten)
    return verzoeken + len(zaken) + len(documenten) + len(besluiten)


def test_source_is_read_only_for_the_copier(installaties):
    """The copier's client can only read: the same credentials cannot write at the source."""
    bron, _, _ = installaties
    antwoord = requests.post(
        bron.api_roots["zaken"] + "zaken",
        json={},
        headers={
            "Authorization": f"Bearer {_token(bron)}",
            "Accept-Crs": "EPSG:4326",
            "Content-Crs": "EPSG:4326",
        },
        timeout=30,
    )
    assert antwoord.status_code == 403


def _token(bron: Bron) -> str:
    from iwerk.migratie.tests.zgwclient import token

    return token(bron.lezer.client_id, bron.lezer.secret)
