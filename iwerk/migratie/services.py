"""Writes of the migration bookkeeping, and the import of a source's audit trail (ADR 0063)."""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from iwerk.core import auditketen, fastsql
from iwerk.core.models import AuditTrail, Gemeente
from iwerk.migratie import selectors
from iwerk.migratie.models import (
    Bronobject,
    Bronobjecttoestand,
    Migratie,
    Migratierun,
    Toestand,
)

# A Regel with this toestand removes the row: the object is gone at the source and from iwerk.
WEG = "weg"


@dataclass
class Regel:
    """One bookkeeping row to write (see models.Bronobject)."""

    soort: str
    bron_url: str
    toestand: str
    uuid: str | None = None
    hash: str = ""
    reden: str = ""
    waarschuwing: str = ""
    gegevens: dict[str, Any] = field(default_factory=dict)


def migratie_voor(
    *, gemeente: Gemeente, naam: str, roots: dict[str, str], client_id: str
) -> Migratie:
    """The migratie of this source into this gemeente, made on its first run; the API roots and
    client id are those given now (a source may move to another host between runs)."""
    velden = {
        "zaken_api": roots["zaken"],
        "documenten_api": roots["documenten"],
        "catalogi_api": roots["catalogi"],
        "besluiten_api": roots["besluiten"],
        "referentielijsten_api": roots.get("referentielijsten", ""),
        "client_id": client_id,
    }
    migratie, _ = Migratie.objects.update_or_create(tenant=gemeente, naam=naam, defaults=velden)
    return migratie


@transaction.atomic
def start_run(migratie: Migratie) -> Migratierun:
    """A new run. A run still marked lopend was killed without a word: it is marked gestopt."""
    Migratierun.objects.filter(migratie=migratie, toestand=Toestand.lopend).update(
        toestand=Toestand.gestopt,
        geeindigd_op=timezone.now(),
        melding="Afgebroken: het proces stopte zonder af te ronden.",
    )
    return Migratierun.objects.create(migratie=migratie, gestart_op=timezone.now())


def bijhouden(run: Migratierun, *, tellers: dict[str, dict[str, int]], verzoeken: int) -> None:
    """Store the counters of a run while it goes (outside the units' transactions)."""
    Migratierun.objects.filter(pk=run.pk).update(tellers=tellers, verzoeken=verzoeken)


def beeindig_run(
    run: Migratierun,
    *,
    toestand: str,
    melding: str = "",
    tellers: dict[str, dict[str, int]],
    verzoeken: int,
    rapport: dict[str, Any] | None,
) -> None:
    run.toestand = toestand
    run.melding = melding
    run.tellers = tellers
    run.verzoeken = verzoeken
    run.rapport = rapport
    run.geeindigd_op = timezone.now()
    run.save(
        update_fields=["toestand", "melding", "tellers", "verzoeken", "rapport", "geeindigd_op"]
    )


def vastleggen(migratie: Migratie, run: Migratierun, regels: list[Regel]) -> None:
    """Write bookkeeping rows (insert or update on migratie + bron_url) in one statement; call
    it inside the unit's transaction, so a unit and its rows commit together."""
    laatste: dict[str, Regel] = {regel.bron_url: regel for regel in regels}
    weg = [url for url, regel in laatste.items() if regel.toestand == WEG]
    if weg:
        Bronobject.objects.filter(migratie=migratie, bron_url__in=weg).delete()
    laatste = {url: regel for url, regel in laatste.items() if regel.toestand != WEG}
    if not laatste:
        return
    Bronobject.objects.bulk_create(
        [
            Bronobject(
                migratie=migratie,
                run=run,
                soort=r.soort,
                bron_url=r.bron_url,
                uuid=uuidlib.UUID(r.uuid) if r.uuid else None,
                hash=r.hash,
                toestand=r.toestand,
                reden=r.reden[:4000],
                waarschuwing=r.waarschuwing[:4000],
                gegevens=r.gegevens,
                bijgewerkt_op=timezone.now(),
            )
            for r in laatste.values()
        ],
        update_conflicts=True,
        unique_fields=["migratie", "bron_url"],
        update_fields=[
            "run",
            "soort",
            "uuid",
            "hash",
            "toestand",
            "reden",
            "waarschuwing",
            "gegevens",
            "bijgewerkt_op",
        ],
    )


def niet_gekopieerd(
    migratie: Migratie,
    run: Migratierun,
    regels: list[Regel],
) -> None:
    """Record objects that were skipped or failed. An object copied in an earlier run keeps its
    uuid (it is still in iwerk, as it was) and loses its hash, so the next run tries again."""
    bekend = dict(
        Bronobject.objects.filter(
            migratie=migratie, bron_url__in=[r.bron_url for r in regels]
        ).values_list("bron_url", "uuid")
    )
    for regel in regels:
        if regel.uuid is None and bekend.get(regel.bron_url):
            regel.uuid = str(bekend[regel.bron_url])
        regel.hash = ""
        if regel.toestand == Bronobjecttoestand.gekopieerd:
            regel.toestand = Bronobjecttoestand.mislukt
    vastleggen(migratie, run, regels)


def importeer_audittrail(*, gemeente_id: int, regels: list[dict[str, Any]], hostloos: Any) -> int:
    """Add the source's audit trail entries of one main object that iwerk does not have yet
    (by uuid), with their original time; returns how many. Call inside the unit's transaction.

    An entry keeps the source's uuid, application, user, action, toelichting and time; its URLs
    and snapshots become iwerk's host-less paths (`hostloos`). The row is written as every audit
    row (`fastsql.insert`: the writer's seal in the INSERT) and then given its original
    `aanmaakdatum` — which `auto_now_add` does not let an INSERT carry — and sealed again over
    that final content, in the same transaction, before the sealer of the hash chain can see it
    (ADR 0032): `iwerk audit_verifieren` stays clean. Nothing marks the row imported but the
    bookkeeping (Bronobject `audittrail`) and iwerk's own entries of the migration around it.
    """
    bestaand = selectors.audit_uuids(str(r.get("uuid")) for r in regels if r.get("uuid"))
    nieuw = 0
    for regel in regels:
        sleutel = str(regel.get("uuid") or "")
        if not sleutel or sleutel in bestaand:
            continue
        tijd = _tijd(regel.get("aanmaakdatum"))
        wijzigingen = regel.get("wijzigingen") or {}
        entry = AuditTrail(
            tenant_id=gemeente_id,
            uuid=uuidlib.UUID(sleutel),
            bron=str(regel.get("bron") or "")[:20],
            hoofd_object_uuid=uuidlib.UUID(_laatste_segment(str(regel.get("hoofdObject") or ""))),
            hoofd_object=hostloos(str(regel.get("hoofdObject") or ""))[:1000],
            resource=str(regel.get("resource") or "")[:50],
            resource_url=hostloos(str(regel.get("resourceUrl") or ""))[:1000],
            resource_weergave=str(regel.get("resourceWeergave") or "")[:200],
            actie=str(regel.get("actie") or "")[:50],
            actie_weergave=str(regel.get("actieWeergave") or "")[:200],
            resultaat=int(regel.get("resultaat") or 0),
            applicatie_id=str(regel.get("applicatieId") or "")[:100],
            applicatie_weergave=str(regel.get("applicatieWeergave") or "")[:200],
            gebruikers_id=str(regel.get("gebruikersId") or "")[:255],
            gebruikers_weergave=str(regel.get("gebruikersWeergave") or "")[:255],
            toelichting=str(regel.get("toelichting") or ""),
            oud=hostloos(wijzigingen["oud"]) if wijzigingen.get("oud") is not None else None,
            nieuw=hostloos(wijzigingen["nieuw"]) if wijzigingen.get("nieuw") is not None else None,
        )
        fastsql.insert(entry)
        entry.aanmaakdatum = tijd
        entry.zegel = auditketen.schrijfzegel(entry)
        AuditTrail.objects.filter(pk=entry.pk).update(aanmaakdatum=tijd, zegel=entry.zegel)
        bestaand.add(sleutel)
        nieuw += 1
    return nieuw


def _laatste_segment(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def _tijd(waarde: Any) -> datetime:
    tijd = parse_datetime(str(waarde or "")) if waarde else None
    if tijd is None:
        return timezone.now()
    return tijd if timezone.is_aware(tijd) else timezone.make_aware(tijd)
