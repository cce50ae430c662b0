"""Scopes per component as the ZGW APIs define them, and the ac-003 rule on them.

The Autorisaties API stores any scope a client registers (as the reference implementation does):
a scope no API checks simply grants nothing. `SCOPES` lists what each component checks; beheer
warns about scopes outside it, and `iwerk create-applicatie` grants from it.

`<component>.migreren` (`MIGREREN`, ADR 0063) is iwerk's own: every write of a client that holds
it is a migration write (kept uuid and historic dates, silent). It is checked like the others but
granted only on purpose: `ORDINARY` is every scope but these, what "all scopes" means.
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
            "zaken.migreren",
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
            "catalogi.migreren",
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
            "documenten.migreren",
            "audittrails.lezen",
        }
    ),
    "brc": frozenset(
        {
            "besluiten.lezen",
            "besluiten.aanmaken",
            "besluiten.bijwerken",
            "besluiten.verwijderen",
            "besluiten.migreren",
            "audittrails.lezen",
        }
    ),
    "ac": frozenset({"autorisaties.lezen", "autorisaties.bijwerken"}),
    "nrc": frozenset({"notificaties.consumeren", "notificaties.publiceren"}),
}

# The scope per component that makes its writes migration writes (ADR 0063).
MIGREREN: dict[str, str] = {
    "zrc": "zaken.migreren",
    "drc": "documenten.migreren",
    "brc": "besluiten.migreren",
    "ztc": "catalogi.migreren",
}
# Every scope a component checks but its migreren scope: what "all scopes" grants.
ORDINARY: dict[str, frozenset[str]] = {
    component: scopes - {MIGREREN.get(component, "")} for component, scopes in SCOPES.items()
}
# What a client may read with, whatever else it holds: not a write.
_READING = frozenset({"audittrails.lezen", "notificaties.consumeren"})

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


def migration_mixed_with_writes(component: str, scopes) -> list[str]:
    """The ordinary write scopes of component that scopes grant next to its migreren scope.

    A client holding `<component>.migreren` writes silently in that whole component (ADR 0063):
    every one of these writes is then a migration write. Beheer warns about it; the API accepts
    it (a migration tool needs aanmaken and bijwerken to write at all).
    """
    migreren = MIGREREN.get(component)
    if migreren is None or migreren not in scopes:
        return []
    return sorted(
        scope
        for scope in scopes
        if scope in ORDINARY[component] and scope not in _READING and not scope.endswith(".lezen")
    )
