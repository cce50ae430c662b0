"""Who writes a migration: iwerk itself on behalf of one gemeente (ADR 0063).

The migrating actor holds every scope of the Zaken, Documenten, Besluiten and Catalogi APIs plus
their `*.migreren` scope, for the catalogi of that one gemeente and no other, at every
vertrouwelijkheid. Build it again after the catalogue has been copied: its grants name the
gemeente's catalogi as they are at that moment.
"""

from __future__ import annotations

from iwerk.autorisaties.scopes import SCOPES
from iwerk.catalogi.models import Catalogus
from iwerk.core.api.actor import Actor, Grant

NAAM = "iwerk migratie"
MIGREREN = {
    "zrc": "zaken.migreren",
    "drc": "documenten.migreren",
    "brc": "besluiten.migreren",
    "ztc": "catalogi.migreren",
}


def migratie_actor(gemeente_id: int, *, toelichting: str = "") -> Actor:
    """The actor of a migration into gemeente_id; toelichting names the run in the audit trail."""
    catalogus_ids = list(
        Catalogus.objects.filter(tenant_id=gemeente_id).values_list("pk", flat=True)
    )
    grants = tuple(
        Grant(
            component=component,
            scopes=frozenset(SCOPES[component]) | {MIGREREN[component]},
            catalogus_id=catalogus_id,
        )
        for component in ("zrc", "drc", "brc", "ztc")
        for catalogus_id in catalogus_ids
    ) + (
        # Catalogue scopes are not bound to a catalogus: a new catalogus is written before any
        # grant could name it. Which gemeente it belongs to follows from catalogi_tenant_ids.
        Grant(component="ztc", scopes=frozenset(SCOPES["ztc"]) | {MIGREREN["ztc"]}),
    )
    return Actor(
        client_id="iwerk-migratie",
        applicatie_uuid=None,
        applicatie_label=NAAM,
        heeft_alle_autorisaties=False,
        grants=grants,
        catalogi_tenant_ids=frozenset({gemeente_id}),
        user_id=NAAM,
        user_representation=NAAM,
        audit_toelichting=toelichting,
    )
