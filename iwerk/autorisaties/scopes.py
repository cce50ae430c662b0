"""Known scopes per component (ZGW 1.7 release), used to refuse typos in autorisaties."""

SCOPES: dict[str, frozenset[str]] = {
    "zrc": frozenset(
        {
            "zaken.lezen",
            "zaken.aanmaken",
            "zaken.bijwerken",
            "zaken.verwijderen",
            "zaken.statussen.toevoegen",
            "zaken.heropenen",
            "zaken.geforceerd-bijwerken",
            "audittrails.lezen",
            "notificaties.consumeren",
        }
    ),
    "ztc": frozenset(
        {
            "catalogi.lezen",
            "catalogi.schrijven",
            "catalogi.geforceerd-schrijven",
            "catalogi.geforceerd-verwijderen",
        }
    ),
    "drc": frozenset(
        {
            "documenten.lezen",
            "documenten.aanmaken",
            "documenten.bijwerken",
            "documenten.verwijderen",
            "documenten.lock",
            "documenten.geforceerd-unlock",
            "documenten.geforceerd-bijwerken",
            "audittrails.lezen",
        }
    ),
    "brc": frozenset(
        {
            "besluiten.lezen",
            "besluiten.aanmaken",
            "besluiten.bijwerken",
            "besluiten.verwijderen",
            "audittrails.lezen",
        }
    ),
    "ac": frozenset({"autorisaties.lezen", "autorisaties.bijwerken"}),
    "nrc": frozenset({"notificaties.consumeren", "notificaties.publiceren"}),
}

# The type field each component's autorisaties are bound to (ac-003).
TYPE_FIELD: dict[str, str] = {
    "zrc": "zaaktype",
    "drc": "informatieobjecttype",
    "brc": "besluittype",
}
NEEDS_MAX_VERTROUWELIJKHEID = frozenset({"zrc", "drc"})
