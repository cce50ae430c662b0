"""actorklantcontacten: which actor (medewerker, team, system) took part in a klantcontact.
Part of the klantcontact: visible only to who sees the klantcontact."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from pydantic import Field

from iwerk.core.api.schemas import ApiSchema, QuerySchema
from iwerk.klantinteracties.api.bron import Bron, Context
from iwerk.klantinteracties.api.bronnen.gedeeld import Verwijzing, uuid_uit
from iwerk.klantinteracties.models import ActorKlantcontact
from iwerk.klantinteracties.services import klantcontactdelen as services


class ActorKlantcontactIn(ApiSchema):
    read_only = frozenset({"uuid", "url"})
    actor: Verwijzing
    klantcontact: Verwijzing


class Lijst(QuerySchema):
    page: int | None = None
    page_size: int | None = Field(default=None, alias="pageSize")
    actor__url: str | None = Field(default=None, alias="actor__url")
    actor__uuid: str | None = Field(default=None, alias="actor__uuid")
    klantcontact__url: str | None = Field(default=None, alias="klantcontact__url")
    klantcontact__uuid: str | None = Field(default=None, alias="klantcontact__uuid")


def actorklantcontact_json(obj: ActorKlantcontact, ctx: Context) -> dict[str, Any]:
    return {
        "uuid": str(obj.uuid),
        "url": ctx.url("actorklantcontacten", obj.uuid),
        "actor": ctx.fk("actoren", obj.actor.uuid),
        "klantcontact": ctx.fk("klantcontacten", obj.klantcontact.uuid),
    }


def laden(qs: QuerySet) -> QuerySet:
    return qs.select_related("actor", "klantcontact")


def filteren(qs: QuerySet, q: Lijst, request: Any) -> QuerySet:
    for veld, waarde in (
        ("actor__uuid", q.actor__url),
        ("actor__uuid", q.actor__uuid),
        ("klantcontact__uuid", q.klantcontact__url),
        ("klantcontact__uuid", q.klantcontact__uuid),
    ):
        if waarde is not None:
            gevonden = uuid_uit(waarde)
            qs = qs.filter(**{veld: gevonden}) if gevonden else qs.none()
    return qs


ACTORKLANTCONTACT = Bron(
    naam="actorklantcontacten",
    model=ActorKlantcontact,
    weergave=actorklantcontact_json,
    query=Lijst,
    schema=ActorKlantcontactIn,
    filter=filteren,
    laden=laden,
    rang="klantcontact__vertrouwelijkheid_rang",
    aanmaken=lambda wie, data, request: services.actorklantcontact_aanmaken(
        wie, actor=data.actor, klantcontact=data.klantcontact, request=request
    ),
    bijwerken=lambda wie, obj, data, request: services.actorklantcontact_bijwerken(
        wie, obj, actor=data.actor, klantcontact=data.klantcontact
    ),
    verwijderen=services.actorklantcontact_verwijderen,
)

BRONNEN = [(ACTORKLANTCONTACT, "actorklantcontact")]
