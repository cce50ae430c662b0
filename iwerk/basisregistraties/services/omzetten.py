"""From a register's JSON to the plain values of gegevens.py, one group at a time.

Only the groups asked for are read: a group outside the purpose stays None even when the
register sent it (defence in depth, ADR 0049); a group asked for that the register has no value
for is an empty value. Relatives (kinderen, partners, ouders) are dicts with the keys
`bsn`, `naam` (the full name), `geboortedatum` (a date or None), plus `soort_verbintenis`
for a partner and `ouder_aanduiding` ("1"/"2") for a parent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from iwerk.basisregistraties.gegevens import Adres, Bedrijf, Gezagsrelatie, Persoon

# 'Brink 12', 'Brink 12a', 'Brink 12 a', 'Brink 12a-2', 'Brink 12-2', 'Brink 12 bis'
_ADRESREGEL1 = re.compile(
    r"^(?P<straat>.*?)\s+(?P<nummer>\d{1,5})"
    r"(?:\s*(?P<letter>[A-Za-z])(?![A-Za-z0-9]))?"
    r"(?:[\s-]+(?P<toevoeging>[A-Za-z0-9]{1,4}))?$"
)
_ADRESREGEL2 = re.compile(r"^(?P<postcode>[1-9]\d{3})\s?(?P<letters>[A-Za-z]{2})\s+(?P<plaats>.+)$")


def _dict(waarde: Any) -> dict[str, Any]:
    return waarde if isinstance(waarde, dict) else {}


def _lijst(waarde: Any) -> list[dict[str, Any]]:
    return [w for w in waarde if isinstance(w, dict)] if isinstance(waarde, list) else []


def _tekst(waarde: Any) -> str:
    return waarde if isinstance(waarde, str) else ""


def lees_datum(waarde: Any) -> date | None:
    """A BRP AbstractDatum of type Datum, an ISO date or a KvK 'JJJJMMDD'; else None (a year or a
    month alone is not a date)."""
    if isinstance(waarde, dict):
        if waarde.get("type") not in (None, "Datum"):
            return None
        waarde = waarde.get("datum")
    if not isinstance(waarde, str):
        return None
    tekst = waarde.strip()
    if re.fullmatch(r"\d{8}", tekst):
        tekst = f"{tekst[:4]}-{tekst[4:6]}-{tekst[6:]}"
    try:
        return date.fromisoformat(tekst)
    except ValueError:
        return None


def _volledige_naam(naam: dict[str, Any]) -> str:
    if volledig := _tekst(naam.get("volledigeNaam")):
        return volledig
    delen = (naam.get("voornamen"), naam.get("voorvoegsel"), naam.get("geslachtsnaam"))
    return " ".join(d for d in delen if isinstance(d, str) and d)


# --- BRP ---------------------------------------------------------------------------------------


def persoon(data: dict[str, Any], groepen: Iterable[str]) -> Persoon:
    """A Persoon (RaadpleegMetBurgerservicenummer) or PersoonBeperkt (the zoek-operations)."""
    groepen = frozenset(groepen)
    velden: dict[str, Any] = {}
    if "naam" in groepen:
        naam = _dict(data.get("naam"))
        velden |= {
            "voornamen": _tekst(naam.get("voornamen")),
            "voorvoegsel": _tekst(naam.get("voorvoegsel")),
            "geslachtsnaam": _tekst(naam.get("geslachtsnaam")),
            "volledige_naam": _volledige_naam(naam),
        }
    if "geboorte" in groepen:
        geboorte = _dict(data.get("geboorte"))
        velden |= {
            "geboortedatum": lees_datum(geboorte.get("datum")),
            "geboorteplaats": _tekst(_dict(geboorte.get("plaats")).get("omschrijving")),
        }
    if "geslacht" in groepen:
        velden["geslacht"] = _tekst(_dict(data.get("geslacht")).get("code")).upper()
    if "adres" in groepen:
        velden["adres"] = _brp_adres(data)
    if "gezag" in groepen:
        velden["gezag"] = tuple(_gezagsrelatie(g) for g in _lijst(data.get("gezag")))
    if "kinderen" in groepen:
        velden["kinderen"] = tuple(_verwant(k) for k in _lijst(data.get("kinderen")))
    if "partners" in groepen:
        velden["partners"] = tuple(
            _verwant(p)
            | {"soort_verbintenis": _tekst(_dict(p.get("soortVerbintenis")).get("omschrijving"))}
            for p in _lijst(data.get("partners"))
        )
    if "ouders" in groepen:
        velden["ouders"] = tuple(
            _verwant(o) | {"ouder_aanduiding": _tekst(o.get("ouderAanduiding"))}
            for o in _lijst(data.get("ouders"))
        )
    if "overlijden" in groepen:
        velden["overleden"] = bool(_dict(data.get("overlijden")).get("datum"))
    return Persoon(
        bsn=_tekst(data.get("burgerservicenummer")),
        groepen=groepen,
        geheimhouding=data.get("geheimhoudingPersoonsgegevens") is True,
        **velden,
    )


def _brp_adres(data: dict[str, Any]) -> Adres:
    gemeentecode = _tekst(_dict(data.get("gemeenteVanInschrijving")).get("code"))
    verblijfplaats = _dict(data.get("verblijfplaats"))
    verblijfadres = _dict(verblijfplaats.get("verblijfadres"))
    soort = verblijfplaats.get("type")
    if soort == "Adres":
        huisnummer = verblijfadres.get("huisnummer")
        return Adres(
            straat=_tekst(verblijfadres.get("officieleStraatnaam"))
            or _tekst(verblijfadres.get("korteStraatnaam")),
            huisnummer=huisnummer if isinstance(huisnummer, int) else None,
            huisletter=_tekst(verblijfadres.get("huisletter")),
            huisnummertoevoeging=_tekst(verblijfadres.get("huisnummertoevoeging")),
            postcode=_tekst(verblijfadres.get("postcode")).replace(" ", "").upper(),
            woonplaats=_tekst(verblijfadres.get("woonplaats")),
            nummeraanduiding_id=_tekst(verblijfplaats.get("nummeraanduidingIdentificatie")),
            adresseerbaarobject_id=_tekst(verblijfplaats.get("adresseerbaarObjectIdentificatie")),
            gemeentecode=gemeentecode,
        )
    if soort == "VerblijfplaatsBuitenland":
        return Adres(
            straat=_tekst(verblijfadres.get("regel1")),
            woonplaats=" ".join(
                d
                for d in (
                    _tekst(verblijfadres.get("regel2")),
                    _tekst(_dict(verblijfadres.get("land")).get("omschrijving")),
                )
                if d
            ),
            gemeentecode=gemeentecode,
        )
    if soort == "Locatie":
        return Adres(
            straat=_tekst(verblijfadres.get("locatiebeschrijving")), gemeentecode=gemeentecode
        )
    if not verblijfplaats and data.get("adressering"):
        return _uit_adressering(_dict(data.get("adressering")), gemeentecode)
    return Adres(gemeentecode=gemeentecode)


def _uit_adressering(adressering: dict[str, Any], gemeentecode: str) -> Adres:
    """The address of a PersoonBeperkt: its two address lines ('Brink 12 a', '7411 BS  DEVENTER')
    read back into parts as far as they go; a line that does not fit stays whole in `straat`."""
    regel1 = _tekst(adressering.get("adresregel1")).strip()
    regel2 = _tekst(adressering.get("adresregel2")).strip()
    straat, huisnummer, huisletter, toevoeging = regel1, None, "", ""
    if m := _ADRESREGEL1.match(regel1):
        straat, huisnummer = m["straat"], int(m["nummer"])
        huisletter, toevoeging = m["letter"] or "", m["toevoeging"] or ""
    postcode, woonplaats = "", regel2
    if m := _ADRESREGEL2.match(regel2):
        postcode = f"{m['postcode']}{m['letters'].upper()}"
        woonplaats = m["plaats"].strip().title()
    return Adres(
        straat=straat,
        huisnummer=huisnummer,
        huisletter=huisletter,
        huisnummertoevoeging=toevoeging,
        postcode=postcode,
        woonplaats=woonplaats,
        gemeentecode=gemeentecode,
    )


def _bsn(waarde: Any) -> str:
    return _tekst(_dict(waarde).get("burgerservicenummer"))


def _gezagsrelatie(gezag: dict[str, Any]) -> Gezagsrelatie:
    minderjarige = _dict(gezag.get("minderjarige"))
    houders = [*_lijst(gezag.get("ouders")), *_lijst(gezag.get("derden"))]
    houders += [_dict(gezag.get(k)) for k in ("ouder", "derde") if gezag.get(k)]
    return Gezagsrelatie(
        type=_tekst(gezag.get("type")),
        minderjarige_bsn=_tekst(minderjarige.get("burgerservicenummer")),
        minderjarige_naam=_volledige_naam(_dict(minderjarige.get("naam"))),
        gezaghouders_bsn=tuple(b for b in (_bsn(h) for h in houders) if b),
    )


def _verwant(verwant: dict[str, Any]) -> dict[str, Any]:
    return {
        "bsn": _tekst(verwant.get("burgerservicenummer")),
        "naam": _volledige_naam(_dict(verwant.get("naam"))),
        "geboortedatum": lees_datum(_dict(verwant.get("geboorte")).get("datum")),
    }


# --- BAG ---------------------------------------------------------------------------------------


def bag_adres(data: dict[str, Any]) -> Adres:
    huisnummer = data.get("huisnummer")
    return Adres(
        straat=_tekst(data.get("openbareRuimteNaam")),
        huisnummer=huisnummer if isinstance(huisnummer, int) else None,
        huisletter=_tekst(data.get("huisletter")),
        huisnummertoevoeging=_tekst(data.get("huisnummertoevoeging")),
        postcode=_tekst(data.get("postcode")),
        woonplaats=_tekst(data.get("woonplaatsNaam")),
        nummeraanduiding_id=_tekst(data.get("nummeraanduidingIdentificatie")),
        adresseerbaarobject_id=_tekst(data.get("adresseerbaarObjectIdentificatie")),
        openbareruimte_id=_tekst(data.get("openbareRuimteIdentificatie")),
        woonplaats_id=_tekst(data.get("woonplaatsIdentificatie")),
    )


# --- Handelsregister ---------------------------------------------------------------------------


def bedrijf(data: dict[str, Any], groepen: Iterable[str]) -> Bedrijf:
    """A KvK basisprofiel. The end date is always read: it decides whether the company exists."""
    groepen = frozenset(groepen)
    embedded = _dict(data.get("_embedded"))
    hoofdvestiging = _dict(embedded.get("hoofdvestiging"))
    velden: dict[str, Any] = {}
    if "naam" in groepen:
        handelsnamen = sorted(_lijst(data.get("handelsnamen")), key=_volgorde)
        velden["naam"] = _tekst(data.get("naam")) or _tekst(data.get("statutaireNaam"))
        velden["handelsnamen"] = tuple(
            n for n in (_tekst(h.get("naam")) for h in handelsnamen) if n
        )
    if "rechtsvorm" in groepen:
        eigenaar = _dict(embedded.get("eigenaar"))
        velden["rechtsvorm"] = _tekst(eigenaar.get("rechtsvorm")) or _tekst(
            eigenaar.get("uitgebreideRechtsvorm")
        )
    if "adres" in groepen:
        velden["adres"] = _kvk_adres(_lijst(hoofdvestiging.get("adressen")))
    if "activiteiten" in groepen:
        velden["activiteiten"] = tuple(
            " ".join(d for d in (_tekst(a.get("sbiCode")), _tekst(a.get("sbiOmschrijving"))) if d)
            for a in _lijst(data.get("sbiActiviteiten"))
        )
    return Bedrijf(
        kvk_nummer=_tekst(data.get("kvkNummer")),
        groepen=groepen,
        vestigingsnummer=_tekst(hoofdvestiging.get("vestigingsnummer")),
        datum_einde=lees_datum(_dict(data.get("materieleRegistratie")).get("datumEinde")),
        **velden,
    )


def _volgorde(handelsnaam: dict[str, Any]) -> int:
    volgorde = handelsnaam.get("volgorde")
    return volgorde if isinstance(volgorde, int) else 0


def _kvk_adres(adressen: list[dict[str, Any]]) -> Adres:
    """The visiting address of the main establishment (else its first address)."""
    gekozen = next((a for a in adressen if a.get("type") == "bezoekadres"), None)
    gekozen = gekozen or (adressen[0] if adressen else {})
    huisnummer = gekozen.get("huisnummer")
    if isinstance(huisnummer, str) and huisnummer.isdigit():
        huisnummer = int(huisnummer)
    return Adres(
        straat=_tekst(gekozen.get("straatnaam")),
        huisnummer=huisnummer if isinstance(huisnummer, int) else None,
        huisletter=_tekst(gekozen.get("huisletter")),
        huisnummertoevoeging=_tekst(gekozen.get("huisnummerToevoeging")),
        postcode=_tekst(gekozen.get("postcode")).replace(" ", "").upper(),
        woonplaats=_tekst(gekozen.get("plaats")),
    )
