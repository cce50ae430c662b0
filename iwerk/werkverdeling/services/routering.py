"""Routing of new zaken to a team queue (and optionally a person), per gemeente and zaaktype.

STUB (skeleton): implemented by the routing work of issue 29.
"""

from __future__ import annotations

from iwerk.core.audit import Change
from iwerk.zaken.gebeurtenissen import ZaakAangemaakt


def zaak_aangemaakt(event: ZaakAangemaakt) -> None:
    """Consumer (iwerk/verbindingen.py): route the new zaak, whatever its channel."""


def on_change(change: Change) -> None:
    """Consumer: an eigenschap or zaakobject added to a zaak that is still routed automatically
    may change where it belongs."""
