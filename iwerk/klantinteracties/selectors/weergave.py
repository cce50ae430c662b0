"""How the contact centre names a partij and the person or company a zaak's rol names, on one
line each (selectors.kcc, selectors.klantbeeld)."""

from __future__ import annotations

from datetime import date

from iwerk.basisregistraties.gegevens import Adres
from iwerk.klantinteracties.models import Partij
from iwerk.zaken.models import Rol


def partij_adres(partij: Partij) -> str:
    """The partij's bezoekadres (else its correspondentieadres) on one line."""
    for prefix in ("bezoekadres", "correspondentieadres"):
        waarden = {v: getattr(partij, f"{prefix}_{v}") for v in ("straatnaam", "postcode")}
        nummer = getattr(partij, f"{prefix}_huisnummer")
        if waarden["straatnaam"] or waarden["postcode"] or nummer:
            return Adres(
                straat=waarden["straatnaam"],
                huisnummer=nummer,
                huisnummertoevoeging=getattr(partij, f"{prefix}_huisnummertoevoeging"),
                postcode=waarden["postcode"].replace(" ", "").upper(),
                woonplaats=getattr(partij, f"{prefix}_stad"),
            ).regel
        regel = getattr(partij, f"{prefix}_adresregel1")
        if regel:
            return ", ".join(r for r in (regel, getattr(partij, f"{prefix}_adresregel2")) if r)
    return ""


def rol_naam(rol: Rol) -> str:
    """The name of the person or company a rol names, as the rol gives it."""
    ident = rol.betrokkene_identificatie or {}
    if rol.betrokkene_type == "natuurlijk_persoon":
        delen = (
            ident.get("voornamen") or ident.get("voorletters"),
            ident.get("voorvoegselGeslachtsnaam"),
            ident.get("geslachtsnaam"),
        )
        naam = " ".join(str(d) for d in delen if d)
    elif rol.betrokkene_type == "vestiging":
        handelsnamen = ident.get("handelsnaam") or []
        naam = str(handelsnamen[0]) if handelsnamen else ""
    else:
        naam = str(ident.get("statutaireNaam") or "")
    return rol.afwijkende_naam_betrokkene or naam


def rol_kvk(rol: Rol) -> str:
    """The KvK-nummer of a vestiging or niet-natuurlijk persoon rol ("" for none)."""
    if rol.betrokkene_type not in ("vestiging", "niet_natuurlijk_persoon"):
        return ""
    return rol.kvk_nummer or str((rol.betrokkene_identificatie or {}).get("kvkNummer") or "")


def rol_adres(rol: Rol) -> str:
    """The verblijfsadres (a person) or vestigingsadres (a company) the rol gives, on one line."""
    ident = rol.betrokkene_identificatie or {}
    plek = ident.get("verblijfsadres") or ident.get("vestigingsadres") or {}
    return Adres(
        straat=str(plek.get("gorOpenbareRuimteNaam") or ""),
        huisnummer=plek.get("aoaHuisnummer") or None,
        huisletter=str(plek.get("aoaHuisletter") or ""),
        huisnummertoevoeging=str(plek.get("aoaHuisnummertoevoeging") or ""),
        postcode=str(plek.get("aoaPostcode") or ""),
        woonplaats=str(plek.get("wplWoonplaatsNaam") or ""),
    ).regel


def rol_geboortedatum(rol: Rol) -> date | None:
    try:
        return date.fromisoformat(str((rol.betrokkene_identificatie or {}).get("geboortedatum")))
    except ValueError:
        return None
