"""Backup and restore of one installation: its database and its document store, consistent.

A backup is a folder:

    manifest.json        format, time, database engine, applied migrations, counts, and the
                         size and SHA-256 of the database file and of documenten.jsonl
    database.dump        PostgreSQL: pg_dump custom format (or database.sqlite3 for SQLite)
    documenten.jsonl     one line per stored content: name, size, SHA-256
    documenten/…         the content, under its own name

Consistency: the database is copied from one snapshot (pg_dump of an exported snapshot; SQLite's
online backup), and exactly the content that snapshot refers to is copied after it. Content is
never changed in place (every version gets a new name), and content that loses its last
reference stays in the store for IWERK_DOCUMENT_OPRUIMEN_NA (24 h by default) before the worker
removes it, so a backup that finishes within that time finds all it needs; it refuses to
finish when it did not. Every copied file is checked against the SHA-256 recorded at upload.

Restore goes into an empty installation (no tables, no stored content of the same name). It
checks every file of the backup (database, listing, content) against its SHA-256 before it writes
anything, and every file again as it writes it back. A backup of format 1 (before the manifest
named the database's checksum) is restored with a warning; SQLite's own check of its structure
is then the only check of its database.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import connection, transaction

FORMAT = 2
FORMATS = (1, 2)  # format 1: no checksum of the database file and listing in the manifest
CHUNK = 1024 * 1024

# Per app that keeps content in the document store: SQL giving (name, sha256) of every stored
# name a row refers to (sha256 '' when none was recorded). Registered by the apps (documenten),
# so core knows no other app's tables.
_CONTENT_QUERIES: list[str] = []


def register_content(sql: str) -> None:
    if sql not in _CONTENT_QUERIES:
        _CONTENT_QUERIES.append(sql)


def _referenced_sql() -> str:
    if not _CONTENT_QUERIES:
        raise BackupError("Geen app heeft opgegeven welke bestanden de database noemt.")
    return " UNION ".join(_CONTENT_QUERIES)


class BackupError(Exception):
    pass


def _pg_env() -> dict:
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGDATABASE": db["NAME"], "PGUSER": db.get("USER") or "",
           "PGHOST": db.get("HOST") or "", "PGPORT": str(db.get("PORT") or "")}  # fmt: skip
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return {k: v for k, v in env.items() if v != ""}


def _tool(name: str) -> str:
    """pg_dump/pg_restore: from IWERK_PG_BIN (the server's major version) or else the PATH."""
    found = shutil.which(name, path=settings.IWERK_PG_BIN or None)
    if found is None:
        raise BackupError(f"{name} niet gevonden; zet IWERK_PG_BIN op de map met PostgreSQL-tools.")
    return found


LISTING = "documenten.jsonl"


def _database_file(vendor: str) -> str:
    return "database.dump" if vendor == "postgresql" else "database.sqlite3"


def _checksum(path: Path) -> dict:
    with path.open("rb") as handle:
        sha256, size = _sha256(handle)
    return {"omvang": size, "sha256": sha256}


def _sha256(handle: IO[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def backup(target: Path | str, say: Callable[[str], None] = lambda _: None) -> dict:
    """Write a consistent backup of this installation into target (a new or empty folder)."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"De map {target} is niet leeg.")
    target.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    if connection.vendor == "postgresql":
        names = _dump_postgresql(target)
    elif connection.vendor == "sqlite":
        names = _dump_sqlite(target)
    else:
        raise BackupError(f"Geen back-up voor database-engine {connection.vendor}.")
    say(f"Database gekopieerd ({connection.vendor}); {len(names)} bestanden te kopiëren.")
    store = storages["documenten"]
    omvang = 0
    with (target / LISTING).open("w", encoding="utf-8") as listing:
        for name, recorded in sorted(names.items()):
            destination = target / "documenten" / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            try:
                with store.open(name, "rb") as source, destination.open("wb") as out:
                    digest = hashlib.sha256()
                    size = 0
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                        size += len(chunk)
            except FileNotFoundError as exc:
                raise BackupError(f"Bestand {name} ontbreekt in de documentopslag.") from exc
            sha256 = digest.hexdigest()
            if recorded and recorded != sha256:
                raise BackupError(f"Bestand {name} wijkt af van de SHA-256 uit de registratie.")
            listing.write(json.dumps({"naam": name, "omvang": size, "sha256": sha256}) + "\n")
            omvang += size
    duur = time.monotonic() - started
    if duur >= settings.IWERK_DOCUMENT_OPRUIMEN_NA:
        # Content released during the run may already be gone from the store: not consistent.
        raise BackupError(
            f"De back-up duurde {duur:.0f} s, langer dan IWERK_DOCUMENT_OPRUIMEN_NA "
            f"({settings.IWERK_DOCUMENT_OPRUIMEN_NA} s); verhoog die termijn."
        )
    database = target / _database_file(connection.vendor)
    manifest = {
        "formaat": FORMAT,
        "gemaakt": datetime.now(UTC).isoformat(),
        "database": connection.vendor,
        "migraties": _migrations(),
        "documenten": len(names),
        "documenten_omvang": omvang,
        "duur_seconden": round(duur, 1),
        "bestanden": {path.name: _checksum(path) for path in (database, target / LISTING)},
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def _dump_postgresql(target: Path) -> dict[str, str]:
    """pg_dump of a snapshot this transaction exports, and the content names in that snapshot."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        done = subprocess.run(  # noqa: S603 - our own arguments, no shell
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
             f"--snapshot={snapshot}", f"--file={target / 'database.dump'}"],
            env=_pg_env(), capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode:
            raise BackupError(f"pg_dump mislukte: {done.stderr.strip()}")
        cursor.execute(_referenced_sql())
        return dict(cursor.fetchall())


def _dump_sqlite(target: Path) -> dict[str, str]:
    """SQLite's online backup (one consistent copy), and the content names in that copy."""
    copy = target / "database.sqlite3"
    source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
    destination = sqlite3.connect(copy)
    try:
        source.backup(destination)
        return dict(destination.execute(_referenced_sql()).fetchall())
    finally:
        destination.close()
        source.close()


def _migrations() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).migration_qs.values_list("app", "name"):
        latest[app] = max(latest.get(app, ""), name)
    return latest


def restore(source: Path | str, say: Callable[[str], None] = lambda _: None) -> dict:
    """Restore a backup into this installation, which must be empty; returns the manifest."""
    source = Path(source)
    manifest_path = source / "manifest.json"
    if not manifest_path.exists():
        raise BackupError(f"{source} is geen back-up van iwerk (manifest.json ontbreekt).")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"Het manifest van {source} is beschadigd: {exc}.") from exc
    if manifest.get("formaat") not in FORMATS:
        raise BackupError(f"Onbekend back-upformaat {manifest.get('formaat')}.")
    if manifest["database"] != connection.vendor:
        raise BackupError(
            f"De back-up is van {manifest['database']}, deze installatie gebruikt "
            f"{connection.vendor}; zet eerst DATABASE_URL."
        )
    if connection.introspection.table_names():
        raise BackupError("De database is niet leeg: herstel alleen in een lege installatie.")
    database = source / _database_file(connection.vendor)
    checked = _verify_files(source, manifest, database, say)
    listing = _read_listing(source)
    store = storages["documenten"]
    taken = [entry["naam"] for entry in listing if store.exists(entry["naam"])]
    if taken:
        raise BackupError(f"De documentopslag is niet leeg ({taken[0]} bestaat al).")
    for entry in listing:  # a damaged backup is refused before anything is written
        with _open_content(source, entry["naam"]) as handle:
            if _sha256(handle)[0] != entry["sha256"]:
                raise BackupError(f"Bestand {entry['naam']} in de back-up is beschadigd.")
    if connection.vendor == "postgresql":
        done = subprocess.run(  # noqa: S603 - our own arguments, no shell
            [_tool("pg_restore"), "--exit-on-error", "--single-transaction", "--no-owner",
             "--no-privileges", f"--dbname={settings.DATABASES['default']['NAME']}",
             str(database)],
            env=_pg_env(), capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode:
            raise BackupError(f"pg_restore mislukte: {done.stderr.strip()}")
    else:
        connection.close()
        name = Path(settings.DATABASES["default"]["NAME"])
        for leftover in (name.with_name(name.name + "-wal"), name.with_name(name.name + "-shm")):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(database, name)
        if checked is not None and _checksum(name)["sha256"] != checked["sha256"]:
            raise BackupError("De database is na terugzetten niet gelijk aan die in de back-up.")
    say("Database hersteld.")
    for entry in listing:
        with _open_content(source, entry["naam"]) as handle:
            stored = store.save(entry["naam"], File(handle))
        if stored != entry["naam"]:
            raise BackupError(f"Bestand {entry['naam']} kreeg een andere naam ({stored}).")
        with store.open(stored, "rb") as handle:
            if _sha256(handle)[0] != entry["sha256"]:
                raise BackupError(f"Bestand {entry['naam']} is na terugzetten niet gelijk.")
    say(f"{len(listing)} bestanden teruggezet en gecontroleerd.")
    return manifest


def _verify_files(
    source: Path, manifest: dict, database: Path, say: Callable[[str], None]
) -> dict | None:
    """Check the database file and the listing against the manifest, before anything is
    written; returns the database's checksum (None for a format-1 backup, which has none)."""
    for path in (database, source / LISTING):
        if not path.is_file():
            raise BackupError(f"Bestand {path.name} ontbreekt in de back-up ({path}).")
    if manifest["formaat"] == 1:  # made before the manifest named their checksums
        say(
            "Let op: deze back-up is van een eerdere versie van iwerk en heeft geen controlegetal "
            "van de database; alleen de documenten worden gecontroleerd."
        )
        if connection.vendor == "sqlite":
            _sqlite_quick_check(database)
        return None
    files = manifest.get("bestanden") or {}
    for name in (database.name, LISTING):
        expected = files.get(name)
        if expected is None:
            raise BackupError(f"Het manifest noemt geen controlegetal voor {name}.")
        if _checksum(source / name) != expected:
            raise BackupError(f"Bestand {name} in de back-up is beschadigd.")
    return files[database.name]


def _sqlite_quick_check(database: Path) -> None:
    """SQLite's check of its own structure, on the backup's file opened read-only."""
    try:
        check = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            result = [row[0] for row in check.execute("PRAGMA quick_check")]
        finally:
            check.close()
    except sqlite3.DatabaseError as exc:
        result = [str(exc)]
    if result != ["ok"]:
        raise BackupError(f"Bestand {database.name} in de back-up is beschadigd: {result[0]}.")


def _read_listing(source: Path) -> list[dict]:
    try:
        with (source / LISTING).open(encoding="utf-8") as lines:
            listing = [json.loads(line) for line in lines]
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"Bestand {LISTING} in de back-up is beschadigd: {exc}.") from exc
    for entry in listing:
        name = entry.get("naam")
        if not isinstance(name, str) or Path(name).is_absolute() or ".." in Path(name).parts:
            raise BackupError(f"Bestand {LISTING} noemt een ongeldige naam: {name!r}.")
    return listing


def _open_content(source: Path, name: str) -> IO[bytes]:
    path = source / "documenten" / name
    try:
        return path.open("rb")
    except FileNotFoundError as exc:
        raise BackupError(f"Bestand {name} ontbreekt in de back-up ({path}).") from exc
