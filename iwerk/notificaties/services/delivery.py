"""Delivering the outbox: claim due deliveries, POST them, record every attempt, retry or park.

Claims are leases (`geclaimd_tot`), taken in a short transaction — with `SKIP LOCKED` where the
database has it — and the HTTP call happens outside any transaction, so a slow subscriber never
holds a lock that the web processes (or SQLite's single writer) wait for. A worker killed
mid-delivery leaves a lease that expires; another worker then delivers: at least once. Per
abonnement, deliveries about one hoofdObject go in order: a delivery waits while an earlier one
for the same abonnement and hoofdObject is still pending.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import time
from collections.abc import Iterable
from datetime import timedelta
from urllib.parse import urlsplit

import jwt
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
        ontvanger=OuterRef("ontvanger"),
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


class _Connections:
    """Keep-alive HTTP connections per subscriber host, for one batch."""

    def __init__(self) -> None:
        self.pool: dict[tuple[str, str], http.client.HTTPConnection] = {}

    def post(self, url: str, body: bytes, headers: dict) -> int:
        parts = urlsplit(url)
        key = (parts.scheme, parts.netloc)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        for attempt in (1, 2):
            conn = self.pool.get(key)
            if conn is None:
                factory = (
                    http.client.HTTPSConnection
                    if parts.scheme == "https"
                    else http.client.HTTPConnection
                )
                conn = self.pool[key] = factory(
                    parts.netloc, timeout=settings.IWERK_NOTIFICATIES_TIMEOUT
                )
            try:
                conn.request("POST", path, body, headers)
                response = conn.getresponse()
                response.read()
                if response.will_close:
                    self.drop(key)
                return response.status
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.drop(key)
                if attempt == 2:
                    raise  # a reused connection the subscriber had closed gets one fresh try
            except Exception:
                self.drop(key)
                raise
        raise AssertionError("unreachable")

    def drop(self, key: tuple[str, str]) -> None:
        conn = self.pool.pop(key, None)
        if conn is not None:
            conn.close()

    def close(self) -> None:
        for key in list(self.pool):
            self.drop(key)


def _target(levering: Levering) -> tuple[str, str]:
    """(URL, Authorization header) of a delivery: the abonnement, or the external Notificaties API."""
    abonnement = levering.abonnement
    if abonnement is not None:
        return abonnement.callback_url, abonnement.auth
    token = jwt.encode(
        {
            "iss": settings.IWERK_NOTIFICATIES_DOORSTUREN_CLIENT_ID,
            "client_id": settings.IWERK_NOTIFICATIES_DOORSTUREN_CLIENT_ID,
            "iat": int(time.time()),
            "user_id": "iwerk",
            "user_representation": "iwerk",
        },
        settings.IWERK_NOTIFICATIES_DOORSTUREN_SECRET or "",
        algorithm="HS256",
    )
    return f"{settings.IWERK_NOTIFICATIES_DOORSTUREN.rstrip('/')}/notificaties", f"Bearer {token}"


def _send(connections: _Connections, levering: Levering) -> tuple[int | None, str, int]:
    body = json.dumps(message(levering.notificatie)).encode()
    url, auth = _target(levering)
    headers = {"Content-Type": "application/json", "Authorization": auth}
    started = time.perf_counter()
    status, fout = None, ""
    try:
        status = connections.post(url, body, headers)
    except (OSError, http.client.HTTPException) as exc:
        fout = f"{type(exc).__name__}: {exc}"
    duur = int((time.perf_counter() - started) * 1000)
    if status is not None and not 200 <= status < 300:
        fout = f"HTTP {status}"
    return status, fout, duur


@transaction.atomic
def _record(outcomes: list[tuple[Levering, int | None, str, int]]) -> None:
    """One transaction per batch: the attempts and the new state of each delivery."""
    now = timezone.now()
    Poging.objects.bulk_create(
        [
            Poging(levering=lev, tijdstip=now, statuscode=status, duur_ms=duur, fout=fout)
            for lev, status, fout, duur in outcomes
        ]
    )
    for levering, _status, fout, _duur in outcomes:
        levering.pogingen += 1
        levering.geclaimd_tot = None
        levering.geclaimd_door = ""
        if not fout:
            levering.status = Levering.Status.afgeleverd
            levering.afgeleverd_op = now
            levering.laatste_fout = ""
        else:
            levering.laatste_fout = fout
            if levering.pogingen >= settings.IWERK_NOTIFICATIES_MAX_POGINGEN:
                levering.status = Levering.Status.geparkeerd
            else:
                levering.volgende_poging = now + backoff(levering.pogingen)
    Levering.objects.bulk_update(
        [o[0] for o in outcomes],
        [
            "pogingen",
            "geclaimd_tot",
            "geclaimd_door",
            "status",
            "afgeleverd_op",
            "laatste_fout",
            "volgende_poging",
        ],
    )


def run_once(limit: int = 50) -> int:
    """Claim and deliver one batch (keep-alive per subscriber); the number attempted."""
    batch = claim(limit)
    connections = _Connections()
    try:
        outcomes = [(levering, *_send(connections, levering)) for levering in batch]
    finally:
        connections.close()
    if outcomes:
        _record(outcomes)
    return len(batch)


def retry(levering_ids: Iterable[int]) -> int:
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
