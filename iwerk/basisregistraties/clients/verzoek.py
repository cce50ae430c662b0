"""One request to a register, and what its answer means: the part the BRP, BAG and KvK clients
share (ADR 0049).

Every failure to get a usable answer becomes a RegisterFout with a Dutch message that names the
register: no answer, a time-out, a 5xx, a body that is not JSON or too big, or JSON outside the
contract → RegisterOnbereikbaar (the user goes on with typed data, marked as not checked);
400 → OngeldigeInvoer with the register's own reason; 404 → NietGevonden.
"""

from __future__ import annotations

import json
from typing import Any

import requests

from iwerk.basisregistraties.fouten import NietGevonden, OngeldigeInvoer, RegisterOnbereikbaar
from iwerk.basisregistraties.selectors.koppelingen import VERDER, Verbinding, naam
from iwerk.core import http

# The largest answer read: 20 persons with every group the BRP has is well below 1 MB.
MAX_ANTWOORD = 2 * 1024 * 1024


class BuitenContract(Exception):
    """The register answered with JSON that is not what its contract promises."""


def onbereikbaar(register: str, reden: str) -> RegisterOnbereikbaar:
    """'De BRP antwoordt niet (time-out na 2 s). U kunt verder …'"""
    return RegisterOnbereikbaar(f"{naam(register, hoofdletter=True)} {reden}. {VERDER}")


def vraag(
    verbinding: Verbinding,
    method: str,
    pad: str,
    *,
    params: dict[str, Any] | None = None,
    body: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    content_type: str = "application/json",
    niet_gevonden: str = "",
) -> Any:
    """Send one request to `verbinding.url + pad` and return the answer's parsed JSON (status 200).

    `niet_gevonden` is the message of a 404 (without one a 404 is an answer outside the
    contract). Errors: see the module's docstring.
    """
    register = verbinding.register
    alle_headers = {"Accept": "application/json", **verbinding.headers, **(headers or {})}
    data = None
    if body is not None:
        alle_headers["Content-Type"] = content_type
        data = json.dumps(body, ensure_ascii=False).encode()
    try:
        with http.request(
            method,
            f"{verbinding.url}{pad}",
            params=params,
            data=data,
            headers=alle_headers,
            timeout=verbinding.timeout,
            cert=verbinding.cert,
            verify=verbinding.verify,
            allow_redirects=False,
        ) as response:
            status = response.status_code
            inhoud = http.body(response, MAX_ANTWOORD + 1)
    except requests.Timeout as exc:
        raise onbereikbaar(register, _timeout_reden(exc, verbinding)) from exc
    except http.Fout as exc:
        if "timed out" in http.reden(exc):
            raise onbereikbaar(register, _timeout_reden(exc, verbinding)) from exc
        raise onbereikbaar(register, "antwoordt niet (geen verbinding)") from exc
    if len(inhoud) > MAX_ANTWOORD:
        raise onbereikbaar(register, "gaf een te groot antwoord")
    if status >= 500:
        raise _serverfout(register, status)
    if status == 404 and niet_gevonden:
        raise NietGevonden(niet_gevonden)
    if status == 400:
        raise OngeldigeInvoer(_afwijzing(register, inhoud))
    if status in (401, 403):
        raise onbereikbaar(
            register,
            f"weigert de toegang ({status}): de koppeling is niet goed ingesteld. Vraag de "
            "functioneel beheerder",
        )
    if status == 429:
        raise onbereikbaar(register, "krijgt te veel vragen tegelijk (429); probeer het zo opnieuw")
    if status != 200:
        raise onbereikbaar(register, f"gaf een onverwacht antwoord ({status})")
    try:
        return json.loads(inhoud)
    except ValueError as exc:
        raise onbereikbaar(register, "gaf een antwoord dat iwerk niet kan lezen") from exc


def buiten_contract(register: str) -> RegisterOnbereikbaar:
    return onbereikbaar(register, "gaf een antwoord dat niet aan de afspraken voldoet")


def _serverfout(register: str, status: int) -> RegisterOnbereikbaar:
    if status == 503:
        return onbereikbaar(register, "is tijdelijk niet beschikbaar (503)")
    return onbereikbaar(register, f"heeft een storing ({status})")


def _timeout_reden(exc: BaseException, verbinding: Verbinding) -> str:
    verbinden, lezen = verbinding.timeout
    seconden = verbinden if isinstance(exc, requests.ConnectTimeout) else lezen
    return f"antwoordt niet (time-out na {seconden:g} s)"


def _afwijzing(register: str, inhoud: bytes) -> str:
    """A 400 in words: the register's reasons per parameter (invalidParams in the BRP and the
    KvK, invalid-params in the BAG, fout[] at the KvK), else its title."""
    begin = f"{naam(register, hoofdletter=True)} wijst de vraag af"
    try:
        probleem = json.loads(inhoud)
    except ValueError:
        return f"{begin}."
    if not isinstance(probleem, dict):
        return f"{begin}."
    redenen: list[str] = []
    for sleutel in ("invalidParams", "invalid-params"):
        for item in probleem.get(sleutel) or []:
            if isinstance(item, dict) and item.get("reason"):
                veld = PARAMETERS.get(str(item.get("name", "")), str(item.get("name", "")))
                reden = str(item["reason"]).rstrip(".")
                redenen.append(f"{veld}: {reden}" if veld else reden)
    for item in probleem.get("fout") or []:
        if isinstance(item, dict) and item.get("omschrijving"):
            redenen.append(str(item["omschrijving"]).rstrip("."))
    if not redenen and isinstance(probleem.get("title"), str):
        redenen.append(probleem["title"].rstrip("."))
    if not redenen:
        return f"{begin}."
    return f"{begin}: {'; '.join(redenen)[:300]}."


# The parameter names of the registers, as a user reads them.
PARAMETERS = {
    "burgerservicenummer": "BSN",
    "burgerservicenummer[0]": "BSN",
    "postcode": "postcode",
    "huisnummer": "huisnummer",
    "huisletter": "huisletter",
    "huisnummertoevoeging": "toevoeging",
    "geslachtsnaam": "achternaam",
    "voornamen": "voornamen",
    "geboortedatum": "geboortedatum",
    "kvkNummer": "KvK-nummer",
    "fields": "gevraagde gegevens",
}
