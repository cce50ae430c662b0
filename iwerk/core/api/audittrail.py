"""GET …/{uuid}/audittrail and …/audittrail/{uuid} of a main object (zaak, document, besluit)."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from django.db.models import Model, QuerySet
from django.http import HttpResponse

from iwerk.core import audit
from iwerk.core.api.actor import Actor
from iwerk.core.api.endpoint import Api, ApiRequest, Handler, route
from iwerk.core.api.problems import NotFound
from iwerk.core.api.responses import json_response
from iwerk.core.api.schemas import QuerySchema, parse_query
from iwerk.core.api.visibility import visible_or_403


class _NoQuery(QuerySchema):
    """The trail takes no parameters; anything given is a 400, as with every ZGW list."""


def trail_routes(
    api: Api, model: type[Model], readable: Callable[[Actor, str], QuerySet]
) -> tuple[Handler, Handler]:
    """The two views; readable(actor, scope) gives the main objects the actor may see with scope.

    URLs name the main object `hoofd_uuid`.
    """

    def main_object(request: ApiRequest, hoofd_uuid: UUID) -> Model:
        return visible_or_403(readable(request.actor, "audittrails.lezen"), model, hoofd_uuid)

    def trail_list(request: ApiRequest, hoofd_uuid: UUID) -> HttpResponse:
        parse_query(request, _NoQuery)
        main_object(request, hoofd_uuid)  # 403/404 unless visible; then its uuid is hoofd_uuid
        return json_response(audit.trail(hoofd_uuid, request.urls.base))

    def trail_read(request: ApiRequest, hoofd_uuid: UUID, uuid: UUID) -> HttpResponse:
        main_object(request, hoofd_uuid)
        entry = audit.trail_entry(hoofd_uuid, uuid, request.urls.base)
        if entry is None:
            raise NotFound("Deze audittrailregel hoort niet bij dit object.")
        return json_response(entry)

    return route(api, get=trail_list), route(api, get=trail_read)
