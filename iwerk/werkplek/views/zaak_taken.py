"""STUB (skeleton, issue 29): the zaak page's part for this module."""

from __future__ import annotations


def paginacontext(request, zaak) -> dict:
    """Extra context for the zaak page (werkplek/zaak.html includes its template)."""
    return {}
