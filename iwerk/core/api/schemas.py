"""Input schemas for the ZGW APIs: pydantic v2 models with the spec's camelCase names.

Every request body and query string is parsed by one explicit schema; pydantic's
errors become ZGW invalidParams with DRF-compatible codes and Dutch reasons
(see docs/adr/0002-pydantic-for-input-schemas.md).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal, get_args
from urllib.parse import urlsplit

import orjson
from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, ValidationError
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

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


def Text(max_length: int | None = None, *, required: bool = False):  # noqa: N802 - reads like a type
    """A string of at most max_length characters; required ones may not be empty."""
    return Annotated[
        str, StringConstraints(max_length=max_length, min_length=1 if required else None)
    ]


Duration = Annotated[str, AfterValidator(_check_duration)]
Rsin = Annotated[str, AfterValidator(_check_rsin)]
Email = Annotated[str, AfterValidator(_check_email)]


class ApiSchema(BaseModel):
    """A request body: camelCase keys, unknown keys refused, JSON types strictly."""

    model_config = ConfigDict(alias_generator=to_camel, extra="forbid", strict=True, frozen=True)

    # camelCase names that are part of the response but may not be written.
    read_only: ClassVar[frozenset[str]] = frozenset()


class QuerySchema(BaseModel):
    """Query parameters: camelCase names as in the spec, strings converted leniently."""

    model_config = ConfigDict(alias_generator=to_camel, extra="forbid", frozen=True)

    # Parameters that take several values (?x=a&x=b or ?x=a,b).
    multi: ClassVar[frozenset[str]] = frozenset()


def _has_nul(value) -> bool:
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

    current is the resource's present representation (for PUT/PATCH): read-only fields
    may be echoed back unchanged, anything else in them is refused. PATCH merges the
    body into current first, so PUT and PATCH share every validation.
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

    errors: list[InvalidParam] = []
    for key in list(data):
        if key in schema.read_only:
            if current is not None and data[key] == current.get(key):
                del data[key]
            else:
                errors.append(
                    InvalidParam(
                        key, "read-only", "Dit veld is alleen-lezen en kan niet gewijzigd worden."
                    )
                )
    if errors:
        raise ValidationFailed(errors)
    if partial and current is not None:
        base = {
            k: v
            for k, v in current.items()
            if k not in schema.read_only and k in _input_names(schema)
        }
        # A deep copy, so stripping below never touches the caller's representation.
        data = orjson.loads(orjson.dumps({**base, **data}))
    _strip_nested_read_only(schema, data)
    return validate(schema, data)


def _nested_schema(annotation: Any) -> type[ApiSchema] | None:
    if isinstance(annotation, type) and issubclass(annotation, ApiSchema):
        return annotation
    for arg in get_args(annotation):
        if found := _nested_schema(arg):
            return found
    return None


def _strip_nested_read_only(schema: type[BaseModel], data: dict) -> None:
    """Nested objects may echo their read-only parts (e.g. componentWeergave); those are dropped."""
    for name, field in schema.model_fields.items():
        nested = _nested_schema(field.annotation)
        value = data.get(field.alias or name)
        if nested is None or value is None:
            continue
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict):
                for key in nested.read_only & item.keys():
                    del item[key]
                _strip_nested_read_only(nested, item)


def _input_names(schema: type[BaseModel]) -> set[str]:
    return {field.alias or name for name, field in schema.model_fields.items()}


def validate(schema: type[BaseModel], data: dict) -> Any:
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


def _describe(error: dict) -> tuple[str, str]:
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
