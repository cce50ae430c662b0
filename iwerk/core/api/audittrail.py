"""GET …/{uuid}/audittrail and …/audittrail/{uuid} of a main object (zaak, document, besluit)."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Model, QuerySet

from iwerk.core import audit
from iwerk.core.api.actor import Actor
from iwerk.core.api.endpoint import Api, route
from iwerk.core.api.problems import NotFound
from iwerk.core.api.responses import json_response
from iwerk.core.api.schemas import QuerySchema, parse_query
from iwerk.core.api.visibility import visible_or_403


class _NoQuery(QuerySchema):
    """The trail takes no parameters; anything given is a 400, as with every ZGW list."""


def trail_routes(api: Api, model: type[Model], readable: Callable[[Actor, str], QuerySet]):
    """The two views; readable(actor, scope) gives the main objects the actor may see with scope.

    URLs name the main object `hoofd_uuid`.
    """

    def main_object(request, hoofd_uuid):
        return visible_or_403(readable(request.actor, "audittrails.lezen"), model, hoofd_uuid)

    def trail_list(request, hoofd_uuid):
        parse_query(request, _NoQuery)
        return json_response(audit.trail(main_object(request, hoofd_uuid).uuid, request.urls.base))

    def trail_read(request, hoofd_uuid, uuid):
        entry = audit.trail_entry(main_object(request, hoofd_uuid).uuid, uuid, request.urls.base)
        if entry is None:
            raise NotFound("Deze audittrailregel hoort niet bij dit object.")
        return json_response(entry)

    return route(api, get=trail_list), route(api, get=trail_read)
