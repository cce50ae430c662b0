"""Absolute URLs of iwerk's own resources, and resolving incoming URLs back to uuids.

ZGW relations are absolute URLs (A12). URLs that point at this installation are
resolved to rows without HTTP; anything else is refused unless external registers are
allowed (then the caller fetches and validates it).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest

from iwerk.core.api.problems import ValidationFailed

_UUID = r"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"


@dataclass(frozen=True)
class ApiUrls:
    """Builds absolute URLs for one request's scheme and host."""

    base: str  # e.g. "http://127.0.0.1:8000", no trailing slash

    def build(self, prefix: str, resource: str, key: object | None = None) -> str:
        url = f"{self.base}{prefix}/{resource}"
        return f"{url}/{key}" if key is not None else url


def request_base(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def is_own_host(request: HttpRequest, netloc: str) -> bool:
    return netloc == request.get_host() or netloc in settings.IWERK_API_HOSTS


def resolve_uuid(
    request: HttpRequest, url: str, *, prefix: str, resource: str, field: str
) -> uuid.UUID:
    """The uuid in url when it names `resource` of this installation; 400 otherwise.

    Codes follow the reference implementation: bad-url for a URL that does not lead
    to a resource, invalid-resource for one of the wrong kind.
    """
    parts = urlsplit(url)
    if not is_own_host(request, parts.netloc):
        raise ValidationFailed.single(
            field,
            "bad-url",
            "De URL verwijst niet naar een register van deze installatie en externe registers zijn niet toegestaan.",
        )
    match = re.fullmatch(rf"{re.escape(prefix)}/([a-z\-]+)/{_UUID}/?", parts.path)
    if not match:
        raise ValidationFailed.single(
            field, "bad-url", "De URL verwijst niet naar een bestaande resource."
        )
    if match.group(1) != resource:
        raise ValidationFailed.single(
            field,
            "invalid-resource",
            f"De URL verwijst naar een {match.group(1)}-resource, verwacht: {resource}.",
        )
    return uuid.UUID(match.group(2))
