"""Document content in the document storage: written in chunks, checked, then made visible.

Content is streamed through a staging file while its size and SHA-256 are computed, so no
upload is ever held in memory as a whole; only when it is complete and matches what was
declared does it get its final, uuid-derived name in the storage (the local file system by
default, any S3-compatible store when configured). A version row pointing at it is written
afterwards, so a failed or interrupted upload never becomes a visible version. Names never
contain anything a client sent.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import connection, transaction
from django.utils import timezone

from iwerk.core import virusscan
from iwerk.core.api.problems import PayloadTooLarge, ServiceUnavailable, ValidationFailed
from iwerk.documenten.models import VervallenInhoud

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredContent:
    name: str
    size: int
    sha256: str


# The integriteit.algoritme values iwerk can verify while storing (others are kept as given).
VERIFIABLE = {
    "md5": "md5",
    "sha_1": "sha1",
    "sha_256": "sha256",
    "sha_512": "sha512",
    "sha_3": "sha3_256",
}


# Media types whose files start with a fixed signature: a declared formaat must match the content.
_ZIP = (b"PK\x03\x04",)
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/tiff": (b"II*\x00", b"MM\x00*"),
    "application/zip": _ZIP,
}
_ZIP_FAMILIES = (
    "application/vnd.openxmlformats-officedocument.",
    "application/vnd.oasis.opendocument.",
)


def signatures_for(formaat: str) -> tuple[bytes, ...]:
    formaat = formaat.split(";")[0].strip().lower()
    if formaat.startswith(_ZIP_FAMILIES):
        return _ZIP
    return SIGNATURES.get(formaat, ())


def storage() -> Storage:
    return storages["documenten"]


def _new_name(kind: str) -> str:
    key = uuid.uuid4().hex
    return f"{kind}/{key[:2]}/{key[2:4]}/{key}"


# Staging files in the system's temporary folder (object stores) carry this prefix, so the
# clean-up (remove_staging) only ever touches iwerk's own.
STAGING_PREFIX = "iwerk-staging-"


def _staging_dir() -> str | None:
    """Stage next to the final place on a local store, so publishing is an atomic rename."""
    store = storage()
    if isinstance(store, FileSystemStorage):
        path = Path(store.location) / "staging"
        path.mkdir(parents=True, exist_ok=True)
        return str(path)
    return None


def store(
    chunks: Iterable[bytes],
    *,
    declared_size: int | None = None,
    kind: str = "inhoud",
    integriteit: dict | None = None,
    formaat: str = "",
) -> StoredContent:
    """Write chunks as new content; 400 `file-size` when they differ from declared_size.

    When integriteit names an algorithm iwerk can compute, its waarde must match the content
    (400 `checksum-mismatch`). Raises PayloadTooLarge above IWERK_DOCUMENT_MAX_SIZE. Nothing
    is left behind on failure. A formaat with a known file signature must match the content's
    first bytes (400 `formaat-mismatch`): a "PDF" that is not one is refused.
    """
    limit = settings.IWERK_DOCUMENT_MAX_SIZE
    digest = hashlib.sha256()
    algorithm = VERIFIABLE.get((integriteit or {}).get("algoritme", ""))
    check = hashlib.new(algorithm) if algorithm and algorithm != "sha256" else None
    size = 0
    head = b""
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
        dir=_staging_dir(), prefix=STAGING_PREFIX, delete=False
    )
    try:
        with handle:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise PayloadTooLarge(f"Een document mag hoogstens {limit} bytes groot zijn.")
                if declared_size is not None and size > declared_size:
                    raise _size_mismatch(declared_size)
                if len(head) < 16:
                    head += chunk[: 16 - len(head)]
                digest.update(chunk)
                if check is not None:
                    check.update(chunk)
                handle.write(chunk)
        if declared_size is not None and size != declared_size:
            raise _size_mismatch(declared_size)
        expected = signatures_for(formaat)
        if expected and size and not head.startswith(expected):
            raise ValidationFailed.single(
                "formaat",
                "formaat-mismatch",
                f"De inhoud is geen {formaat}; controleer het bestand of het opgegeven formaat.",
            )
        if kind == "inhoud" and virusscan.aan():
            _scan(handle.name)
        if algorithm:
            computed = (check or digest).hexdigest()
            if computed != str(integriteit["waarde"]).strip().lower():
                raise ValidationFailed.single(
                    "integriteit.waarde",
                    "checksum-mismatch",
                    f"De {integriteit['algoritme']}-controlewaarde klopt niet met de inhoud.",
                )
        name = _publish(handle.name, _new_name(kind))
    finally:
        if os.path.exists(handle.name):
            os.unlink(handle.name)
    return StoredContent(name=name, size=size, sha256=digest.hexdigest())


def _scan(path: str) -> None:
    try:
        gevonden = virusscan.scan_bestand(path)
    except virusscan.ScanNietBeschikbaar as error:
        raise ServiceUnavailable(
            "De virusscanner is niet bereikbaar; het bestand is niet opgeslagen. Probeer het later opnieuw."
        ) from error
    if gevonden:
        raise ValidationFailed.single(
            "inhoud", "virus", f"Het bestand bevat malware ({gevonden}) en is geweigerd."
        )


def _publish(staged: str, name: str) -> str:
    store = storage()
    if isinstance(store, FileSystemStorage):
        target = Path(store.path(name))
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged, target)
        os.chmod(target, store.file_permissions_mode or 0o640)
        return name
    with open(staged, "rb") as source:
        return store.save(name, File(source, name=name))


def _size_mismatch(declared: int) -> ValidationFailed:
    return ValidationFailed.single(
        "inhoud",
        "file-size",
        f"De omvang van de inhoud komt niet overeen met de opgegeven bestandsomvang ({declared}).",
    )


def read(name: str) -> Iterator[bytes]:
    """The content in chunks (for streaming responses and merging parts)."""
    with storage().open(name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk


def release(*names: str) -> None:
    """Content the current transaction stops referring to: removed after the grace period
    (IWERK_DOCUMENT_OPRUIMEN_NA), so that a backup taken just before still finds it."""
    na = timezone.now() + timedelta(seconds=settings.IWERK_DOCUMENT_OPRUIMEN_NA)
    VervallenInhoud.objects.bulk_create(
        [VervallenInhoud(naam=name, verwijderen_na=na) for name in set(names) if name]
    )


def remove_released(limit: int = 500) -> int:
    """Remove released content whose grace period has passed (a periodic job of the worker)."""
    with transaction.atomic():
        due = VervallenInhoud.objects.filter(verwijderen_na__lte=timezone.now()).order_by("id")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        rows = list(due[:limit])
        discard(*(row.naam for row in rows))
        VervallenInhoud.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)


def discard(*names: str) -> None:
    """Remove content no committed row refers to (best effort: an orphan only costs space)."""
    store = storage()
    for name in names:
        if name:
            store.delete(name)


def remove_staging() -> int:
    """Remove staging files left behind by an upload or a merge of bestandsdelen whose process
    was killed before store() could clean up: those not written to for IWERK_STAGING_OPRUIMEN_NA
    (a periodic job of the worker). No row ever names a staging file (content gets its final
    name before a version or bestandsdeel refers to it), and a file being written is touched by
    every chunk, so its age alone tells an orphan. Returns how many were removed."""
    local = _staging_dir()
    folder = local or tempfile.gettempdir()
    prefix = "" if local else STAGING_PREFIX  # the local staging folder is iwerk's alone
    cutoff = time.time() - settings.IWERK_STAGING_OPRUIMEN_NA
    removed = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            if not entry.name.startswith(prefix) or not entry.is_file(follow_symlinks=False):
                continue
            try:
                if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                    os.unlink(entry.path)
                    removed += 1
            except FileNotFoundError:  # another worker was first
                continue
    return removed
