"""The ZGW audit trail: services record every change explicitly, in their own transaction.

Registers register a snapshot renderer per model (their API representation, host-less), so
core knows how to picture an object without importing any register. Every record is also
published as a `Change` (iwerk.core.gebeurtenissen) in the same transaction; who hears it (the
Notificaties outbox, the zaken search index) is listed in iwerk/verbindingen.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Model

from iwerk.core import fastsql, gebeurtenissen, generations
from iwerk.core.api.actor import Actor
from iwerk.core.models import AuditTrail, TenantModel

# model class -> (bron, resource name, renderer returning the host-less API representation)
_RENDERERS: dict[type[Model], tuple[str, str, Callable[[Any], dict]]] = {}
# main-object model -> its notification kenmerken (Notificaties: kanaal filters)
_KENMERKEN: dict[type[Model], Callable[[Any], dict]] = {}
# main-object model -> (component, type pk, catalogus pk, vertrouwelijkheid): who may read it
_READERS: dict[type[Model], Callable[[Any], tuple]] = {}
_KANAAL = {"zrc": "zaken", "drc": "documenten", "brc": "besluiten"}


@dataclass(frozen=True)
class Change(gebeurtenissen.Gebeurtenis):
    """A committed-with-the-transaction change, as the Notificaties API announces it (host-less).

    Published by every audit record and by announce_destroy; consumers in iwerk/verbindingen.py.
    """

    kanaal: str
    hoofd_object: str
    resource: str
    resource_url: str
    actie: str
    kenmerken: dict
    tenant_id: int | None
    # What a reader needs to be allowed (rules H3): (component, type pk, catalogus pk, vertrouwelijkheid).
    lezers: tuple | None = None
    # The main object itself, for in-process listeners (the search index) that would otherwise
    # read it again; never part of a message.
    hoofd: Model | None = field(default=None, compare=False, repr=False)
    # Who made the change (the actor's user id; "" for a deletion announced without an actor),
    # for in-process listeners (no signal to staff about their own change); never in a message.
    gebruiker: str = field(default="", compare=False)


def _announce(
    hoofd_object: Model, resource: Model, resource_url: str, actie: str, gebruiker: str = ""
) -> None:
    bron, resource_name, _ = _RENDERERS[type(resource)]
    kenmerken = _KENMERKEN.get(type(hoofd_object), lambda _: {})(hoofd_object)
    change = Change(
        kanaal=_KANAAL.get(bron, bron),
        hoofd_object=object_path(hoofd_object),
        resource=resource_name,
        resource_url=resource_url,
        actie=actie,
        kenmerken=kenmerken,
        tenant_id=getattr(hoofd_object, "tenant_id", None),
        lezers=_READERS[type(hoofd_object)](hoofd_object)
        if type(hoofd_object) in _READERS
        else None,
        hoofd=hoofd_object,
        gebruiker=gebruiker,
    )
    gebeurtenissen.publiceer(change)


def kenmerken(hoofd_object: Model) -> dict:
    """The notification kenmerken of a main object, as its register declared (host-less URLs)."""
    return _KENMERKEN.get(type(hoofd_object), lambda _: {})(hoofd_object)


def readers(hoofd_object: Model) -> tuple | None:
    """Who may read a main object (rules H3), as its register declared; None when undeclared."""
    reader = _READERS.get(type(hoofd_object))
    return None if reader is None else reader(hoofd_object)


def announce_destroy(obj: Model) -> None:
    """A main object is hard-deleted with its trail (no record survives): still publish its Change.

    Call it inside the deleting transaction, before the delete, so kenmerken can be read.
    """
    _announce(obj, obj, object_path(obj), "destroy")


# bron -> generation that moves with every recorded change (caches of lists and counts key on it)
_GENERATIONS: dict[str, str] = {}

ACTIE_WEERGAVE = {
    "create": "Object aangemaakt",
    "update": "Object bijgewerkt",
    "partial_update": "Object deels bijgewerkt",
    "destroy": "Object verwijderd",
}
RESULTAAT = {"create": 201, "update": 200, "partial_update": 200, "destroy": 204}


def register(
    model: type[Model],
    *,
    bron: str,
    resource: str,
    render: Callable[[Any], dict],
    generation: str | None = None,
    kenmerken: Callable[[Any], dict] | None = None,
    lezers: Callable[[Any], tuple] | None = None,
    kanaal: str | None = None,
    prefix: str | None = None,
    meervoud: str | None = None,
) -> None:
    """Picture `model` in the trail. A register other than the ZGW three names its notification
    kanaal, its API prefix ("/klantinteracties/api/v1") and the resource's collection name."""
    _RENDERERS[model] = (bron, resource, render)
    if kanaal is not None:
        _KANAAL[bron] = kanaal
    if prefix is not None:
        _PREFIX[bron] = prefix
    if meervoud is not None:
        _PLURAL[resource] = meervoud
    if kenmerken is not None:
        _KENMERKEN[model] = kenmerken
    if lezers is not None:
        _READERS[model] = lezers
    if generation:
        _GENERATIONS[bron] = generation


def snapshot(obj: Model) -> dict:
    return _RENDERERS[type(obj)][2](obj)


def record(
    *,
    actor: Actor,
    actie: str,
    hoofd_object: TenantModel,
    resource: Model,
    oud: dict | None = None,
    nieuw: dict | None = None,
) -> AuditTrail:
    """Write one audit record; call it inside the service's transaction, after the change.

    The client's X-Audit-Toelichting travels on the actor (see core.api.endpoint).
    """
    bron, resource_name, _ = _RENDERERS[type(resource)]
    if nieuw is not None:
        # The API can answer with this very representation (rebased), without reading it again.
        resource._audit_snapshot = nieuw  # type: ignore[attr-defined]  # read by getattr below
    resource_url = (nieuw or oud or {}).get("url", "") or object_path(resource)
    _announce(hoofd_object, resource, resource_url, actie, actor.user_id)
    entry = AuditTrail(
        tenant_id=hoofd_object.tenant_id,
        bron=bron,
        hoofd_object_uuid=_uuid(hoofd_object),
        hoofd_object=object_path(hoofd_object),
        resource=resource_name,
        resource_url=resource_url,
        resource_weergave=str(resource)[:200],
        actie=actie,
        actie_weergave=ACTIE_WEERGAVE.get(actie, actie),
        resultaat=RESULTAAT.get(actie, 200),
        applicatie_id=actor.client_id[:100],
        applicatie_weergave=actor.applicatie_label[:200],
        gebruikers_id=actor.user_id[:255],
        gebruikers_weergave=actor.user_representation[:255],
        toelichting=actor.audit_toelichting,
        oud=oud,
        nieuw=nieuw,
    )
    _insert(entry)
    if bron in _GENERATIONS:
        # Every audited change is a change of the register: cached counts must not survive it.
        # Last, because the row it increments is shared by every change of the register and
        # stays locked until the commit (on PostgreSQL the next change waits from here on).
        generations.bump(_GENERATIONS[bron])
    return entry


def _insert(entry: AuditTrail) -> None:
    """Insert the record as AuditTrail.objects.create would (each field's pre_save and database
    preparation: aanmaakdatum, then the writer's seal, ADR 0032), with the statement written out
    once per database instead of compiled by the ORM for every change (core.fastsql)."""
    fastsql.insert(entry)


def recorded_representation(obj: Model, base: str) -> dict | None:
    """What the last audit record of obj shows it as, with base in front of iwerk's own paths."""
    snapshot = getattr(obj, "_audit_snapshot", None)
    return None if snapshot is None else rebase(snapshot, base)


def object_path(obj: Model) -> str:
    """The host-less URL of an object, without rendering it."""
    bron, resource_name, _ = _RENDERERS[type(obj)]
    return f"{_PREFIX[bron]}/{_PLURAL.get(resource_name, resource_name + 'en')}/{_uuid(obj)}"


def _uuid(obj: Model) -> UUID:
    # Every model registered here has a uuid field; Model as a type cannot say so.
    return obj.uuid  # type: ignore[attr-defined]


_PREFIX = {"zrc": "/zaken/api/v1", "drc": "/documenten/api/v1", "brc": "/besluiten/api/v1"}
_PLURAL = {
    "zaak": "zaken",
    "status": "statussen",
    "resultaat": "resultaten",
    "rol": "rollen",
    "enkelvoudiginformatieobject": "enkelvoudiginformatieobjecten",
    "gebruiksrechten": "gebruiksrechten",
    "verzending": "verzendingen",
    "zaakinformatieobject": "zaakinformatieobjecten",
    "besluitinformatieobject": "besluitinformatieobjecten",
    "besluit": "besluiten",
}


def rebase(value: Any, base: str) -> Any:
    """Put base ("https://host") in front of every host-less API path in a snapshot."""
    if isinstance(value, str):
        return base + value if value.startswith("/") and "/api/v1/" in value else value
    if isinstance(value, list):
        return [rebase(item, base) for item in value]
    if isinstance(value, dict):
        return {key: rebase(item, base) for key, item in value.items()}
    return value


def as_json(record: AuditTrail, base: str) -> dict:
    """The AuditTrail resource of every ZGW API (base: "https://host" of the request)."""
    wijzigingen = {}
    if record.oud is not None:
        wijzigingen["oud"] = rebase(record.oud, base)
    if record.nieuw is not None:
        wijzigingen["nieuw"] = rebase(record.nieuw, base)
    return {
        "uuid": str(record.uuid),
        "bron": record.bron,
        "applicatieId": record.applicatie_id,
        "applicatieWeergave": record.applicatie_weergave,
        "gebruikersId": record.gebruikers_id,
        "gebruikersWeergave": record.gebruikers_weergave,
        "actie": record.actie,
        "actieWeergave": record.actie_weergave,
        "resultaat": record.resultaat,
        "hoofdObject": base + record.hoofd_object,
        "resource": record.resource,
        "resourceUrl": base + record.resource_url,
        "toelichting": record.toelichting,
        "resourceWeergave": record.resource_weergave,
        "aanmaakdatum": record.aanmaakdatum.isoformat(),
        "wijzigingen": wijzigingen,
    }


def trail(hoofd_object_uuid: UUID, base: str) -> list[dict]:
    """GET …/{uuid}/audittrail: every change of a main object and its parts, oldest first."""
    records = AuditTrail.objects.filter(hoofd_object_uuid=hoofd_object_uuid).order_by(
        "aanmaakdatum", "pk"
    )
    return [as_json(record, base) for record in records]


def trail_entry(hoofd_object_uuid: UUID, uuid: UUID, base: str) -> dict | None:
    record = AuditTrail.objects.filter(hoofd_object_uuid=hoofd_object_uuid, uuid=uuid).first()
    return None if record is None else as_json(record, base)
