"""Writes of actoren: the medewerkers, teams (organisatorische eenheden) and systems
(geautomatiseerde actoren) at the gemeente's side of a contact.

What an actor is identified by (`actorIdentificatie`) depends on its soort, as the API's
polymorphic Actor says: a medewerker needs a functie and a telefoonnummer, a geautomatiseerde
actor a functie, an organisatorische eenheid nothing. Fields that do not belong to the soort
are ignored (the reference implementation reads only the soort's serializer).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.http import HttpRequest

from iwerk.core import audit
from iwerk.klantinteracties.models import Actor, SoortActor
from iwerk.klantinteracties.selectors.toegang import Toegangen
from iwerk.klantinteracties.services.common import (
    fout,
    gemeente_voor,
    vastleggen,
    verwijderd,
)
from iwerk.klantinteracties.services.digitaleadressen import telefoonnummer_fout

IDENTIFICATIE_VELDEN = ("functie", "emailadres", "telefoonnummer", "faxnummer", "omschrijving")

# Per soort: the fields of its actorIdentificatie, and which of them are required.
VELDEN_PER_SOORT: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    SoortActor.medewerker: (
        ("functie", "emailadres", "telefoonnummer"),
        ("functie", "telefoonnummer"),
    ),
    SoortActor.geautomatiseerde_actor: (("functie", "omschrijving"), ("functie",)),
    SoortActor.organisatorische_eenheid: (
        ("omschrijving", "emailadres", "faxnummer", "telefoonnummer"),
        (),
    ),
}


@dataclass(frozen=True)
class ActorGegevens:
    """An actor as a caller describes it. identificatie: the actorIdentificatie (field name ->
    value), None when not given (then what is stored stays as it is)."""

    naam: str
    soort_actor: str
    indicatie_actief: bool = True
    actoridentificator: dict[str, str] = field(default_factory=dict)
    identificatie: dict[str, str] | None = None


def _identificatie(soort: str, waarden: dict[str, str]) -> dict[str, str]:
    """The stored identificatie fields for soort: its own fields from waarden, the rest empty.
    Raises a 400 for a missing required field or an invalid telefoonnummer."""
    eigen, verplicht = VELDEN_PER_SOORT[soort]
    for naam in verplicht:
        if not waarden.get(naam):
            raise fout(f"actorIdentificatie.{naam}", "required", "Dit veld is vereist.")
    nummer = waarden.get("telefoonnummer", "")
    if "telefoonnummer" in eigen and nummer and (reden := telefoonnummer_fout(nummer)):
        raise fout("actorIdentificatie.telefoonnummer", "invalid", reden)
    return {naam: (waarden.get(naam, "") if naam in eigen else "") for naam in IDENTIFICATIE_VELDEN}


def _zet(actor: Actor, gegevens: ActorGegevens) -> None:
    actor.naam = gegevens.naam
    actor.soort_actor = gegevens.soort_actor
    actor.indicatie_actief = gegevens.indicatie_actief
    for naam in ("object_id", "code_objecttype", "code_register", "code_soort_object_id"):
        setattr(actor, f"actoridentificator_{naam}", gegevens.actoridentificator.get(naam, ""))
    if gegevens.identificatie is not None:
        for naam, waarde in _identificatie(gegevens.soort_actor, gegevens.identificatie).items():
            setattr(actor, naam, waarde)


@transaction.atomic
def actor_aanmaken(
    wie: Toegangen, gegevens: ActorGegevens, request: HttpRequest | None = None
) -> Actor:
    """A new actor in the caller's gemeente. Raises a 400 for an incomplete actorIdentificatie."""
    actor = Actor(tenant_id=gemeente_voor(wie, request))
    _zet(actor, gegevens)
    actor.save()
    vastleggen(wie, "create", actor)
    return actor


@transaction.atomic
def actor_bijwerken(wie: Toegangen, actor: Actor, gegevens: ActorGegevens) -> Actor:
    """Change an actor; an actorIdentificatie given replaces the stored one."""
    oud = audit.snapshot(actor)
    _zet(actor, gegevens)
    actor.save()
    vastleggen(wie, "update", actor, oud)
    return actor


@transaction.atomic
def actor_verwijderen(wie: Toegangen, actor: Actor) -> None:
    """Remove an actor; its places in klantcontacten and interne taken go with it (as in the
    reference implementation)."""
    verwijderd(wie, actor)
    actor.delete()
