"""Shared helpers of the Documenten API endpoints: the API, its read scope, rendering context and
the document references every resource uses."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest

from iwerk.core.api.endpoint import Api
from iwerk.core.api.problems import ValidationFailed
from iwerk.core.api.references import is_own_host, resolve_uuid
from iwerk.documenten import selectors
from iwerk.documenten.api import output as out
from iwerk.documenten.models import EnkelvoudigInformatieObject

API = Api(
    name="documenten",
    version="1.7.0",
    prefix=out.PREFIX,
    component="drc",
    migreren="documenten.migreren",
)
READ = ("drc", "documenten.lezen")
EIO = "enkelvoudiginformatieobjecten"


def ctx(request: HttpRequest, documents=()) -> out.DocumentenContext:
    return out.DocumentenContext(request.urls, parts=selectors.parts_of(documents))


def _document_by_url(request, url: str, field: str = "informatieobject"):
    key = resolve_uuid(request, url, prefix=out.PREFIX, resource=EIO, field=field)
    document = (
        EnkelvoudigInformatieObject.objects.select_related("informatieobjecttype")
        .filter(uuid=key)
        .first()
    )
    if document is None:
        raise ValidationFailed.single(
            field, "bad-url", "De URL verwijst niet naar een bestaand informatieobject."
        )
    return document


def _document_filter_key(request, url: str, field: str = "informatieobject"):
    return resolve_uuid(request, url, prefix=out.PREFIX, resource=EIO, field=field)


def _own_path(request, url: str) -> str:
    """The stored form of an object URL: host-less for this installation, as given otherwise."""
    parts = urlsplit(url)
    return parts.path if is_own_host(request, parts.netloc) else url
