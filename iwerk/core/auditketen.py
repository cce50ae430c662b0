"""Tamper evidence for the audittrail and the inzage log: a hash chain, sealed in the background.

Every row gets a link: sha256 of its content (rij_hash) and sha256 of the previous link's chain
hash plus its own (keten_hash). Sealing runs in `iwerk worker` every few seconds rather than in
the writing transaction, so writes never wait on one chain head; a row is unprotected only for
those seconds. `iwerk audit_verifieren` walks the chain and reports every changed, removed or
reordered row (ADR 0020).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.db import transaction

from iwerk.core.models import AuditTrail, Generatie, Inzage, Ketenschakel

START = "0" * 64
TABELLEN = {"audittrail": AuditTrail, "inzage": Inzage}
BATCH = 2000


def rij_hash(row) -> str:
    """The hash of a row's content: every field but the link itself, in a fixed form."""
    data = {
        f.attname: getattr(row, f.attname)
        for f in row._meta.concrete_fields
        if f.attname != "schakel"
    }
    canonical = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _keten(vorige: str, rij: str) -> str:
    return hashlib.sha256(f"{vorige}{rij}".encode()).hexdigest()


def verzegelen(limit: int = BATCH) -> int:
    """Append links for unsealed rows (oldest first); returns how many. Safe to run anywhere:
    one sealer at a time holds the chain's lock row."""
    total = 0
    with transaction.atomic():
        Generatie.objects.get_or_create(naam="auditketen")
        Generatie.objects.select_for_update().get(naam="auditketen")
        laatste = Ketenschakel.objects.order_by("-volgnummer").first()
        vorige = laatste.keten_hash if laatste else START
        for tabel, model in TABELLEN.items():
            rows = list(model.objects.filter(schakel__isnull=True).order_by("pk")[:limit])
            for row in rows:
                h = rij_hash(row)
                vorige = _keten(vorige, h)
                schakel = Ketenschakel.objects.create(
                    tabel=tabel, rij_id=row.pk, rij_hash=h, keten_hash=vorige
                )
                model.objects.filter(pk=row.pk).update(schakel=schakel.volgnummer)
            total += len(rows)
    return total


def afvoeren(rows, reden: str) -> int:
    """Delete audittrail rows the standard says go with their object, marking their links so the
    verification tells this removal apart from tampering. Returns the number removed."""
    ids = list(rows.values_list("pk", flat=True))
    Ketenschakel.objects.filter(tabel="audittrail", rij_id__in=ids).update(afgevoerd=reden[:100])
    AuditTrail.objects.filter(pk__in=ids).delete()
    return len(ids)


@dataclass(frozen=True)
class Breuk:
    volgnummer: int
    tabel: str
    rij_id: int
    reden: str

    def __str__(self) -> str:
        return f"schakel {self.volgnummer} ({self.tabel} {self.rij_id}): {self.reden}"


def verifieren(chunk: int = 5000) -> tuple[int, list[Breuk]]:
    """Walk the whole chain; returns (links checked, breaks found)."""
    breuken: list[Breuk] = []
    vorige = START
    gezien = 0
    laatste = 0
    while True:
        schakels = list(
            Ketenschakel.objects.filter(volgnummer__gt=laatste).order_by("volgnummer")[:chunk]
        )
        if not schakels:
            break
        rows = {
            tabel: model.objects.in_bulk([s.rij_id for s in schakels if s.tabel == tabel])
            for tabel, model in TABELLEN.items()
        }
        for schakel in schakels:
            gezien += 1
            laatste = schakel.volgnummer
            row = rows[schakel.tabel].get(schakel.rij_id)
            if row is None:
                if not schakel.afgevoerd:  # removed by a rule of the standard: no break
                    breuken.append(
                        Breuk(schakel.volgnummer, schakel.tabel, schakel.rij_id, "rij verwijderd")
                    )
            elif rij_hash(row) != schakel.rij_hash:
                breuken.append(
                    Breuk(schakel.volgnummer, schakel.tabel, schakel.rij_id, "inhoud gewijzigd")
                )
            verwacht = _keten(vorige, schakel.rij_hash)
            if verwacht != schakel.keten_hash:
                breuken.append(
                    Breuk(
                        schakel.volgnummer,
                        schakel.tabel,
                        schakel.rij_id,
                        "keten onderbroken (schakel gewijzigd of ingevoegd)",
                    )
                )
            vorige = schakel.keten_hash
    return gezien, breuken
