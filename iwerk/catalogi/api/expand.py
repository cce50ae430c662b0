"""`expand` for the Catalogi API (1.3.2+): embed related resources under `_expand`.

Paths are comma-separated and dotted for depth ("statustypen,besluittypen.informatieobjecttypen").
Each level is resolved in bulk — one batch of queries per resource kind and depth, never
one per object — and only objects the client may see are embedded.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from iwerk.catalogi import selectors
from iwerk.catalogi.api import output as out
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import ValidationFailed

_URL = re.compile(r"/catalogi/api/v1/([a-z\-]+)/([0-9a-f\-]{36})$")

# Which attributes of each resource may be expanded (the *Embedded schemas of 1.3.3).
EXPANDABLE: dict[str, frozenset[str]] = {
    "catalogussen": frozenset({"zaaktypen", "besluittypen", "informatieobjecttypen"}),
    "zaaktypen": frozenset(
        {
            "zaakobjecttypen",
            "catalogus",
            "statustypen",
            "resultaattypen",
            "eigenschappen",
            "informatieobjecttypen",
            "roltypen",
            "besluittypen",
            "deelzaaktypen",
            "gerelateerdeZaaktypen",
        }
    ),
    "statustypen": frozenset({"catalogus", "zaaktype", "eigenschappen"}),
    "besluittypen": frozenset(
        {"catalogus", "zaaktypen", "informatieobjecttypen", "resultaattypen"}
    ),
    "informatieobjecttypen": frozenset({"catalogus", "zaaktypen", "besluittypen"}),
    "resultaattypen": frozenset({"catalogus", "zaaktype", "besluittypen", "informatieobjecttypen"}),
    "roltypen": frozenset({"catalogus", "zaaktype"}),
    "eigenschappen": frozenset({"catalogus", "zaaktype", "statustype"}),
    "zaakobjecttypen": frozenset({"zaaktype", "resultaattypen", "statustypen", "catalogus"}),
    "zaaktype-informatieobjecttypen": frozenset(
        {"zaaktype", "catalogus", "informatieobjecttype", "statustype"}
    ),
}


def _loader(resource: str, actor: Actor) -> tuple:
    if resource == "catalogussen":
        return (
            selectors.catalogussen_with_relations(selectors.catalogussen(actor)),
            out.catalogus_json,
            None,
        )
    if resource == "zaaktypen":
        return (
            selectors.zaaktypen(actor),
            out.zaaktype_json,
            out.RenderContext.prime_zaaktypen,
        )
    if resource == "besluittypen":
        return (
            selectors.besluittypen_with_relations(selectors.besluittypen(actor)),
            out.besluittype_json,
            out.RenderContext.prime_besluittypen,
        )
    if resource == "informatieobjecttypen":
        return (
            selectors.informatieobjecttypen(actor),
            out.informatieobjecttype_json,
            out.RenderContext.prime_informatieobjecttypen,
        )
    renderers: dict[str, Callable] = {
        "statustypen": out.statustype_json,
        "roltypen": out.roltype_json,
        "resultaattypen": out.resultaattype_json,
        "eigenschappen": out.eigenschap_json,
        "zaakobjecttypen": out.zaakobjecttype_json,
        "zaaktype-informatieobjecttypen": out.ziot_json,
    }
    prime = {
        "zaaktype-informatieobjecttypen": out.RenderContext.prime_ziots,
        "statustypen": out.RenderContext.prime_statustypen,
        "resultaattypen": out.RenderContext.prime_resultaattypen,
    }.get(resource)
    return selectors.children(resource, actor), renderers[resource], prime


def parse(expand: str | None, resource: str) -> dict:
    """'a,b.c' -> {'a': {}, 'b': {'c': {}}}; unknown attributes are a 400 naming the path."""
    tree: dict = {}
    if not expand:
        return tree
    for path in (p.strip() for p in expand.split(",")):
        if not path:
            continue
        node = tree
        for part in path.split("."):
            node = node.setdefault(part, {})
    _check(tree, resource, "")
    return tree


def _check(tree: dict, resource: str, prefix: str) -> None:
    for name, children in tree.items():
        if name not in EXPANDABLE.get(resource, frozenset()):
            raise ValidationFailed.single(
                "expand",
                "invalid-expand",
                f"'{prefix}{name}' kan niet uitgeklapt worden bij {resource}.",
            )
        target = _target_resource(resource, name)
        _check(children, target, f"{prefix}{name}.")


def _target_resource(resource: str, name: str) -> str:
    singular = {
        "catalogus": "catalogussen",
        "zaaktype": "zaaktypen",
        "statustype": "statustypen",
        "informatieobjecttype": "informatieobjecttypen",
        "gerelateerdeZaaktypen": "zaaktypen",
        "deelzaaktypen": "zaaktypen",
    }
    return singular.get(name, name)


def apply(
    rows: list[dict], resource: str, tree: dict, *, actor: Actor, ctx: out.RenderContext
) -> list[dict]:
    """Add `_expand` to each row (in place) following tree; returns rows."""
    if not tree or not rows:
        return rows
    for name, children in tree.items():
        values = {row_id: _urls(row, name) for row_id, row in enumerate(rows)}
        wanted: dict[str, set[str]] = defaultdict(set)
        for urls in values.values():
            for url in urls:
                if match := _URL.search(url):
                    wanted[match.group(1)].add(match.group(2))
        rendered: dict[str, dict] = {}
        for kind, uuids in wanted.items():
            qs, to_json, prime = _loader(kind, actor)
            objects = list(qs.filter(uuid__in=list(uuids)))
            if prime:
                prime(ctx, objects)
            page = [to_json(obj, ctx) for obj in objects]
            apply(page, kind, children, actor=actor, ctx=ctx)
            rendered.update({item["url"]: item for item in page})
        many = isinstance(rows[0].get(name), list)
        for row_id, row in enumerate(rows):
            found = [rendered[url] for url in values[row_id] if url in rendered]
            # A null (or invisible) single relation expands to {} ("EmptyObject" in the spec).
            row.setdefault("_expand", {})[name] = found if many else (found[0] if found else {})
    return rows


def _urls(row: dict, name: str) -> list[str]:
    value = row.get(name)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v["zaaktype"] if isinstance(v, dict) else v for v in value if v]
    return []
