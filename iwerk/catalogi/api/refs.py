"""Resolve URLs in Catalogi requests to objects the calling client may see."""

from __future__ import annotations

import uuid as uuidlib
from urllib.parse import urlsplit

from django.db.models import Model, QuerySet

from iwerk.catalogi import selectors
from iwerk.catalogi.api.output import PREFIX
from iwerk.core.api.problems import NotFound, PermissionDenied, ValidationFailed
from iwerk.core.api.references import is_own_host, resolve_uuid

NO_MATCH = uuidlib.UUID(int=0)


def queryset(resource: str, actor) -> QuerySet:
    if resource == "catalogussen":
        return selectors.catalogussen(actor)
    if resource == "zaaktypen":
        return selectors.zaaktypen(actor)
    if resource == "informatieobjecttypen":
        return selectors.informatieobjecttypen(actor)
    if resource == "besluittypen":
        return selectors.besluittypen(actor)
    return selectors.children(resource, actor)


def get_or_404(resource: str, actor, key) -> Model:
    """The object if the actor may see it; 403 when it exists for another gemeente (ZGW A6), else 404."""
    obj = queryset(resource, actor).filter(uuid=key).first()
    if obj is None:
        model = queryset(resource, actor).model
        if model.objects.filter(uuid=key).exists():
            raise PermissionDenied("Deze applicatie heeft geen toegang tot dit object.")
        raise NotFound("Het object bestaat niet.")
    return obj


def by_url(request, resource: str, url: str, field: str) -> Model:
    key = resolve_uuid(request, url, prefix=PREFIX, resource=resource, field=field)
    obj = queryset(resource, request.actor).filter(uuid=key).first()
    if obj is None:
        raise ValidationFailed.single(
            field, "bad-url", "De URL verwijst niet naar een bestaand object."
        )
    return obj


def many_by_url(request, resource: str, urls: list[str], field: str) -> list[Model]:
    return [by_url(request, resource, url, f"{field}.{index}") for index, url in enumerate(urls)]


def filter_uuid(request, url: str, resource: str, param: str) -> uuidlib.UUID:
    """uuid from a URL query filter; a URL of another installation simply matches nothing."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValidationFailed.single(param, "invalid", "Voer een geldige URL in.")
    if not is_own_host(request, parts.netloc):
        return NO_MATCH
    try:
        return resolve_uuid(request, url, prefix=PREFIX, resource=resource, field=param)
    except ValidationFailed:
        return NO_MATCH
