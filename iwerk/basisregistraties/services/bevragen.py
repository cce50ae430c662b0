"""Lookups in the BRP, the BAG and the Handelsregister, bound to the zaaktype's purpose (ADR 0049).

Every person or company lookup:
1. finds the zaaktype's Doelbinding for the register (none: GeenDoelbinding, still logged);
2. asks only the field groups the purpose allows (`fields` of the BRP request) and, for a purpose
   limited to the zaak's gemeente, only residents of it (`gemeenteVanInschrijving`); a purpose
   for all of Nederland allows a lookup by BSN only, never a search by name or address;
3. sends x-doelbinding, x-verwerking and x-gebruiker for the register's protocollering;
4. records the lookup in the inzage log (who, which BSN/KvK-nummer, which groups, which zaak,
   which purpose, the outcome) — also when it fails — before it returns or raises.

Nothing of a person or a company is cached: every lookup is asked and logged. BAG addresses are
public data and are cached IWERK_BAG_CACHE seconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.conf import settings
from django.core.cache import cache

from iwerk.basisregistraties import velden
from iwerk.basisregistraties.clients import bag, brp, kvk
from iwerk.basisregistraties.clients.verzoek import buiten_contract
from iwerk.basisregistraties.fouten import (
    BuitenBereik,
    GeenDoelbinding,
    NietGevonden,
    OngeldigeInvoer,
    Opgeheven,
)
from iwerk.basisregistraties.gegevens import Adres, Bedrijf, Bevraging, Persoon
from iwerk.basisregistraties.models import Bereik, Doelbinding, Register
from iwerk.basisregistraties.selectors.doelbinding import doelbinding_voor
from iwerk.basisregistraties.selectors.koppelingen import naam, verbinding
from iwerk.basisregistraties.services import omzetten
from iwerk.basisregistraties.services.protocollering import Protocol, gevonden, uitkomst_van
from iwerk.basisregistraties.services.verschillen import verschillen as verschillen
from iwerk.core.models import Gemeente
from iwerk.core.validators import is_valid_rsin
from iwerk.core.weergave import datum

RAADPLEEG = "RaadpleegMetBurgerservicenummer"
ZOEK_NAAM = "ZoekMetGeslachtsnaamEnGeboortedatum"
ZOEK_ADRES = "ZoekMetPostcodeEnHuisnummer"
# The BRP OAS's patterns for what a user types (GeslachtsnaamFilter, VoornamenOptioneelFilter,
# Huisletter, Huisnummertoevoeging, Postcode); the BAG's toevoeging has no space or hyphen.
_NAAM = re.compile(r"^[a-zA-Z0-9À-ž \.\-\']{1,200}$|^[a-zA-Z0-9À-ž \.\-\']{3,199}\*$")
_VOORNAMEN = re.compile(r"^[a-zA-Z0-9À-ž \.\-\']{1,199}\*?$")
_POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?([A-Za-z]{2})$")
_HUISLETTER = re.compile(r"^[a-zA-Z]$")
_TOEVOEGING_BRP = re.compile(r"^[a-zA-Z0-9 \-]{1,4}$")
_TOEVOEGING_BAG = re.compile(r"^[0-9a-zA-Z]{1,4}$")
_NUMMERAANDUIDING = re.compile(r"^[0-9]{16}$")


@contextmanager
def _vastleggen(protocol: Protocol, uitkomst: dict[str, str]) -> Iterator[None]:
    """Writes the lookup's inzage row when the block ends, however it ends: `uitkomst["tekst"]`
    as the block set it, or the outcome of the exception it raised (which then goes on)."""
    try:
        yield
    except Exception as fout:
        protocol.vastleggen(uitkomst.get("tekst") or uitkomst_van(fout))
        raise
    protocol.vastleggen(uitkomst.get("tekst") or "gevonden")


def persoon_raadplegen(bevraging: Bevraging, bsn: str) -> Persoon:
    """RaadpleegMetBurgerservicenummer. Raises OngeldigeInvoer (elfproef), GeenDoelbinding,
    BuitenBereik (lives outside the allowed gemeente), NietGevonden, RegisterOnbereikbaar."""
    bsn = (bsn or "").strip()
    protocol = Protocol(bevraging, "brp", f"BRP {RAADPLEEG}", bsn=bsn)
    uitkomst: dict[str, str] = {}
    with _vastleggen(protocol, uitkomst):
        doelbinding = _doelbinding(bevraging, Register.brp, protocol)
        groepen = _groepen(doelbinding, velden.BRP)
        protocol.groepen = groepen
        if fout := _bsn_fout(bsn):
            uitkomst["tekst"] = "geweigerd: ongeldig BSN"
            raise OngeldigeInvoer(fout)
        gemeentecode = _gemeentecode(doelbinding)
        paden = [*velden.BRP_ALTIJD, *(p for g in groepen for p in velden.BRP[g])]
        vraag: dict[str, Any] = {"type": RAADPLEEG, "burgerservicenummer": [bsn], "fields": paden}
        if gemeentecode:
            vraag["gemeenteVanInschrijving"] = gemeentecode
        personen = _brp(bevraging, doelbinding, vraag)
        if not personen:
            if gemeentecode:
                gemeente = doelbinding.gemeente.naam
                raise BuitenBereik(
                    f"Geen persoon gevonden met dit BSN in {gemeente}. Het doel van dit zaaktype "
                    f"staat alleen bevragingen van inwoners van {gemeente} toe."
                )
            raise NietGevonden("De BRP kent geen persoon met dit BSN.")
        if len(personen) > 1 or personen[0].get("burgerservicenummer") != bsn:
            raise buiten_contract(Register.brp)
        persoon = omzetten.persoon(_alleen(personen[0], paden), groepen)
        if gemeentecode and persoon.adres and persoon.adres.gemeentecode not in ("", gemeentecode):
            raise BuitenBereik(  # the register ignored the filter: nothing of it is shown
                f"Deze persoon woont niet in {doelbinding.gemeente.naam}. Het doel van dit "
                f"zaaktype staat alleen bevragingen van inwoners van {doelbinding.gemeente.naam} toe."
            )
    return persoon


def personen_zoeken(
    bevraging: Bevraging,
    *,
    geslachtsnaam: str = "",
    geboortedatum: date | None = None,
    voornamen: str = "",
    postcode: str = "",
    huisnummer: int | None = None,
    huisletter: str = "",
    huisnummertoevoeging: str = "",
) -> list[Persoon]:
    """ZoekMetGeslachtsnaamEnGeboortedatum (geslachtsnaam + geboortedatum) or
    ZoekMetPostcodeEnHuisnummer (postcode + huisnummer), always among the residents of the
    purpose's gemeente. Only the groups of velden.BRP_ZOEKEN the purpose allows. Same errors as
    persoon_raadplegen, and GeenDoelbinding for a purpose for all of Nederland (a search there
    would ask who lives at an address or bears a name anywhere in the country); BuitenBereik when
    nobody in the gemeente matches, so the handler learns the search went no further."""
    geslachtsnaam, voornamen = geslachtsnaam.strip(), voornamen.strip()
    postcode, huisletter = postcode.strip(), huisletter.strip()
    huisnummertoevoeging = huisnummertoevoeging.strip()
    vraag: dict[str, Any]
    if postcode or huisnummer is not None:
        vraag = {"type": ZOEK_ADRES, "postcode": postcode, "huisnummer": huisnummer}
        optioneel = {
            "huisletter": huisletter,
            "huisnummertoevoeging": huisnummertoevoeging,
            "geslachtsnaam": geslachtsnaam,
            "geboortedatum": geboortedatum,
        }
    else:
        vraag = {"type": ZOEK_NAAM, "geslachtsnaam": geslachtsnaam, "geboortedatum": geboortedatum}
        optioneel = {"voornamen": voornamen}
    vraag |= {k: v for k, v in optioneel.items() if v}
    criteria = ", ".join(k for k in vraag if k != "type")
    protocol = Protocol(bevraging, "brp", f"BRP {vraag['type']} ({criteria})")
    uitkomst: dict[str, str] = {}
    with _vastleggen(protocol, uitkomst):
        doelbinding = _doelbinding(bevraging, Register.brp, protocol)
        groepen = [g for g in _groepen(doelbinding, velden.BRP) if g in velden.BRP_ZOEKEN]
        protocol.groepen = groepen
        gemeente = doelbinding.gemeente.naam
        if doelbinding.bereik == Bereik.nederland:
            raise GeenDoelbinding(
                "Voor dit zaaktype mag u een persoon alleen op BSN opvragen: het doel staat geen "
                "zoeken op naam of adres in heel Nederland toe."
            )
        vraag = _zoekvraag(vraag)
        paden = [*velden.BRP_ALTIJD]
        paden += [
            p for g in groepen for p in velden.BRP[g] if p.split(".")[0] in velden.BRP_BEPERKT
        ]
        vraag["fields"] = paden
        vraag["gemeenteVanInschrijving"] = _gemeentecode(doelbinding)
        personen = [
            omzetten.persoon(_alleen(p, paden), groepen)
            for p in _brp(bevraging, doelbinding, vraag)
        ]
        bsns = [p.bsn for p in personen]
        uitkomst["tekst"] = gevonden(bsns)
        if not personen:
            raise BuitenBereik(
                f"Geen persoon gevonden in {gemeente}. Het doel van dit zaaktype staat alleen "
                f"zoeken naar inwoners van {gemeente} toe."
            )
        if len(bsns) == 1:
            protocol.bsn = bsns[0]
    return personen


def bedrijf_raadplegen(bevraging: Bevraging, kvk_nummer: str) -> Bedrijf:
    """The KvK basisprofiel. Raises OngeldigeInvoer (not 8 digits), GeenDoelbinding, NietGevonden,
    Opgeheven (datumEinde set; the Bedrijf is on the exception as `.bedrijf`),
    RegisterOnbereikbaar."""
    kvk_nummer = (kvk_nummer or "").strip()
    protocol = Protocol(bevraging, "kvk", f"KvK basisprofiel {kvk_nummer[:20]}")
    uitkomst: dict[str, str] = {}
    with _vastleggen(protocol, uitkomst):
        doelbinding = _doelbinding(bevraging, Register.kvk, protocol)
        groepen = _groepen(doelbinding, velden.KVK)
        protocol.groepen = groepen
        if not re.fullmatch(r"[0-9]{8}", kvk_nummer):
            raise OngeldigeInvoer("Een KvK-nummer bestaat uit precies 8 cijfers.")
        profiel = kvk.basisprofiel(verbinding(bevraging.gemeente_id, Register.kvk), kvk_nummer)
        bedrijf = omzetten.bedrijf(profiel, groepen)
        if bedrijf.datum_einde is not None:
            fout = Opgeheven(f"Dit bedrijf is opgeheven per {datum(bedrijf.datum_einde)}.")
            fout.bedrijf = bedrijf
            raise fout
    return bedrijf


def adressen_zoeken(
    gemeente_id: int,
    *,
    postcode: str,
    huisnummer: int,
    huisletter: str = "",
    huisnummertoevoeging: str = "",
) -> list[Adres]:
    """BAG /adressen for postcode + huisnummer (+ huisletter/toevoeging): public data, no purpose
    needed and not logged, cached IWERK_BAG_CACHE seconds. Raises OngeldigeInvoer,
    RegisterOnbereikbaar; an empty list when the BAG has no such address."""
    postcode = _postcode(postcode)
    huisnummer = _huisnummer(huisnummer)
    huisletter, huisnummertoevoeging = huisletter.strip(), huisnummertoevoeging.strip()
    if huisletter and not _HUISLETTER.match(huisletter):
        raise OngeldigeInvoer("Een huisletter is één letter.")
    if huisnummertoevoeging and not _TOEVOEGING_BAG.match(huisnummertoevoeging):
        raise OngeldigeInvoer("Een toevoeging bestaat uit hoogstens 4 letters of cijfers.")
    # BAG data is the same whoever supplies it: the key is the question alone.
    sleutel = f"basisregistraties:bag:{postcode}:{huisnummer}:{huisletter}:{huisnummertoevoeging}"
    if (bewaard := cache.get(sleutel)) is not None:
        return list(bewaard)
    params: dict[str, Any] = {"postcode": postcode, "huisnummer": huisnummer}
    if huisletter:
        params["huisletter"] = huisletter
    if huisnummertoevoeging:
        params["huisnummertoevoeging"] = huisnummertoevoeging
    if huisletter or huisnummertoevoeging:
        params["exacteMatch"] = "true"
    adressen = [
        omzetten.bag_adres(a) for a in bag.adressen(verbinding(gemeente_id, Register.bag), params)
    ]
    _bewaren(sleutel, adressen)
    return adressen


def adres_raadplegen(gemeente_id: int, nummeraanduiding_id: str) -> Adres:
    """One BAG address by its nummeraanduidingIdentificatie (as stored in a zaakobject): public,
    not logged, cached like adressen_zoeken. Raises OngeldigeInvoer, NietGevonden,
    RegisterOnbereikbaar."""
    nummeraanduiding_id = (nummeraanduiding_id or "").strip()
    if not _NUMMERAANDUIDING.match(nummeraanduiding_id):
        raise OngeldigeInvoer("Een BAG-identificatie bestaat uit 16 cijfers.")
    sleutel = f"basisregistraties:bag:id:{nummeraanduiding_id}"
    if (bewaard := cache.get(sleutel)) is not None:
        return bewaard
    adres = omzetten.bag_adres(
        bag.adres(verbinding(gemeente_id, Register.bag), nummeraanduiding_id)
    )
    _bewaren(sleutel, adres)
    return adres


# --- the steps --------------------------------------------------------------------------------


def _doelbinding(bevraging: Bevraging, register: str, protocol: Protocol) -> Doelbinding:
    """The zaaktype's purpose for the register in the bevraging's gemeente. A purpose that only
    another gemeente gave it does not hold here: BuitenBereik; none at all: GeenDoelbinding."""
    gevonden_ = doelbinding_voor(bevraging.gemeente_id, bevraging.zaaktype_identificatie, register)
    zaaktype = bevraging.zaaktype_identificatie
    if gevonden_.doelbinding is None:
        if gevonden_.elders:
            gemeente = (
                Gemeente.objects.filter(pk=bevraging.gemeente_id)
                .values_list("naam", flat=True)
                .first()
            )
            raise BuitenBereik(
                f"Zaaktype {zaaktype} heeft in {gemeente or 'deze gemeente'} geen doelbinding "
                f"voor {naam(register)}; die van {', '.join(gevonden_.elders)} geldt alleen daar."
            )
        raise GeenDoelbinding(
            f"Voor zaaktype {zaaktype} is geen doelbinding voor {naam(register)} ingesteld; "
            "vraag de functioneel beheerder."
        )
    protocol.doelbinding = gevonden_.doelbinding
    return gevonden_.doelbinding


def _groepen(doelbinding: Doelbinding, groepen: dict[str, tuple[str, ...]]) -> list[str]:
    """The purpose's groups this register has, in the register's order."""
    toegestaan = set(doelbinding.velden or [])
    return [g for g in groepen if g in toegestaan]


def _gemeentecode(doelbinding: Doelbinding) -> str:
    """The gemeentecode the search is limited to; '' when the purpose allows all of Nederland."""
    if doelbinding.bereik == Bereik.nederland:
        return ""
    code = doelbinding.gemeente.gemeentecode
    if not code:
        raise GeenDoelbinding(
            f"Van {doelbinding.gemeente.naam} is geen gemeentecode ingesteld, dus kan iwerk de "
            "bevraging niet tot haar inwoners beperken; vraag de functioneel beheerder."
        )
    return code


def _brp(bevraging: Bevraging, doelbinding: Doelbinding, vraag: dict[str, Any]) -> list[dict]:
    return brp.personen(
        verbinding(bevraging.gemeente_id, Register.brp),
        vraag,
        doelbinding=doelbinding.doelbinding,
        verwerking=doelbinding.verwerking,
        gebruiker=bevraging.gebruikers_id or bevraging.gebruikers_weergave,
    )


def _alleen(data: dict[str, Any], paden: list[str]) -> dict[str, Any]:
    """Only the asked fields, down to the asked parts of a field ("adressering.adresregel1"), and
    the secrecy flag the BRP always sends: what the register sent beyond the purpose is dropped
    before anything reads it."""
    uit = _kies(data, paden)
    if "geheimhoudingPersoonsgegevens" in data:
        uit["geheimhoudingPersoonsgegevens"] = data["geheimhoudingPersoonsgegevens"]
    return uit


def _kies(data: dict[str, Any], paden: list[str]) -> dict[str, Any]:
    delen: dict[str, list[str]] = {}
    for pad in paden:
        kop, _, rest = pad.partition(".")
        delen.setdefault(kop, []).append(rest)
    uit: dict[str, Any] = {}
    for kop, resten in delen.items():
        if kop not in data:
            continue
        waarde = data[kop]
        if "" in resten:
            uit[kop] = waarde
        elif isinstance(waarde, dict):
            uit[kop] = _kies(waarde, resten)
        elif isinstance(waarde, list):
            uit[kop] = [_kies(w, resten) for w in waarde if isinstance(w, dict)]
    return uit


def _bsn_fout(bsn: str) -> str | None:
    if len(bsn) != 9 or not bsn.isdigit():
        return "Een BSN bestaat uit precies 9 cijfers."
    if not is_valid_rsin(bsn):
        return "Dit BSN voldoet niet aan de elfproef; controleer het nummer."
    return None


def _postcode(postcode: str) -> str:
    """'7411 bs' → '7411BS'; OngeldigeInvoer when it is no Dutch postcode."""
    if not (m := _POSTCODE.match((postcode or "").strip())):
        raise OngeldigeInvoer("Vul een postcode in als 1234 AB.")
    return f"{m[1]}{m[2].upper()}"


def _huisnummer(huisnummer: int | None) -> int:
    if not isinstance(huisnummer, int) or not 1 <= huisnummer <= 99999:
        raise OngeldigeInvoer("Vul een huisnummer in (1 tot en met 99999).")
    return huisnummer


def _zoekvraag(vraag: dict[str, Any]) -> dict[str, Any]:
    """The zoek-vraag checked against the OAS's patterns, in its JSON form."""
    if vraag["type"] == ZOEK_ADRES:
        vraag["postcode"] = _postcode(vraag["postcode"])
        vraag["huisnummer"] = _huisnummer(vraag["huisnummer"])
        if "huisletter" in vraag and not _HUISLETTER.match(vraag["huisletter"]):
            raise OngeldigeInvoer("Een huisletter is één letter.")
        if "huisnummertoevoeging" in vraag and not _TOEVOEGING_BRP.match(
            vraag["huisnummertoevoeging"]
        ):
            raise OngeldigeInvoer("Een toevoeging bestaat uit hoogstens 4 tekens.")
    elif not vraag["geslachtsnaam"] or vraag["geboortedatum"] is None:
        raise OngeldigeInvoer("Zoek op achternaam en geboortedatum, of op postcode en huisnummer.")
    if "geslachtsnaam" in vraag and not _NAAM.match(vraag["geslachtsnaam"]):
        raise OngeldigeInvoer(
            "De achternaam bevat tekens die de BRP niet kent; een * mag na ten minste 3 letters."
        )
    if "voornamen" in vraag and not _VOORNAMEN.match(vraag["voornamen"]):
        raise OngeldigeInvoer("De voornamen bevatten tekens die de BRP niet kent.")
    if isinstance(vraag.get("geboortedatum"), date):
        vraag["geboortedatum"] = vraag["geboortedatum"].isoformat()
    return vraag


def _bewaren(sleutel: str, waarde: Any) -> None:
    """BAG answers for IWERK_BAG_CACHE seconds; 'no such address' for at most an hour, so a
    newly registered address is found soon."""
    duur = settings.IWERK_BAG_CACHE
    if not duur:
        return
    if isinstance(waarde, list) and not waarde:
        duur = min(duur, 3600)
    cache.set(sleutel, tuple(waarde) if isinstance(waarde, list) else waarde, duur)
