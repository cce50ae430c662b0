"""Request bodies and query strings of the Notificaties API 1.0.1."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

from iwerk.core.api.schemas import ApiSchema, DateTime, QuerySchema, Text, Url


class KanaalIn(ApiSchema):
    read_only = frozenset({"url"})
    naam: Annotated[str, StringConstraints(min_length=1, max_length=50, pattern=r"^[a-z0-9_\-]+$")]
    documentatie_link: Annotated[Url, StringConstraints(max_length=200)] | None = None
    filters: list[Text(100, required=True)] = []


class KanaalQuery(QuerySchema):
    naam: str | None = None


class FilterGroupIn(ApiSchema):
    naam: Text(50, required=True)
    filters: dict[str, str] = {}


class AbonnementIn(ApiSchema):
    read_only = frozenset({"url"})
    callback_url: Url
    auth: Text(required=True)
    kanalen: list[FilterGroupIn]


class MessageIn(ApiSchema):
    kanaal: Text(50, required=True)
    hoofd_object: Url
    resource: Text(100, required=True)
    resource_url: Url
    actie: Text(100, required=True)
    aanmaakdatum: DateTime
    kenmerken: dict[str, str] = {}
