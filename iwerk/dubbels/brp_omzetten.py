"""The personen-mock's data format turned into a Persoon of BRP API Personen 2.7.0.

The official test data (`data/brp-test-data.json`) is stored the way RvIG's personen-mock stores
it: GBA-style values (`{code, omschrijving}`, dates as JJJJMMDD with 00 for an unknown part). The
API derives from that what a consumer gets: dates as Datum/JaarDatum/JaarMaandDatum/DatumOnbekend
with a long Dutch form, voorletters and volledigeNaam, the address lines of `adressering`, the age,
and booleans for geheimhouding. Done here once per person, for the whole Persoon; the `fields` of a
request then choose from it (brp_velden).

Simplified against the real API, written down in ADR 0050: no `inOnderzoek` (the GBA aanduiding
would need RvIG's table of which element means which field), and the aanhef/aanschrijfwijze follow
the four naamgebruik codes without the rules for adellijke titels.
"""

from __future__ import annotations

from datetime import date
from typing import Any

MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
# Relations of the mock format that the API calls differently (the mock predates 2.7.0).
GEZAGSTYPEN = {"TweehoofdigOuderlijkGezag": "GezamenlijkOuderlijkGezag"}
TOELICHTINGEN = {
    "GezagNietTeBepalen": "Gezag is niet te bepalen.",
    "TijdelijkGeenGezag": "Tijdelijk geen gezag.",
}
NATIONALITEIT_STAATLOOS = "0499"
NATIONALITEIT_ONBEKEND = "0000"
LAND_ONBEKEND = "0000"

Naamzoeker = Any  # callable bsn -> mock person dict or None


def datum(waarde: str | None) -> dict | None:
    """'19841002' -> {'type': 'Datum', 'datum': '1984-10-02', 'langFormaat': '2 oktober 1984'}."""
    if not waarde or len(waarde) != 8 or not waarde.isdigit():
        return None
    jaar, maand, dag = int(waarde[:4]), int(waarde[4:6]), int(waarde[6:])
    if jaar == 0:
        return {"type": "DatumOnbekend", "onbekend": True, "langFormaat": "onbekend"}
    if maand == 0:
        return {"type": "JaarDatum", "jaar": jaar, "langFormaat": str(jaar)}
    if dag == 0:
        return {
            "type": "JaarMaandDatum",
            "jaar": jaar,
            "maand": maand,
            "langFormaat": f"{MAANDEN[maand - 1]} {jaar}",
        }
    return {
        "type": "Datum",
        "datum": f"{jaar:04d}-{maand:02d}-{dag:02d}",
        "langFormaat": f"{dag} {MAANDEN[maand - 1]} {jaar}",
    }


def volledige_datum(waarde: str | None) -> date | None:
    d = datum(waarde)
    return date.fromisoformat(d["datum"]) if d and d["type"] == "Datum" else None


def leeftijd(geboren: date, op: date) -> int:
    return op.year - geboren.year - ((op.month, op.day) < (geboren.month, geboren.day))


def _tabel(waarde: Any) -> dict | None:
    if not isinstance(waarde, dict):
        return None
    uit = {k: waarde[k] for k in ("code", "omschrijving") if waarde.get(k)}
    return uit or None


def _schoon(waarden: dict) -> dict:
    """Without the keys that have no value."""
    return {k: v for k, v in waarden.items() if v not in (None, "", [], {})}


def voorletters(voornamen: str) -> str:
    return "".join(f"{naam[0]}." for naam in voornamen.split())


def _naam_gerelateerde(naam: dict) -> dict:
    return _schoon(
        {
            "voornamen": naam.get("voornamen"),
            "adellijkeTitelPredicaat": _titel(naam.get("adellijkeTitelPredicaat")),
            "voorvoegsel": naam.get("voorvoegsel"),
            "geslachtsnaam": naam.get("geslachtsnaam"),
            "voorletters": voorletters(naam.get("voornamen", "")),
        }
    )


def _titel(titel: Any) -> dict | None:
    if not isinstance(titel, dict):
        return None
    uit = _tabel(titel) or {}
    if titel.get("soort"):
        uit["soort"] = titel["soort"]
    return uit or None


def volledige_naam(naam: dict) -> str:
    """Voornamen, adellijke titel or predicaat, voorvoegsel and geslachtsnaam, as the API joins them
    (a predicaat such as jonkheer comes first)."""
    titel = naam.get("adellijkeTitelPredicaat") or {}
    omschrijving = (titel.get("omschrijving") or "").lower()
    delen = [naam.get("voornamen"), naam.get("voorvoegsel"), naam.get("geslachtsnaam")]
    if omschrijving and titel.get("soort") == "predicaat":
        delen.insert(0, omschrijving)
    elif omschrijving:
        delen.insert(1, omschrijving)
    return " ".join(d for d in delen if d)


def _achternaam(naam: dict) -> str:
    return " ".join(d for d in (naam.get("voorvoegsel"), naam.get("geslachtsnaam")) if d)


def _naam_persoon(persoon: dict) -> dict:
    naam = persoon.get("naam") or {}
    return _schoon(
        {
            **_naam_gerelateerde(naam),
            "aanduidingNaamgebruik": _tabel(naam.get("aanduidingNaamgebruik")),
            "volledigeNaam": volledige_naam(naam),
        }
    )


def _adres(verblijfplaats: dict) -> dict:
    adres = _schoon(
        {
            "officieleStraatnaam": verblijfplaats.get("naamOpenbareRuimte"),
            "korteStraatnaam": verblijfplaats.get("straat"),
            "huisnummer": int(verblijfplaats["huisnummer"])
            if str(verblijfplaats.get("huisnummer", "")).isdigit()
            else None,
            "huisletter": verblijfplaats.get("huisletter"),
            "huisnummertoevoeging": verblijfplaats.get("huisnummertoevoeging"),
            "aanduidingBijHuisnummer": _tabel(verblijfplaats.get("aanduidingBijHuisnummer")),
            "postcode": verblijfplaats.get("postcode"),
            "woonplaats": verblijfplaats.get("woonplaats"),
        }
    )
    return adres


def verblijfplaats(persoon: dict) -> dict | None:
    """The mock's one verblijfplaats object as Adres, VerblijfplaatsBuitenland, Locatie or
    VerblijfplaatsOnbekend (the API's discriminated types)."""
    v = persoon.get("verblijfplaats") or {}
    geldig = datum(v.get("datumIngangGeldigheid"))
    if "land" in v:
        land = _tabel(v["land"]) or {}
        if land.get("code") == LAND_ONBEKEND:
            return _schoon(
                {
                    "type": "VerblijfplaatsOnbekend",
                    "datumVan": datum(v.get("datumAanvangAdresBuitenland")),
                    "datumIngangGeldigheid": geldig,
                }
            )
        return _schoon(
            {
                "type": "VerblijfplaatsBuitenland",
                "verblijfadres": _schoon(
                    {
                        "regel1": v.get("regel1"),
                        "regel2": v.get("regel2"),
                        "regel3": v.get("regel3"),
                        "land": land,
                    }
                ),
                "datumVan": datum(v.get("datumAanvangAdresBuitenland")),
                "datumIngangGeldigheid": geldig,
            }
        )
    algemeen = {
        "functieAdres": _tabel(v.get("functieAdres")),
        "datumVan": datum(v.get("datumAanvangAdreshouding")),
        "datumIngangGeldigheid": geldig,
    }
    if v.get("locatiebeschrijving"):
        return _schoon(
            {
                "type": "Locatie",
                "verblijfadres": {"locatiebeschrijving": v["locatiebeschrijving"]},
                **algemeen,
            }
        )
    if not v.get("straat") and not v.get("huisnummer"):
        return None
    return _schoon(
        {
            "type": "Adres",
            "verblijfadres": _adres(v),
            "adresseerbaarObjectIdentificatie": v.get("adresseerbaarObjectIdentificatie"),
            "nummeraanduidingIdentificatie": v.get("nummeraanduidingIdentificatie"),
            **algemeen,
        }
    )


def adresregel_nummer(huisnummer: Any, huisletter: str = "", toevoeging: str = "") -> str:
    """NEN 5825: '12', '12 A', '12-2', '12 A2' (letter and toevoeging joined; a dash when that
    begins with a digit, a space otherwise)."""
    achter = f"{huisletter or ''}{toevoeging or ''}"
    if not achter:
        return str(huisnummer)
    return f"{huisnummer}{'-' if achter[0].isdigit() else ' '}{achter}"


def adresregel_plaats(postcode: str, woonplaats: str) -> str:
    """'7411 BS  DEVENTER' (two spaces before the place, in capitals)."""
    postcode = (postcode or "").replace(" ", "")
    if len(postcode) == 6:
        postcode = f"{postcode[:4]} {postcode[4:]}"
    return "  ".join(d for d in (postcode, (woonplaats or "").upper()) if d)


def _aanhef(persoon: dict, partner: dict | None) -> tuple[str, str, str]:
    """(aanhef, naam in aanschrijfwijze, naam in lopende tekst) by aanduidingNaamgebruik:
    E eigen, P partner, V partner-eigen, N eigen-partner."""
    naam = persoon.get("naam") or {}
    eigen = _achternaam(naam)
    partnernaam = _achternaam((partner or {}).get("naam") or {})
    code = ((naam.get("aanduidingNaamgebruik") or {}).get("code")) or "E"
    if partnernaam and code == "P":
        achternaam = partnernaam
    elif partnernaam and code == "V":
        achternaam = f"{partnernaam}-{eigen}"
    elif partnernaam and code == "N":
        achternaam = f"{eigen}-{partnernaam}"
    else:
        achternaam = eigen
    geslacht = (persoon.get("geslacht") or {}).get("code")
    hoofd = achternaam[:1].upper() + achternaam[1:]
    letters = voorletters(naam.get("voornamen", ""))
    if geslacht == "M":
        return f"Geachte heer {hoofd}", f"{letters} {achternaam}".strip(), f"de heer {hoofd}"
    if geslacht == "V":
        return f"Geachte mevrouw {hoofd}", f"{letters} {achternaam}".strip(), f"mevrouw {hoofd}"
    volledig = f"{letters} {achternaam}".strip()
    return f"Geachte {volledig}", volledig, volledig


def adressering(persoon: dict, plaats: dict | None, gemeente: dict | None) -> dict:
    partner = next(
        (
            p
            for p in persoon.get("partners") or []
            if not (p.get("ontbindingHuwelijkPartnerschap") or {}).get("datum")
        ),
        None,
    )
    aanhef, aanschrijfnaam, lopend = _aanhef(persoon, partner)
    uit: dict[str, Any] = {
        "aanhef": aanhef,
        "aanschrijfwijze": {"naam": aanschrijfnaam},
        "gebruikInLopendeTekst": lopend,
    }
    if plaats and plaats["type"] == "Adres":
        adres = plaats["verblijfadres"]
        straat = adres.get("korteStraatnaam") or adres.get("officieleStraatnaam", "")
        uit["adresregel1"] = f"{straat} " + adresregel_nummer(
            adres.get("huisnummer", ""),
            adres.get("huisletter", ""),
            adres.get("huisnummertoevoeging", ""),
        )
        uit["adresregel2"] = adresregel_plaats(
            adres.get("postcode", ""),
            adres.get("woonplaats") or (gemeente or {}).get("omschrijving", ""),
        )
    elif plaats and plaats["type"] == "VerblijfplaatsBuitenland":
        adres = plaats["verblijfadres"]
        for nummer in (1, 2, 3):
            if adres.get(f"regel{nummer}"):
                uit[f"adresregel{nummer}"] = adres[f"regel{nummer}"]
        uit["land"] = adres.get("land")
    elif plaats and plaats["type"] == "Locatie":
        uit["adresregel1"] = plaats["verblijfadres"]["locatiebeschrijving"]
    return _schoon(uit)


def _geboorte(geboorte: dict | None) -> dict | None:
    geboorte = geboorte or {}
    return _schoon(
        {
            "datum": datum(geboorte.get("datum")),
            "plaats": _tabel(geboorte.get("plaats")),
            "land": _tabel(geboorte.get("land")),
        }
    )


def _nationaliteit(n: dict) -> dict:
    code = (n.get("nationaliteit") or {}).get("code")
    soort = {NATIONALITEIT_STAATLOOS: "Staatloos", NATIONALITEIT_ONBEKEND: "NationaliteitOnbekend"}
    uit = {
        "type": soort.get(code or "", "Nationaliteit"),
        "redenOpname": _tabel(n.get("redenOpname")),
        "datumIngangGeldigheid": datum(n.get("datumIngangGeldigheid")),
    }
    if uit["type"] == "Nationaliteit":
        uit["nationaliteit"] = _tabel(n.get("nationaliteit"))
    return _schoon(uit)


def _gerelateerde(bsn: str | None, zoek: Naamzoeker, bekenden: list[dict]) -> dict:
    """{burgerservicenummer, naam: {volledigeNaam}} of someone the gezag names: the name from
    their own record, else from a relative's record that names them (a parent outside the
    test set)."""
    uit: dict[str, Any] = {"naam": {}}
    if not bsn:
        return uit
    uit["burgerservicenummer"] = bsn
    iemand = zoek(bsn) or next((b for b in bekenden if b.get("burgerservicenummer") == bsn), None)
    if iemand is not None and iemand.get("naam"):
        uit["naam"] = {"volledigeNaam": volledige_naam(iemand["naam"])}
    return uit


def _bekenden(persoon: dict, zoek: Naamzoeker) -> list[dict]:
    """The relatives the records of the person and of their children name."""
    uit = [*persoon.get("ouders", []), *persoon.get("kinderen", []), *persoon.get("partners", [])]
    for relatie in persoon.get("gezag") or []:
        kind = zoek((relatie.get("minderjarige") or {}).get("burgerservicenummer", ""))
        if kind is not None:
            uit += kind.get("ouders", [])
    return uit


def gezag(persoon: dict, zoek: Naamzoeker, vandaag: date) -> list[dict]:
    """The gezag relations with the names the API adds; a relation without a minderjarige in the
    mock is about the person themself."""
    uit = []
    bekenden = _bekenden(persoon, zoek)
    for relatie in persoon.get("gezag") or []:
        soort = GEZAGSTYPEN.get(relatie["type"], relatie["type"])
        bsn = (relatie.get("minderjarige") or {}).get("burgerservicenummer") or persoon[
            "burgerservicenummer"
        ]
        minderjarige = _gerelateerde(bsn, zoek, bekenden)
        kind = zoek(bsn)
        if kind is not None and (
            geboren := volledige_datum((kind.get("geboorte") or {}).get("datum"))
        ):
            minderjarige["leeftijd"] = leeftijd(geboren, vandaag)
        if not minderjarige["naam"]:
            del minderjarige["naam"]
        nieuw: dict[str, Any] = {"type": soort, "minderjarige": minderjarige}
        if "ouders" in relatie:
            nieuw["ouders"] = [
                _gerelateerde(o.get("burgerservicenummer"), zoek, bekenden)
                for o in relatie["ouders"]
            ]
        if "ouder" in relatie:
            nieuw["ouder"] = _gerelateerde(
                relatie["ouder"].get("burgerservicenummer"), zoek, bekenden
            )
        if "derde" in relatie:
            derde = relatie["derde"].get("burgerservicenummer")
            nieuw["derde"] = (
                {"type": "BekendeDerde", **_gerelateerde(derde, zoek, bekenden)}
                if derde
                else {"type": "OnbekendeDerde"}
            )
        if "derden" in relatie:
            nieuw["derden"] = [
                {
                    "type": "BekendeDerde",
                    **_gerelateerde(d.get("burgerservicenummer"), zoek, bekenden),
                }
                for d in relatie["derden"]
            ]
        if soort in TOELICHTINGEN:
            nieuw["toelichting"] = relatie.get("toelichting") or TOELICHTINGEN[soort]
        uit.append(nieuw)
    return uit


def persoon(mock: dict, zoek: Naamzoeker, vandaag: date) -> dict:
    """The whole Persoon of the API for one person of the mock data."""
    plaats = verblijfplaats(mock)
    gemeente = _tabel(mock.get("gemeenteVanInschrijving"))
    overlijden = mock.get("overlijden") or {}
    geboren = volledige_datum((mock.get("geboorte") or {}).get("datum"))
    opschorting = mock.get("opschortingBijhouding") or {}
    uit: dict[str, Any] = {
        "aNummer": mock.get("aNummer"),
        "burgerservicenummer": mock["burgerservicenummer"],
        "naam": _naam_persoon(mock),
        "geboorte": _geboorte(mock.get("geboorte")),
        "geslacht": _tabel(mock.get("geslacht")),
        "leeftijd": leeftijd(geboren, vandaag) if geboren and not overlijden else None,
        "nationaliteiten": [_nationaliteit(n) for n in mock.get("nationaliteiten") or []],
        "verblijfplaats": plaats,
        "adressering": adressering(mock, plaats, gemeente),
        "gemeenteVanInschrijving": gemeente,
        "datumInschrijvingInGemeente": datum(mock.get("datumInschrijvingInGemeente")),
        "datumEersteInschrijvingGBA": datum(mock.get("datumEersteInschrijvingGBA")),
        "immigratie": _schoon(
            {
                "landVanwaarIngeschreven": _tabel(
                    (mock.get("immigratie") or {}).get("landVanwaarIngeschreven")
                ),
                "datumVestigingInNederland": datum(
                    (mock.get("immigratie") or {}).get("datumVestigingInNederland")
                ),
            }
        ),
        "overlijden": _schoon(
            {
                "datum": datum(overlijden.get("datum")),
                "plaats": _tabel(overlijden.get("plaats")),
                "land": _tabel(overlijden.get("land")),
            }
        ),
        "gezag": gezag(mock, zoek, vandaag),
        "kinderen": [
            _schoon(
                {
                    "burgerservicenummer": k.get("burgerservicenummer"),
                    "naam": _naam_gerelateerde(k.get("naam") or {}),
                    "geboorte": _geboorte(k.get("geboorte")),
                }
            )
            for k in mock.get("kinderen") or []
        ],
        "ouders": [
            _schoon(
                {
                    "burgerservicenummer": o.get("burgerservicenummer"),
                    "geslacht": _tabel(o.get("geslacht")),
                    "ouderAanduiding": o.get("ouderAanduiding"),
                    "datumIngangFamilierechtelijkeBetrekking": datum(
                        o.get("datumIngangFamilierechtelijkeBetrekking")
                    ),
                    "naam": _naam_gerelateerde(o.get("naam") or {}),
                    "geboorte": _geboorte(o.get("geboorte")),
                }
            )
            for o in mock.get("ouders") or []
        ],
        "partners": [
            _schoon(
                {
                    "burgerservicenummer": p.get("burgerservicenummer"),
                    "geslacht": _tabel(p.get("geslacht")),
                    "soortVerbintenis": _tabel(p.get("soortVerbintenis")),
                    "naam": _naam_gerelateerde(p.get("naam") or {}),
                    "geboorte": _geboorte(p.get("geboorte")),
                    "aangaanHuwelijkPartnerschap": _geboorte(p.get("aangaanHuwelijkPartnerschap")),
                    "ontbindingHuwelijkPartnerschap": _schoon(
                        {
                            "datum": datum(
                                (p.get("ontbindingHuwelijkPartnerschap") or {}).get("datum")
                            )
                        }
                    ),
                }
            )
            for p in mock.get("partners") or []
        ],
        "verblijfstitel": _schoon(
            {
                "aanduiding": _tabel((mock.get("verblijfstitel") or {}).get("aanduiding")),
                "datumIngang": datum((mock.get("verblijfstitel") or {}).get("datumIngang")),
                "datumEinde": datum((mock.get("verblijfstitel") or {}).get("datumEinde")),
            }
        ),
        "indicatieCurateleRegister": mock.get("indicatieCurateleRegister"),
        "indicatieGezagMinderjarige": _tabel(mock.get("indicatieGezagMinderjarige")),
        "uitsluitingKiesrecht": mock.get("uitsluitingKiesrecht"),
        "europeesKiesrecht": _schoon(
            {"aanduiding": _tabel((mock.get("europeesKiesrecht") or {}).get("aanduiding"))}
        ),
        # Delivered without being asked for (the API's "automatisch geleverde velden").
        "geheimhoudingPersoonsgegevens": True
        if str(mock.get("geheimhoudingPersoonsgegevens", "0")) not in ("", "0")
        else None,
        "opschortingBijhouding": _schoon(
            {"reden": _tabel(opschorting.get("reden")), "datum": datum(opschorting.get("datum"))}
        ),
        "rni": [
            _schoon(
                {
                    "deelnemer": _tabel(r.get("deelnemer")),
                    "omschrijvingVerdrag": r.get("omschrijvingVerdrag"),
                    "categorie": r.get("categorie"),
                }
            )
            for r in mock.get("rni") or []
        ],
        "verificatie": _schoon(
            {
                "datum": datum((mock.get("verificatie") or {}).get("datum")),
                "omschrijving": (mock.get("verificatie") or {}).get("omschrijving"),
            }
        ),
    }
    return _schoon(uit)
