"""Tamper evidence for the audittrail and the inzage log: a keyed hash chain, sealed in the
background and anchored outside the database (ADR 0020, ADR 0032).

- Writer's seal: every audit and inzage row carries `zegel`, an HMAC over its content made with
  the audit key as the row is inserted (in the INSERT itself: no extra statement). A row that a
  database writer without the key inserts or changes before it is sealed has no valid one.
- Chain: every row gets a link (`Ketenschakel`): sha256 of its content (rij_hash) and an HMAC with
  the audit key over the previous link's chain hash, the table, the row id and rij_hash
  (keten_hash). Sealing runs in `iwerk worker` every few seconds rather than in the writing
  transaction, so writes never wait on one chain head. Links carry the id of the key that made
  them; earlier keys stay known for verification (rotation).
- Removal: rows the standard deletes with their object (zrc-023, drc-008, brc-009) are removed by
  `afvoeren`, which appends a link naming the removed links and an approved reason; a missing row
  no such link names is a break. Destruction by an approved vernietigingslijst is one more reason,
  whose link also names the list; when the list is done, a `verklaring` link seals the hash of
  the verklaring van vernietiging and the removal links of that list (ADR 0046).
- Anchors: the worker writes the signed chain head (volgnummer, keten_hash, time) to the log and
  to a file under IWERK_AUDIT_ANKER_MAP; `iwerk audit_verifieren --anker` checks the chain against
  them, so cutting off the newest links is found.
- Legacy: links made before ADR 0032 (sleutel_id empty, unkeyed sha256) stay verifiable; the first
  keyed link, `overgang`, seals their head and the removals recorded among them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from iwerk.core import auditsleutel
from iwerk.core.models import AuditTrail, Generatie, Inzage, Ketenschakel

if TYPE_CHECKING:
    from iwerk.core.api.actor import Actor

logger = logging.getLogger(__name__)

START = "0" * 64
TABELLEN: dict[str, type[AuditTrail | Inzage]] = {"audittrail": AuditTrail, "inzage": Inzage}
AFVOER = "afvoer"
OVERGANG = "overgang"
VERKLARING = "verklaring"
BATCH = 2000
VERNIETIGING = "archief-vernietiging"
LIJSTVERWIJZING = ("gemeente", "nummer", "uuid")  # what its removal links say of the list

# The removals the standard demands; a removal link names one of these (ADR 0032).
REDENEN = {
    "zrc-023": "Zaak verwijderd; de audittrail gaat mee (zrc-023)",
    "drc-008": "Informatieobject verwijderd; de audittrail gaat mee (drc-008)",
    "brc-009": "Besluit verwijderd; de audittrail gaat mee (brc-009)",
    VERNIETIGING: "Vernietigd volgens een goedgekeurde vernietigingslijst (Archiefwet); de "
    "audittrail is vervangen door deze schakel, die naar de lijst verwijst",
}


@dataclass(frozen=True)
class Afvoergrond:
    """Why a register's delete removes the audit trail: an approved reason (REDENEN) and, for
    destruction by a vernietigingslijst, the list it names (LIJSTVERWIJZING)."""

    reden: str
    verwijzing: dict[str, str] | None = None


# ids -> {id: sha256 of its content now}, for the verklaringen (registered by the archief app)
_VERKLARINGEN: list[Callable[[list[int]], dict[int, str]]] = []


def registreer_verklaringen(lezer: Callable[[list[int]], dict[int, str]]) -> None:
    """Let verification recompute the hash of the verklaringen the `verklaring` links seal."""
    if lezer not in _VERKLARINGEN:
        _VERKLARINGEN.append(lezer)


def _afvoerfout(gegevens: dict[str, Any]) -> str | None:
    """Why a removal link's content is no approved removal (reason, list reference), or None."""
    reden, verwijzing = gegevens.get("reden"), gegevens.get("lijst")
    if reden not in REDENEN:
        return f"afvoer zonder goedgekeurde reden: {reden!r}"
    if reden != VERNIETIGING:
        return None if verwijzing is None else "verwijzing naar een lijst bij een andere reden"
    if not isinstance(verwijzing, dict) or not all(verwijzing.get(k) for k in LIJSTVERWIJZING):
        return "vernietiging zonder verwijzing naar de vernietigingslijst"
    return None


def sleutels() -> auditsleutel.Sleutels:
    return auditsleutel.lezen(settings.IWERK_AUDIT_SLEUTELS, settings.SECRET_KEY)


# --- hashes -----------------------------------------------------------------------------------


def rij_hash(row: models.Model) -> str:
    """The hash of a row's content: every field but the link and the writer's seal, in a fixed
    form (unchanged since ADR 0020, so links made before ADR 0032 still verify)."""
    data = {
        f.attname: getattr(row, f.attname)
        for f in row._meta.concrete_fields
        if f.attname not in ("schakel", "zegel")
    }
    canonical = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _zegelinhoud(row: models.Model) -> str:
    """What the writer's seal covers: the table and every field the writer sets (not the id,
    which the database assigns, nor the link); times in UTC so the value read back matches."""
    data: dict[str, Any] = {}
    for f in row._meta.concrete_fields:
        if f.attname in ("id", "schakel", "zegel"):
            continue
        value = getattr(row, f.attname)
        if value is not None and not isinstance(value, dict | list):
            value = f.to_python(value)  # a uuid given as text reads back as a UUID
        if isinstance(value, datetime):
            value = value.astimezone(UTC).isoformat()
        data[f.attname] = value
    inhoud = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return f"{row._meta.model_name}\x1f{inhoud}"


def schrijfzegel(row: models.Model) -> str:
    """The writer's seal of a row about to be inserted: "key id:HMAC" (see models.ZegelField)."""
    s = sleutels()
    return f"{s.huidig}:{auditsleutel.mac(s.alle[s.huidig], _zegelinhoud(row))}"


def _zegelfout(row: AuditTrail | Inzage, alle: dict[str, bytes]) -> str | None:
    """Why a row's writer's seal is not valid, or None when it is."""
    sleutel_id, _, waarde = (row.zegel or "").partition(":")
    if not waarde:
        return "geen schrijfzegel (rij niet door iwerk geschreven)"
    if sleutel_id not in alle:
        return f"schrijfzegel met onbekende sleutel '{sleutel_id}'"
    if auditsleutel.mac(alle[sleutel_id], _zegelinhoud(row)) != waarde:
        return "schrijfzegel klopt niet (rij buiten iwerk geschreven of gewijzigd)"
    return None


def _gegevens_hash(gegevens: dict[str, Any]) -> str:
    canonical = json.dumps(gegevens, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _keten(vorige: str, rij: str) -> str:
    """The unkeyed chain hash of ADR 0020 (links with an empty sleutel_id)."""
    return hashlib.sha256(f"{vorige}{rij}".encode()).hexdigest()


def _keten_mac(sleutel: bytes, vorige: str, tabel: str, rij_id: int, rij: str) -> str:
    return auditsleutel.mac(sleutel, f"{vorige}\x1f{tabel}\x1f{rij_id}\x1f{rij}")


# --- sealing ----------------------------------------------------------------------------------


def _kop() -> Ketenschakel | None:
    """Take the chain's lock (one sealer or remover at a time) and return its last link."""
    Generatie.objects.get_or_create(naam="auditketen")
    Generatie.objects.select_for_update().get(naam="auditketen")
    return Ketenschakel.objects.order_by("-volgnummer").first()


def _schakel(
    s: auditsleutel.Sleutels, vorige: str, tabel: str, rij_id: int, rij: str, **extra: Any
) -> Ketenschakel:
    return Ketenschakel.objects.create(
        tabel=tabel,
        rij_id=rij_id,
        rij_hash=rij,
        keten_hash=_keten_mac(s.alle[s.huidig], vorige, tabel, rij_id, rij),
        sleutel_id=s.huidig,
        **extra,
    )


def _overgang(kop: Ketenschakel | None) -> Ketenschakel | None:
    """Before the first keyed link: seal the rows the previous version wrote (no writer's seal)
    the old way, then seal the head of that unkeyed chain and its recorded removals with the key.
    Returns the new head."""
    zonder_zegel = {
        tabel: model.objects.filter(schakel__isnull=True, zegel="").order_by("pk")
        for tabel, model in TABELLEN.items()
    }
    if kop is None and not any(rows.exists() for rows in zonder_zegel.values()):
        return None  # nothing unkeyed, ever: the chain starts keyed
    if _ankers_bestaan():
        # A keyed chain existed here (its anchors are on file): a chain without any keyed link
        # now means someone rewrote it in the old, public form. Never launder that.
        logger.error(
            "auditketen: geen gesleutelde schakel maar wel ankers in %s; niet verzegeld. "
            "Draai `iwerk audit_verifieren --anker`.",
            settings.IWERK_AUDIT_ANKER_MAP,
        )
        raise _Geweigerd
    vorige = kop.keten_hash if kop else START
    for tabel, model in TABELLEN.items():
        for row in zonder_zegel[tabel]:
            h = rij_hash(row)
            vorige = _keten(vorige, h)
            kop = Ketenschakel.objects.create(
                tabel=tabel, rij_id=row.pk, rij_hash=h, keten_hash=vorige
            )
            model.objects.filter(pk=row.pk).update(schakel=kop.volgnummer)
    assert kop is not None  # there was a head, or rows to seal (checked above)
    legacy = Ketenschakel.objects.filter(sleutel_id="")
    gegevens = {
        "soort": OVERGANG,
        "kop": vorige,
        "schakels": legacy.count(),
        "afgevoerd": sorted(legacy.exclude(afgevoerd="").values_list("volgnummer", flat=True)),
    }
    return _schakel(
        sleutels(), vorige, OVERGANG, kop.volgnummer, _gegevens_hash(gegevens), gegevens=gegevens
    )


class _Geweigerd(Exception):
    pass


def verzegelen(limit: int = BATCH) -> int:
    """Append links for unsealed rows (oldest first); returns how many. Safe to run anywhere:
    one sealer at a time holds the chain's lock row."""
    s = sleutels()
    total = 0
    try:
        with transaction.atomic():
            kop = _kop()
            if kop is None or not kop.sleutel_id:
                kop = _overgang(kop)
            vorige = kop.keten_hash if kop else START
            for tabel, model in TABELLEN.items():
                rows: list[AuditTrail | Inzage] = list(
                    model.objects.filter(schakel__isnull=True).order_by("pk")[:limit]
                )
                for row in rows:
                    if fout := _zegelfout(row, s.alle):
                        logger.error("auditketen: %s %s: %s", tabel, row.pk, fout)
                    h = rij_hash(row)
                    schakel = _schakel(s, vorige, tabel, row.pk, h)
                    vorige = schakel.keten_hash
                    model.objects.filter(pk=row.pk).update(schakel=schakel.volgnummer)
                total += len(rows)
    except _Geweigerd:
        return 0
    return total


def afvoeren(
    rows: models.QuerySet[AuditTrail],
    reden: str,
    *,
    actor: Actor,
    object_path: str,
    verwijzing: dict[str, str] | None = None,
) -> int:
    """Delete audittrail rows the standard says go with their object, recording the removal as a
    link that names the removed links and its approved reason (REDENEN) — so a removal is told
    apart from tampering by what the key sealed, not by a mark anyone can set. Call it in the
    deleting transaction. Returns the number removed.

    A destruction by a vernietigingslijst (VERNIETIGING) must name the list (`verwijzing`:
    LIJSTVERWIJZING) and leaves its link even for an object without audit rows, so the chain
    tells every object the list removed."""
    if fout := _afvoerfout({"reden": reden, "lijst": verwijzing}):
        raise ValueError(f"audittrail niet afgevoerd: {fout}")
    # The lock first: a row the sealer links meanwhile would otherwise go unnamed.
    kop = _kop()
    gevonden = list(rows.values_list("pk", "schakel"))
    if not gevonden and verwijzing is None:
        return 0
    schakels = sorted(schakel for _, schakel in gevonden if schakel is not None)
    gegevens: dict[str, Any] = {
        "soort": AFVOER,
        "reden": reden,
        "omschrijving": REDENEN[reden],
        "object": object_path,
        "applicatie": actor.client_id,
        "gebruiker": actor.user_id,
        "tijd": timezone.now().isoformat(),
        "schakels": schakels,
        # Rows removed before the sealer reached them: no link to name, their ids for the record.
        "onverzegeld": sorted(pk for pk, schakel in gevonden if schakel is None),
    }
    if verwijzing is not None:
        gegevens["lijst"] = dict(verwijzing)
    kop = _gesleutelde_kop(kop)
    vorige = kop.keten_hash if kop else START
    _schakel(
        sleutels(),
        vorige,
        AFVOER,
        kop.volgnummer if kop else 0,
        _gegevens_hash(gegevens),
        gegevens=gegevens,
        afgevoerd=reden,
    )
    if schakels:  # for people reading the table; verification trusts only the link above
        Ketenschakel.objects.filter(volgnummer__in=schakels).update(afgevoerd=reden)
    AuditTrail.objects.filter(pk__in=[pk for pk, _ in gevonden]).delete()
    return len(gevonden)


def _gesleutelde_kop(kop: Ketenschakel | None) -> Ketenschakel | None:
    """The head to append a removal or verklaring to (after the `overgang` if none is keyed)."""
    if kop is None or not kop.sleutel_id:
        # Refused: the link is still appended; verification reports the chain.
        with contextlib.suppress(_Geweigerd):
            kop = _overgang(kop)
    return kop


def afvoeren_van_lijst(uuid: str) -> models.QuerySet[Ketenschakel]:
    """The removal links that name the vernietigingslijst `uuid`, oldest first."""
    return Ketenschakel.objects.filter(tabel=AFVOER, gegevens__lijst__uuid=uuid).order_by("pk")


def verklaring_verzegelen(
    *, verklaring_id: int, sha256: str, verwijzing: dict[str, str], actor: Actor
) -> Ketenschakel:
    """Append a `verklaring` link: the sha256 of the canonical content of verklaring
    `verklaring_id`, its list and that list's removal links. Call it in the transaction that
    stores the verklaring; one link per verklaring. Raises ValueError without a list reference."""
    if fout := _afvoerfout({"reden": VERNIETIGING, "lijst": verwijzing}):
        raise ValueError(fout)
    kop = _gesleutelde_kop(_kop())
    gegevens = {
        "soort": VERKLARING,
        "lijst": dict(verwijzing),
        "sha256": sha256,
        "afvoeren": list(afvoeren_van_lijst(verwijzing["uuid"]).values_list("pk", flat=True)),
        "applicatie": actor.client_id,
        "gebruiker": actor.user_id,
        "tijd": timezone.now().isoformat(),
    }
    return _schakel(
        sleutels(),
        kop.keten_hash if kop else START,
        VERKLARING,
        verklaring_id,
        _gegevens_hash(gegevens),
        gegevens=gegevens,
    )


# --- anchors ----------------------------------------------------------------------------------

_VERANKERD: dict[str, tuple[int, str]] = {}


def _anker_bericht(anker: dict[str, Any]) -> str:
    return f"anker\x1f{anker['volgnummer']}\x1f{anker['keten_hash']}\x1f{anker['tijd']}"


def _ankers_bestaan() -> bool:
    return any(Path(settings.IWERK_AUDIT_ANKER_MAP).glob("ankers-*.jsonl"))


def verankeren() -> dict[str, Any] | None:
    """Write the signed chain head to the log and to today's anchor file, when it moved since
    this process last did; returns the anchor written."""
    kop = (
        Ketenschakel.objects.filter(sleutel_id__gt="")
        .order_by("-volgnummer")
        .values_list("volgnummer", "keten_hash")
        .first()
    )
    map_ = Path(settings.IWERK_AUDIT_ANKER_MAP)
    if kop is None or _VERANKERD.get(str(map_)) == kop:
        return None
    s = sleutels()
    nu = timezone.now().astimezone(UTC)
    anker = {
        "volgnummer": kop[0],
        "keten_hash": kop[1],
        "tijd": nu.isoformat(),
        "sleutel_id": s.huidig,
    }
    anker["mac"] = auditsleutel.mac(s.alle[s.huidig], _anker_bericht(anker))
    regel = json.dumps(anker, sort_keys=True)
    map_.mkdir(parents=True, exist_ok=True)
    with open(map_ / f"ankers-{nu:%Y-%m-%d}.jsonl", "a", encoding="utf-8") as bestand:
        bestand.write(regel + "\n")
        bestand.flush()
        os.fsync(bestand.fileno())
    logger.info("auditanker %s", regel, extra={"auditanker": anker})
    _VERANKERD[str(map_)] = kop
    return anker


# --- verification -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Breuk:
    volgnummer: int
    tabel: str
    rij_id: int
    reden: str

    def __str__(self) -> str:
        return f"schakel {self.volgnummer} ({self.tabel} {self.rij_id}): {self.reden}"


def _afgevoerd() -> dict[int, str]:
    """Links removed by a removal link or recorded as removed when the unkeyed chain was sealed:
    volgnummer -> reason. Only links whose content matches their hash count; the chain walk
    checks that the links themselves were made with the key."""
    weg: dict[int, str] = {}
    for s in Ketenschakel.objects.filter(tabel__in=(AFVOER, OVERGANG)).exclude(sleutel_id=""):
        if not isinstance(s.gegevens, dict) or _gegevens_hash(s.gegevens) != s.rij_hash:
            continue
        if s.tabel == AFVOER and not _afvoerfout(s.gegevens):
            weg.update(dict.fromkeys(s.gegevens.get("schakels", []), s.gegevens["reden"]))
        elif s.tabel == OVERGANG:
            weg.update(dict.fromkeys(s.gegevens.get("afgevoerd", []), "vóór ADR 0032"))
    return weg


def verifieren(chunk: int = 5000) -> tuple[int, list[Breuk]]:
    """Walk the whole chain and every unsealed row; returns (links checked, breaks found)."""
    alle = sleutels().alle
    weg = _afgevoerd()
    gesleuteld = Ketenschakel.objects.exclude(sleutel_id="").exists()
    breuken: list[Breuk] = []
    vorige = START
    gezien = 0
    laatste = 0
    na_overgang = False
    verklaringen: list[Ketenschakel] = []
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

            def breuk(reden: str, schakel: Ketenschakel = schakel) -> None:
                breuken.append(Breuk(schakel.volgnummer, schakel.tabel, schakel.rij_id, reden))

            if schakel.tabel in TABELLEN:
                row = rows[schakel.tabel].get(schakel.rij_id)
                if row is None:
                    # Before ADR 0032 the mark on the link was all there was; once the chain is
                    # keyed, only a removal link (or the overgang's record) counts.
                    if schakel.volgnummer not in weg and (gesleuteld or not schakel.afgevoerd):
                        breuk("rij verwijderd")
                else:
                    if rij_hash(row) != schakel.rij_hash:
                        breuk("inhoud gewijzigd")
                    if schakel.volgnummer in weg:
                        breuk(f"rij is afgevoerd ({weg[schakel.volgnummer]}) maar weer aanwezig")
                    if (schakel.sleutel_id or row.zegel) and (fout := _zegelfout(row, alle)):
                        breuk(fout)
            elif schakel.tabel not in (AFVOER, OVERGANG, VERKLARING) or not schakel.sleutel_id:
                breuk(f"onbekende soort schakel '{schakel.tabel}'")
            elif not isinstance(schakel.gegevens, dict) or (
                _gegevens_hash(schakel.gegevens) != schakel.rij_hash
            ):
                breuk("reden of inhoud van de afvoer gewijzigd")
            elif schakel.tabel == AFVOER and (fout := _afvoerfout(schakel.gegevens)):
                breuk(fout)
            elif schakel.tabel == VERKLARING:
                verklaringen.append(schakel)

            if schakel.sleutel_id:
                na_overgang = True
                sleutel = alle.get(schakel.sleutel_id)
                if sleutel is None:
                    breuk(f"onbekende sleutel '{schakel.sleutel_id}' (IWERK_AUDIT_SLEUTELS)")
                    verwacht = schakel.keten_hash
                else:
                    verwacht = _keten_mac(
                        sleutel, vorige, schakel.tabel, schakel.rij_id, schakel.rij_hash
                    )
            else:
                if na_overgang:
                    breuk("schakel zonder sleutel na de eerste gesleutelde schakel")
                verwacht = _keten(vorige, schakel.rij_hash)
            if verwacht != schakel.keten_hash:
                breuk("keten onderbroken (schakel gewijzigd of ingevoegd)")
            vorige = schakel.keten_hash
    breuken += _verklaringen_controleren(verklaringen)
    if gesleuteld:
        # A row not yet sealed must at least carry its writer's seal (a forgery before sealing).
        for tabel, model in TABELLEN.items():
            for row in model.objects.filter(schakel__isnull=True).order_by("pk").iterator():
                if fout := _zegelfout(row, alle):
                    breuken.append(Breuk(0, tabel, row.pk, f"onverzegeld: {fout}"))
    return gezien, breuken


def _verklaringen_controleren(schakels: list[Ketenschakel]) -> list[Breuk]:
    """Each sealed verklaring exists, as sealed, and names only removal links of its list."""
    if not schakels:
        return []
    ids = [s.rij_id for s in schakels]
    huidig: dict[int, str] = {}
    for lezer in _VERKLARINGEN:
        huidig.update(lezer(ids))
    genoemd = {n for s in schakels for n in (s.gegevens or {}).get("afvoeren", [])}
    afvoeren = Ketenschakel.objects.filter(tabel=AFVOER).in_bulk(genoemd)
    breuken = []
    for s in schakels:
        gegevens: dict[str, Any] = s.gegevens or {}
        lijst = gegevens.get("lijst") or {}
        if _afvoerfout({"reden": VERNIETIGING, "lijst": lijst}):
            reden = "verklaring zonder verwijzing naar de vernietigingslijst"
        elif s.rij_id not in huidig:
            reden = f"verklaring van vernietiging van {lijst['nummer']} ontbreekt"
        elif huidig[s.rij_id] != gegevens.get("sha256"):
            reden = f"verklaring van vernietiging van {lijst['nummer']} is gewijzigd"
        elif any(
            n not in afvoeren or (afvoeren[n].gegevens or {}).get("lijst") != lijst
            for n in gegevens.get("afvoeren", [])
        ):
            reden = "verklaring noemt een schakel die geen afvoer van deze lijst is"
        else:
            continue
        breuken.append(Breuk(s.volgnummer, s.tabel, s.rij_id, reden))
    return breuken


def ankers_controleren(map_: Path | str | None = None) -> tuple[int, list[Breuk]]:
    """Check the chain against every anchor on file; returns (anchors checked, breaks).

    An anchor whose link is gone means the chain was cut off (or the database is older than the
    anchor: a restore); one whose link has another hash means history before it was rewritten.
    """
    map_ = Path(map_ or settings.IWERK_AUDIT_ANKER_MAP)
    alle = sleutels().alle
    ankers: list[dict] = []
    breuken: list[Breuk] = []
    for bestand in sorted(map_.glob("ankers-*.jsonl")):
        for nummer, regel in enumerate(bestand.read_text(encoding="utf-8").splitlines(), 1):
            if not regel.strip():
                continue
            try:
                anker = json.loads(regel)
                sleutel = alle.get(anker["sleutel_id"])
                geldig = sleutel is not None and anker["mac"] == auditsleutel.mac(
                    sleutel, _anker_bericht(anker)
                )
            except (ValueError, KeyError, TypeError):
                anker, geldig = None, False
            if not geldig:
                breuken.append(
                    Breuk(0, "anker", 0, f"{bestand.name} regel {nummer}: anker niet geldig")
                )
            else:
                ankers.append(anker)
    if not ankers:
        if Ketenschakel.objects.exists():
            breuken.append(Breuk(0, "anker", 0, f"geen geldige ankers in {map_}"))
        return 0, breuken
    schakels = Ketenschakel.objects.in_bulk([a["volgnummer"] for a in ankers])
    for anker in ankers:
        schakel = schakels.get(anker["volgnummer"])
        if schakel is None:
            breuken.append(
                Breuk(
                    anker["volgnummer"],
                    "anker",
                    0,
                    f"keten ingekort: schakel uit het anker van {anker['tijd']} ontbreekt",
                )
            )
        elif schakel.keten_hash != anker["keten_hash"]:
            breuken.append(
                Breuk(
                    anker["volgnummer"],
                    "anker",
                    0,
                    f"keten herschreven: schakel wijkt af van het anker van {anker['tijd']}",
                )
            )
    return len(ankers), breuken
