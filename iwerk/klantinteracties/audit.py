"""How the Klantinteracties register pictures its objects in the audit trail (host-less API
representations) and announces their changes: kanaal "klantinteracties", every object its own
hoofdObject, readable by the applicaties with a Toegang to its gemeente up to its
vertrouwelijkheid (ADR 0052)."""

from __future__ import annotations

from typing import Any

from iwerk.core import audit
from iwerk.klantinteracties.api.bron import GENERATIE, HOSTLOOS, PREFIX, Bron
from iwerk.klantinteracties.api.bronnen import alle


def _rang(obj: Any, pad: str | None) -> int:
    if pad is None:
        return 0
    waarde: Any = obj
    for deel in pad.split("__"):
        waarde = getattr(waarde, deel, None)
        if waarde is None:
            return 0
    return int(waarde)


def _registreer(bron: Bron, resource: str) -> None:
    audit.register(
        bron.model,
        bron="kic",
        resource=resource,
        render=lambda obj: bron.weergave(obj, HOSTLOOS),
        generation=GENERATIE,
        kenmerken=lambda obj: {},
        lezers=lambda obj: ("kic", obj.tenant_id, None, _rang(obj, bron.rang)),
        kanaal="klantinteracties",
        prefix=PREFIX,
        meervoud=bron.naam,
    )


def register() -> None:
    for bron, resource in alle():
        _registreer(bron, resource)
