"""Documenten API 1.7.0: enkelvoudiginformatieobjecten (list, _zoek, create, read, update, delete,
download, lock, unlock) and their audittrail."""

from __future__ import annotations

import base64
import binascii
import re
import uuid as uuidlib

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from iwerk.catalogi import selectors as catalogi_selectors
from iwerk.catalogi.models import InformatieObjectType
from iwerk.core import inzage
from iwerk.core.api import expand as expander
from iwerk.core.api.audittrail import trail_routes
from iwerk.core.api.endpoint import route
from iwerk.core.api.problems import Gone, NotFound, PayloadTooLarge, ValidationFailed
from iwerk.core.api.references import resolve_uuid
from iwerk.core.api.responses import (
    created,
    detail_response,
    json_response,
    no_content,
    paginated_response,
)
from iwerk.core.api.schemas import parse_body, parse_query
from iwerk.core.api.visibility import visible_or_403
from iwerk.documenten import content, selectors, services
from iwerk.documenten.api import output as out
from iwerk.documenten.api import schemas as s
from iwerk.documenten.api.views.common import API, EIO, READ, _own_path, ctx
from iwerk.documenten.models import EnkelvoudigInformatieObject, Trefwoord, Versie
from iwerk.documenten.services import archivering

_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$", re.IGNORECASE)


def _informatieobjecttype(request, url: str) -> InformatieObjectType:
    key = resolve_uuid(
        request,
        url,
        prefix="/catalogi/api/v1",
        resource="informatieobjecttypen",
        field="informatieobjecttype",
    )
    iot = catalogi_selectors.type_by_uuid(InformatieObjectType, key)
    if iot is None:
        raise ValidationFailed.single(
            "informatieobjecttype", "bad-url", "De URL verwijst niet naar een bestaand object."
        )
    return iot


def _read_body(request: HttpRequest) -> None:
    """Document writes carry base64 content: they may exceed the general body limit, up to their own."""
    limit = settings.IWERK_DOCUMENT_MAX_BODY
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        raise PayloadTooLarge(f"De request body is groter dan {limit} bytes.")
    if not hasattr(request, "_body"):
        data = request.read(limit + 1)
        if len(data) > limit:
            raise PayloadTooLarge(f"De request body is groter dan {limit} bytes.")
        request._body = data


def _invoer(request, data: s.DocumentIn) -> services.Invoer:
    inhoud = None
    if data.inhoud is not None:
        try:
            inhoud = base64.b64decode(data.inhoud, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValidationFailed.single(
                "inhoud", "invalid", "De inhoud is geen geldige base64-tekst."
            ) from exc
    gegevens = data.model_dump(
        by_alias=True,
        mode="json",
        exclude={
            "inhoud",
            "bestandsomvang",
            "informatieobjecttype",
            "lock",
            "uuid",
            "begin_registratie",
        },
    )
    return services.Invoer(
        informatieobjecttype=_informatieobjecttype(request, data.informatieobjecttype),
        gegevens=gegevens,
        inhoud=inhoud,
        bestandsomvang=data.bestandsomvang,
        uuid=data.uuid,
        begin_registratie=data.begin_registratie,
    )


def _render_document(request, pk: int, *, lock: str | None = None) -> dict:
    document = selectors.documenten(request.actor).filter(pk=pk).first()
    if document is None:  # created, but outside what this client may read
        document = EnkelvoudigInformatieObject.objects.select_related("huidige_versie").get(pk=pk)
    data = out.current_json(document, ctx(request, [document]))
    if lock is not None:
        data["lock"] = lock
    return data


def _documents_page(request, qs, page, expand):
    tree = expander.parse(expand, out.PREFIX, EIO)

    def render(rows):
        rows = list(rows)
        context = ctx(request, rows)
        return expander.apply(
            request, [out.current_json(d, context) for d in rows], out.PREFIX, EIO, tree
        )

    return paginated_response(
        request, qs.order_by("-pk"), page, render, count_generation="documenten"
    )


def document_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.DocumentQuery)
    qs = selectors.documenten(request.actor)
    qs = qs.filter(
        **{
            k: v
            for k, v in {
                "identificatie": q.identificatie,
                "bronorganisatie": q.bronorganisatie,
            }.items()
            if v is not None
        }
    )
    if q.objectinformatieobjecten_object:
        qs = qs.filter(objecten__object=_own_path(request, q.objectinformatieobjecten_object))
    if q.objectinformatieobjecten_object_type:
        qs = qs.filter(objecten__object_type=q.objectinformatieobjecten_object_type)
    for woord in q.trefwoorden or []:
        qs = qs.filter(pk__in=Trefwoord.objects.filter(woord=woord).values("document_id"))
    if q.objectinformatieobjecten_object or q.objectinformatieobjecten_object_type:
        qs = qs.distinct()
    return _documents_page(request, qs, q.page, q.expand)


def document_zoek(request: HttpRequest) -> HttpResponse:
    request.actor.require(READ)
    query = parse_query(request, s.PageQuery)
    q = parse_body(request, s.DocumentZoekIn)
    keys = []
    for value in q.uuid__in:
        try:
            keys.append(uuidlib.UUID(value))
        except ValueError as exc:
            raise ValidationFailed.single(
                "uuid__in", "invalid", f"'{value}' is geen geldige UUID."
            ) from exc
    qs = selectors.documenten(request.actor).filter(uuid__in=keys)
    if q.identificatie is not None:
        qs = qs.filter(identificatie=q.identificatie)
    if q.bronorganisatie is not None:
        qs = qs.filter(bronorganisatie=q.bronorganisatie)
    return _documents_page(request, qs, query.page, q.expand)


def document_create(request: HttpRequest) -> HttpResponse:
    _read_body(request)
    data = parse_body(request, s.DocumentIn)
    document, lock = services.create_document(actor=request.actor, invoer=_invoer(request, data))
    # The lock is returned once, to the creator, when bestandsdelen are to follow.
    return created(_render_document(request, document.pk, lock=lock))


def _version(request, document, q) -> Versie:
    if q.versie is None and q.registratie_op is None:
        return document.huidige_versie
    versies = Versie.objects.filter(document=document)
    if q.versie is not None:
        versies = versies.filter(versie=q.versie)
    if q.registratie_op is not None:
        versies = versies.filter(begin_registratie__lte=q.registratie_op)
    versie = versies.order_by("-versie").first()
    if versie is None:
        raise NotFound("Deze versie van het informatieobject bestaat niet.")
    return versie


def document_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.DocumentDetailQuery)
    document = visible_or_403(
        selectors.documenten(request.actor), EnkelvoudigInformatieObject, uuid
    )
    data = out.document_json(document, _version(request, document, q), ctx(request, [document]))
    return detail_response(
        request, expander.expand_rows(request, [data], out.PREFIX, EIO, q.expand)[0]
    )


def document_update(request: HttpRequest, uuid) -> HttpResponse:
    _read_body(request)
    document = visible_or_403(
        selectors.documenten(request.actor, "documenten.bijwerken"),
        EnkelvoudigInformatieObject,
        uuid,
    )
    current = out.current_json(document, ctx(request))
    # Content is not carried over as a field: without `inhoud` a new version keeps the old content.
    current.pop("inhoud")
    current.pop("bestandsomvang")
    data = parse_body(
        request, s.DocumentUpdateIn, current=current, partial=request.method == "PATCH"
    )
    services.update_document(
        actor=request.actor, document=document, lock=data.lock, invoer=_invoer(request, data)
    )
    return json_response(_render_document(request, document.pk))


def document_delete(request: HttpRequest, uuid) -> HttpResponse:
    document = visible_or_403(
        selectors.documenten(request.actor, "documenten.verwijderen"),
        EnkelvoudigInformatieObject,
        uuid,
    )
    services.delete_document(actor=request.actor, document=document)
    return no_content()


def document_download(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.VersionQuery)
    document = visible_or_403(
        selectors.documenten(request.actor), EnkelvoudigInformatieObject, uuid
    )
    versie = _version(request, document, q)
    if archivering.inhoud_verwijderd(versie):
        # Gone, not 404: the content existed and went for good (ADR 0047); the OAS lists 410.
        raise Gone(
            f"De inhoud van versie {versie.versie} van {document.identificatie} is overgebracht "
            "naar de archiefbewaarplaats (e-Depot) van de gemeente en daarna hier verwijderd; "
            "de metagegevens blijven hier beschikbaar. Vraag de inhoud op bij de "
            "archiefbewaarplaats.",
            code="inhoud-overgebracht",
        )
    if not versie.inhoud:
        raise NotFound("Dit informatieobject heeft (nog) geen inhoud.")
    inzage.door_actor(
        request.actor, tenant_id=document.tenant_id, kanaal="api", soort="document",
        object_uuid=document.uuid, omschrijving=document.identificatie,
        vertrouwelijkheidaanduiding=document.vertrouwelijkheidaanduiding,
    )  # fmt: skip
    naam = versie.gegevens.get("bestandsnaam") or f"{document.identificatie}"
    response = FileResponse(
        content.storage().open(versie.inhoud, "rb"), content_type=_download_type(request, versie)
    )
    response["Content-Disposition"] = content_disposition_header(True, naam)
    response["Content-Length"] = str(versie.bestandsomvang or 0)
    response["ETag"] = f'"{versie.sha256}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _download_type(request: HttpRequest, versie: Versie) -> str:
    """The document's own media type (formaat), unless the client asks for octet-stream.

    The OAS documents application/octet-stream only; browsers and viewers need the real type,
    so clients that send `Accept: application/octet-stream` get exactly what the spec says.
    """
    formaat = versie.gegevens.get("formaat") or ""
    accept = request.META.get("HTTP_ACCEPT", "")
    if "application/octet-stream" in accept or not _MEDIA_TYPE.match(formaat):
        return "application/octet-stream"
    return formaat


def document_lock(request: HttpRequest, uuid) -> HttpResponse:
    document = visible_or_403(
        selectors.documenten(request.actor), EnkelvoudigInformatieObject, uuid
    )
    if request.body:
        parse_body(request, s.UnlockIn)
    lock = services.lock_document(actor=request.actor, document=document)
    return json_response({"lock": lock})


def document_unlock(request: HttpRequest, uuid) -> HttpResponse:
    document = visible_or_403(
        selectors.documenten(request.actor), EnkelvoudigInformatieObject, uuid
    )
    data = parse_body(request, s.UnlockIn) if request.body else s.UnlockIn()
    services.unlock_document(actor=request.actor, document=document, lock=data.lock)
    return no_content()


document_collection = route(API, get=document_list, post=document_create)
document_search = route(API, post=document_zoek)
document_detail = route(
    API, get=document_read, put=document_update, patch=document_update, delete=document_delete
)
document_download_view = route(API, get=document_download)
document_lock_view = route(API, post=document_lock)
document_unlock_view = route(API, post=document_unlock)
audittrail_collection, audittrail_detail = trail_routes(
    API, EnkelvoudigInformatieObject, selectors.documenten
)
