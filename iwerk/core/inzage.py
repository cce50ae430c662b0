"""Recording who viewed personal or confidential data (AVG art. 32, BIO logging).

Called by the werkplek and the APIs at the moment of reading, before the response exists. What is
recorded: the viewing of a zaak or a document and a search on a BSN — enough to answer an
inzageverzoek ("who looked at my data?").

Durability (ADR 0040): a row is committed by the database server before these functions return,
so a web process that dies after answering has lost nothing. Inside a transaction the row is part
of that transaction. Outside one (an API read) on PostgreSQL the row is committed asynchronously:
the server acknowledges it without waiting for its WAL to reach the disk, which saves a disk flush
per read; a crash of the database server or its machine can lose the rows of the last
~3 × wal_writer_delay (600 ms by default). The setting is local to the row's own one-statement
transaction, so no other write on the connection waits less for the disk.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.conf import settings
from django.db import connections, router
from django.utils import timezone

from iwerk.core import fastsql
from iwerk.core.models import Inzage

if TYPE_CHECKING:
    from iwerk.core.api.actor import Actor

# Appended to the row's INSERT: evaluated by the statement itself, so the setting holds for the
# commit of the statement's own transaction (PostgreSQL reads synchronous_commit as it commits)
# and ends with it. One statement, one round trip, as the plain insert.
ASYNCHROON = "set_config('synchronous_commit', 'off', true)"


def vastleggen(
    *,
    tenant_id: int,
    kanaal: str,
    soort: str,
    gebruikers_id: str = "",
    gebruikers_weergave: str = "",
    applicatie_id: str = "",
    object_uuid: UUID | str | None = None,
    zaak_uuid: UUID | str | None = None,
    omschrijving: str = "",
    vertrouwelijkheidaanduiding: str = "",
    bsn: str = "",
) -> Inzage:
    rij = Inzage(
        tenant_id=tenant_id,
        wanneer=timezone.now(),
        kanaal=kanaal,
        soort=soort,
        gebruikers_id=gebruikers_id[:255],
        gebruikers_weergave=gebruikers_weergave[:255],
        applicatie_id=applicatie_id[:100],
        object_uuid=object_uuid,
        zaak_uuid=zaak_uuid,
        omschrijving=omschrijving[:300],
        vertrouwelijkheidaanduiding=vertrouwelijkheidaanduiding,
        bsn=bsn,
    )
    _invoegen([rij])
    return rij


def door_actor(actor: Actor, *, tenant_id: int, kanaal: str, **kwargs: Any) -> Inzage:
    return vastleggen(
        tenant_id=tenant_id,
        kanaal=kanaal,
        gebruikers_id=actor.user_id,
        gebruikers_weergave=actor.user_representation,
        applicatie_id=actor.client_id,
        **kwargs,
    )


def bsn_zoekopdracht(
    actor: Actor, *, bsn: str, kanaal: str, tenant_ids: Iterable[int] | None = None
) -> None:
    """A search on a BSN, logged for every gemeente whose data the caller could have seen."""
    from iwerk.core.models import Gemeente

    ids = tenant_ids or actor.catalogi_tenant_ids
    if not ids:  # all gemeenten
        ids = Gemeente.objects.values_list("pk", flat=True)
    now = timezone.now()
    _invoegen(
        [
            Inzage(
                tenant_id=tenant_id,
                wanneer=now,
                kanaal=kanaal,
                soort="zoeken-bsn",
                gebruikers_id=actor.user_id[:255],
                gebruikers_weergave=actor.user_representation[:255],
                applicatie_id=actor.client_id[:100],
                omschrijving="Zoeken op BSN",
                bsn=bsn,
            )
            for tenant_id in sorted(ids)
        ]
    )


def _invoegen(rijen: list[Inzage]) -> None:
    """Insert the rows in one statement: committed when this returns, or part of the caller's
    transaction when there is one."""
    if not rijen:
        return
    alias = router.db_for_write(Inzage)
    connection = connections[alias]
    # Only a statement that is its own transaction commits asynchronously: in the caller's
    # transaction the setting would hold for all of it. SQLite commits without a flush already
    # (WAL, synchronous=NORMAL).
    asynchroon = (
        not settings.IWERK_INZAGE_SYNCHROON
        and connection.vendor == "postgresql"
        and connection.get_autocommit()
        and not connection.in_atomic_block
    )
    fastsql.insert_many(rijen, using=alias, also_evaluate=ASYNCHROON if asynchroon else "")
