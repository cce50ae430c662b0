"""Writes of what belongs to a klantcontact besides its onderwerpobjecten: betrokkenen,
bijlagen and actoren bij klantcontact. Each lands in the gemeente of the klantcontact (and
partij or actor) it names; all of them must be of one gemeente and visible to the caller."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from iwerk.core import audit
from iwerk.klantinteracties.models import (
    ADRES_VELDEN,
    Actor,
    ActorKlantcontact,
    Betrokkene,
    Bijlage,
    Klantcontact,
    Partij,
)
from iwerk.klantinteracties.selectors.toegang import Toegangen
from iwerk.klantinteracties.services.common import (
    fout,
    gemeente_voor,
    vastleggen,
    verwijderd,
    verwijzing,
)

RANG = "vertrouwelijkheid_rang"
CONTACTNAAM_VELDEN = ("voorletters", "voornaam", "voorvoegsel_achternaam", "achternaam")


# --- betrokkenen -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BetrokkeneGegevens:
    """had_klantcontact / was_partij: references; the address and name groups as dicts of their
    snake_case parts (None: empty)."""

    had_klantcontact: Any
    rol: str
    initiator: bool
    was_partij: Any = None
    organisatienaam: str = ""
    bezoekadres: dict[str, Any] | None = None
    correspondentieadres: dict[str, Any] | None = None
    contactnaam: dict[str, str] = field(default_factory=dict)


def _betrokkene_zetten(obj: Betrokkene, gegevens: BetrokkeneGegevens) -> None:
    obj.rol = gegevens.rol
    obj.initiator = gegevens.initiator
    obj.organisatienaam = gegevens.organisatienaam
    for groep in ("bezoekadres", "correspondentieadres"):
        waarden = getattr(gegevens, groep) or {}
        for veld in ADRES_VELDEN:
            leeg = None if veld == "huisnummer" else ""
            setattr(obj, f"{groep}_{veld}", waarden.get(veld, leeg) or leeg)
    naam = gegevens.contactnaam or {}
    for veld in CONTACTNAAM_VELDEN:
        setattr(obj, f"contactnaam_{veld}", naam.get(veld) or "")


def nieuwe_betrokkene(
    wie: Toegangen,
    gegevens: BetrokkeneGegevens,
    request: HttpRequest | None = None,
    *,
    klantcontact: Klantcontact | None = None,
) -> Betrokkene:
    """Create without the audit record; `klantcontact` given: the one it belongs to (made in the
    same transaction by maak-klantcontact)."""
    if klantcontact is None:
        klantcontact = verwijzing(
            wie, Klantcontact, gegevens.had_klantcontact, "hadKlantcontact", rang=RANG
        )
    if klantcontact is None:
        raise fout("hadKlantcontact", "null", "Dit veld mag niet leeg (null) zijn.")
    partij = verwijzing(wie, Partij, gegevens.was_partij, "wasPartij")
    gemeente_id = gemeente_voor(wie, request, klantcontact, partij)
    obj = Betrokkene(tenant_id=gemeente_id, had_klantcontact=klantcontact, was_partij=partij)
    _betrokkene_zetten(obj, gegevens)
    obj.save()
    return obj


@transaction.atomic
def betrokkene_aanmaken(
    wie: Toegangen, gegevens: BetrokkeneGegevens, request: HttpRequest | None = None
) -> Betrokkene:
    """Record who took part in a klantcontact. Raises ValidationFailed."""
    obj = nieuwe_betrokkene(wie, gegevens, request)
    vastleggen(wie, "create", obj)
    return obj


@transaction.atomic
def betrokkene_bijwerken(
    wie: Toegangen, obj: Betrokkene, gegevens: BetrokkeneGegevens
) -> Betrokkene:
    """Change a betrokkene; the klantcontact and partij it names are of its own gemeente."""
    oud = audit.snapshot(obj)
    klantcontact = verwijzing(
        wie,
        Klantcontact,
        gegevens.had_klantcontact,
        "hadKlantcontact",
        rang=RANG,
        gemeente_id=obj.tenant_id,
    )
    if klantcontact is None:
        raise fout("hadKlantcontact", "null", "Dit veld mag niet leeg (null) zijn.")
    obj.had_klantcontact = klantcontact
    obj.was_partij = verwijzing(
        wie, Partij, gegevens.was_partij, "wasPartij", gemeente_id=obj.tenant_id
    )
    _betrokkene_zetten(obj, gegevens)
    obj.save()
    vastleggen(wie, "update", obj, oud)
    return obj


@transaction.atomic
def betrokkene_verwijderen(wie: Toegangen, obj: Betrokkene) -> None:
    verwijderd(wie, obj)
    obj.delete()


# --- bijlagen ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BijlageGegevens:
    was_bijlage_van_klantcontact: Any = None
    object_id: str = ""
    code_objecttype: str = ""
    code_register: str = ""
    code_soort_object_id: str = ""


def _bijlage_zetten(obj: Bijlage, gegevens: BijlageGegevens) -> None:
    obj.object_id = gegevens.object_id
    obj.code_objecttype = gegevens.code_objecttype
    obj.code_register = gegevens.code_register
    obj.code_soort_object_id = gegevens.code_soort_object_id


@transaction.atomic
def bijlage_aanmaken(
    wie: Toegangen, gegevens: BijlageGegevens, request: HttpRequest | None = None
) -> Bijlage:
    klantcontact = verwijzing(
        wie,
        Klantcontact,
        gegevens.was_bijlage_van_klantcontact,
        "wasBijlageVanKlantcontact",
        rang=RANG,
    )
    obj = Bijlage(
        tenant_id=gemeente_voor(wie, request, klantcontact),
        was_bijlage_van_klantcontact=klantcontact,
    )
    _bijlage_zetten(obj, gegevens)
    obj.save()
    vastleggen(wie, "create", obj)
    return obj


@transaction.atomic
def bijlage_bijwerken(wie: Toegangen, obj: Bijlage, gegevens: BijlageGegevens) -> Bijlage:
    oud = audit.snapshot(obj)
    obj.was_bijlage_van_klantcontact = verwijzing(
        wie,
        Klantcontact,
        gegevens.was_bijlage_van_klantcontact,
        "wasBijlageVanKlantcontact",
        rang=RANG,
        gemeente_id=obj.tenant_id,
    )
    _bijlage_zetten(obj, gegevens)
    obj.save()
    vastleggen(wie, "update", obj, oud)
    return obj


@transaction.atomic
def bijlage_verwijderen(wie: Toegangen, obj: Bijlage) -> None:
    verwijderd(wie, obj)
    obj.delete()


# --- actoren bij klantcontact ------------------------------------------------------------------


def _uniek(actor: Actor, klantcontact: Klantcontact, behalve: int | None = None) -> None:
    bestaand = ActorKlantcontact.objects.filter(actor=actor, klantcontact=klantcontact)
    if behalve is not None:
        bestaand = bestaand.exclude(pk=behalve)
    if bestaand.exists():
        raise fout(
            "nonFieldErrors",
            "unique",
            "Deze actor is al aan dit klantcontact gekoppeld.",
        )


@transaction.atomic
def actorklantcontact_aanmaken(
    wie: Toegangen, *, actor: Any, klantcontact: Any, request: HttpRequest | None = None
) -> ActorKlantcontact:
    """Record that an actor took part in a klantcontact (once per pair, as the reference
    refuses a second). Raises ValidationFailed."""
    gevonden_actor = verwijzing(wie, Actor, actor, "actor")
    gevonden_klantcontact = verwijzing(wie, Klantcontact, klantcontact, "klantcontact", rang=RANG)
    if gevonden_actor is None or gevonden_klantcontact is None:
        veld = "actor" if gevonden_actor is None else "klantcontact"
        raise fout(veld, "null", "Dit veld mag niet leeg (null) zijn.")
    _uniek(gevonden_actor, gevonden_klantcontact)
    obj = ActorKlantcontact.objects.create(
        tenant_id=gemeente_voor(wie, request, gevonden_actor, gevonden_klantcontact),
        actor=gevonden_actor,
        klantcontact=gevonden_klantcontact,
    )
    vastleggen(wie, "create", obj)
    return obj


@transaction.atomic
def actorklantcontact_bijwerken(
    wie: Toegangen, obj: ActorKlantcontact, *, actor: Any, klantcontact: Any
) -> ActorKlantcontact:
    oud = audit.snapshot(obj)
    gevonden_actor = verwijzing(wie, Actor, actor, "actor", gemeente_id=obj.tenant_id)
    gevonden_klantcontact = verwijzing(
        wie, Klantcontact, klantcontact, "klantcontact", rang=RANG, gemeente_id=obj.tenant_id
    )
    if gevonden_actor is None or gevonden_klantcontact is None:
        veld = "actor" if gevonden_actor is None else "klantcontact"
        raise fout(veld, "null", "Dit veld mag niet leeg (null) zijn.")
    _uniek(gevonden_actor, gevonden_klantcontact, obj.pk)
    obj.actor = gevonden_actor
    obj.klantcontact = gevonden_klantcontact
    obj.save()
    vastleggen(wie, "update", obj, oud)
    return obj


@transaction.atomic
def actorklantcontact_verwijderen(wie: Toegangen, obj: ActorKlantcontact) -> None:
    verwijderd(wie, obj)
    obj.delete()
