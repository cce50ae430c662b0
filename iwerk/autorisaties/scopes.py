"""Scopes per component as the ZGW APIs define them, and the ac-003 rule on them.

The Autorisaties API stores any scope a client registers (as the reference implementation does):
a scope no API checks simply grants nothing. `SCOPES` lists what each component checks; beheer
warns about scopes outside it, and `iwerk create-applicatie` grants from it.
"""

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
# ac-003: the fields are required only when a scope concerns the component's main resource.
MAIN_RESOURCE: dict[str, str] = {"zrc": "zaken", "drc": "documenten", "brc": "besluiten"}


def concerns_main_resource(component: str, scopes) -> bool:
    """Whether scopes concern zaken, documenten or besluiten of this component (ac-003)."""
    resource = MAIN_RESOURCE.get(component)
    return resource is not None and any(scope.startswith(f"{resource}.") for scope in scopes)


def unknown_scopes(component: str, scopes) -> list[str]:
    """Scopes this component does not check (accepted, but they grant nothing)."""
    known = SCOPES.get(component, frozenset())
    return [scope for scope in scopes if scope not in known]
