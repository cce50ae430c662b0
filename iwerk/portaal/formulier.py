"""Declarative form definitions of portaal products, edited by the functioneel beheerder.

A definition is JSON: steps with fields (type, label, required, help text, options, a condition
on another field's value, attachments). It is checked against FORMULIER_SCHEMA plus the rules a
schema cannot express (unique field names, conditions that point at an earlier field), with
reasons in Dutch so beheer sees what to fix.
"""

from __future__ import annotations

import jsonschema

VELDTYPEN = (
    "tekst",
    "tekstvak",
    "getal",
    "datum",
    "keuze",
    "ja_nee",
    "email",
    "telefoon",
    "bijlage",
    "locatie",
    "adres",
)
# What a citizen's sign-in knows, to fill in beforehand (the citizen can still change it).
VOORAF = ("naam", "adres", "postcode", "woonplaats", "email", "telefoon")
BESTANDSTYPEN = ("pdf", "afbeelding")

FORMULIER_SCHEMA = {
    "type": "object",
    "required": ["stappen"],
    "additionalProperties": False,
    "properties": {
        "stappen": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["titel", "velden"],
                "additionalProperties": False,
                "properties": {
                    "titel": {"type": "string", "minLength": 1, "maxLength": 100},
                    "velden": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["naam", "label", "type"],
                            "additionalProperties": False,
                            "properties": {
                                "naam": {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,39}$"},
                                "label": {"type": "string", "minLength": 1, "maxLength": 200},
                                "type": {"enum": list(VELDTYPEN)},
                                "verplicht": {"type": "boolean"},
                                "hulptekst": {"type": "string", "maxLength": 500},
                                "opties": {
                                    "type": "array",
                                    "items": {"type": "string", "minLength": 1},
                                    "minItems": 1,
                                },
                                "toon_als": {
                                    "type": "object",
                                    "required": ["veld", "is"],
                                    "additionalProperties": False,
                                    "properties": {
                                        "veld": {"type": "string"},
                                        "is": {"type": ["string", "boolean", "number"]},
                                    },
                                },
                                "max_mb": {"type": "integer", "minimum": 1, "maximum": 50},
                                "bestandstypen": {
                                    "type": "array",
                                    "items": {"enum": list(BESTANDSTYPEN)},
                                    "minItems": 1,
                                },
                                "vooraf_invullen": {"enum": list(VOORAF)},
                                "eigenschap": {"type": "string", "minLength": 1, "maxLength": 20},
                            },
                        },
                    },
                },
            },
        }
    },
}

_VALIDATOR = jsonschema.Draft202012Validator(FORMULIER_SCHEMA)


def _where(path) -> str:
    parts = []
    for part in path:
        parts.append(f"[{part + 1}]" if isinstance(part, int) else f".{part}")
    return "formulier" + "".join(parts)


def fouten(definitie) -> list[str]:
    """Every problem of a form definition, in Dutch; empty when it can be used."""
    problems = [
        f"{_where(error.absolute_path)}: {_reden(error)}"
        for error in sorted(_VALIDATOR.iter_errors(definitie), key=lambda e: list(e.absolute_path))
    ]
    if problems:
        return problems
    seen: dict[str, str] = {}
    for s, stap in enumerate(definitie["stappen"], start=1):
        for v, veld in enumerate(stap["velden"], start=1):
            where = f"stap {s}, veld {v} ({veld['naam']})"
            if veld["naam"] in seen:
                problems.append(f"{where}: de naam komt al voor bij {seen[veld['naam']]}.")
            if veld["type"] == "keuze" and not veld.get("opties"):
                problems.append(f"{where}: een keuzeveld heeft opties nodig.")
            conditie = veld.get("toon_als")
            if conditie and conditie["veld"] not in seen:
                problems.append(
                    f"{where}: toon_als verwijst naar '{conditie['veld']}', dat geen eerder veld is."
                )
            seen.setdefault(veld["naam"], where)
    return problems


def _reden(error: jsonschema.ValidationError) -> str:
    reasons = {
        "required": "verplicht onderdeel ontbreekt",
        "enum": "onbekende waarde",
        "pattern": "alleen kleine letters, cijfers en _ (begin met een letter)",
        "minItems": "mag niet leeg zijn",
        "minLength": "mag niet leeg zijn",
        "maxLength": "is te lang",
        "type": "heeft het verkeerde type",
        "additionalProperties": "bevat een onbekend onderdeel",
        "minimum": "is te klein",
        "maximum": "is te groot",
    }
    reden = reasons.get(error.validator, "klopt niet")
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else ""
        return f"{reden}: {missing}" if missing else reden
    if error.validator == "enum":
        return (
            f"{reden} ({error.instance!r}); kies uit {', '.join(map(str, error.validator_value))}"
        )
    return reden


def velden(definitie: dict) -> list[dict]:
    return [veld for stap in definitie.get("stappen", []) for veld in stap["velden"]]


def zichtbaar(veld: dict, gegevens: dict) -> bool:
    """Whether a field applies, given the answers so far (a condition on another field's value)."""
    conditie = veld.get("toon_als")
    return conditie is None or gegevens.get(conditie["veld"]) == conditie["is"]


def eigenschappen(definitie: dict) -> set[str]:
    """The zaakeigenschappen the form fills (checked against the zaaktype by the product)."""
    return {veld["eigenschap"] for veld in velden(definitie) if veld.get("eigenschap")}
