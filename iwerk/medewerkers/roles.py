"""The staff roles and what each may do, per gemeente.

A role grants scopes in the registers — the very scopes an API client would hold — so every
action of a staff member is checked by the register services themselves (iwerk.medewerkers.actor),
plus a few capabilities that have no API scope (assigning others, dashboards, the incident
register, the portfolio).
"""

from __future__ import annotations

from django.db import models


class Rol(models.TextChoices):
    behandelaar = "behandelaar", "Behandelaar"
    teamleider = "teamleider", "Teamleider / coördinator"
    functioneel_beheerder = "functioneel_beheerder", "Functioneel beheerder"
    privacy_officer = "privacy_officer", "Privacy officer (FG)"
    ciso = "ciso", "CISO"
    management = "management", "Management"
    stuurgroep = "stuurgroep", "Stuurgroep i-werkorganisatie"
    div_medewerker = "div_medewerker", "DIV-medewerker (archiefbeheer)"
    archivaris = "archivaris", "Archivaris"
    kcc_medewerker = "kcc_medewerker", "KCC-medewerker (klantcontactcentrum)"


_LEZEN = {
    "zrc": {"zaken.lezen"},
    "drc": {"documenten.lezen"},
    "brc": {"besluiten.lezen"},
}
_BEHANDELEN = {
    "zrc": {"zaken.lezen", "zaken.aanmaken", "zaken.bijwerken", "zaken.statussen.toevoegen"},
    "drc": {"documenten.lezen", "documenten.aanmaken", "documenten.bijwerken", "documenten.lock"},
    "brc": {"besluiten.lezen", "besluiten.aanmaken", "besluiten.bijwerken"},
}
# Coordinators also reopen zaken and lift document locks left behind (an expired session).
_COORDINEREN = {
    **_BEHANDELEN,
    "zrc": _BEHANDELEN["zrc"] | {"zaken.heropenen", "zaken.geforceerd-bijwerken"},
    "drc": _BEHANDELEN["drc"] | {"documenten.geforceerd-unlock"},
}

SCOPES: dict[str, dict[str, set[str]]] = {
    Rol.behandelaar: _BEHANDELEN,
    Rol.teamleider: _COORDINEREN,
    Rol.functioneel_beheerder: {
        **_LEZEN,
        "zrc": _LEZEN["zrc"] | {"zaken.heropenen"},
        "drc": _LEZEN["drc"] | {"documenten.geforceerd-unlock"},
    },
    Rol.privacy_officer: _LEZEN,
    Rol.ciso: _LEZEN,
    Rol.management: {},  # dashboards only: no access to individual zaken
    Rol.stuurgroep: {},
    # Archiefbeheer reads what a destruction list or transfer would take; the destruction itself
    # is done by the worker for the approved list (iwerk.archief), not with the staff's own scopes.
    Rol.div_medewerker: _LEZEN,
    Rol.archivaris: _LEZEN,
    # The contact centre answers callers about their zaken: it reads them (status, handler), it
    # does not handle them. Its writes are klantcontacten and contactverzoeken (iwerk.klantinteracties).
    Rol.kcc_medewerker: {"zrc": _LEZEN["zrc"]},
}

# Capabilities without an API scope: which staff pages a role opens.
TOEWIJZEN_AAN_ANDEREN = "toewijzen_aan_anderen"
DASHBOARDS = "dashboards"
AUDIT_INZIEN = "audit_inzien"
ZAKEN = "zaken"
INCIDENTEN = "incidenten"  # every staff member reports (possible) incidents
PORTFOLIO = "portfolio"
PORTFOLIO_BEHEREN = "portfolio_beheren"
# The figures of all gemeenten together: only for the joint steering group.
STURING_GEZAMENLIJK = "sturing_gezamenlijk"
KOSTEN = "kosten"  # the cost register and its allocation per gemeente
# Archiefbeheer: build destruction lists and transfers (the records manager), review them.
ARCHIEF_BEHEREN = "archief_beheren"
ARCHIEF_BEOORDELEN = "archief_beoordelen"
# The contact centre (/werkplek/kcc/): find a caller, see their zaken and contacts, record a
# contact and a contactverzoek. Contactverzoeken themselves reach everyone with ZAKEN.
KCC = "kcc"
# The teamleider's workload view (/werkplek/werklast/): open zaken and tasks per person of their
# teams, who is away, redistribution in bulk.
WERKLAST = "werklast"

CAPABILITIES: dict[str, set[str]] = {
    Rol.behandelaar: {ZAKEN, INCIDENTEN},
    Rol.teamleider: {ZAKEN, TOEWIJZEN_AAN_ANDEREN, DASHBOARDS, INCIDENTEN, KCC, WERKLAST},
    Rol.functioneel_beheerder: {
        ZAKEN,
        TOEWIJZEN_AAN_ANDEREN,
        INCIDENTEN,
        PORTFOLIO,
        PORTFOLIO_BEHEREN,
    },
    Rol.privacy_officer: {ZAKEN, AUDIT_INZIEN, INCIDENTEN},
    Rol.ciso: {ZAKEN, AUDIT_INZIEN, INCIDENTEN, PORTFOLIO},
    Rol.management: {DASHBOARDS, KOSTEN, INCIDENTEN, PORTFOLIO},
    Rol.stuurgroep: {DASHBOARDS, STURING_GEZAMENLIJK, KOSTEN, INCIDENTEN, PORTFOLIO},
    Rol.div_medewerker: {ZAKEN, ARCHIEF_BEHEREN, INCIDENTEN},
    Rol.archivaris: {ZAKEN, ARCHIEF_BEOORDELEN, INCIDENTEN},
    Rol.kcc_medewerker: {ZAKEN, KCC, INCIDENTEN},
}

# The roles that handle zaken (change them, not only read): the behandelaars of a zaaktype in
# the catalogue check (selectors.documenttype_waarschuwingen).
BEHANDELROLLEN: frozenset[str] = frozenset(
    rol for rol, scopes in SCOPES.items() if "zaken.bijwerken" in scopes.get("zrc", set())
)
