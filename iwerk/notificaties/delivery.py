"""Delivering the outbox: claim due deliveries, POST them, record every attempt, retry or park.

Claims are leases (`geclaimd_tot`), taken in a short transaction — with `SKIP LOCKED` where the
database has it — and the HTTP call happens outside any transaction, so a slow subscriber never
holds a lock that the web processes (or SQLite's single writer) wait for. A worker killed
mid-delivery leaves a lease that expires; another worker then delivers: at least once. Per
abonnement, deliveries about one hoofdObject go in order: a delivery waits while an earlier one
for the same abonnement and hoofdObject is still pending.
"""

from __future__ import annotations

import json
import os
import socket
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from iwerk.notificaties.models import Levering, Notificatie, Poging

WORKER_ID = f"{socket.gethostname()}:{os.getpid()}"


def message(notificatie: Notificatie) -> dict:
    return {
        "kanaal": notificatie.kanaal,
        "hoofdObject": notificatie.hoofd_object,
        "resource": notificatie.resource,
        "resourceUrl": notificatie.resource_url,
        "actie": notificatie.actie,
        "aanmaakdatum": notificatie.aanmaakdatum.isoformat(),
        "kenmerken": notificatie.kenmerken,
    }


def backoff(pogingen: int) -> timedelta:
    """Exponential: base, 2×base, 4×base … capped at an hour."""
    seconds = settings.IWERK_NOTIFICATIES_BACKOFF * (2 ** max(pogingen - 1, 0))
    return timedelta(seconds=min(seconds, 3600))


def claim(limit: int = 50, worker: str = WORKER_ID) -> list[Levering]:
    now = timezone.now()
    earlier_pending = Levering.objects.filter(
        abonnement=OuterRef("abonnement"),
        hoofd_object=OuterRef("hoofd_object"),
        id__lt=OuterRef("id"),
        status=Levering.Status.wachtend,
    )
    with transaction.atomic():
        due = (
            Levering.objects.filter(status=Levering.Status.wachtend, volgende_poging__lte=now)
            .exclude(geclaimd_tot__gt=now)
            .filter(~Exists(earlier_pending))
            .order_by("id")
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("id", flat=True)[:limit])
        lease = timedelta(seconds=settings.IWERK_NOTIFICATIES_LEASE)
        Levering.objects.filter(id__in=ids).update(geclaimd_tot=now + lease, geclaimd_door=worker)
    return list(
        Levering.objects.filter(id__in=ids, geclaimd_door=worker)
        .select_related("notificatie", "abonnement")
        .order_by("id")
    )


def deliver(levering: Levering) -> bool:
    """POST the message to the abonnement's callback; record the attempt; True when delivered."""
    body = json.dumps(message(levering.notificatie)).encode()
    request = urllib.request.Request(  # noqa: S310 - callback URLs are validated http(s) URLs
        levering.abonnement.callback_url,
        data=body,
        headers={"Content-Type": "application/json", "Authorization": levering.abonnement.auth},
        method="POST",
    )
    started = time.perf_counter()
    status, fout = None, ""
    try:
        timeout = settings.IWERK_NOTIFICATIES_TIMEOUT
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as exc:
        status, fout = exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        fout = f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"
    duur = int((time.perf_counter() - started) * 1000)
    ok = status is not None and 200 <= status < 300
    _record(
        levering, ok=ok, status=status, fout=fout or ("" if ok else f"HTTP {status}"), duur=duur
    )
    return ok


@transaction.atomic
def _record(levering: Levering, *, ok: bool, status: int | None, fout: str, duur: int) -> None:
    now = timezone.now()
    Poging.objects.create(
        levering=levering, tijdstip=now, statuscode=status, duur_ms=duur, fout=fout
    )
    levering.pogingen += 1
    levering.geclaimd_tot = None
    levering.geclaimd_door = ""
    if ok:
        levering.status = Levering.Status.afgeleverd
        levering.afgeleverd_op = now
        levering.laatste_fout = ""
    else:
        levering.laatste_fout = fout
        if levering.pogingen >= settings.IWERK_NOTIFICATIES_MAX_POGINGEN:
            levering.status = Levering.Status.geparkeerd
        else:
            levering.volgende_poging = now + backoff(levering.pogingen)
    levering.save()


def run_once(limit: int = 50) -> int:
    """Claim and deliver one batch; the number of deliveries attempted."""
    batch = claim(limit)
    for levering in batch:
        deliver(levering)
    return len(batch)


def retry(levering_ids) -> int:
    """An administrator sends parked (or failing) deliveries again, from now."""
    return (
        Levering.objects.filter(id__in=list(levering_ids))
        .exclude(status=Levering.Status.afgeleverd)
        .update(
            status=Levering.Status.wachtend,
            pogingen=0,
            volgende_poging=timezone.now(),
            geclaimd_tot=None,
            geclaimd_door="",
        )
    )
