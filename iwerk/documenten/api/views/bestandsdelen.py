"""Documenten API 1.7.0: bestandsdelen (uploading a document in parts)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParser, MultiPartParserError

from iwerk.core.api.endpoint import route
from iwerk.core.api.problems import (
    InvalidParam,
    NotFound,
    ParseError,
    UnsupportedMediaType,
    ValidationFailed,
)
from iwerk.core.api.responses import json_response
from iwerk.documenten import services
from iwerk.documenten.api import output as out
from iwerk.documenten.api.views.common import API
from iwerk.documenten.models import BestandsDeel


def bestandsdeel_update(request: HttpRequest, uuid) -> HttpResponse:
    """PUT /bestandsdelen/{uuid}: multipart/form-data with `lock` and the part as `inhoud`."""
    part = (
        BestandsDeel.objects.select_related("document", "document__informatieobjecttype")
        .filter(uuid=uuid)
        .first()
    )
    if part is None:
        raise NotFound("Dit bestandsdeel bestaat niet (meer).")
    content_type = request.META.get("CONTENT_TYPE", "")
    if not content_type.startswith("multipart/form-data"):
        raise UnsupportedMediaType("Upload een bestandsdeel als multipart/form-data.")
    try:
        # Streamed to a temporary file by Django's upload handlers: never whole in memory.
        fields, files = MultiPartParser(
            request.META, request, request.upload_handlers, request.encoding
        ).parse()
    except MultiPartParserError as exc:
        raise ParseError(f"De multipart-body kon niet gelezen worden: {exc}.") from exc
    upload = files.get("inhoud")
    if upload is None:
        raise ValidationFailed([InvalidParam("inhoud", "required", "Dit veld is vereist.")])
    try:
        part = services.upload_part(
            actor=request.actor, part=part, lock=fields.get("lock", ""), chunks=upload.chunks()
        )
    finally:
        upload.close()
    return json_response(
        {
            "url": request.urls.build(out.PREFIX, "bestandsdelen", part.uuid),
            "volgnummer": part.volgnummer,
            "omvang": part.omvang,
            "voltooid": part.voltooid,
            "lock": "",
        }
    )


bestandsdeel_detail = route(API, put=bestandsdeel_update)
