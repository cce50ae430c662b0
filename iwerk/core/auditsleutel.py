"""The keys of the audit chain (ADR 0032): read from IWERK_AUDIT_SLEUTELS, never from the database.

`IWERK_AUDIT_SLEUTELS` (or `IWERK_AUDIT_SLEUTELS_FILE`) lists `id:key` pairs separated by commas
or new lines. The first is the current key: new links, writer's seals and anchors use it. The
others are earlier keys, kept only to verify what they sealed (key rotation). Without the setting
(demo, development, tests only: production refuses to start) one key is derived from SECRET_KEY
under the id `afgeleid`.

No Django models here: the production check reads this while the settings load.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from functools import lru_cache

MINIMUM = 32  # the one rule for every shared secret in iwerk (issue 22, item 6)
AFGELEID = "afgeleid"
_ID = re.compile(r"^[A-Za-z0-9._-]{1,40}$")


@dataclass(frozen=True)
class Sleutels:
    huidig: str  # the id new links are sealed with
    alle: dict[str, bytes]  # id -> key, current and earlier
    afgeleid: bool  # derived from SECRET_KEY (demo and development only)

    def omschrijving(self) -> str:
        if self.afgeleid:
            return (
                f"sleutel '{AFGELEID}' (afgeleid van IWERK_SECRET_KEY: alleen demo en ontwikkeling)"
            )
        eerder = ", ".join(k for k in self.alle if k != self.huidig) or "geen"
        return f"huidige sleutel '{self.huidig}', eerdere: {eerder}"


def problemen(ruw: str) -> list[str]:
    """What is wrong with a value of IWERK_AUDIT_SLEUTELS, in words an operator can act on."""
    if not ruw.strip():
        return [
            "IWERK_AUDIT_SLEUTELS is niet ingesteld: de auditketen heeft een sleutel buiten de "
            "database nodig, als id:sleutel (minstens 32 tekens), bv. 2026-1:<willekeurig>."
        ]
    found = []
    ids = set()
    for deel in _delen(ruw):
        sleutel_id, _, sleutel = deel.partition(":")
        if not _ID.match(sleutel_id):
            found.append(
                f"IWERK_AUDIT_SLEUTELS: '{sleutel_id[:40]}' is geen geldig sleutel-id "
                "(letters, cijfers, . _ -, hoogstens 40 tekens, gevolgd door ':')."
            )
        elif len(sleutel) < MINIMUM:
            found.append(
                f"IWERK_AUDIT_SLEUTELS: de sleutel '{sleutel_id}' is te kort "
                f"(minstens {MINIMUM} tekens, willekeurig)."
            )
        elif sleutel_id in ids:
            found.append(f"IWERK_AUDIT_SLEUTELS: het id '{sleutel_id}' staat er twee keer in.")
        ids.add(sleutel_id)
    return found


def _delen(ruw: str) -> list[str]:
    return [deel.strip() for deel in re.split(r"[,\n]", ruw) if deel.strip()]


@lru_cache(maxsize=8)
def lezen(ruw: str, secret_key: str) -> Sleutels:
    """The keys from the setting's value; derived from SECRET_KEY when it is empty."""
    if not ruw.strip():
        sleutel = hmac.new(secret_key.encode(), b"iwerk-auditketen", hashlib.sha256).digest()
        return Sleutels(AFGELEID, {AFGELEID: sleutel}, afgeleid=True)
    fouten = problemen(ruw)
    if fouten:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(" ".join(fouten))
    paren = [deel.partition(":")[::2] for deel in _delen(ruw)]
    return Sleutels(paren[0][0], {k: v.encode() for k, v in paren}, afgeleid=False)


def mac(sleutel: bytes, bericht: str) -> str:
    return hmac.new(sleutel, bericht.encode(), hashlib.sha256).hexdigest()
