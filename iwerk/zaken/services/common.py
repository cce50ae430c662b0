"""Checks every zaken service shares: may this actor change this zaak (and its parts)?"""

from __future__ import annotations

from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import PermissionDenied
from iwerk.zaken.models import Zaak


def may_change(actor: Actor, zaak: Zaak) -> None:
    """zaken.bijwerken for an open zaak, zaken.geforceerd-bijwerken for a closed one (zrc-007)."""
    scope = "zaken.geforceerd-bijwerken" if zaak.is_closed else "zaken.bijwerken"
    if not (
        actor.permits(
            "zrc",
            scope,
            type_id=zaak.zaaktype_id,
            catalogus_id=zaak.zaaktype.catalogus_id,
            vertrouwelijkheid=zaak.vertrouwelijkheidaanduiding,
        )
        or actor.permits(
            "zrc",
            "zaken.geforceerd-bijwerken",
            type_id=zaak.zaaktype_id,
            catalogus_id=zaak.zaaktype.catalogus_id,
            vertrouwelijkheid=zaak.vertrouwelijkheidaanduiding,
        )
    ):
        raise PermissionDenied(f"Deze applicatie mist de scope {scope} voor deze zaak.")
