"""The closed catalogue of merge fields a template may use (ADR 0058).

A template names a field as ``{{ zaak.identificatie }}``; nothing outside this list can be
reached: the check refuses any other name before a template is saved, and the values a letter is
made with are plain strings built from this list alone (selectors.waarden), never the zaak's
objects. A field marked ``kan_leeg`` may render as "" and says when in its description; every
other field always has a value, or the letter is refused with a Dutch message (a template with
besluit fields on a zaak without besluit).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Veld:
    naam: str  # as written in a template, without the braces: "zaak.identificatie"
    omschrijving: str  # shown in beheer
    voorbeeld: str  # the value of the beheer preview
    kan_leeg: bool = False

    @property
    def groep(self) -> str:
        return self.naam.split(".", 1)[0]

    @property
    def code(self) -> str:
        return "{{ " + self.naam + " }}"


GROEPEN: dict[str, str] = {
    "zaak": "De zaak",
    "aanvrager": "De aanvrager (de initiator van de zaak)",
    "besluit": "Het besluit (de behandelaar kiest een besluit van de zaak)",
    "behandelaar": "Wie de brief maakt",
    "gemeente": "De gemeente",
    "vandaag": "Datum",
}

VELDEN: tuple[Veld, ...] = (
    Veld("zaak.identificatie", "Het zaaknummer.", "ZAAK-2026-0000000123"),
    Veld(
        "zaak.omschrijving",
        "De omschrijving van de zaak; zonder omschrijving die van het zaaktype.",
        "Kapvergunning voor een eik",
    ),
    Veld("zaak.zaaktype", "De naam van het zaaktype.", "Kapvergunning"),
    Veld("zaak.startdatum", "De datum waarop de zaak begon, voluit.", "3 november 2026"),
    Veld(
        "zaak.status",
        "De huidige status. Leeg zolang de zaak nog geen status heeft.",
        "In behandeling",
        kan_leeg=True,
    ),
    Veld(
        "zaak.uiterlijke_einddatum",
        "De wettelijke termijn: uiterlijk op deze datum is de zaak afgehandeld. Leeg als de zaak "
        "geen wettelijke termijn heeft.",
        "29 december 2026",
        kan_leeg=True,
    ),
    Veld(
        "zaak.servicenorm_datum",
        "De datum die de gemeente als servicenorm belooft. Leeg zonder servicenorm.",
        "1 december 2026",
        kan_leeg=True,
    ),
    Veld(
        "aanvrager.naam",
        "De naam van de aanvrager: een persoon of een bedrijf.",
        "Suzanne Moulin",
    ),
    Veld(
        "aanvrager.aanhef",
        "De aanhef, zoals ‘Geachte mevrouw Moulin’; ‘Geachte heer/mevrouw Moulin’ als het "
        "geslacht niet bekend is, ‘Geachte heer/mevrouw’ voor een bedrijf.",
        "Geachte mevrouw Moulin",
    ),
    Veld(
        "aanvrager.adres",
        "Straat en huisnummer van de aanvrager. Leeg als de aanvraag geen adres noemt.",
        "Brink 12",
        kan_leeg=True,
    ),
    Veld(
        "aanvrager.postcode_woonplaats",
        "Postcode en woonplaats van de aanvrager. Leeg als de aanvraag geen adres noemt.",
        "7411 BS  DEVENTER",
        kan_leeg=True,
    ),
    Veld("besluit.identificatie", "Het nummer van het besluit.", "BESLUIT-2026-0000000042"),
    Veld("besluit.besluittype", "De soort besluit (het besluittype).", "Omgevingsvergunning"),
    Veld("besluit.datum", "De datum van het besluit, voluit.", "24 november 2026"),
    Veld("besluit.ingangsdatum", "Vanaf wanneer het besluit geldt.", "25 november 2026"),
    Veld(
        "besluit.vervaldatum",
        "Tot wanneer het besluit geldt. Leeg als het besluit geen einddatum heeft.",
        "25 november 2031",
        kan_leeg=True,
    ),
    Veld(
        "besluit.toelichting",
        "De toelichting bij het besluit. Leeg als die niet is ingevuld.",
        "U mag de eik kappen als u binnen een jaar een nieuwe boom plant.",
        kan_leeg=True,
    ),
    Veld("behandelaar.naam", "De naam van de medewerker die de brief maakt.", "Jan de Vries"),
    Veld(
        "behandelaar.email",
        "Het e-mailadres van die medewerker; zonder e-mailadres dat van de gemeente. Leeg als "
        "geen van beide bekend is.",
        "j.devries@deventer.nl",
        kan_leeg=True,
    ),
    Veld("gemeente.naam", "De naam van de gemeente.", "Deventer"),
    Veld(
        "gemeente.telefoon",
        "Het telefoonnummer voor contact. Leeg als het niet is ingesteld.",
        "14 0570",
        kan_leeg=True,
    ),
    Veld(
        "gemeente.email",
        "Het e-mailadres voor contact. Leeg als het niet is ingesteld.",
        "info@deventer.nl",
        kan_leeg=True,
    ),
    Veld(
        "gemeente.website",
        "De website van de gemeente. Leeg als die niet is ingesteld.",
        "https://www.deventer.nl",
        kan_leeg=True,
    ),
    Veld("vandaag", "De datum waarop de brief wordt gemaakt, voluit.", "5 december 2026"),
)

PER_NAAM: dict[str, Veld] = {v.naam: v for v in VELDEN}

# Filters a template may apply to a field: text only, no computation.
FILTERS: dict[str, str] = {
    "upper": "in hoofdletters",
    "lower": "in kleine letters",
    "capitalize": "eerste letter hoofdletter",
    "trim": "zonder spaties aan begin en eind",
    "default": 'met een vervangtekst als het veld leeg is: {{ besluit.vervaldatum|default("onbepaalde tijd") }}',
}


def voorbeeldwaarden() -> dict[str, object]:
    """The values of the beheer preview, nested as a letter gets them."""
    waarden: dict[str, object] = {}
    for veld in VELDEN:
        if "." in veld.naam:
            groep, naam = veld.naam.split(".", 1)
            groep_waarden = waarden.setdefault(groep, {})
            assert isinstance(groep_waarden, dict)
            groep_waarden[naam] = veld.voorbeeld
        else:
            waarden[veld.naam] = veld.voorbeeld
    return waarden
