"""Recording who viewed personal or confidential data (AVG art. 32, BIO logging).

Called by the werkplek and the APIs at the moment of reading; one small insert, in the request's
own transaction when there is one. What is recorded: the viewing of a zaak or a document and a
search on a BSN — enough to answer an inzageverzoek ("who looked at my data?").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.utils import timezone

from iwerk.core.models import Inzage

if TYPE_CHECKING:
    from iwerk.core.api.actor import Actor


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
    return Inzage.objects.create(
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
    Inzage.objects.bulk_create(
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
