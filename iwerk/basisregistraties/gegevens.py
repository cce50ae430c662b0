"""What a lookup returns to the channels: plain values, only the groups the purpose allowed.

A group the purpose did not allow is None (not asked, not shown); a group that was asked but the
register has no value for is an empty value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Adres:
    straat: str = ""  # officiële straatnaam (BRP) / openbareRuimteNaam (BAG)
    huisnummer: int | None = None
    huisletter: str = ""
    huisnummertoevoeging: str = ""
    postcode: str = ""
    woonplaats: str = ""
    # BAG identifications where the register gives them (16 digits each)
    nummeraanduiding_id: str = ""
    adresseerbaarobject_id: str = ""
    openbareruimte_id: str = ""
    woonplaats_id: str = ""
    gemeentecode: str = ""  # BRP: gemeenteVanInschrijving.code

    @property
    def regel(self) -> str:
        """'Brink 12a-2, 7411 BS Deventer'"""
        nummer = f"{self.huisnummer or ''}{self.huisletter}"
        if self.huisnummertoevoeging:
            nummer += f"-{self.huisnummertoevoeging}"
        postcode = self.postcode
        if len(postcode) == 6:
            postcode = f"{postcode[:4]} {postcode[4:]}"
        straat = f"{self.straat} {nummer}".strip()
        plaats = f"{postcode} {self.woonplaats}".strip()
        return ", ".join(p for p in (straat, plaats) if p)


@dataclass(frozen=True)
class Gezagsrelatie:
    """One gezag the person is part of, as the BRP gives it (type: TweehoofdigOuderlijkGezag, …)."""

    type: str
    minderjarige_bsn: str = ""
    minderjarige_naam: str = ""
    gezaghouders_bsn: tuple[str, ...] = ()


@dataclass(frozen=True)
class Persoon:
    bsn: str
    groepen: frozenset[str]  # the groups that were asked for (velden.BRP keys)
    voornamen: str | None = None
    voorvoegsel: str | None = None
    geslachtsnaam: str | None = None
    volledige_naam: str | None = None
    geboortedatum: date | None = None
    geboorteplaats: str | None = None
    geslacht: str | None = None  # "M", "V", "O"
    adres: Adres | None = None
    gezag: tuple[Gezagsrelatie, ...] | None = None
    kinderen: tuple[dict, ...] | None = None
    partners: tuple[dict, ...] | None = None
    ouders: tuple[dict, ...] | None = None
    overleden: bool | None = None
    geheimhouding: bool = False


@dataclass(frozen=True)
class Bedrijf:
    kvk_nummer: str
    groepen: frozenset[str]
    naam: str | None = None
    handelsnamen: tuple[str, ...] | None = None
    rechtsvorm: str | None = None
    vestigingsnummer: str = ""
    adres: Adres | None = None
    activiteiten: tuple[str, ...] | None = None
    datum_einde: date | None = None  # set: the company is dissolved


@dataclass(frozen=True)
class Bevraging:
    """Who asks, for which zaak or intake, in which gemeente (the purpose's context).

    gebruikers_id / gebruikers_weergave go into `x-gebruiker` and the inzage log; for the
    portaal it is the signed-in citizen (or their representative).
    """

    gemeente_id: int
    zaaktype_identificatie: str
    kanaal: str  # "werkplek" | "portaal"
    gebruikers_id: str
    gebruikers_weergave: str
    zaak_uuid: str | None = None
    applicatie_id: str = ""
    extra: dict = field(default_factory=dict)
