"""BAG API Individuele Bevragingen v2: `GET {url}/adressen` and `GET {url}/adressen/{id}`.

Thin: returns the addresses as the BAG gives them (HAL, `_embedded.adressen`) or raises a
RegisterFout (clients.verzoek). The client reads the fields it needs and ignores the rest, so a
later 2.x release with added fields is read the same (ADR 0049).
"""

from __future__ import annotations

from typing import Any

from iwerk.basisregistraties.clients import verzoek
from iwerk.basisregistraties.selectors.koppelingen import Verbinding

HAL = "application/hal+json"


def adressen(verbinding: Verbinding, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The first page of `/adressen` for the query (postcode + huisnummer gives a handful)."""
    antwoord = verzoek.vraag(verbinding, "GET", "/adressen", params=params, headers={"Accept": HAL})
    if not isinstance(antwoord, dict):
        raise verzoek.buiten_contract(verbinding.register)
    embedded = antwoord.get("_embedded") or {}
    gevonden = embedded.get("adressen", []) if isinstance(embedded, dict) else None
    if not isinstance(gevonden, list) or not all(isinstance(a, dict) for a in gevonden):
        raise verzoek.buiten_contract(verbinding.register)
    return gevonden


def adres(verbinding: Verbinding, nummeraanduiding_id: str) -> dict[str, Any]:
    """One address by its nummeraanduidingIdentificatie; NietGevonden when the BAG has none."""
    antwoord = verzoek.vraag(
        verbinding,
        "GET",
        f"/adressen/{nummeraanduiding_id}",
        headers={"Accept": HAL},
        niet_gevonden=f"De BAG kent geen adres met identificatie {nummeraanduiding_id}.",
    )
    if not isinstance(antwoord, dict):
        raise verzoek.buiten_contract(verbinding.register)
    return antwoord
