"""The official files are the published bytes: their checksums are those in PROVENANCE.md."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

IWERK = Path(__file__).resolve().parents[2]
KOPIEEN = [
    (
        IWERK / "dubbels" / "data" / "brp-test-data.json",
        IWERK / "dubbels" / "data" / "PROVENANCE.md",
    ),
    (IWERK / "specs" / "brp" / "openapi.yaml", IWERK / "specs" / "brp" / "PROVENANCE.md"),
    (IWERK / "specs" / "bag" / "openapi.yaml", IWERK / "specs" / "bag" / "PROVENANCE.md"),
]


@pytest.mark.parametrize("bestand, herkomst", KOPIEEN, ids=lambda p: p.name)
def test_official_copy_is_unchanged(bestand, herkomst):
    genoemd = re.findall(r"`([0-9a-f]{64})`", herkomst.read_text(encoding="utf-8"))

    assert hashlib.sha256(bestand.read_bytes()).hexdigest() in genoemd
