"""Reads of the incident register: which incidents someone sees (`incident`), where the 72-hour
clock stands (`klok`), who triages a gemeente's incidents (`ontvangers`). The first are named
here too, so callers write `selectors.zichtbaar`."""

from iwerk.incidenten.selectors.incident import (  # noqa: F401
    lopende_klokken,
    met_gemeenten,
    met_klok,
    zichtbaar,
)
