"""`iwerk backup` and `iwerk restore` between two real installations (processes of their own,
each with its own database and document folder): every zaak and document comes back the same."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]

# Run inside an installation: a SHA-256 of every zaak row (all fields, and its statussen and
# rollen), of every document version's stored content as read back from the store, and a row
# count of every table.
CHECKSUMS = """
import hashlib, json, django
django.setup()
from django.apps import apps
from django.core.files.storage import storages
from iwerk.zaken.models import Zaak
from iwerk.documenten.models import Versie

def digest(value):
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()

zaken = {}
for zaak in Zaak.objects.prefetch_related("statussen", "rollen").order_by("pk"):
    row = {f.attname: getattr(zaak, f.attname) for f in zaak._meta.concrete_fields}
    row["statussen"] = sorted(digest(list(s.__dict__.items())[1:]) for s in zaak.statussen.all())
    row["rollen"] = sorted(digest(list(r.__dict__.items())[1:]) for r in zaak.rollen.all())
    zaken[str(zaak.uuid)] = digest(row)
store = storages["documenten"]
documenten = {}
for versie in Versie.objects.select_related("document").order_by("pk"):
    content = ""
    if versie.inhoud:
        with store.open(versie.inhoud, "rb") as handle:
            content = hashlib.sha256(handle.read()).hexdigest()
    documenten[f"{versie.document.uuid}/{versie.versie}"] = [content, versie.sha256, digest(versie.gegevens)]
tabellen = {m._meta.db_table: m.objects.count() for m in apps.get_models() if m._meta.managed}
print(json.dumps({"zaken": zaken, "documenten": documenten, "tabellen": tabellen}))
"""

# Destroy one document: its content is released (still in the store, for the grace period), and
# the backup must leave it out, as its snapshot no longer refers to it.
CHANGES = """
import django
django.setup()
from iwerk.besluiten.models import BesluitInformatieObject
from iwerk.catalogi.demo import ACTOR
from iwerk.documenten.models import EnkelvoudigInformatieObject, VervallenInhoud
from iwerk.documenten.services import documents
from iwerk.zaken.models import ZaakInformatieObject
document = EnkelvoudigInformatieObject.objects.order_by("pk").first()
ZaakInformatieObject.objects.filter(informatieobject=document).delete()
BesluitInformatieObject.objects.filter(informatieobject=document).delete()
document.objecten.all().delete()  # the Documenten side of those relations
documents.delete_document(actor=ACTOR, document=document)
assert VervallenInhoud.objects.count() >= 1
print(EnkelvoudigInformatieObject.objects.count())
"""


TABLES = """
import django
django.setup()
from django.db import connection
print(connection.introspection.table_names())
"""


class Installation:
    def __init__(self, base: Path, name: str, server: str | None) -> None:
        self.dir = base / name
        self.dir.mkdir()
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("IWERK_")},
            "DJANGO_SETTINGS_MODULE": "iwerk.settings",
            "IWERK_DEMO": "true",
            "IWERK_DATA_DIR": str(self.dir),
            "IWERK_DEMO_ZAKEN_PER_ZAAKTYPE": "2",
            "IWERK_LOG_LEVEL": "WARNING",
        }
        self.env.pop("DATABASE_URL", None)
        self.database = None
        if server:
            self.database = f"iwerk_backup_{name}_{os.getpid()}"
            _admin(server, f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            _admin(server, f'CREATE DATABASE "{self.database}"')
            self.env["DATABASE_URL"] = f"{server}/{self.database}"

    def run(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "iwerk.cli", *argv],
            env=self.env, cwd=ROOT, capture_output=True, text=True, check=check,
        )  # fmt: skip

    def python(self, code: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", code], env=self.env, cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()


def _admin(server: str, sql: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture
def server():
    """The PostgreSQL server the suite runs on (two databases of its own), or None for SQLite."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        yield None
        return
    server = f"postgres://{db.get('USER') or ''}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    yield server
    for name in ("a", "b", "c"):
        _admin(server, f'DROP DATABASE IF EXISTS "iwerk_backup_{name}_{os.getpid()}" WITH (FORCE)')


def test_restore_into_empty_installation_gives_every_zaak_and_document_back(tmp_path, server):
    bron = Installation(tmp_path, "a", server)
    bron.run("migrate", "-v0")
    bron.run("load_demo")
    assert int(bron.python(CHANGES)) > 0
    before = json.loads(bron.python(CHECKSUMS))
    assert len(before["zaken"]) >= 6 and len(before["documenten"]) >= 3

    backup = tmp_path / "backup"
    made = bron.run("backup", str(backup))
    assert "Back-up klaar" in made.stdout
    manifest = json.loads((backup / "manifest.json").read_text())
    referenced = sum(1 for d in before["documenten"].values() if d[0])
    assert manifest["documenten"] == referenced
    assert manifest["database"] == ("postgresql" if server else "sqlite")

    # A backup is never written over an earlier one.
    again = bron.run("backup", str(backup), check=False)
    assert again.returncode != 0 and "niet leeg" in again.stderr

    doel = Installation(tmp_path, "b", server)
    doel.run("restore", str(backup))
    after = json.loads(doel.python(CHECKSUMS))
    assert after["zaken"] == before["zaken"]
    assert after["documenten"] == before["documenten"]
    assert after["tabellen"] == before["tabellen"]
    # The restored installation is a working one: its migrations are all there.
    assert "No migrations to apply" in doel.run("migrate").stdout

    # Restoring again over it is refused: it is no longer empty.
    twice = doel.run("restore", str(backup), check=False)
    assert twice.returncode != 0 and "niet leeg" in twice.stderr

    # One flipped byte in the backup: refused before the database is touched.
    first = json.loads((backup / "documenten.jsonl").read_text().splitlines()[0])
    damaged = backup / "documenten" / first["naam"]
    damaged.write_bytes(damaged.read_bytes() + b"!")
    derde = Installation(tmp_path, "c", server)
    done = derde.run("restore", str(backup), check=False)
    assert done.returncode != 0
    assert f"Bestand {first['naam']} in de back-up is beschadigd" in done.stderr
    assert derde.python(TABLES) == "[]"
    damaged.write_bytes(damaged.read_bytes()[:-1])

    # The database file too (issue 22.7): one flipped byte is refused before anything is written.
    database = backup / ("database.dump" if server else "database.sqlite3")
    intact = database.read_bytes()
    flipped = bytearray(intact)
    flipped[len(flipped) // 2] ^= 0x01
    database.write_bytes(bytes(flipped))
    done = derde.run("restore", str(backup), check=False)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert f"Bestand {database.name} in de back-up is beschadigd" in done.stderr
    assert derde.python(TABLES) == "[]" and not _stored(derde)
    database.write_bytes(intact)

    # A document file missing from the backup: a clear message, not a traceback.
    kept = damaged.read_bytes()
    damaged.unlink()
    done = derde.run("restore", str(backup), check=False)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert f"Bestand {first['naam']} ontbreekt in de back-up" in done.stderr
    assert derde.python(TABLES) == "[]" and not _stored(derde)
    damaged.write_bytes(kept)

    # A backup of the previous version (no checksum of its database in the manifest) is still
    # restored, with a warning that its database could not be checked.
    manifest = json.loads((backup / "manifest.json").read_text())
    assert set(manifest["bestanden"]) == {database.name, "documenten.jsonl"}
    del manifest["bestanden"]
    manifest["formaat"] = 1
    (backup / "manifest.json").write_text(json.dumps(manifest))
    done = derde.run("restore", str(backup))
    assert "geen controlegetal van de database" in done.stdout
    assert json.loads(derde.python(CHECKSUMS))["zaken"] == before["zaken"]


def _stored(installation: Installation) -> list[Path]:
    return [p for p in (installation.dir / "documenten").rglob("*") if p.is_file()]
