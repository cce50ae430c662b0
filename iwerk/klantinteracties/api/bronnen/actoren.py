"""actoren: who or what acts for the gemeente (medewerker, organisatorische eenheid,
geautomatiseerde actor), polymorphic on soortActor."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from django.db.models import QuerySet
from pydantic import Field, StringConstraints

from iwerk.core.api.endpoint import ApiRequest
from iwerk.core.api.schemas import ApiSchema, Email, QuerySchema, Text
from iwerk.klantinteracties.api.bron import Bron, Context
from iwerk.klantinteracties.models import Actor
from iwerk.klantinteracties.services import actoren as services
from iwerk.klantinteracties.services.actoren import IDENTIFICATIE_VELDEN, VELDEN_PER_SOORT

SoortActor = Literal["medewerker", "geautomatiseerde_actor", "organisatorische_eenheid"]
Emailadres = Annotated[Email, StringConstraints(max_length=254)]


class Verwijzing(ApiSchema):
    """A reference to another object of the API: {"uuid": …} (its url is read-only)."""

    read_only = frozenset({"url"})
    uuid: UUID


class Actoridentificator(ApiSchema):
    object_id: Text(200) = ""
    code_objecttype: Text(200) = ""
    code_register: Text(200) = ""
    code_soort_object_id: Text(200) = ""


class ActorIdentificatie(ApiSchema):
    """Every field any soort has; the service keeps those of the actor's soort."""

    functie: Text(40) = ""
    emailadres: Emailadres = ""
    telefoonnummer: Text(20) = ""
    faxnummer: Text(20) = ""
    omschrijving: Text(200) = ""


class ActorIn(ApiSchema):
    read_only = frozenset({"uuid", "url"})
    naam: Text(200, required=True)
    soort_actor: SoortActor
    indicatie_actief: bool = True
    actoridentificator: Actoridentificator | None = None
    actor_identificatie: ActorIdentificatie | None = None


class Lijst(QuerySchema):
    page: int | None = None
    page_size: int | None = Field(default=None, alias="pageSize")
    actoridentificator_code_objecttype: str | None = None
    actoridentificator_code_register: str | None = None
    actoridentificator_code_soort_object_id: str | None = None
    actoridentificator_object_id: str | None = None
    indicatie_actief: bool | None = None
    naam: str | None = None
    soort_actor: SoortActor | None = None


def _identificatie(obj: Actor) -> dict[str, str]:
    # Only the soort's own fields, and only filled ones: an empty telefoonnummer or emailadres
    # would break the API's own pattern and format for them.
    eigen = VELDEN_PER_SOORT[obj.soort_actor][0]
    return {naam: getattr(obj, naam) for naam in eigen if getattr(obj, naam)}


def actor_json(obj: Actor, ctx: Context) -> dict[str, Any]:
    """An Actor as the API shows it (also inside klantcontacten' hadBetrokkenActoren)."""
    data: dict[str, Any] = {
        "uuid": str(obj.uuid),
        "url": ctx.url("actoren", obj.uuid),
        "naam": obj.naam,
        "soortActor": obj.soort_actor,
        "indicatieActief": obj.indicatie_actief,
        "actoridentificator": {
            "objectId": obj.actoridentificator_object_id,
            "codeObjecttype": obj.actoridentificator_code_objecttype,
            "codeRegister": obj.actoridentificator_code_register,
            "codeSoortObjectId": obj.actoridentificator_code_soort_object_id,
        },
    }
    if identificatie := _identificatie(obj):
        data["actorIdentificatie"] = identificatie
    return data


def _filter(qs: QuerySet, q: Lijst, request: ApiRequest) -> QuerySet:
    exact = {
        "actoridentificator_code_objecttype": q.actoridentificator_code_objecttype,
        "actoridentificator_code_register": q.actoridentificator_code_register,
        "actoridentificator_code_soort_object_id": q.actoridentificator_code_soort_object_id,
        "actoridentificator_object_id": q.actoridentificator_object_id,
        "indicatie_actief": q.indicatie_actief,
        "soort_actor": q.soort_actor,
    }
    qs = qs.filter(**{k: v for k, v in exact.items() if v is not None})
    if q.naam is not None:
        qs = qs.filter(naam__icontains=q.naam)
    return qs


def _gegevens(data: ActorIn) -> services.ActorGegevens:
    ident = data.actoridentificator
    return services.ActorGegevens(
        naam=data.naam,
        soort_actor=data.soort_actor,
        indicatie_actief=data.indicatie_actief,
        actoridentificator=ident.model_dump() if ident is not None else {},
        identificatie=(
            None
            if data.actor_identificatie is None
            else {n: getattr(data.actor_identificatie, n) for n in IDENTIFICATIE_VELDEN}
        ),
    )


ACTOR = Bron(
    naam="actoren",
    model=Actor,
    weergave=actor_json,
    query=Lijst,
    schema=ActorIn,
    filter=_filter,
    aanmaken=lambda wie, data, request: services.actor_aanmaken(wie, _gegevens(data), request),
    bijwerken=lambda wie, obj, data, request: services.actor_bijwerken(wie, obj, _gegevens(data)),
    verwijderen=services.actor_verwijderen,
)

# (bron, resource name in the audit trail and notifications)
BRONNEN = [(ACTOR, "actor")]
