"""Request bodies and query strings of the Besluiten API 1.1.0."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import StringConstraints

from iwerk.core.api.schemas import ApiSchema, QuerySchema, Rsin, Text, Url


class BesluitIn(ApiSchema):
    read_only = frozenset({"url", "vervalredenWeergave"})
    # Read in a migration write only (ADR 0063, core.api.schemas.ApiSchema.migration_fields).
    migration_fields = frozenset({"uuid"})
    uuid: UUID | None = None
    identificatie: Text(50) = ""
    verantwoordelijke_organisatie: Rsin
    besluittype: Annotated[Url, StringConstraints(max_length=200)]
    zaak: Annotated[Url, StringConstraints(max_length=200)] | Literal[""] | None = None
    datum: date
    toelichting: Text() = ""
    bestuursorgaan: Text(50) = ""
    ingangsdatum: date
    vervaldatum: date | None = None
    vervalreden: (
        Literal["tijdelijk", "ingetrokken_overheid", "ingetrokken_belanghebbende"] | Literal[""]
    ) = ""
    publicatiedatum: date | None = None
    verzenddatum: date | None = None
    uiterlijke_reactiedatum: date | None = None


class BesluitQuery(QuerySchema):
    identificatie: str | None = None
    verantwoordelijke_organisatie: str | None = None
    besluittype: str | None = None
    zaak: str | None = None
    page: int | None = None
    expand: str | None = None


class DetailQuery(QuerySchema):
    expand: str | None = None


class BesluitInformatieObjectIn(ApiSchema):
    read_only = frozenset({"url"})
    migration_fields = frozenset({"uuid"})
    uuid: UUID | None = None
    informatieobject: Annotated[Url, StringConstraints(max_length=1000)]
    besluit: Url


class BesluitInformatieObjectQuery(QuerySchema):
    besluit: str | None = None
    informatieobject: str | None = None
    expand: str | None = None
