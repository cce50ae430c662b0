"""The kinds of source objects the copier knows, in the order they are copied."""

from __future__ import annotations

# The phases of a run, in their order (zgw.migreren.FASEN); `--fasen` picks some of them.
FASENAMEN = ("catalogi", "documenten", "zaken", "besluiten", "audittrail")

# soort -> (component, collection name at the API root, Dutch label for reports)
SOORTEN: dict[str, tuple[str, str, str]] = {
    "catalogus": ("catalogi", "catalogussen", "catalogi"),
    "informatieobjecttype": ("catalogi", "informatieobjecttypen", "informatieobjecttypen"),
    "besluittype": ("catalogi", "besluittypen", "besluittypen"),
    "zaaktype": ("catalogi", "zaaktypen", "zaaktypen"),
    "statustype": ("catalogi", "statustypen", "statustypen"),
    "roltype": ("catalogi", "roltypen", "roltypen"),
    "resultaattype": ("catalogi", "resultaattypen", "resultaattypen"),
    "eigenschap": ("catalogi", "eigenschappen", "eigenschappen"),
    "zaakobjecttype": ("catalogi", "zaakobjecttypen", "zaakobjecttypen"),
    "zaaktypeinformatieobjecttype": (
        "catalogi",
        "zaaktype-informatieobjecttypen",
        "zaaktype-informatieobjecttypen",
    ),
    "enkelvoudiginformatieobject": ("documenten", "enkelvoudiginformatieobjecten", "documenten"),
    "gebruiksrechten": ("documenten", "gebruiksrechten", "gebruiksrechten"),
    "zaak": ("zaken", "zaken", "zaken"),
    "rol": ("zaken", "rollen", "rollen"),
    "zaakobject": ("zaken", "zaakobjecten", "zaakobjecten"),
    "zaakeigenschap": ("zaken", "zaakeigenschappen", "zaakeigenschappen"),
    "resultaat": ("zaken", "resultaten", "resultaten"),
    "status": ("zaken", "statussen", "statussen"),
    "zaakrelaties": ("zaken", "", "relevante andere zaken"),
    "zaakinformatieobject": ("zaken", "zaakinformatieobjecten", "zaakinformatieobjecten"),
    "besluit": ("besluiten", "besluiten", "besluiten"),
    "besluitinformatieobject": (
        "besluiten",
        "besluitinformatieobjecten",
        "besluitinformatieobjecten",
    ),
    "audittrail": ("", "", "audittrails"),
}

# What a skipped dependant is told: "<naam> niet gemigreerd".
NAMEN = {
    "catalogus": "catalogus",
    "informatieobjecttype": "informatieobjecttype",
    "besluittype": "besluittype",
    "zaaktype": "zaaktype",
    "deelzaaktype": "deelzaaktype",
    "enkelvoudiginformatieobject": "document",
    "zaak": "zaak",
    "hoofdzaak": "hoofdzaak",
    "besluit": "besluit",
}


def label(soort: str) -> str:
    return SOORTEN.get(soort, ("", "", soort))[2]


def collectie(soort: str) -> tuple[str, str]:
    """(component, collection name) of a soort."""
    component, naam, _ = SOORTEN[soort]
    return component, naam
