"""`fields` on _zoek (Zaken 1.6+, zrc-029): choose the attributes of each result and of what it embeds.

    ["url", "identificatie", {"zaaktype": ["omschrijving", {"catalogus": ["domein"]}]}, {"resultaat": ["*"]}]

Plain names pick top-level attributes ("*" = all); an object names a relation to expand, with
the attributes to keep of the embedded resource, to any depth. Names match case-insensitively
(the standard's own example writes "datumstatusgezet"). `fields` and `expand` exclude each other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from iwerk.core.api.problems import ValidationFailed


def _fail(reason: str) -> ValidationFailed:
    return ValidationFailed.single("fields", "invalid", reason)


def expand_paths(fields: list[Any], can_expand: Callable[[str], bool]) -> str:
    """The expand parameter ("zaaktype,zaaktype.catalogus,…") the fields selection needs.

    An object whose name cannot be expanded is an inline group (processobject, verlenging):
    its attributes are selected in place.
    """
    paths: list[str] = []

    def walk(items: list[Any], prefix: str) -> None:
        for item in items:
            if isinstance(item, dict):
                for relation, sub in item.items():
                    if not isinstance(sub, list):
                        raise _fail(f"'{relation}' moet een lijst met velden hebben.")
                    if can_expand(prefix + relation):
                        paths.append(prefix + relation)
                        walk(sub, f"{prefix}{relation}.")
            elif not isinstance(item, str):
                raise _fail("Een veld is een naam of een object met een lijst velden.")

    walk(fields, "")
    return ",".join(paths)


def select(row: dict, fields: list[Any]) -> dict:
    """row (with its `_expand`) reduced to the chosen attributes."""
    names = {key.lower(): key for key in row if key != "_expand"}
    keep: set[str] = set()
    nested: dict[str, list[Any]] = {}
    for item in fields:
        if isinstance(item, str):
            if item == "*":
                keep.update(names.values())
            elif item.lower() in names:
                keep.add(names[item.lower()])
            else:
                raise _fail(f"Onbekend veld '{item}'.")
        else:
            for relation, sub in item.items():
                if relation.lower() not in names:
                    raise _fail(f"Onbekend veld '{relation}'.")
                keep.add(names[relation.lower()])
                nested[names[relation.lower()]] = sub
    result = {key: value for key, value in row.items() if key in keep}
    embedded = row.get("_expand") or {}
    for relation, sub in nested.items():
        if relation in embedded:
            value = embedded[relation]
            target = result.setdefault("_expand", {})
        else:  # an inline group: select within the attribute itself
            value = row[relation]
            target = result
        if isinstance(value, list):
            target[relation] = [select(v, sub) if isinstance(v, dict) else v for v in value]
        else:
            target[relation] = select(value, sub) if isinstance(value, dict) and value else value
    return result
