"""The BRP double: Haal Centraal BRP API Personen 2.7.0, `POST /haalcentraal/api/brp/personen`.

Its persons are RvIG's official test persons (data/brp-test-data.json, unchanged) and iwerk's demo
residents (data/iwerk-demo-personen.json, same format), read on the first request, once per
process. Every query type of the OAS is answered; a Raadpleeg answers Persoon, the Zoek types
PersoonBeperkt (ZoekMetAdresseerbaarObjectIdentificatie with gezag), always only the asked
`fields`. Unknown BSN: 200 with no personen (the API has no 404 on /personen).
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from iwerk.dubbels import brp_omzetten, brp_velden
from iwerk.dubbels.antwoord import Antwoord, Verzoek

DATA = Path(__file__).resolve().parent / "data"
BESTANDEN = ("brp-test-data.json", "iwerk-demo-personen.json")
JSON = "application/json; charset=utf-8"
PROBLEEM = "application/problem+json"
RFC = "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html"
# status: (code, title, part of the RFC 2616 section) as the OAS's examples name them.
FOUTEN = {
    400: ("paramsValidation", "Een of meerdere parameters zijn niet correct.", "#sec10.4.1"),
    401: ("authentication", "Niet correct geauthenticeerd.", "#sec10.4.2"),
    403: ("autorisation", "U bent niet geautoriseerd voor deze operatie.", "#sec10.4.4"),
    404: ("notFound", "Opgevraagde resource bestaat niet.", "#sec10.4.5"),
    405: ("methodNotAllowed", "Gebruikte bevragingsmethode is niet toegestaan.", "#sec10.4.6"),
    406: ("notAcceptable", "Gevraagde contenttype wordt niet ondersteund.", "#sec10.4.7"),
    415: ("unsupported", "Media Type wordt niet ondersteund.", "#sec10.4.16"),
    500: ("serverError", "Interne server fout.", "#sec10.5.1"),
    503: ("notAvailable", "Bronservice BRP is tijdelijk niet beschikbaar.", "#sec10.5.4"),
}
OVERLEDEN = "O"  # opschortingBijhouding.reden: the person has died


class Personen:
    """The mock persons and their indexes, read once."""

    def __init__(self, bestanden: tuple[Path, ...]) -> None:
        self.per_bsn: dict[str, dict] = {}
        for bestand in bestanden:
            inhoud = json.loads(bestand.read_text(encoding="utf-8"))
            for persoon in inhoud["personen"] if isinstance(inhoud, dict) else inhoud:
                self.per_bsn[persoon["burgerservicenummer"]] = persoon
        self.per_adres: dict[tuple[str, int], list[dict]] = defaultdict(list)
        self.per_naam: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for persoon in self.per_bsn.values():
            plaats = persoon.get("verblijfplaats") or {}
            if plaats.get("postcode") and str(plaats.get("huisnummer", "")).isdigit():
                sleutel = (_postcode(plaats["postcode"]), int(plaats["huisnummer"]))
                self.per_adres[sleutel].append(persoon)
            naam = (persoon.get("naam") or {}).get("geslachtsnaam", "")
            geboren = (persoon.get("geboorte") or {}).get("datum", "")
            self.per_naam[(naam.lower(), geboren)].append(persoon)

    def zoek(self, bsn: str) -> dict | None:
        return self.per_bsn.get(bsn)


_slot = threading.Lock()
_personen: Personen | None = None


def personen_data() -> Personen:
    """The persons, read on first use (3.5 MB of JSON: once per process)."""
    global _personen
    with _slot:
        if _personen is None:
            _personen = Personen(tuple(DATA / b for b in BESTANDEN))
        return _personen


def fout(
    verzoek: Verzoek, status: int, detail: str = "", invalid_params: list | None = None
) -> Antwoord:
    code, titel, sectie = FOUTEN.get(status, FOUTEN[500])
    body: dict[str, Any] = {
        "type": RFC + sectie,
        "title": titel,
        "status": status,
        "instance": verzoek.url,
        "code": code,
    }
    if detail:
        body["detail"] = detail
    if invalid_params:
        body["invalidParams"] = invalid_params
    return Antwoord(status, body, PROBLEEM)


def personen(verzoek: Verzoek, _: dict[str, str]) -> Antwoord:
    if not verzoek.headers.get("content-type", "").startswith("application/json"):
        return fout(verzoek, 415, "Het verzoek moet JSON zijn.")
    accept = verzoek.headers.get("accept", "*/*")
    if not any(a in accept for a in ("application/json", "*/*", "application/*")):
        return fout(verzoek, 406)
    if fouten := brp_velden.fouten(verzoek.body):
        return fout(verzoek, 400, "", fouten)
    body = verzoek.body
    zoektype = body["type"]
    data = personen_data()
    gevonden = [p for p in _zoek(data, body) if _filters(p, body)]
    vandaag = date.today()
    antwoord = [
        brp_velden.kies(brp_omzetten.persoon(p, data.zoek, vandaag), body["fields"], zoektype)
        for p in gevonden
    ]
    return Antwoord(200, {"type": zoektype, "personen": antwoord}, JSON)


def _zoek(data: Personen, body: dict) -> list[dict]:
    """The candidates of the query's mandatory parameters."""
    zoektype = body["type"]
    if zoektype == "RaadpleegMetBurgerservicenummer":
        uniek = dict.fromkeys(body["burgerservicenummer"])
        return [p for bsn in uniek if (p := data.zoek(bsn)) is not None]
    if zoektype == "ZoekMetPostcodeEnHuisnummer":
        return list(data.per_adres.get((_postcode(body["postcode"]), body["huisnummer"]), []))
    if zoektype == "ZoekMetGeslachtsnaamEnGeboortedatum" and "*" not in body["geslachtsnaam"]:
        geboren = body["geboortedatum"].replace("-", "")
        return list(data.per_naam.get((body["geslachtsnaam"].lower(), geboren), []))
    # The other query types (and a name with a wildcard) read every person: fine for ~1,200.
    return list(data.per_bsn.values())


def _filters(persoon: dict, body: dict) -> bool:
    """Every parameter of the query, mandatory and optional, holds for the person."""
    naam = persoon.get("naam") or {}
    plaats = persoon.get("verblijfplaats") or {}
    gemeente = (persoon.get("gemeenteVanInschrijving") or {}).get("code")
    reden = ((persoon.get("opschortingBijhouding") or {}).get("reden") or {}).get("code")
    # A Raadpleeg always answers; the Zoek types leave the dead out unless asked (the spec).
    zoekt = body["type"] != "RaadpleegMetBurgerservicenummer"
    if zoekt and reden == OVERLEDEN and not body.get("inclusiefOverledenPersonen"):
        return False
    checks = {
        "gemeenteVanInschrijving": lambda w: gemeente == w,
        "geslachtsnaam": lambda w: _tekst(naam.get("geslachtsnaam"), w),
        "voornamen": lambda w: _tekst(naam.get("voornamen"), w),
        "voorvoegsel": lambda w: (naam.get("voorvoegsel") or "").lower() == w.lower(),
        "geslacht": lambda w: (
            ((persoon.get("geslacht") or {}).get("code") or "").upper() == w.upper()
        ),
        "geboortedatum": lambda w: (
            (persoon.get("geboorte") or {}).get("datum") == w.replace("-", "")
        ),
        "postcode": lambda w: _postcode(plaats.get("postcode", "")) == _postcode(w),
        "huisnummer": lambda w: str(plaats.get("huisnummer", "")) == str(w),
        "huisletter": lambda w: (plaats.get("huisletter") or "").lower() == w.lower(),
        "huisnummertoevoeging": lambda w: (
            (plaats.get("huisnummertoevoeging") or "").lower() == w.lower()
        ),
        "straat": lambda w: (
            _tekst(plaats.get("straat"), w) or _tekst(plaats.get("naamOpenbareRuimte"), w)
        ),
        "nummeraanduidingIdentificatie": lambda w: plaats.get("nummeraanduidingIdentificatie") == w,
        "adresseerbaarObjectIdentificatie": lambda w: (
            plaats.get("adresseerbaarObjectIdentificatie") == w
        ),
    }
    return all(check(body[param]) for param, check in checks.items() if param in body)


def _tekst(waarde: str | None, zoek: str) -> bool:
    """Case-insensitive; a '*' at the start or end is the spec's wildcard."""
    waarde, zoek = (waarde or "").lower(), zoek.lower()
    if zoek.endswith("*"):
        return waarde.startswith(zoek[:-1])
    if zoek.startswith("*"):
        return waarde.endswith(zoek[1:])
    return waarde == zoek


def _postcode(postcode: str) -> str:
    return postcode.replace(" ", "").upper()
