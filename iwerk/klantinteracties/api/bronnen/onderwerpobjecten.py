"""onderwerpobjecten: what a klantcontact was about (a zaak, a product, an earlier klantcontact).

DELETE takes `?cascade=true` (the API's description): the klantcontacten it named go too, unless
another onderwerpobject still names them; the answer is then 200 with `behouden`, the URLs of
the klantcontacten kept. Without cascade it is the usual 204. That operation needs the query
string, so this module serves the detail route itself (`URLS`, see api/bronnen/__init__.py).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import path
from pydantic import Field

from iwerk.core.api.endpoint import ApiRequest, route
from iwerk.core.api.problems import PermissionDenied
from iwerk.core.api.responses import json_response, no_content
from iwerk.core.api.schemas import ApiSchema, QuerySchema, parse_query
from iwerk.klantinteracties.api.bron import (
    API,
    Bron,
    Context,
    context,
    lees,
    object_van,
    toegangen,
    werk_bij,
)
from iwerk.klantinteracties.api.bronnen.gedeeld import (
    Objectidentificator,
    Verwijzing,
    identificator_json,
    uuid_uit,
)
from iwerk.klantinteracties.models import Onderwerpobject, Scope
from iwerk.klantinteracties.services import onderwerpobjecten as services

RANG = "klantcontact__vertrouwelijkheid_rang"


class OnderwerpobjectIn(ApiSchema):
    read_only = frozenset({"uuid", "url"})
    klantcontact: Verwijzing | None = None
    was_klantcontact: Verwijzing | None = None
    onderwerpobjectidentificator: Objectidentificator | None = None


class Lijst(QuerySchema):
    page: int | None = None
    page_size: int | None = Field(default=None, alias="pageSize")
    klantcontact__url: str | None = Field(default=None, alias="klantcontact__url")
    klantcontact__uuid: str | None = Field(default=None, alias="klantcontact__uuid")
    was_klantcontact__url: str | None = Field(default=None, alias="wasKlantcontact__url")
    was_klantcontact__uuid: str | None = Field(default=None, alias="wasKlantcontact__uuid")
    code_objecttype: str | None = Field(
        default=None, alias="onderwerpobjectidentificatorCodeObjecttype"
    )
    code_register: str | None = Field(
        default=None, alias="onderwerpobjectidentificatorCodeRegister"
    )
    code_soort_object_id: str | None = Field(
        default=None, alias="onderwerpobjectidentificatorCodeSoortObjectId"
    )
    object_id: str | None = Field(default=None, alias="onderwerpobjectidentificatorObjectId")


class Verwijderen(QuerySchema):
    cascade: bool = False


def onderwerpobject_json(obj: Onderwerpobject, ctx: Context) -> dict[str, Any]:
    return {
        "uuid": str(obj.uuid),
        "url": ctx.url("onderwerpobjecten", obj.uuid),
        "klantcontact": ctx.fk("klantcontacten", obj.klantcontact_id and obj.klantcontact),
        "wasKlantcontact": ctx.fk(
            "klantcontacten", obj.was_klantcontact_id and obj.was_klantcontact
        ),
        "onderwerpobjectidentificator": identificator_json(obj),
    }


def laden(qs: QuerySet) -> QuerySet:
    return qs.select_related("klantcontact", "was_klantcontact")


def filteren(qs: QuerySet, q: Lijst, request: Any) -> QuerySet:
    exact = {
        "code_objecttype": q.code_objecttype,
        "code_register": q.code_register,
        "code_soort_object_id": q.code_soort_object_id,
        "object_id": q.object_id,
    }
    qs = qs.filter(**{k: v for k, v in exact.items() if v is not None})
    for veld, waarde in (
        ("klantcontact__uuid", q.klantcontact__url),
        ("klantcontact__uuid", q.klantcontact__uuid),
        ("was_klantcontact__uuid", q.was_klantcontact__url),
        ("was_klantcontact__uuid", q.was_klantcontact__uuid),
    ):
        if waarde is not None:
            gevonden = uuid_uit(waarde)
            qs = qs.filter(**{veld: gevonden}) if gevonden else qs.none()
    return qs


def gegevens(data: OnderwerpobjectIn) -> services.OnderwerpobjectGegevens:
    identificator = data.onderwerpobjectidentificator or Objectidentificator()
    return services.OnderwerpobjectGegevens(
        klantcontact=data.klantcontact,
        was_klantcontact=data.was_klantcontact,
        object_id=identificator.object_id,
        code_objecttype=identificator.code_objecttype,
        code_register=identificator.code_register,
        code_soort_object_id=identificator.code_soort_object_id,
    )


ONDERWERPOBJECT = Bron(
    naam="onderwerpobjecten",
    model=Onderwerpobject,
    weergave=onderwerpobject_json,
    query=Lijst,
    schema=OnderwerpobjectIn,
    filter=filteren,
    laden=laden,
    # Visible as its klantcontact is (gemeente and rank). One without a klantcontact (the API
    # allows it) reveals no contact's confidentiality: visible to every caller of its gemeente.
    # Its wasKlantcontact is only a reference; that klantcontact keeps its own visibility.
    rang=RANG,
    rang_via="klantcontact",
    aanmaken=lambda wie, data, request: services.onderwerpobject_aanmaken(
        wie, gegevens(data), request
    ),
    bijwerken=lambda wie, obj, data, request: services.onderwerpobject_bijwerken(
        wie, obj, gegevens(data)
    ),
    verwijderen=services.onderwerpobject_verwijderen,
)


def verwijder(request: ApiRequest, uuid: Any) -> HttpResponse:
    """DELETE, with the API's `cascade` (see the module's docstring)."""
    wie = toegangen(request)
    if not wie.mag(Scope.bijwerken):
        raise PermissionDenied(
            f"Deze applicatie mist de benodigde scope ({Scope.bijwerken.value})."
        )
    q = parse_query(request, Verwijderen)
    obj = object_van(ONDERWERPOBJECT, request, uuid, Scope.bijwerken)
    behouden = services.onderwerpobject_verwijderen(wie, obj, cascade=q.cascade)
    if not q.cascade:
        return no_content()
    ctx = context(request)
    return json_response({"behouden": [ctx.url("klantcontacten", k.uuid) for k in behouden]})


BRONNEN = [(ONDERWERPOBJECT, "onderwerpobject")]
# Served before the generic detail route of the same path (api/urls.py takes a module's URLS
# first): the same GET, PUT and PATCH, and the DELETE above.
URLS = [
    path(
        "onderwerpobjecten/<uuid:uuid>",
        route(
            API,
            get=lees(ONDERWERPOBJECT),
            put=werk_bij(ONDERWERPOBJECT, deels=False),
            patch=werk_bij(ONDERWERPOBJECT, deels=True),
            delete=verwijder,
        ),
    )
]
