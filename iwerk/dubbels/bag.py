"""The BAG double: BAG API Individuele Bevragingen 2.0.0 (Kadaster), three operations.

`GET /adressen` (postcode + huisnummer, optionally huisletter, huisnummertoevoeging and
exacteMatch; or adresseerbaarObjectIdentificatie; or pandIdentificatie), `GET /adressen/{id}` and
`GET /adresseerbareobjecten/{id}` (a verblijfsobject with its point in RD, which needs the header
`Accept-Crs: epsg:28992`). HAL answers, errors as Problem JSON with the titles and codes of
Features/foutafhandeling.feature. The addresses are iwerk's demo data plus the API's own examples
(data/iwerk-demo-adressen.json).
"""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from iwerk.dubbels.antwoord import Antwoord, Verzoek
from iwerk.dubbels.brp_omzetten import adresregel_nummer, adresregel_plaats

DATA = Path(__file__).resolve().parent / "data" / "iwerk-demo-adressen.json"
HAL = "application/hal+json"
PROBLEEM = "application/problem+json"
VERSIE = {"api-version": "2.0.0"}
RD = "epsg:28992"
PAGINA = 20
# status: (code, title) from Features/foutafhandeling.feature
FOUTEN = {
    400: ("paramsValidation", "Een of meerdere parameters zijn niet correct."),
    401: ("authentication", "Niet correct geauthenticeerd."),
    403: ("autorisation", "U bent niet geautoriseerd voor deze operatie."),
    404: ("notFound", "Opgevraagde resource bestaat niet."),
    405: ("methodNotAllowed", "Deze methode is niet toegestaan"),
    406: ("notAcceptable", "Gevraagde contenttype wordt niet ondersteund."),
    412: ("acceptCrsMissing", "Gewenste coördinatenstelsel voor geometrie moet worden opgegeven."),
    500: ("serverError", "Interne server fout."),
    503: ("sourceUnavailable", "Bronservice is niet beschikbaar."),
}
PATRONEN = {
    "postcode": r"^[1-9]{1}[0-9]{3}[a-zA-Z]{2}$",
    "huisletter": r"^[a-zA-Z]{1}$",
    "huisnummertoevoeging": r"^[0-9a-zA-Z]{1,4}$",
    "adresseerbaarObjectIdentificatie": r"^[0-9]{4}(01|02|03)[0-9]{10}$",
    "pandIdentificatie": r"^[0-9]{4}10[0-9]{10}$",
    "nummeraanduidingIdentificatie": r"^[0-9]{16}$",
}
GETALLEN = {"huisnummer": (1, 99999), "page": (1, None), "pageSize": (10, 100)}


class Adressen:
    def __init__(self, bestand: Path) -> None:
        inhoud = json.loads(bestand.read_text(encoding="utf-8"))
        self.woonplaatsen: dict[str, str] = inhoud["woonplaatsen"]
        self.straten: dict[str, dict] = inhoud["openbareRuimten"]
        self.lijst: list[dict] = inhoud["adressen"]
        self.per_id = {a["nummeraanduiding"]: a for a in self.lijst}
        # Only objects with a place: the API's examples name an object without giving its point.
        self.per_object = {a["adresseerbaarObject"]: a for a in self.lijst if "punt" in a}


_slot = threading.Lock()
_adressen: Adressen | None = None


def adressen_data() -> Adressen:
    global _adressen
    with _slot:
        if _adressen is None:
            _adressen = Adressen(DATA)
        return _adressen


def fout(
    verzoek: Verzoek, status: int, detail: str = "", invalid_params: list | None = None
) -> Antwoord:
    code, titel = FOUTEN.get(status, FOUTEN[500])
    instance = verzoek.url + (f"?{urlencode(verzoek.query)}" if verzoek.query else "")
    body: dict[str, Any] = {
        "type": f"https://datatracker.ietf.org/doc/html/rfc7231#section-6.{'5' if status < 500 else '6'}",
        "title": titel,
        "status": status,
        "detail": detail or titel,
        "instance": instance,
        "code": code,
    }
    if invalid_params:
        body["invalidParams"] = invalid_params
    return Antwoord(status, body, PROBLEEM, dict(VERSIE))


def _param(naam: str, code: str, reden: str) -> dict:
    return {
        "type": f"https://www.vng.nl/realisatie/api/validaties/{code.lower()}",
        "name": naam,
        "code": code,
        "reason": reden,
    }


def _controleer(waarden: dict[str, str]) -> list[dict]:
    """invalidParams for the parameters the spec gives a pattern, a range or a type."""
    uit = []
    for naam, waarde in waarden.items():
        if naam in PATRONEN and not re.match(PATRONEN[naam], waarde):
            uit.append(
                _param(naam, "pattern", f"Waarde voldoet niet aan patroon {PATRONEN[naam]}.")
            )
        elif naam in GETALLEN:
            laag, hoog = GETALLEN[naam]
            if not waarde.isdigit():
                uit.append(_param(naam, "integer", "Waarde is geen geldige integer."))
            elif int(waarde) < laag:
                uit.append(_param(naam, "minimum", f"Waarde is lager dan minimum {laag}."))
            elif hoog is not None and int(waarde) > hoog:
                uit.append(_param(naam, "maximum", f"Waarde is hoger dan maximum {hoog}."))
        elif naam == "exacteMatch" and waarde not in ("true", "false"):
            uit.append(_param(naam, "boolean", "Waarde is geen geldige boolean."))
        elif naam == "expand":
            uit.append(
                _param(naam, "expand", f"Deel van de parameterwaarde is niet correct: {waarde}.")
            )
    return uit


def _weigering(verzoek: Verzoek) -> Antwoord | None:
    accept = verzoek.headers.get("accept", "*/*")
    if not any(a in accept for a in (HAL, "*/*", "application/*")):
        return fout(verzoek, 406)
    return None


def _adres(data: Adressen, adres: dict, basis: str) -> dict:
    straat = data.straten[adres["openbareRuimte"]]
    woonplaats_id = straat["woonplaats"]
    woonplaats = data.woonplaatsen[woonplaats_id]
    uit: dict[str, Any] = {
        "openbareRuimteNaam": straat["naam"],
        "korteNaam": straat["korteNaam"],
        "huisnummer": adres["huisnummer"],
    }
    for sleutel in ("huisletter", "huisnummertoevoeging", "postcode"):
        if sleutel in adres:
            uit[sleutel] = adres[sleutel]
    uit |= {
        "woonplaatsNaam": woonplaats,
        "nummeraanduidingIdentificatie": adres["nummeraanduiding"],
        "openbareRuimteIdentificatie": adres["openbareRuimte"],
        "woonplaatsIdentificatie": woonplaats_id,
    }
    if "adresseerbaarObject" in adres:
        uit["adresseerbaarObjectIdentificatie"] = adres["adresseerbaarObject"]
    if adres.get("panden"):
        uit["pandIdentificaties"] = adres["panden"]
    # Added in later 2.x versions (Features/adresregels.feature); 2.0.0 clients ignore them.
    uit["adresregel5"] = f"{straat['korteNaam']} " + adresregel_nummer(
        adres["huisnummer"], adres.get("huisletter", ""), adres.get("huisnummertoevoeging", "")
    )
    uit["adresregel6"] = adresregel_plaats(adres.get("postcode", ""), woonplaats)
    links: dict[str, Any] = {
        "self": {"href": f"{basis}/adressen/{adres['nummeraanduiding']}"},
        "openbareRuimte": {"href": f"{basis}/openbareruimten/{adres['openbareRuimte']}"},
        "nummeraanduiding": {"href": f"{basis}/nummeraanduidingen/{adres['nummeraanduiding']}"},
        "woonplaats": {"href": f"{basis}/woonplaatsen/{woonplaats_id}"},
    }
    if "adresseerbaarObject" in adres:
        links["adresseerbaarObject"] = {
            "href": f"{basis}/verblijfsobjecten/{adres['adresseerbaarObject']}"
        }
    if adres.get("panden"):
        links["panden"] = [{"href": f"{basis}/panden/{p}"} for p in adres["panden"]]
    uit["_links"] = links
    return uit


def _basis(verzoek: Verzoek) -> str:
    return (
        verzoek.url.split("/lvbag/individuelebevragingen/v2")[0]
        + "/lvbag/individuelebevragingen/v2"
    )


def adressen(verzoek: Verzoek, _: dict[str, str]) -> Antwoord:
    if weigering := _weigering(verzoek):
        return weigering
    q = verzoek.query
    if invalid := _controleer(q):
        return fout(verzoek, 400, invalid_params=invalid)
    zoekt = {"postcode", "huisnummer", "adresseerbaarObjectIdentificatie", "pandIdentificatie"}
    if not zoekt & set(q):
        return Antwoord(
            400,
            {
                **fout(verzoek, 400).body,
                "title": "Ten minste één parameter moet worden opgegeven.",
                "code": "paramsRequired",
            },
            PROBLEEM,
            dict(VERSIE),
        )
    if ("postcode" in q) != ("huisnummer" in q):
        return Antwoord(
            400,
            {
                **fout(verzoek, 400).body,
                "title": "Minimale combinatie van parameters moet worden opgegeven.",
                "code": "paramsCombination",
            },
            PROBLEEM,
            dict(VERSIE),
        )
    data = adressen_data()
    gevonden = [a for a in data.lijst if _past(a, q)]
    grootte = int(q.get("pageSize", PAGINA))
    pagina = int(q.get("page", 1))
    laatste = max(1, -(-len(gevonden) // grootte))
    if pagina > laatste:
        return fout(
            verzoek,
            400,
            invalid_params=[_param("page", "page", "De opgegeven pagina bestaat niet.")],
        )
    basis = _basis(verzoek)
    zonder_pagina = {k: v for k, v in q.items() if k != "page"}
    links: dict[str, Any] = {"self": {"href": f"{verzoek.url}?{urlencode(q)}"}}
    for naam, nummer, nodig in (
        ("first", 1, pagina > 1),
        ("previous", pagina - 1, pagina > 1),
        ("next", pagina + 1, pagina < laatste),
        ("last", laatste, pagina < laatste),
    ):
        if nodig:
            links[naam] = {"href": f"{verzoek.url}?{urlencode({**zonder_pagina, 'page': nummer})}"}
    body: dict[str, Any] = {"_links": links}
    deel = gevonden[(pagina - 1) * grootte : pagina * grootte]
    if deel:  # no results: no collection (Features/paginering.feature)
        body["_embedded"] = {"adressen": [_adres(data, a, basis) for a in deel]}
    headers = {**VERSIE, "X-Pagination-Page": str(pagina), "X-Pagination-Limit": str(grootte)}
    return Antwoord(200, body, HAL, headers)


def _past(adres: dict, q: dict[str, str]) -> bool:
    """The search of Features/exacte_match.feature: given parts must match; with exacteMatch a
    part not given must be empty."""
    if "postcode" in q and (
        adres.get("postcode") != q["postcode"].upper()
        or adres["huisnummer"] != int(q["huisnummer"])
    ):
        return False
    if (
        "adresseerbaarObjectIdentificatie" in q
        and adres.get("adresseerbaarObject") != q["adresseerbaarObjectIdentificatie"]
    ):
        return False
    if "pandIdentificatie" in q and q["pandIdentificatie"] not in adres.get("panden", []):
        return False
    exact = q.get("exacteMatch") == "true"
    for deel in ("huisletter", "huisnummertoevoeging"):
        waarde = adres.get(deel, "").lower()
        if deel in q and waarde != q[deel].lower():
            return False
        if exact and deel not in q and waarde:
            return False
    return True


def adres(verzoek: Verzoek, pad: dict[str, str]) -> Antwoord:
    if weigering := _weigering(verzoek):
        return weigering
    ident = pad["id"]
    if invalid := _controleer({"nummeraanduidingIdentificatie": ident, **verzoek.query}):
        for p in invalid:
            p["name"] = p["name"].lower()
        return fout(verzoek, 400, invalid_params=invalid)
    data = adressen_data()
    if ident not in data.per_id:
        return fout(verzoek, 404, f"Geen adres gevonden met nummeraanduidingidentificatie {ident}.")
    return Antwoord(200, _adres(data, data.per_id[ident], _basis(verzoek)), HAL, dict(VERSIE))


def adresseerbaar_object(verzoek: Verzoek, pad: dict[str, str]) -> Antwoord:
    if weigering := _weigering(verzoek):
        return weigering
    ident = pad["id"]
    if invalid := _controleer({"adresseerbaarObjectIdentificatie": ident, **verzoek.query}):
        for p in invalid:
            p["name"] = p["name"].lower()
        return fout(verzoek, 400, invalid_params=invalid)
    crs = verzoek.headers.get("accept-crs")
    if not crs:
        return fout(verzoek, 412)
    if crs.lower() != RD:
        return Antwoord(
            406,
            {
                **fout(verzoek, 406).body,
                "title": f"Gevraagde coördinatenstelsel {crs} wordt niet ondersteund.",
                "code": "crsNotAcceptable",
            },
            PROBLEEM,
            dict(VERSIE),
        )
    data = adressen_data()
    if ident not in data.per_object:
        return fout(verzoek, 404, f"Geen adresseerbaar object gevonden met identificatie {ident}.")
    a = data.per_object[ident]
    basis = _basis(verzoek)
    object_ = {
        "verblijfsobject": {
            "verblijfsobject": {
                "type": "Verblijfsobject",
                "heeftAlsHoofdAdres": a["nummeraanduiding"],
                "identificatie": ident,
                "domein": "NL.IMBAG.Verblijfsobject",
                "geometrie": {"punt": {"type": "Point", "coordinates": [*a["punt"], 0.0]}},
                "gebruiksdoelen": a["gebruiksdoelen"],
                "oppervlakte": a["oppervlakte"],
                "status": "Verblijfsobject in gebruik",
                "geconstateerd": "N",
                "documentdatum": f"{a['bouwjaar']:04d}-01-01",
                "documentnummer": f"DEMO-{ident[-6:]}",
                "voorkomen": {
                    "tijdstipRegistratie": "2011-06-01T12:00:00+02:00",
                    "versie": 1,
                    "beginGeldigheid": "2011-06-01",
                    "tijdstipRegistratieLV": "2011-06-01T12:05:00+02:00",
                },
                "maaktDeelUitVan": a["panden"],
            },
            "_links": {
                "self": {"href": f"{basis}/verblijfsobjecten/{ident}"},
                "heeftAlsHoofdAdres": {
                    "href": f"{basis}/nummeraanduidingen/{a['nummeraanduiding']}"
                },
                "maaktDeelUitVan": [{"href": f"{basis}/panden/{p}"} for p in a["panden"]],
            },
        },
        "_links": {"self": {"href": f"{basis}/adresseerbareobjecten/{ident}"}},
    }
    return Antwoord(200, object_, HAL, {**VERSIE, "Content-Crs": RD})
