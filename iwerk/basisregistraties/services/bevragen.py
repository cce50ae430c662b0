"""Lookups in the BRP, the BAG and the Handelsregister, bound to the zaaktype's purpose (ADR 0049).

Every person or company lookup:
1. finds the zaaktype's Doelbinding for the register (none: GeenDoelbinding, still logged);
2. asks only the field groups the purpose allows (`fields` of the BRP request) and, for a purpose
   limited to the zaak's gemeente, only residents of it (`gemeenteVanInschrijving`);
3. sends x-doelbinding, x-verwerking and x-gebruiker for the register's protocollering;
4. records the lookup in the inzage log (who, which BSN/KvK-nummer, which groups, which zaak,
   which purpose, the outcome) — also when it fails — before it returns or raises.
"""

from __future__ import annotations

from datetime import date

from iwerk.basisregistraties.gegevens import Adres, Bedrijf, Bevraging, Persoon


def persoon_raadplegen(bevraging: Bevraging, bsn: str) -> Persoon:
    """RaadpleegMetBurgerservicenummer. Raises OngeldigeInvoer (elfproef), GeenDoelbinding,
    BuitenBereik (lives outside the allowed gemeente), NietGevonden, RegisterOnbereikbaar."""
    raise NotImplementedError


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
    ZoekMetPostcodeEnHuisnummer (postcode + huisnummer). Only the groups of velden.BRP_ZOEKEN the
    purpose allows. Same errors as persoon_raadplegen; an empty list when nobody matches."""
    raise NotImplementedError


def bedrijf_raadplegen(bevraging: Bevraging, kvk_nummer: str) -> Bedrijf:
    """The KvK basisprofiel. Raises OngeldigeInvoer (not 8 digits), GeenDoelbinding, NietGevonden,
    Opgeheven (datumEinde set; the Bedrijf is on the exception as `.bedrijf`),
    RegisterOnbereikbaar."""
    raise NotImplementedError


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
    raise NotImplementedError


def verschillen(persoon: Persoon, opgeslagen: dict) -> list[str]:
    """Dutch labels of what differs between the BRP data and a rol's stored
    betrokkeneIdentificatie (ZGW natuurlijk_persoon shape: geslachtsnaam, voornamen,
    verblijfsadres.{wplWoonplaatsNaam, gorOpenbareRuimteNaam, aoaHuisnummer, aoaPostcode, …}),
    only over the groups that were asked: e.g. ["Naam", "Adres"]."""
    raise NotImplementedError
