"""Haal Centraal BRP Personen bevragen 2.x: `POST {url}/personen` (ADR 0049).

Thin: the service decides what is asked (type, fields, gemeenteVanInschrijving); this sends it
with the protocollering headers and returns the `personen` of the answer, or raises a
RegisterFout (clients.verzoek).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from iwerk.basisregistraties.clients import verzoek
from iwerk.basisregistraties.selectors.koppelingen import Verbinding

# The OAS's request media type for /personen.
CONTENT_TYPE = "application/json; charset=utf-8"
# The gateways log these headers in columns of 242 characters (the length ZAC keeps to).
HEADER_LENGTE = 242


def personen(
    verbinding: Verbinding,
    vraag: dict[str, Any],
    *,
    doelbinding: str,
    verwerking: str,
    gebruiker: str,
) -> list[dict[str, Any]]:
    """The persons of the answer to `vraag` (a PersonenQuery), each a dict as the BRP gives it.

    The protocollering headers are the ones the gemeentelijke BRP-koppelingen send (the OAS
    names none): x-doelbinding, x-verwerking, x-gebruiker, and x-origin-oin when the gemeente's
    OIN is configured.
    """
    headers = {
        "x-doelbinding": header_waarde(doelbinding),
        "x-verwerking": header_waarde(verwerking),
        "x-gebruiker": header_waarde(gebruiker),
    }
    if verbinding.oin:
        headers["x-origin-oin"] = header_waarde(verbinding.oin)
    antwoord = verzoek.vraag(
        verbinding, "POST", "/personen", body=vraag, headers=headers, content_type=CONTENT_TYPE
    )
    if not isinstance(antwoord, dict) or antwoord.get("type") != vraag["type"]:
        raise verzoek.buiten_contract(verbinding.register)
    gevonden = antwoord.get("personen", [])
    if not isinstance(gevonden, list) or not all(isinstance(p, dict) for p in gevonden):
        raise verzoek.buiten_contract(verbinding.register)
    return gevonden


def header_waarde(tekst: str) -> str:
    """A header value HTTP carries safely: ASCII (accents dropped, 'Zoë' → 'Zoe'), one line,
    at most HEADER_LENGTE characters."""
    plat = unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode()
    return " ".join(plat.split())[:HEADER_LENGTE]
