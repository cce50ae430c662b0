"""Reads of the migration bookkeeping, and what of a source is present in iwerk (ADR 0063)."""

from __future__ import annotations

import hashlib
import uuid as uuidlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.fields.json import KeyTransform

from iwerk.documenten import content
from iwerk.migratie.models import Bronobject, Migratie, Migratierun, Toestand
from iwerk.migratie.zgw.soorten import FASENAMEN

# soort -> "app_label.Model" of the register row that carries the object's uuid.
MODELLEN = {
    "catalogus": "catalogi.Catalogus",
    "informatieobjecttype": "catalogi.InformatieObjectType",
    "besluittype": "catalogi.BesluitType",
    "zaaktype": "catalogi.ZaakType",
    "statustype": "catalogi.StatusType",
    "resultaattype": "catalogi.ResultaatType",
    "roltype": "catalogi.RolType",
    "eigenschap": "catalogi.Eigenschap",
    "zaakobjecttype": "catalogi.ZaakObjectType",
    "zaaktypeinformatieobjecttype": "catalogi.ZaakTypeInformatieObjectType",
    "enkelvoudiginformatieobject": "documenten.EnkelvoudigInformatieObject",
    "gebruiksrechten": "documenten.Gebruiksrecht",
    "zaak": "zaken.Zaak",
    "status": "zaken.Status",
    "resultaat": "zaken.Resultaat",
    "rol": "zaken.Rol",
    "zaakobject": "zaken.ZaakObject",
    "zaakeigenschap": "zaken.ZaakEigenschap",
    "zaakinformatieobject": "zaken.ZaakInformatieObject",
    "besluit": "besluiten.Besluit",
    "besluitinformatieobject": "besluiten.BesluitInformatieObject",
    "audittrail": "core.AuditTrail",
}


@dataclass(frozen=True)
class Boekregel:
    """What the bookkeeping knows of one source object (see models.Bronobject)."""

    soort: str
    uuid: str | None
    hash: str
    toestand: str
    gegevens: dict[str, Any]


def migratie_by_naam(*, tenant_id: int, naam: str) -> Migratie | None:
    return Migratie.objects.filter(tenant_id=tenant_id, naam=naam).first()


def boek(migratie: Migratie) -> dict[str, Boekregel]:
    """Every source object of a migratie, by source URL (one query, streamed)."""
    rows = Bronobject.objects.filter(migratie=migratie).values_list(
        "bron_url", "soort", "uuid", "hash", "toestand", "gegevens"
    )
    return {
        url: Boekregel(soort, str(uuid) if uuid else None, hash_, toestand, gegevens or {})
        for url, soort, uuid, hash_, toestand, gegevens in rows.iterator(chunk_size=5000)
    }


def laatste_run(migratie: Migratie, *, met_rapport: bool = False) -> Migratierun | None:
    runs = Migratierun.objects.filter(migratie=migratie)
    if met_rapport:
        runs = runs.filter(rapport__isnull=False)
    return runs.order_by("-gestart_op", "-pk").first()


def toestanden(migratie: Migratie) -> dict[str, dict[str, int]]:
    """soort -> toestand -> number of source objects, over every run."""
    result: dict[str, dict[str, int]] = {}
    for soort, toestand, aantal in (
        Bronobject.objects.filter(migratie=migratie)
        .values_list("soort", "toestand")
        .annotate(aantal=Count("pk"))
        .order_by()
    ):
        result.setdefault(soort, {})[toestand] = aantal
    return result


def niet_gekopieerd(migratie: Migratie, *, limiet: int = 1000) -> list[dict[str, Any]]:
    """The objects that were skipped or failed, with their reasons (the report's list)."""
    rows = (
        Bronobject.objects.filter(migratie=migratie)
        .exclude(toestand="gekopieerd")
        .order_by("soort", "pk")
        .values("soort", "bron_url", "toestand", "reden")[:limiet]
    )
    return [dict(row) for row in rows]


def waarschuwingen(migratie: Migratie, *, limiet: int = 1000) -> list[dict[str, Any]]:
    rows = (
        Bronobject.objects.filter(migratie=migratie)
        .exclude(waarschuwing="")
        .order_by("soort", "pk")
        .values("soort", "bron_url", "waarschuwing")[:limiet]
    )
    return [dict(row) for row in rows]


def _model(soort: str) -> type[Model]:
    return apps.get_model(MODELLEN[soort])


def aanwezig(soort: str, uuids: Iterable[str]) -> set[str]:
    """Which of these uuids exist in iwerk as an object of this soort (in any gemeente: a
    uuid is unique in the whole installation)."""
    model = _model(soort)
    gevonden: set[str] = set()
    lijst = [uuidlib.UUID(u) for u in uuids]
    for start in range(0, len(lijst), 500):
        gevonden.update(
            str(u)
            for u in model._default_manager.filter(uuid__in=lijst[start : start + 500]).values_list(
                "uuid", flat=True
            )
        )
    return gevonden


def versies_sha256(document_uuid: str) -> dict[int, tuple[str, str]]:
    """A document's versions in iwerk: versie -> (SHA-256 recorded when stored, storage name)."""
    versie_model = apps.get_model("documenten.Versie")
    return {
        versie: (sha256, inhoud)
        for versie, sha256, inhoud in versie_model._default_manager.filter(
            document__uuid=document_uuid
        ).values_list("versie", "sha256", "inhoud")
    }


def versies_per_document(document_uuids: list[str]) -> dict[str, dict[int, tuple[str, str]]]:
    """versies_sha256 for many documents: one query per 500."""
    versie_model = apps.get_model("documenten.Versie")
    result: dict[str, dict[int, tuple[str, str]]] = {}
    for start in range(0, len(document_uuids), 500):
        deel = [uuidlib.UUID(u) for u in document_uuids[start : start + 500]]
        for document, versie, sha256, inhoud in versie_model._default_manager.filter(
            document__uuid__in=deel
        ).values_list("document__uuid", "versie", "sha256", "inhoud"):
            result.setdefault(str(document), {})[versie] = (sha256, inhoud)
    return result


def sha256_gelezen(inhoud: str) -> str:
    """SHA-256 of stored content, read back from iwerk's document storage."""
    teller = hashlib.sha256()
    for blok in content.read(inhoud):
        teller.update(blok)
    return teller.hexdigest()


def zaak_archiefvelden(zaak_uuid: str) -> dict[str, Any] | None:
    """The archive fields of a zaak as iwerk holds them (to keep the source's after closing)."""
    zaak_model = apps.get_model("zaken.Zaak")
    row = (
        zaak_model._default_manager.filter(uuid=zaak_uuid)
        .values(
            "archiefnominatie", "archiefactiedatum", "archiefstatus", "startdatum_bewaartermijn"
        )
        .first()
    )
    return None if row is None else dict(row)


def audit_uuids(uuids: Iterable[str]) -> set[str]:
    return aanwezig("audittrail", uuids)


# The reads of the portfolio's phase-out view (ADR 0065): which migraties a gemeente has, and
# per migratie its runs without their full report.


@dataclass(frozen=True)
class Runstand:
    """A run without its full report: what a list of runs and a switch-off verdict read. Of the
    report only its verdict and counts: with its lists (niet gekopieerd, waarschuwingen, …) a
    report runs to hundreds of kilobytes, read whole only where it is shown (laatste_run)."""

    pk: int
    migratie_id: int
    gestart_op: datetime
    geeindigd_op: datetime | None
    toestand: str
    melding: str
    verzoeken: int
    met_rapport: bool
    schoon: bool  # the report's verdict (False without a report)
    soorten: tuple[dict[str, Any], ...]  # the report's counts per soort, as rapport.maak wrote them
    versies_vergeleken: int
    versies_gelijk: int
    # The phases the run did when it did not do all (`--fasen`); empty for a run of all phases
    # and for a report older than that option.
    deel_fasen: tuple[str, ...] = ()

    @property
    def toestand_weergave(self) -> str:
        return Toestand(self.toestand).label if self.toestand in Toestand.values else self.toestand


_RUNSTAND_VELDEN = (
    "pk", "migratie_id", "gestart_op", "geeindigd_op", "toestand", "melding", "verzoeken"
)  # fmt: skip


def _runstanden(runs: QuerySet[Migratierun]) -> list[Runstand]:
    """The runs with, out of their report, only what Runstand holds (JSON paths, read in the
    database: the report itself is never fetched)."""
    rows = runs.values(
        *_RUNSTAND_VELDEN,
        met_rapport=ExpressionWrapper(Q(rapport__isnull=False), output_field=BooleanField()),
        rapport_schoon=KeyTransform("schoon", "rapport"),
        rapport_soorten=KeyTransform("soorten", "rapport"),
        rapport_vergeleken=KeyTransform("vergeleken", KeyTransform("documentversies", "rapport")),
        rapport_gelijk=KeyTransform("gelijk", KeyTransform("documentversies", "rapport")),
        rapport_fasen=KeyTransform("fasen", "rapport"),
    )
    return [
        Runstand(
            pk=row["pk"],
            migratie_id=row["migratie_id"],
            gestart_op=row["gestart_op"],
            geeindigd_op=row["geeindigd_op"],
            toestand=row["toestand"],
            melding=row["melding"],
            verzoeken=row["verzoeken"],
            met_rapport=bool(row["met_rapport"]),
            schoon=row["rapport_schoon"] is True,
            soorten=rapportsoorten(row["rapport_soorten"]),
            versies_vergeleken=telling(row["rapport_vergeleken"]) or 0,
            versies_gelijk=telling(row["rapport_gelijk"]) or 0,
            deel_fasen=deel_fasen(row["rapport_fasen"]),
        )
        for row in rows
    ]


def deel_fasen(waarde: Any) -> tuple[str, ...]:
    """A report's `fasen` when the run did only some phases; () for all, or when absent or
    unreadable (a report from before `--fasen`)."""
    if not isinstance(waarde, list) or not all(isinstance(f, str) for f in waarde):
        return ()
    return () if set(FASENAMEN) <= set(waarde) else tuple(waarde)


TELLINGEN = ("bron", "iwerk", "gekopieerd", "ongewijzigd", "overgeslagen", "mislukt")


def telling(waarde: Any) -> int | None:
    """A count read from a stored report: an int, or None for anything else. Only the copier
    writes reports, but one damaged row must not take a page down for everyone."""
    return waarde if isinstance(waarde, int) and not isinstance(waarde, bool) else None


def rapportsoorten(waarde: Any) -> tuple[dict[str, Any], ...]:
    """A report's per-soort counts, each with its counts as ints or None (see telling)."""
    if not isinstance(waarde, list):
        return ()
    return tuple(
        {
            **soort,
            "soort": str(soort.get("soort", "")),
            **{k: telling(soort.get(k)) for k in (*TELLINGEN, "totaal_gekopieerd")},
        }
        for soort in waarde
        if isinstance(soort, dict)
    )


def migraties_van(tenant_id: int) -> QuerySet[Migratie]:
    """The migraties into one gemeente, by name."""
    return Migratie.objects.filter(tenant_id=tenant_id).order_by("naam", "pk")


def migraties_van_gemeenten(tenant_ids: Collection[int]) -> dict[int, list[Migratie]]:
    """migraties_van for several gemeenten in one query: gemeente id -> its migraties."""
    result: dict[int, list[Migratie]] = {t: [] for t in tenant_ids}
    for migratie in Migratie.objects.filter(tenant_id__in=list(tenant_ids)).order_by("naam", "pk"):
        result[migratie.tenant_id].append(migratie)
    return result


def laatste_runs(
    migratie_ids: Collection[int],
) -> dict[int, tuple[Runstand | None, Runstand | None]]:
    """Per migratie: its latest run, and its latest run with a report (the same one once a run
    has ended), in one query however many migraties; a migratie without runs is absent."""
    if not migratie_ids:
        return {}
    volgorde = ("-gestart_op", "-pk")
    laatste = Migratierun.objects.filter(migratie=OuterRef("pk")).order_by(*volgorde)
    migraties = Migratie.objects.filter(pk__in=list(migratie_ids))
    runs = Migratierun.objects.filter(
        Q(pk__in=migraties.annotate(run=Subquery(laatste.values("pk")[:1])).values("run"))
        | Q(
            pk__in=migraties.annotate(
                run=Subquery(laatste.filter(rapport__isnull=False).values("pk")[:1])
            ).values("run")
        )
    ).order_by("migratie_id", *volgorde)
    result: dict[int, tuple[Runstand | None, Runstand | None]] = {}
    for stand in _runstanden(runs):
        eerder, met_rapport = result.get(stand.migratie_id, (None, None))
        result[stand.migratie_id] = (
            eerder or stand,  # ordered newest first: the first one seen is the latest
            met_rapport or (stand if stand.met_rapport else None),
        )
    return result


def runs_van(migratie_id: int, *, limiet: int = 20) -> list[Runstand]:
    """The latest runs of a migratie, newest first, without their full reports."""
    return _runstanden(
        Migratierun.objects.filter(migratie_id=migratie_id).order_by("-gestart_op", "-pk")[:limiet]
    )
