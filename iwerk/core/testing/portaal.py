"""Builders for the portaal in tests: a gemeente's demo products, backed by only the demo
zaaktypen a test sends requests for (the whole demo catalogue costs about a second per gemeente)."""

from __future__ import annotations

from iwerk.catalogi.models import Catalogus
from iwerk.core.models import Gemeente
from iwerk.core.testing import catalogus as build
from iwerk.portaal.demo import load_producten


def producten(gemeente: Gemeente, *zaaktypen: str) -> Catalogus:
    """The demo products of the gemeente and a catalogus with the demo zaaktypen of these
    identificaties (e.g. "WMO-MAATWERK" behind "wmo-ondersteuning"); a product whose zaaktype
    is not built here cannot be requested. Returns the catalogus."""
    cat = build.catalogus(gemeente)
    for identificatie in zaaktypen:
        build.demo_zaaktype(cat, identificatie)
    load_producten(gemeente)
    return cat
