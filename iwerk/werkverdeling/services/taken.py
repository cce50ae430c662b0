"""Tasks inside a zaak: the checklist of a status, ad-hoc tasks, completing them.

STUB (skeleton): implemented by the tasks work of issue 29.
"""

from __future__ import annotations

from iwerk.zaken.gebeurtenissen import StatusGezet


def status_bereikt(event: StatusGezet) -> None:
    """Consumer (iwerk/verbindingen.py): create the checklist tasks of the reached status."""
