"""What the BRP double reads from the official OAS: the request schemas and the `fields` paths.

The request is checked against the schema of its `type` (RaadpleegMetBurgerservicenummer, …) in
the OAS copied unchanged into iwerk/specs/brp; each violation becomes an invalidParam. The paths a
request may name in `fields` are the properties of the operation's answer (Persoon or
PersoonBeperkt), followed through allOf, arrays and the subtypes a discriminator names: "naam",
"geboorte.datum", "verblijfplaats.verblijfadres.postcode". The fields the API delivers by itself
may not be asked for (the spec: "leidt tot een 400 Bad Request").
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]  # no stubs installed (types-jsonschema)
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

OAS = Path(__file__).resolve().parent.parent / "specs" / "brp" / "openapi.yaml"
AUTOMATISCH = (
    "inOnderzoek",
    "geheimhoudingPersoonsgegevens",
    "opschortingBijhouding",
    "rni",
    "verificatie",
)
ANTWOORDSCHEMAS = {
    "RaadpleegMetBurgerservicenummer": "Persoon",
    "ZoekMetAdresseerbaarObjectIdentificatie": "GezagPersoonBeperkt",
}
REDENEN = {
    "pattern": "Waarde voldoet niet aan patroon.",
    "required": "Parameter is verplicht.",
    "type": "Waarde heeft een onjuist type.",
    "minItems": "Array bevat minder dan het minimum aantal items.",
    "maxItems": "Array bevat meer dan het maximum aantal items.",
    "minimum": "Waarde is lager dan minimum.",
    "maximum": "Waarde is hoger dan maximum.",
    "format": "Waarde is geen geldige datum.",
    "unknownParam": "Parameter is niet verwacht.",
}


@functools.cache
def oas() -> dict:
    return yaml.load(OAS.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # noqa: S506 - CSafeLoader is the safe loader


def schemas() -> dict[str, Any]:
    return oas()["components"]["schemas"]


def zoektypen() -> tuple[str, ...]:
    return tuple(schemas()["PersonenQuery"]["discriminator"]["mapping"])


@functools.cache
def _registry() -> Registry:
    return Registry().with_resource("urn:brp", Resource.from_contents(oas(), DRAFT202012))


def _los(schema: dict) -> dict:
    while "$ref" in schema:
        schema = schemas()[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _eigenschappen(schema: dict, gezien: frozenset[str] = frozenset()) -> dict[str, list[dict]]:
    """The properties of a schema and of everything it builds on or branches into; a name that
    several subtypes use (verblijfplaats.verblijfadres) has each of their schemas."""
    naam = schema.get("$ref", "").rsplit("/", 1)[-1]
    if naam in gezien:
        return {}
    gezien = gezien | {naam} if naam else gezien
    schema = _los(schema)
    delen = [*schema.get("allOf", [])]
    delen += [
        {"$ref": ref} for ref in (schema.get("discriminator") or {}).get("mapping", {}).values()
    ]
    uit: dict[str, list[dict]] = {}
    for deel in delen:
        for sleutel, subs in _eigenschappen(deel, gezien).items():
            uit.setdefault(sleutel, []).extend(subs)
    for sleutel, sub in schema.get("properties", {}).items():
        uit.setdefault(sleutel, []).append(sub)
    return uit


def _paden(schema: dict, voor: str, gezien: frozenset[str]) -> set[str]:
    if _los(schema).get("type") == "array":
        schema = _los(schema).get("items", {})
    naam = schema.get("$ref", "").rsplit("/", 1)[-1]
    if naam in gezien:
        return set()
    uit: set[str] = set()
    for sleutel, subs in _eigenschappen(schema, gezien).items():
        pad = f"{voor}{sleutel}"
        uit.add(pad)
        for sub in subs:
            uit |= _paden(sub, f"{pad}.", gezien | ({naam} if naam else set()))
    return uit


@functools.cache
def veldpaden(zoektype: str) -> frozenset[str]:
    """Every path `fields` may name for this query type (without the automatic fields)."""
    schema = ANTWOORDSCHEMAS.get(zoektype, "PersoonBeperkt")
    paden = _paden({"$ref": f"#/components/schemas/{schema}"}, "", frozenset())
    return frozenset(
        p for p in paden if p.split(".")[0] not in AUTOMATISCH and "inOnderzoek" not in p.split(".")
    )


def _param(naam: str, code: str, reden: str) -> dict:
    return {
        "type": "https://www.vng.nl/realisatie/api/validaties/" + code.lower(),
        "name": naam,
        "code": code,
        "reason": reden,
    }


def _naam(naam: str) -> str:
    """A parameter name as InvalidParam.name allows it (letters, digits, dot, underscore)."""
    return re.sub(r"[^a-zA-Z0-9._]", "", naam)[:30] or "body"


def fouten(body: Any) -> list[dict]:
    """The invalidParams of a request body ([] when it is valid)."""
    if not isinstance(body, dict):
        return [_param("body", "required", "Parameter is verplicht.")]
    zoektype = body.get("type")
    if zoektype not in zoektypen():
        return [_param("type", "value", "Waarde is geen geldig zoek type.")]
    schema = {"$ref": f"urn:brp#/components/schemas/{zoektype}"}
    validator = jsonschema.Draft202012Validator(
        schema, registry=_registry(), format_checker=jsonschema.FormatChecker()
    )
    uit = []
    for fout in sorted(validator.iter_errors(body), key=lambda f: str(list(f.path))):
        if fout.validator == "required":
            naam = re.findall(r"'([^']+)'", fout.message)[0]
        else:
            naam = ".".join(str(p) for p in fout.absolute_path if isinstance(p, str)) or "body"
        code = str(fout.validator)
        uit.append(_param(_naam(naam), code, REDENEN.get(code, "Waarde is niet correct.")))
    bekend = set(_eigenschappen({"$ref": f"#/components/schemas/{zoektype}"}))
    for naam in body:
        if naam not in bekend:
            uit.append(_param(_naam(naam), "unknownParam", REDENEN["unknownParam"]))
    if not uit:
        paden = veldpaden(zoektype)
        for veld in body["fields"]:
            if veld not in paden:
                uit.append(
                    _param("fields", "field", "Parameter bevat een niet bestaande veldnaam.")
                )
                break
    return uit


def kies(persoon: dict, velden: list[str], zoektype: str) -> dict:
    """Only the asked fields of a whole Persoon (and the automatic ones), within what the query
    type's answer schema holds. Asking for a part of a polymorphic object keeps its `type`; a
    date is always whole."""
    paden = veldpaden(zoektype)
    uit = _kies(persoon, "", tuple(velden), paden)
    for sleutel in AUTOMATISCH:
        if sleutel in persoon:
            uit[sleutel] = persoon[sleutel]
    return uit


def _kies(waarde: dict, voor: str, velden: tuple[str, ...], paden: frozenset[str]) -> dict:
    uit: dict[str, Any] = {}
    for sleutel, sub in waarde.items():
        pad = f"{voor}{sleutel}"
        if pad not in paden:
            continue
        geheel = any(pad == v or pad.startswith(v + ".") for v in velden)
        deel = any(v.startswith(pad + ".") for v in velden)
        if not (geheel or deel) or (sleutel == "type" and not geheel):
            continue
        if _is_datum(sub):
            uit[sleutel] = sub
        elif isinstance(sub, dict):
            if gekozen := _kies(sub, pad + ".", velden, paden):
                uit[sleutel] = gekozen
        elif isinstance(sub, list):
            lijst = [_kies(s, pad + ".", velden, paden) if isinstance(s, dict) else s for s in sub]
            if lijst := [s for s in lijst if s not in ({}, None)]:
                uit[sleutel] = lijst
        elif geheel:
            uit[sleutel] = sub
    if uit and "type" in waarde:
        uit = {"type": waarde["type"], **uit}
    return uit


def _is_datum(waarde: Any) -> bool:
    return isinstance(waarde, dict) and "langFormaat" in waarde
