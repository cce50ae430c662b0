"""The values of the merge fields for one zaak: plain strings, nested by group (velden.VELDEN).

A letter never sees the zaak's objects, only this dict: the sandbox has nothing to walk. A group
that does not apply is left out (no besluit chosen, a zaak without aanvrager), so a template
needing it is refused by services.weergave with a Dutch message rather than printed half empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from iwerk.besluiten.models import Besluit
from iwerk.core.models import Gemeente
from iwerk.core.weergave import datum
from iwerk.klantinteracties.selectors.weergave import rol_naam
from iwerk.zaken.models import Rol, Zaak


@dataclass(frozen=True)
class Behandelaar:
    """Who makes the letter: a staff member, or the gemeente itself for automatic letters."""

    naam: str
    email: str = ""
    gebruikersnaam: str = ""


def _dag(value: date | None) -> str:
    return datum(value, leeg="") if value else ""


def _voorvoegsel_groot(voorvoegsel: str) -> str:
    # "de Boer" after heer/mevrouw: the voorvoegsel starts with a capital ("heer De Boer").
    return voorvoegsel[:1].upper() + voorvoegsel[1:] if voorvoegsel else ""


def aanhef(rol: Rol) -> str:
    """Geachte heer/mevrouw <naam>, by the geslachtsaanduiding the rol gives when it gives one."""
    ident = rol.betrokkene_identificatie or {}
    if rol.betrokkene_type != "natuurlijk_persoon":
        return "Geachte heer/mevrouw"
    achternaam = " ".join(
        d
        for d in (
            _voorvoegsel_groot(str(ident.get("voorvoegselGeslachtsnaam") or "")),
            str(ident.get("geslachtsnaam") or ""),
        )
        if d
    )
    if not achternaam:
        return "Geachte heer/mevrouw"
    geslacht = str(ident.get("geslachtsaanduiding") or "").lower()
    titel = {"m": "heer", "v": "mevrouw"}.get(geslacht, "heer/mevrouw")
    return f"Geachte {titel} {achternaam}"


def adresregels(rol: Rol) -> tuple[str, str]:
    """(straat en huisnummer, "7411 BS  DEVENTER") as on an envelope; ("", "") without address."""
    ident = rol.betrokkene_identificatie or {}
    plek = ident.get("verblijfsadres") or ident.get("vestigingsadres") or {}
    nummer = f"{plek.get('aoaHuisnummer') or ''}{plek.get('aoaHuisletter') or ''}"
    if plek.get("aoaHuisnummertoevoeging"):
        nummer += f"-{plek['aoaHuisnummertoevoeging']}"
    straat = f"{plek.get('gorOpenbareRuimteNaam') or ''} {nummer}".strip()
    postcode = str(plek.get("aoaPostcode") or "").replace(" ", "").upper()
    if len(postcode) == 6:
        postcode = f"{postcode[:4]} {postcode[4:]}"
    woonplaats = str(plek.get("wplWoonplaatsNaam") or "").upper()
    return straat, "  ".join(d for d in (postcode, woonplaats) if d)


def _medewerkernaam(rol: Rol) -> str:
    ident = rol.betrokkene_identificatie or {}
    return " ".join(str(d) for d in (ident.get("voorletters"), ident.get("achternaam")) if d)


def initiator(zaak: Zaak) -> Rol | None:
    """The zaak's newest initiator rol (one query)."""
    return (
        Rol.objects.filter(zaak=zaak, roltype__omschrijving_generiek="initiator")
        .order_by("-pk")
        .first()
    )


def aanvragerwaarden(rol: Rol) -> dict[str, str]:
    naam = rol_naam(rol) if rol.betrokkene_type != "medewerker" else _medewerkernaam(rol)
    adres, postcode_woonplaats = adresregels(rol)
    return {
        "naam": naam or rol.afwijkende_naam_betrokkene or "",
        "aanhef": aanhef(rol),
        "adres": adres,
        "postcode_woonplaats": postcode_woonplaats,
    }


def besluitwaarden(besluit: Besluit) -> dict[str, str]:
    """The besluit's fields (besluittype loaded with it, as besluiten.selectors does)."""
    return {
        "identificatie": besluit.identificatie,
        "besluittype": besluit.besluittype.omschrijving,
        "datum": _dag(besluit.datum),
        "ingangsdatum": _dag(besluit.ingangsdatum),
        "vervaldatum": _dag(besluit.vervaldatum),
        "toelichting": besluit.toelichting or "",
    }


def gemeentewaarden(gemeente: Gemeente) -> dict[str, str]:
    return {
        "naam": gemeente.naam,
        "telefoon": gemeente.contact_telefoon or "",
        "email": gemeente.contact_email or "",
        "website": gemeente.website or "",
    }


def zaakwaarden(
    zaak: Zaak,
    *,
    behandelaar: Behandelaar,
    besluit: Besluit | None = None,
    vandaag: date,
    aanvrager: Rol | None = None,
) -> dict[str, object]:
    """Every field's value for a letter on zaak (three queries at most: the initiator, the
    current status, the gemeente; none for those already loaded with the zaak).

    aanvrager: the initiator rol when the caller has it (else it is looked up); besluit: the
    besluit the letter is about, with its besluittype, or None.
    """
    gemeente = zaak.tenant
    rol = aanvrager if aanvrager is not None else initiator(zaak)
    status = zaak.huidige_statustype
    waarden: dict[str, object] = {
        "zaak": {
            "identificatie": zaak.identificatie,
            "omschrijving": zaak.omschrijving or zaak.zaaktype.omschrijving,
            "zaaktype": zaak.zaaktype.omschrijving,
            "startdatum": _dag(zaak.startdatum),
            "status": status.omschrijving if status else "",
            "uiterlijke_einddatum": _dag(zaak.uiterlijke_einddatum_afdoening),
            "servicenorm_datum": _dag(zaak.einddatum_gepland),
        },
        "behandelaar": {
            "naam": behandelaar.naam,
            "email": behandelaar.email or gemeente.contact_email or "",
        },
        "gemeente": gemeentewaarden(gemeente),
        "vandaag": _dag(vandaag),
    }
    if rol is not None:
        waarden["aanvrager"] = aanvragerwaarden(rol)
    if besluit is not None:
        waarden["besluit"] = besluitwaarden(besluit)
    return waarden
