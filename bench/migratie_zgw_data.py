"""Grow a migration source to bench size inside its own database (issue 30's bench).

Run inside the source installation (its DATABASE_URL, DJANGO_SETTINGS_MODULE=iwerk.settings):
    python bench/migratie_zgw_data.py --zaken 100000

The source was filled through its ZGW APIs first (`vullen.vul_bron`: a few hundred zaken in every
stage, deelzaken, relations, documents of 1–3 versions, gebruiksrechten, besluiten, audit trail).
Filling 100,000 zaken that way takes hours at 40–80 requests per second, so this script copies
that API-made world again and again, each copy with fresh uuids and its own identificaties, until
the source holds --zaken zaken. Every reference inside a copy (foreign keys, URLs in text and JSON
fields: relevante andere zaken, objectinformatieobjecten, the audit trail's URLs) points into the
same copy, so each copy is as consistent as the original. Document content is shared: a copied
version names the same stored file, so the source's disk does not grow and the SHA-256 matches.

Prints one JSON line: the counts per type after growing and the seconds it took.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import uuid
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Cloned in this order (a row's foreign keys into this list point at rows cloned before it).
MODELLEN = (
    "documenten.EnkelvoudigInformatieObject",
    "documenten.Versie",
    "documenten.Gebruiksrecht",
    "documenten.Trefwoord",
    "zaken.Zaak",
    "zaken.Status",
    "zaken.Resultaat",
    "zaken.Rol",
    "zaken.ZaakEigenschap",
    "zaken.ZaakObject",
    "zaken.ZaakInformatieObject",
    "zaken.ZaakZoektekst",
    "besluiten.Besluit",
    "besluiten.BesluitInformatieObject",
    "zaken.ZaakBesluit",
    "documenten.ObjectInformatieObject",
    "core.AuditTrail",
)
DOCUMENT = "documenten.EnkelvoudigInformatieObject"
DOCUMENTDELEN = {
    DOCUMENT,
    "documenten.Versie",
    "documenten.Gebruiksrecht",
    "documenten.Trefwoord",
    "zaken.ZaakInformatieObject",
    "documenten.ObjectInformatieObject",
}
_UUIDS_VORIGE: dict[str, str] = {}  # the uuid map of the last full copy (its zaken, besluiten)
IDENTIFICATIE = {"zaken.Zaak", "documenten.EnkelvoudigInformatieObject", "besluiten.Besluit"}
BATCH = 2000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--zaken", type=int, required=True, help="zaken at the source afterwards")
    parser.add_argument(
        "--documenten-per-zaak",
        type=float,
        default=2.0,
        help="documents per zaak afterwards (the API-made world has about 1.2)",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.apps import apps
    from django.db import transaction

    start = time.monotonic()
    modellen = [apps.get_model(label) for label in MODELLEN]
    # The API-made world: every row of these tables, read once.
    wereld = {m._meta.label: list(m.objects.order_by("pk").values()) for m in modellen}
    Zaak = apps.get_model("zaken.Zaak")
    # Deelzaken after their hoofdzaak (self reference inside one table).
    wereld["zaken.Zaak"].sort(key=lambda r: (r["hoofdzaak_id"] is not None, r["id"]))
    basis = len(wereld["zaken.Zaak"])
    # Extra documents per copy (a second pass over the documents with the same zaken) to reach
    # --documenten-per-zaak: the share of the world's documents that pass copies again.
    extra = max(0.0, args.documenten_per_zaak * basis / len(wereld[DOCUMENT]) - 1)
    kopie = 0
    while (zaken := Zaak.objects.count()) < args.zaken:
        kopie += 1
        with transaction.atomic():
            nieuw_pk = _kopieer(modellen, wereld, f"K{kopie}", min(basis, args.zaken - zaken))
            tweede = round(extra * len(wereld[DOCUMENT]))
            while tweede > 0:
                deel = min(tweede, len(wereld[DOCUMENT]))
                _kopieer(
                    [m for m in modellen if m._meta.label in DOCUMENTDELEN],
                    wereld,
                    f"K{kopie}D{tweede}",
                    None,
                    nieuw_pk=dict(nieuw_pk),
                    documenten=deel,
                )
                tweede -= deel
    aantallen = {m._meta.label: m.objects.count() for m in modellen}
    print(
        json.dumps(
            {"kopieen": kopie, "aantallen": aantallen, "seconden": round(time.monotonic() - start)}
        )
    )


def _kopieer(
    modellen,
    wereld,
    kopie: str,
    zaken: int | None,
    *,
    nieuw_pk: dict[str, dict[int, int]] | None = None,
    documenten: int | None = None,
) -> dict[str, dict[int, int]]:
    """One copy of the world (of `modellen`); the first `zaken` zaken of it (with what hangs from
    them) when the target is near. With nieuw_pk (the rows of an earlier copy, by the world's pk)
    and documenten: a second set of the first `documenten` documents, with their versions and
    links, for the zaken of that copy. Returns the new pks by model and world pk."""
    uuids: dict[str, str] = {}
    for label, rijen in wereld.items():
        if documenten is not None and label not in DOCUMENTDELEN:
            continue  # the zaken etc. of the earlier copy keep their (new) uuids: map below
        for rij in rijen:
            for waarde in rij.values():
                if isinstance(waarde, uuid.UUID):
                    uuids.setdefault(str(waarde), str(uuid.uuid4()))
    if documenten is not None:
        uuids = {**(_UUIDS_VORIGE or {}), **uuids}
    else:
        _UUIDS_VORIGE.clear()
        _UUIDS_VORIGE.update(uuids)
    nieuw_pk = nieuw_pk if nieuw_pk is not None else {}
    weglaten_zaken: set[int] = set()
    if documenten is not None:
        houden_docs = {r["id"] for r in wereld[DOCUMENT][:documenten]}
    if zaken is not None and zaken < len(wereld["zaken.Zaak"]):
        houden = {r["id"] for r in wereld["zaken.Zaak"][:zaken]}
        weglaten_zaken = {r["id"] for r in wereld["zaken.Zaak"]} - houden
    for model in modellen:
        label = model._meta.label
        fks = {
            f.attname: f.related_model._meta.label
            for f in model._meta.concrete_fields
            if f.is_relation
        }
        pk = model._meta.pk.attname
        rijen = []
        oud_pks = []
        for rij in wereld[label]:
            if label == "zaken.Zaak" and rij["id"] in weglaten_zaken:
                continue
            if documenten is not None and label == DOCUMENT and rij["id"] not in houden_docs:
                continue
            if "zaak_id" in rij and rij["zaak_id"] in weglaten_zaken:
                continue
            waarden = {}
            overslaan = False
            for veld, waarde in rij.items():
                if veld == pk and veld not in fks:
                    continue
                if veld in fks and waarde is not None and fks[veld] in nieuw_pk:
                    if fks[veld] == label and waarde not in nieuw_pk[label]:
                        pass  # filled below (self reference)
                    elif waarde not in nieuw_pk[fks[veld]]:
                        overslaan = True  # points at a row this (partial) copy left out
                        break
                    else:
                        waarde = nieuw_pk[fks[veld]][waarde]
                waarden[veld] = _vervang(waarde, uuids)
            if overslaan:
                continue
            if label == "documenten.EnkelvoudigInformatieObject":
                waarden["huidige_versie_id"] = None  # set once the versions exist
            if label in IDENTIFICATIE and waarden.get("identificatie"):
                waarden["identificatie"] = f"{kopie}-{waarden['identificatie']}"[:40]
            rijen.append(model(**waarden))
            oud_pks.append(rij[pk])
        if label == "zaken.Zaak":
            gemaakt = _zaken(model, rijen, oud_pks)
        else:
            gemaakt = model.objects.bulk_create(rijen, batch_size=BATCH)
        nieuw_pk[label] = {oud: obj.pk for oud, obj in zip(oud_pks, gemaakt, strict=True)}
        if label == "documenten.Versie":
            _huidige_versies(model, wereld, nieuw_pk)
    return nieuw_pk


def _zaken(model, rijen, oud_pks):
    """Hoofdzaken first, then the deelzaken with their hoofdzaak's new pk."""
    toppen = [r for r in rijen if r.hoofdzaak_id is None]
    model.objects.bulk_create(toppen, batch_size=BATCH)
    nieuw = {oud: r.pk for oud, r in zip(oud_pks, rijen, strict=True) if r.pk is not None}
    deel = [r for r in rijen if r.pk is None]
    for r in deel:
        r.hoofdzaak_id = nieuw[r.hoofdzaak_id]
    model.objects.bulk_create(deel, batch_size=BATCH)
    return rijen


def _huidige_versies(versie_model, wereld, nieuw_pk) -> None:
    Document = versie_model._meta.get_field("document").related_model
    documenten = []
    for rij in wereld[DOCUMENT]:
        nieuw = nieuw_pk[DOCUMENT].get(rij["id"])
        versie = nieuw_pk["documenten.Versie"].get(rij["huidige_versie_id"])
        if nieuw is not None and versie is not None:
            documenten.append(Document(pk=nieuw, huidige_versie_id=versie))
    Document.objects.bulk_update(documenten, ["huidige_versie_id"], batch_size=BATCH)


def _vervang(waarde, uuids: dict[str, str]):
    """The value with every uuid of the world replaced by its copy's."""
    if isinstance(waarde, uuid.UUID):
        return uuid.UUID(uuids.get(str(waarde), str(waarde)))
    if isinstance(waarde, str):
        return (
            UUID.sub(lambda m: uuids.get(m.group(0), m.group(0)), waarde)
            if "-" in waarde
            else waarde
        )
    if isinstance(waarde, list | dict):
        tekst = json.dumps(waarde)
        return json.loads(UUID.sub(lambda m: uuids.get(m.group(0), m.group(0)), tekst))
    return waarde


if __name__ == "__main__":
    main()
