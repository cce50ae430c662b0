"""Documenten API 1.7.0: objectinformatieobjecten."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from iwerk.core.api import expand as expander
from iwerk.core.api.endpoint import route
from iwerk.core.api.problems import ValidationFailed
from iwerk.core.api.references import is_own_host, resolve_uuid
from iwerk.core.api.responses import created, detail_response, json_response, no_content
from iwerk.core.api.schemas import parse_body, parse_query
from iwerk.core.api.visibility import visible_or_403
from iwerk.documenten import selectors, services
from iwerk.documenten.api import output as out
from iwerk.documenten.api import schemas as s
from iwerk.documenten.api.views.common import (
    API,
    READ,
    _document_by_url,
    _document_filter_key,
    _own_path,
    ctx,
)
from iwerk.documenten.models import ObjectInformatieObject


def oio_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.ObjectInformatieObjectQuery)
    qs = selectors.objectinformatieobjecten(request.actor)
    if q.object:
        qs = qs.filter(object=_own_path(request, q.object))
    if q.informatieobject:
        qs = qs.filter(informatieobject__uuid=_document_filter_key(request, q.informatieobject))
    context = ctx(request)
    rows = [out.oio_json(o, context) for o in qs.order_by("pk")]
    return json_response(
        expander.expand_rows(request, rows, out.PREFIX, "objectinformatieobjecten", q.expand)
    )


def oio_create(request: HttpRequest) -> HttpResponse:
    data = parse_body(request, s.ObjectInformatieObjectIn)
    document = _document_by_url(request, data.informatieobject)
    parts = urlsplit(data.object)
    if is_own_host(request, parts.netloc):
        resource = {"zaak": "zaken", "besluit": "besluiten", "verzoek": "verzoeken"}[
            data.object_type
        ]
        prefix = {"zaak": "/zaken/api/v1", "besluit": "/besluiten/api/v1"}.get(data.object_type)
        if prefix is None:
            raise ValidationFailed.single(
                "object", "bad-url", "Deze installatie heeft geen register voor verzoeken."
            )
        resolve_uuid(request, data.object, prefix=prefix, resource=resource, field="object")
        object_ref = parts.path
    elif not settings.IWERK_ALLOW_EXTERNAL_REGISTERS:
        raise ValidationFailed.single(
            "object",
            "bad-url",
            "De URL verwijst niet naar een register van deze installatie en externe registers zijn niet toegestaan.",
        )
    else:
        object_ref = data.object
    obj = services.register_external(
        actor=request.actor,
        document=document,
        object_type=data.object_type,
        object_url=object_ref,
    )
    return created(out.oio_json(obj, ctx(request)))


def oio_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.ObjectInformatieObjectQuery)
    obj = visible_or_403(
        selectors.objectinformatieobjecten(request.actor), ObjectInformatieObject, uuid
    )
    data = out.oio_json(obj, ctx(request))
    return detail_response(
        request,
        expander.expand_rows(request, [data], out.PREFIX, "objectinformatieobjecten", q.expand)[0],
    )


def oio_delete(request: HttpRequest, uuid) -> HttpResponse:
    obj = visible_or_403(
        selectors.objectinformatieobjecten(request.actor), ObjectInformatieObject, uuid
    )
    services.delete_external(actor=request.actor, oio=obj)
    return no_content()


oio_collection = route(API, get=oio_list, post=oio_create)
oio_detail = route(API, get=oio_read, delete=oio_delete)
