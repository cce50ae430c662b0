"""The resources of the Klantinteracties API, one module per group; each declares its `Bron`s
(api/bron.py) and the resource name its audit records and notifications carry."""

from __future__ import annotations

import pkgutil
from importlib import import_module

from iwerk.klantinteracties.api.bron import Bron

# Every module of this package declares resources (in the order of their names).
MODULES = tuple(sorted(m.name for m in pkgutil.iter_modules(__path__)))


def alle() -> list[tuple[Bron, str]]:
    """Every (Bron, resource name) of the API."""
    return [
        paar
        for naam in MODULES
        for paar in getattr(
            import_module(f"iwerk.klantinteracties.api.bronnen.{naam}"), "BRONNEN", []
        )
    ]


def extra_urls() -> list:
    """Routes beyond collection and detail (POST /maak-klantcontact): a module's `URLS`."""
    return [
        pattern
        for naam in MODULES
        for pattern in getattr(
            import_module(f"iwerk.klantinteracties.api.bronnen.{naam}"), "URLS", []
        )
    ]
