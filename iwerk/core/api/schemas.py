"""Input schemas for the ZGW APIs: pydantic v2 models with the spec's camelCase names.

Every request body and query string is parsed by one explicit schema; pydantic's
errors become ZGW invalidParams with DRF-compatible codes and Dutch reasons
(see docs/adr/0002-pydantic-for-input-schemas.md).
"""

from __future__ import annotations

import functools
import re
import types
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Literal, Union, get_args, get_origin
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import orjson
from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, ValidationError
from pydantic.alias_generators import to_camel
from pydantic_core import ErrorDetails, PydanticCustomError

from iwerk.core import migratie
from iwerk.core.api.problems import InvalidParam, ParseError, UnsupportedMediaType, ValidationFailed
from iwerk.core.validators import rsin_error

_DURATION = re.compile(
    r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$"
)


def _check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        raise PydanticCustomError("invalid", "Voer een geldige URL in.")
    return value


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _check_email(value: str) -> str:
    if value and not _EMAIL.match(value):
        raise PydanticCustomError("invalid", "Voer een geldig e-mailadres in.")
    return value


def _check_duration(value: str) -> str:
    if not _DURATION.match(value):
        raise PydanticCustomError(
            "invalid", "Ongeldige duur; gebruik ISO 8601, bijvoorbeeld P8W, P30D of P1Y6M."
        )
    return value


def _check_rsin(value: str) -> str:
    if reason := rsin_error(value):
        raise PydanticCustomError("invalid", reason)
    return value


Url = Annotated[str, AfterValidator(_check_url)]
Vertrouwelijkheid = Literal[
    "openbaar",
    "beperkt_openbaar",
    "intern",
    "zaakvertrouwelijk",
    "vertrouwelijk",
    "confidentieel",
    "geheim",
    "zeer_geheim",
]
# The objecttypen the ZGW information model knows (Catalogi ObjecttypeEnum, Zaken ObjectTypeEnum).
Objecttype = Literal[
    "adres",
    "besluit",
    "buurt",
    "enkelvoudig_document",
    "gemeente",
    "gemeentelijke_openbare_ruimte",
    "huishouden",
    "inrichtingselement",
    "kadastrale_onroerende_zaak",
    "kunstwerkdeel",
    "maatschappelijke_activiteit",
    "medewerker",
    "natuurlijk_persoon",
    "niet_natuurlijk_persoon",
    "openbare_ruimte",
    "organisatorische_eenheid",
    "pand",
    "spoorbaandeel",
    "status",
    "terreindeel",
    "terrein_gebouwd_object",
    "vestiging",
    "waterdeel",
    "wegdeel",
    "wijk",
    "woonplaats",
    "woz_deelobject",
    "woz_object",
    "woz_waarde",
    "zakelijk_recht",
    "overige",
]


def Text(max_length: int | None = None, *, required: bool = False) -> Any:  # noqa: N802 - reads like a type
    """A string of at most max_length characters; required ones may not be empty."""
    return Annotated[
        str, StringConstraints(max_length=max_length, min_length=1 if required else None)
    ]


Duration = Annotated[str, AfterValidator(_check_duration)]
Rsin = Annotated[str, AfterValidator(_check_rsin)]
Email = Annotated[str, AfterValidator(_check_email)]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _aware(value: datetime) -> datetime:
    """A datetime without UTC offset is Dutch local time (as the reference implementation reads it).
    The database keeps it in UTC, so it must fall within years 1 to 9999 there too."""
    aware = value.replace(tzinfo=AMSTERDAM) if value.tzinfo is None else value
    try:
        aware.astimezone(UTC)
    except OverflowError:
        raise PydanticCustomError(
            "invalid", "Dit tijdstip valt in UTC buiten de jaren 1 tot en met 9999."
        ) from None
    return aware


# Every datetime in a body or query: ISO 8601, with or without offset (then Europe/Amsterdam).
DateTime = Annotated[datetime, AfterValidator(_aware)]


class ApiSchema(BaseModel):
    """A request body: camelCase keys, JSON types strictly.

    What a client sends beyond the schema is dropped before validation, as the reference
    implementation (DRF) does (docs/adr/0024): read-only properties whatever their value,
    unknown properties (named in the X-Ignored-Fields response header), and a JSON number where
    the schema has a string becomes its decimal text. extra="forbid" stays as a guard: nothing
    unknown can reach a model.
    """

    model_config = ConfigDict(alias_generator=to_camel, extra="forbid", strict=True, frozen=True)

    # camelCase names that are part of the response but are not written.
    read_only: ClassVar[frozenset[str]] = frozenset()
    # camelCase names read only in a migration write (core.migratie, ADR 0063): the object's
    # `uuid` and the dates the standard sets to "now". Otherwise they are what they always were:
    # read-only (dropped) or, when the resource does not show them, unknown (dropped and named).
    migration_fields: ClassVar[frozenset[str]] = frozenset()


class QuerySchema(BaseModel):
    """Query parameters: camelCase names as in the spec, strings converted leniently."""

    model_config = ConfigDict(alias_generator=to_camel, extra="forbid", frozen=True)

    # Parameters that take several values (?x=a&x=b or ?x=a,b).
    multi: ClassVar[frozenset[str]] = frozenset()


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def parse_body(
    request: Any, schema: type[ApiSchema], *, current: dict | None = None, partial: bool = False
) -> Any:
    """Parse a JSON body into schema.

    current is the resource's present representation (for PUT/PATCH). PATCH merges the body
    into current first, so PUT and PATCH share every validation. Read-only and unknown
    properties are ignored (docs/adr/0024); the unknown ones are remembered on the request
    for the X-Ignored-Fields header.
    """
    content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise UnsupportedMediaType(
            f"Gebruik Content-Type application/json, niet '{content_type or '(geen)'}'."
        )
    body = request.body or b"null"
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise ParseError(f"De request body is geen geldige JSON: {exc}.") from exc
    # A NUL character (JSON \u0000) cannot be stored by PostgreSQL and means nothing in ZGW.
    if b"\\u0000" in body and _has_nul(data):
        raise ValidationFailed.single(
            "nonFieldErrors", "nul-character", "De body bevat een NUL-teken."
        )
    if not isinstance(data, dict):
        raise ValidationFailed.single("nonFieldErrors", "invalid", "Verwachtte een JSON-object.")

    ignored: list[str] = []
    data = normalise(schema, data, ignored)
    if ignored:
        request.ignored_fields = ignored
    if partial and current is not None:
        # What a migration write keeps (a uuid, a historic date) comes from the body only, never
        # from the present representation: a new document version is not dated as the last.
        base = {
            key: value
            for key, value in normalise(schema, current, []).items()
            if key not in schema.migration_fields
        }
        data = {**base, **data}
    return _validate(schema, data)


@functools.cache
def _fields(schema: type[BaseModel]) -> dict[str, tuple[str, type[ApiSchema] | None]]:
    """Per input name (camelCase): its kind ("str", "list_str", "dict_str", "schema",
    "list_schema" or "other") and the nested schema, worked out once per schema."""
    fields: dict[str, tuple[str, type[ApiSchema] | None]] = {}
    for name, field in schema.model_fields.items():
        fields[field.alias or name] = _kind(field.annotation)
    return fields


def _leaves(annotation: Any) -> list[Any]:
    """The alternatives of a (possibly Annotated, Optional or Union) annotation."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _leaves(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        return [leaf for arg in get_args(annotation) for leaf in _leaves(arg)]
    return [annotation]


def _is_text(leaf: Any) -> bool:
    if leaf is str:
        return True
    return get_origin(leaf) is Literal and any(isinstance(v, str) for v in get_args(leaf))


def _kind(annotation: Any) -> tuple[str, type[ApiSchema] | None]:
    leaves = [leaf for leaf in _leaves(annotation) if leaf is not type(None)]
    schemas = [leaf for leaf in leaves if isinstance(leaf, type) and issubclass(leaf, ApiSchema)]
    if len(schemas) == 1:
        return "schema", schemas[0]
    lists = [leaf for leaf in leaves if get_origin(leaf) is list]
    if len(lists) == 1 and len(leaves) == 1:
        (item,) = get_args(lists[0]) or (Any,)
        kind, nested = _kind(item)
        if kind == "schema":
            return "list_schema", nested
        if kind == "str":
            return "list_str", None
    dicts = [leaf for leaf in leaves if get_origin(leaf) is dict]
    if len(dicts) == 1 and len(leaves) == 1 and _kind(get_args(dicts[0])[1])[0] == "str":
        return "dict_str", None
    numbers = any(leaf in (int, float) for leaf in leaves)
    if not numbers and any(_is_text(leaf) for leaf in leaves):
        return "str", None
    return "other", None


def _as_text(value: Any) -> Any:
    """DRF's CharField reads a JSON number as its decimal text; booleans stay wrong."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def normalise(schema: type[ApiSchema], data: dict, ignored: list[str], prefix: str = "") -> dict:
    """A new dict with what schema reads of data: read-only and unknown properties dropped
    (unknown ones appended to ignored, as dotted paths), numbers for strings as text; nested
    schemas likewise."""
    fields = _fields(schema)
    result: dict = {}
    migrating = migratie.actief()
    for key, value in data.items():
        if key in schema.migration_fields and not migrating:
            if key not in schema.read_only:
                ignored.append(f"{prefix}{key}")
            continue
        if key in schema.read_only and key not in schema.migration_fields:
            continue
        if key not in fields:
            ignored.append(f"{prefix}{key}")
            continue
        kind, nested = fields[key]
        if kind == "str":
            value = _as_text(value)
        elif kind == "list_str" and isinstance(value, list):
            value = [_as_text(item) for item in value]
        elif kind == "dict_str" and isinstance(value, dict):
            value = {k: _as_text(v) for k, v in value.items()}
        elif kind == "schema" and nested is not None and isinstance(value, dict):
            value = normalise(nested, value, ignored, f"{prefix}{key}.")
        elif kind == "list_schema" and nested is not None and isinstance(value, list):
            value = [
                normalise(nested, item, ignored, f"{prefix}{key}.{index}.")
                if isinstance(item, dict)
                else item
                for index, item in enumerate(value)
            ]
        result[key] = value
    return result


def validate(schema: type[BaseModel], data: dict) -> Any:
    """Validate a JSON object (e.g. a nested part chosen by a discriminator) against schema,
    reading it as parse_body reads a body."""
    if isinstance(data, dict) and isinstance(schema, type) and issubclass(schema, ApiSchema):
        data = normalise(schema, data, [])
    return _validate(schema, data)


def _validate(schema: type[BaseModel], data: Any) -> Any:
    try:
        return schema.model_validate_json(orjson.dumps(data))
    except ValidationError as exc:
        raise ValidationFailed(translate_errors(exc)) from exc


def parse_query(request: Any, schema: type[QuerySchema]) -> Any:
    """Parse the query string; unknown parameters are a 400 (ZGW: filters are input)."""
    data: dict[str, Any] = {}
    for key in request.GET:
        values = request.GET.getlist(key)
        if key in schema.multi:
            data[key] = [part for value in values for part in value.split(",") if part]
        else:
            data[key] = values[-1]
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(translate_errors(exc)) from exc


_TYPE_TAGS = frozenset({"str", "int", "bool", "none", "date", "datetime", "list", "dict", "float"})

_TYPE_MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("required", "Dit veld is vereist."),
    "extra_forbidden": ("unknown-field", "Onbekend veld; dit veld bestaat niet in deze resource."),
    "string_type": ("invalid", "Geen geldige tekst."),
    "int_type": ("invalid", "Een geldig geheel getal is vereist."),
    "int_parsing": ("invalid", "Een geldig geheel getal is vereist."),
    "int_from_float": ("invalid", "Een geldig geheel getal is vereist."),
    "bool_type": ("invalid", "Moet een geldige boolean zijn (true of false)."),
    "bool_parsing": ("invalid", "Moet een geldige boolean zijn (true of false)."),
    "date_type": ("invalid", "Datum heeft het verkeerde formaat; gebruik YYYY-MM-DD."),
    "date_parsing": ("invalid", "Datum heeft het verkeerde formaat; gebruik YYYY-MM-DD."),
    "date_from_datetime_parsing": (
        "invalid",
        "Datum heeft het verkeerde formaat; gebruik YYYY-MM-DD.",
    ),
    "date_from_datetime_inexact": (
        "invalid",
        "Datum heeft het verkeerde formaat; gebruik YYYY-MM-DD.",
    ),
    "datetime_type": ("invalid", "Datum/tijd heeft het verkeerde formaat; gebruik ISO 8601."),
    "datetime_parsing": ("invalid", "Datum/tijd heeft het verkeerde formaat; gebruik ISO 8601."),
    "datetime_from_date_parsing": (
        "invalid",
        "Datum/tijd heeft het verkeerde formaat; gebruik ISO 8601.",
    ),
    "list_type": ("not_a_list", "Verwachtte een lijst met items."),
    "dict_type": ("invalid", "Ongeldige gegevens; verwachtte een object."),
    "model_type": ("invalid", "Ongeldige gegevens; verwachtte een object."),
    "model_attributes_type": ("invalid", "Ongeldige gegevens; verwachtte een object."),
    "uuid_parsing": ("invalid", "Geen geldige UUID."),
    "uuid_type": ("invalid", "Geen geldige UUID."),
    "greater_than_equal": ("min_value", "Deze waarde is te klein."),
    "greater_than": ("min_value", "Deze waarde is te klein."),
    "less_than_equal": ("max_value", "Deze waarde is te groot."),
    "set_type": ("not_a_list", "Verwachtte een lijst met unieke items."),
}


def translate_errors(exc: ValidationError) -> list[InvalidParam]:
    params: list[InvalidParam] = []
    seen: set[str] = set()
    for error in exc.errors(include_url=False):
        loc = [str(part) for part in error["loc"] if not str(part).startswith("function-")]
        # Union branches add their type to loc (e.g. "literal['']", "str"); keep field names and indexes.
        loc = [
            part
            for part in loc
            if not any(c in part for c in "[(")
            and not part[:1].isupper()
            and part not in _TYPE_TAGS
        ]
        name = ".".join(loc) or "nonFieldErrors"
        if name in seen:
            continue
        seen.add(name)
        code, reason = _describe(error)
        params.append(InvalidParam(name, code, reason))
    return params


def _describe(error: ErrorDetails) -> tuple[str, str]:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if error.get("input") is None and kind not in ("missing", "extra_forbidden"):
        return "null", "Dit veld mag niet leeg (null) zijn."
    if kind in ("string_too_long", "too_long"):
        limit = ctx.get("max_length")
        return (
            "max_length",
            f"Zorg ervoor dat dit veld niet meer dan {limit} tekens of items bevat.",
        )
    if kind in ("string_too_short", "too_short"):
        if ctx.get("min_length") == 1:
            return "blank", "Dit veld mag niet leeg zijn."
        return (
            "min_length",
            f"Zorg ervoor dat dit veld minstens {ctx.get('min_length')} tekens of items bevat.",
        )
    if kind in ("enum", "literal_error"):
        return "invalid_choice", f'"{error.get("input")}" is een ongeldige keuze.'
    if kind == "string_pattern_mismatch":
        return "invalid", "De waarde heeft niet het juiste formaat."
    if kind in _TYPE_MESSAGES:
        return _TYPE_MESSAGES[kind]
    if kind.startswith("url"):
        return "invalid", "Voer een geldige URL in."
    if kind == "value_error":
        return "invalid", str(ctx.get("error") or error["msg"])
    # Our own PydanticCustomError: its type is the ZGW code, its message is Dutch.
    return kind, error["msg"]
