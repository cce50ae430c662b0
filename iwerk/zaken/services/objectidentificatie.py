"""Validation of ZaakObject.objectIdentificatie against the official Zaken 1.7.0 schemas.

Thirty object types each define their own identificatie; rather than re-typing them, iwerk
validates with the schema the specification itself publishes for the given objectType.
"""

from __future__ import annotations

from functools import cache

from openapi_schema_validator import OAS30Validator

from iwerk.core.api.docs import load_spec
from iwerk.core.api.problems import InvalidParam, ValidationFailed


@cache
def _validators() -> dict[str, OAS30Validator]:
    spec = load_spec("iwerk.zaken")
    schemas = spec["components"]["schemas"]
    result: dict[str, OAS30Validator] = {}
    for object_type, ref in schemas["ZaakObject"]["discriminator"]["mapping"].items():
        parts = schemas[ref.rsplit("/", 1)[-1]].get("allOf", [])
        for part in parts:
            name = part.get("$ref", "").rsplit("/", 1)[-1]
            if name.startswith("object_identificatie_"):
                schema = schemas[name]["properties"]["objectIdentificatie"]
                result[object_type] = OAS30Validator({**schema, "components": spec["components"]})
    return result


def validate(object_type: str, data: object) -> None:
    """400 with the failing path under objectIdentificatie, or nothing."""
    validator = _validators().get(object_type)
    if validator is None or data is None:
        return
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        raise ValidationFailed(
            [
                InvalidParam(
                    ".".join(["objectIdentificatie", *map(str, e.absolute_path)]),
                    "invalid",
                    e.message[:300],
                )
                for e in errors[:20]
            ]
        )
