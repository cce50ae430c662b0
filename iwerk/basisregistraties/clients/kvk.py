"""The Handelsregister (KvK API Basisprofiel v1): `GET {url}/api/v1/basisprofielen/{kvkNummer}`.

No OpenAPI document of the KvK APIs was available offline; the field names are KvK's published
ones (ADR 0049, ADR 0050). Thin: returns the basisprofiel as the KvK gives it or raises a
RegisterFout (clients.verzoek).
"""

from __future__ import annotations

from typing import Any

from iwerk.basisregistraties.clients import verzoek
from iwerk.basisregistraties.selectors.koppelingen import Verbinding


def basisprofiel(verbinding: Verbinding, kvk_nummer: str) -> dict[str, Any]:
    antwoord = verzoek.vraag(
        verbinding,
        "GET",
        f"/api/v1/basisprofielen/{kvk_nummer}",
        params={"geoData": "false"},
        niet_gevonden=f"Het Handelsregister kent geen bedrijf met KvK-nummer {kvk_nummer}.",
    )
    if not isinstance(antwoord, dict) or str(antwoord.get("kvkNummer", "")) != kvk_nummer:
        raise verzoek.buiten_contract(verbinding.register)
    return antwoord
