"""The KvK double: Handelsregister zoeken (v2), basisprofiel and vestigingsprofiel (v1).

No OpenAPI document of the KvK APIs is available offline; the field names are KvK's published
names as far as known (listed in ADR 0050). Values as KvK writes them: dates JJJJMMDD, flags
"Ja"/"Nee". Errors as KvK answers them: `{"fout": [{"code", "omschrijving"}]}`. The companies
are iwerk's demo data (data/iwerk-demo-bedrijven.json); their addresses come from the BAG
double's data, so both registers tell the same place.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from iwerk.dubbels import bag
from iwerk.dubbels.antwoord import Antwoord, Verzoek

DATA = Path(__file__).resolve().parent / "data" / "iwerk-demo-bedrijven.json"
# status: (code, omschrijving); IPD codes as KvK uses them where known, ADR 0050.
FOUTEN = {
    400: ("IPD0004", "De aanvraag is niet correct."),
    401: ("IPD1000", "Geen geldige API-key meegegeven."),
    403: ("IPD1001", "Deze API-key heeft geen toegang tot dit product."),
    404: ("IPD0005", "Het product is niet leverbaar."),
    405: ("IPD9999", "Deze methode is niet toegestaan."),
    500: ("IPD9999", "Er is een technische fout opgetreden."),
    503: ("IPD9998", "De dienst is tijdelijk niet beschikbaar."),
}
GEEN_RESULTATEN = ("IPD5200", "Er zijn geen resultaten gevonden.")
TYPEN = ("hoofdvestiging", "nevenvestiging", "rechtspersoon")


def _janee(waar: bool) -> str:
    return "Ja" if waar else "Nee"


class Bedrijven:
    def __init__(self, bestand: Path) -> None:
        self.lijst: list[dict] = json.loads(bestand.read_text(encoding="utf-8"))["bedrijven"]
        self.per_nummer = {b["kvkNummer"]: b for b in self.lijst}
        self.per_vestiging = {
            v["vestigingsnummer"]: (b, v) for b in self.lijst for v in b["vestigingen"]
        }


_slot = threading.Lock()
_bedrijven: Bedrijven | None = None


def bedrijven_data() -> Bedrijven:
    global _bedrijven
    with _slot:
        if _bedrijven is None:
            _bedrijven = Bedrijven(DATA)
        return _bedrijven


def fout(verzoek: Verzoek, status: int, omschrijving: str = "", code: str = "") -> Antwoord:
    standaard_code, standaard = FOUTEN.get(status, FOUTEN[500])
    return Antwoord(
        status,
        {"fout": [{"code": code or standaard_code, "omschrijving": omschrijving or standaard}]},
    )


def _basis(verzoek: Verzoek) -> str:
    return verzoek.url.split("/kvk/api/")[0] + "/kvk/api"


def _adres(vestiging: dict) -> dict:
    """The address of a vestiging from the BAG double's data."""
    data = bag.adressen_data()
    adres = data.per_id[vestiging["nummeraanduiding"]]
    straat = data.straten[adres["openbareRuimte"]]
    return {
        "straatnaam": straat["naam"],
        "huisnummer": adres["huisnummer"],
        "huisletter": adres.get("huisletter"),
        "huisnummerToevoeging": adres.get("huisnummertoevoeging"),
        "postcode": adres.get("postcode"),
        "plaats": data.woonplaatsen[straat["woonplaats"]],
        "nummeraanduiding": adres["nummeraanduiding"],
        "adresseerbaarObject": adres.get("adresseerbaarObject"),
        "rd": adres.get("punt"),
    }


def _zonder_leeg(waarden: dict) -> dict:
    return {k: v for k, v in waarden.items() if v not in (None, "", [])}


def zoeken(verzoek: Verzoek, _: dict[str, str]) -> Antwoord:
    q = verzoek.query
    for naam, lengte in (("kvkNummer", 8), ("vestigingsnummer", 12), ("rsin", 9)):
        if naam in q and not (q[naam].isdigit() and len(q[naam]) == lengte):
            return fout(verzoek, 400, f"De waarde van {naam} is niet valide.", "IPD0004")
    try:
        pagina = int(q.get("pagina", 1))
        per_pagina = int(q.get("resultatenPerPagina", 10))
    except ValueError:
        return fout(verzoek, 400, "pagina en resultatenPerPagina zijn getallen.")
    if not 1 <= pagina <= 1000 or not 1 <= per_pagina <= 100:
        return fout(verzoek, 400, "pagina of resultatenPerPagina valt buiten het bereik.")
    typen = [t for t in q.get("type", "").split(",") if t]
    if any(t not in TYPEN for t in typen):
        return fout(verzoek, 400, "Onbekend type.")
    inactief = q.get("inclusiefInactieveRegistraties", "false") == "true"
    resultaten = []
    for bedrijf in bedrijven_data().lijst:
        actief = not bedrijf.get("datumEinde")
        if not actief and not inactief:
            continue
        for vestiging in bedrijf["vestigingen"]:
            adres = _adres(vestiging)
            soort = "hoofdvestiging" if vestiging["hoofdvestiging"] else "nevenvestiging"
            if _past(bedrijf, vestiging, adres, soort, q, typen):
                resultaten.append(_resultaat(verzoek, bedrijf, vestiging, adres, soort, actief))
    if not resultaten:
        return fout(verzoek, 404, GEEN_RESULTATEN[1], GEEN_RESULTATEN[0])
    deel = resultaten[(pagina - 1) * per_pagina : pagina * per_pagina]
    self_url = f"{verzoek.url}?{urlencode(q)}" if q else verzoek.url
    body: dict[str, Any] = {
        "pagina": pagina,
        "resultatenPerPagina": per_pagina,
        "totaal": len(resultaten),
        "resultaten": deel,
        "_links": {"self": {"href": self_url}},
    }
    if pagina > 1:
        body["vorige"] = f"{verzoek.url}?{urlencode({**q, 'pagina': pagina - 1})}"
    if pagina * per_pagina < len(resultaten):
        body["volgende"] = f"{verzoek.url}?{urlencode({**q, 'pagina': pagina + 1})}"
    return Antwoord(200, body)


def _past(
    bedrijf: dict, vestiging: dict, adres: dict, soort: str, q: dict[str, str], typen: list[str]
) -> bool:
    namen = [bedrijf["naam"], *bedrijf.get("handelsnamen", [])]
    checks = {
        "kvkNummer": lambda w: bedrijf["kvkNummer"] == w,
        "rsin": lambda w: bedrijf.get("rsin") == w,
        "vestigingsnummer": lambda w: vestiging["vestigingsnummer"] == w,
        "naam": lambda w: any(w.lower() in n.lower() for n in namen),
        "straatnaam": lambda w: w.lower() in adres["straatnaam"].lower(),
        "plaats": lambda w: adres["plaats"].lower() == w.lower(),
        "postcode": lambda w: (adres["postcode"] or "") == w.replace(" ", "").upper(),
        "huisnummer": lambda w: str(adres["huisnummer"]) == w,
        "huisletter": lambda w: (adres["huisletter"] or "").lower() == w.lower(),
    }
    if typen and soort not in typen:
        return False
    return all(check(q[naam]) for naam, check in checks.items() if naam in q)


def _resultaat(
    verzoek: Verzoek, bedrijf: dict, vestiging: dict, adres: dict, soort: str, actief: bool
) -> dict:
    basis = _basis(verzoek)
    return _zonder_leeg(
        {
            "kvkNummer": bedrijf["kvkNummer"],
            "rsin": bedrijf.get("rsin"),
            "vestigingsnummer": vestiging["vestigingsnummer"],
            "naam": bedrijf["naam"],
            "adres": {
                "binnenlandsAdres": _zonder_leeg(
                    {
                        "type": "bezoekadres",
                        "straatnaam": adres["straatnaam"],
                        "huisnummer": adres["huisnummer"],
                        "huisletter": adres["huisletter"],
                        "postcode": adres["postcode"],
                        "plaats": adres["plaats"],
                    }
                )
            },
            "type": soort,
            "actief": _janee(actief),
            "_links": {
                "basisprofiel": {"href": f"{basis}/v1/basisprofielen/{bedrijf['kvkNummer']}"},
                "vestigingsprofiel": {
                    "href": f"{basis}/v1/vestigingsprofielen/{vestiging['vestigingsnummer']}"
                },
            },
        }
    )


def _vestiging(verzoek: Verzoek, bedrijf: dict, vestiging: dict, geo: bool) -> dict:
    adres = _adres(vestiging)
    regel = f"{adres['straatnaam']} {adres['huisnummer']}{adres['huisletter'] or ''}"
    if adres["huisnummerToevoeging"]:
        regel += f" {adres['huisnummerToevoeging']}"
    bezoekadres: dict[str, Any] = _zonder_leeg(
        {
            "type": "bezoekadres",
            "indAfgeschermd": "Nee",
            "volledigAdres": f"{regel} {adres['postcode'] or ''} {adres['plaats']}".replace(
                "  ", " "
            ),
            "straatnaam": adres["straatnaam"],
            "huisnummer": adres["huisnummer"],
            "huisletter": adres["huisletter"],
            "huisnummerToevoeging": adres["huisnummerToevoeging"],
            "postcode": adres["postcode"],
            "plaats": adres["plaats"],
            "land": "Nederland",
        }
    )
    if geo:
        lat, lon = vestiging["gps"]
        x, y = adres["rd"] or (0.0, 0.0)
        bezoekadres["geoData"] = {
            "addresseerbaarObjectId": adres["adresseerbaarObject"],
            "nummerAanduidingId": adres["nummeraanduiding"],
            "gpsLatitude": lat,
            "gpsLongitude": lon,
            "rijksdriehoekX": x,
            "rijksdriehoekY": y,
            "rijksdriehoekZ": 0.0,
        }
    basis = _basis(verzoek)
    return _zonder_leeg(
        {
            "vestigingsnummer": vestiging["vestigingsnummer"],
            "kvkNummer": bedrijf["kvkNummer"],
            "rsin": bedrijf.get("rsin"),
            "indNonMailing": "Nee",
            "formeleRegistratiedatum": bedrijf["formeleRegistratiedatum"],
            "materieleRegistratie": _materieel(bedrijf),
            "statutaireNaam": bedrijf.get("statutaireNaam"),
            "eersteHandelsnaam": bedrijf["handelsnamen"][0],
            "indHoofdvestiging": _janee(vestiging["hoofdvestiging"]),
            "indCommercieleVestiging": _janee(bedrijf["rechtsvorm"] != "Stichting"),
            "totaalWerkzamePersonen": bedrijf["totaalWerkzamePersonen"],
            "handelsnamen": _handelsnamen(bedrijf),
            "sbiActiviteiten": _sbi(bedrijf),
            "adressen": [bezoekadres],
            "websites": bedrijf.get("websites"),
            "_links": {
                "self": {"href": f"{basis}/v1/vestigingsprofielen/{vestiging['vestigingsnummer']}"},
                "basisprofiel": {"href": f"{basis}/v1/basisprofielen/{bedrijf['kvkNummer']}"},
            },
        }
    )


def _materieel(bedrijf: dict) -> dict:
    return _zonder_leeg(
        {"datumAanvang": bedrijf["datumAanvang"], "datumEinde": bedrijf.get("datumEinde")}
    )


def _handelsnamen(bedrijf: dict) -> list[dict]:
    return [{"naam": naam, "volgorde": i} for i, naam in enumerate(bedrijf["handelsnamen"])]


def _sbi(bedrijf: dict) -> list[dict]:
    return [
        {"sbiCode": code, "sbiOmschrijving": tekst, "indHoofdactiviteit": _janee(hoofd)}
        for code, tekst, hoofd in bedrijf["sbiActiviteiten"]
    ]


def _geo(verzoek: Verzoek) -> bool | None:
    waarde = verzoek.query.get("geoData", "false")
    return {"true": True, "false": False}.get(waarde)


def basisprofiel(verzoek: Verzoek, pad: dict[str, str]) -> Antwoord:
    nummer = pad["kvk_nummer"]
    if not (nummer.isdigit() and len(nummer) == 8):
        return fout(verzoek, 400, f"Het KVK-nummer {nummer} is niet valide.", "IPD0004")
    if (geo := _geo(verzoek)) is None:
        return fout(verzoek, 400, "geoData is true of false.")
    bedrijf = bedrijven_data().per_nummer.get(nummer)
    if bedrijf is None:
        return fout(verzoek, 404)
    basis = _basis(verzoek)
    hoofd = next(v for v in bedrijf["vestigingen"] if v["hoofdvestiging"])
    eigenaar = _zonder_leeg(
        {
            "rsin": bedrijf.get("rsin"),
            "rechtsvorm": bedrijf["rechtsvorm"],
            "uitgebreideRechtsvorm": bedrijf["uitgebreideRechtsvorm"],
        }
    )
    body = _zonder_leeg(
        {
            "kvkNummer": nummer,
            "indNonMailing": "Nee",
            "naam": bedrijf["naam"],
            "formeleRegistratiedatum": bedrijf["formeleRegistratiedatum"],
            "materieleRegistratie": _materieel(bedrijf),
            "totaalWerkzamePersonen": bedrijf["totaalWerkzamePersonen"],
            "statutaireNaam": bedrijf.get("statutaireNaam"),
            "handelsnamen": _handelsnamen(bedrijf),
            "sbiActiviteiten": _sbi(bedrijf),
            "_links": {
                "self": {"href": f"{basis}/v1/basisprofielen/{nummer}"},
                "vestigingen": {"href": f"{basis}/v1/basisprofielen/{nummer}/vestigingen"},
            },
            "_embedded": {
                "hoofdvestiging": _vestiging(verzoek, bedrijf, hoofd, geo),
                "eigenaar": eigenaar,
            },
        }
    )
    return Antwoord(200, body)


def vestigingsprofiel(verzoek: Verzoek, pad: dict[str, str]) -> Antwoord:
    nummer = pad["nummer"]
    if not (nummer.isdigit() and len(nummer) == 12):
        return fout(verzoek, 400, f"Het vestigingsnummer {nummer} is niet valide.", "IPD0006")
    if (geo := _geo(verzoek)) is None:
        return fout(verzoek, 400, "geoData is true of false.")
    gevonden = bedrijven_data().per_vestiging.get(nummer)
    if gevonden is None:
        return fout(verzoek, 404)
    return Antwoord(200, _vestiging(verzoek, *gevonden, geo))
