"""`expand` for every ZGW API: embed related resources under `_expand`, across APIs.

Paths are comma-separated and dotted for depth ("status.statustype,rollen"). Each register
registers, per resource, which attributes may be expanded (its *Embedded schema) and a loader
that renders visible objects by uuid. Each level is resolved in bulk — one batch of queries
per resource kind and depth, never one per object — and the client's autorisaties apply to
every embedded object, whichever API it comes from (zrc-025 … zrc-028).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.http import HttpRequest

from iwerk.core.api.problems import ValidationFailed

_URL = re.compile(
    r"^(?:https?://[^/]+)?(?P<prefix>/[a-z]+/api/v1)(?:/.*)?/(?P<resource>[a-z\-]+)/(?P<uuid>[0-9a-fA-F\-]{36})$"
)

Loader = Callable[..., list[dict]]  # (request, uuids) -> rendered, visible objects


@dataclass(frozen=True)
class Expandable:
    prefix: str
    resource: str
    attributes: dict[str, tuple[str, str]]  # attribute -> (prefix, resource) it points to
    load: Loader


_REGISTRY: dict[tuple[str, str], Expandable] = {}


def register(expandable: Expandable) -> None:
    _REGISTRY[(expandable.prefix, expandable.resource)] = expandable


def parse(expand: str | None, prefix: str, resource: str) -> dict:
    """'a,b.c' -> {'a': {}, 'b': {'c': {}}}; an attribute that cannot be expanded is a 400."""
    tree: dict = {}
    if not expand:
        return tree
    for path in (p.strip() for p in expand.split(",")):
        node = tree
        for part in (part for part in path.split(".") if part):
            node = node.setdefault(part, {})
    _check(tree, prefix, resource, "")
    return tree


def can_expand(prefix: str, resource: str, path: str) -> bool:
    """Whether the dotted path can be expanded from resource (used by `fields`)."""
    try:
        parse(path, prefix, resource)
    except ValidationFailed:
        return False
    return True


def _check(tree: dict, prefix: str, resource: str, seen: str) -> None:
    expandable = _REGISTRY.get((prefix, resource))
    for name, children in tree.items():
        if expandable is None or name not in expandable.attributes:
            raise ValidationFailed.single(
                "expand",
                "invalid-expand",
                f"'{seen}{name}' kan niet uitgeklapt worden bij {resource}.",
            )
        _check(children, *expandable.attributes[name], f"{seen}{name}.")


def apply(
    request: HttpRequest, rows: list[dict], prefix: str, resource: str, tree: dict
) -> list[dict]:
    """Add `_expand` to each row (in place) following tree; returns rows."""
    if not tree or not rows:
        return rows
    for name, children in tree.items():
        values = [_urls(row.get(name)) for row in rows]
        wanted: dict[tuple[str, str], set[str]] = defaultdict(set)
        for urls in values:
            for url in urls:
                if (match := _URL.match(url)) and (match["prefix"], match["resource"]) in _REGISTRY:
                    wanted[(match["prefix"], match["resource"])].add(match["uuid"].lower())
        rendered: dict[str, dict] = {}
        for (target_prefix, target_resource), uuids in wanted.items():
            page = _REGISTRY[(target_prefix, target_resource)].load(request, sorted(uuids))
            apply(request, page, target_prefix, target_resource, children)
            rendered.update({item["url"]: item for item in page})
        many = any(isinstance(row.get(name), list) for row in rows)
        for row, urls in zip(rows, values, strict=True):
            found = [rendered[url] for url in urls if url in rendered]
            # A null (or invisible) single relation expands to {} ("EmptyObject" in the specs).
            row.setdefault("_expand", {})[name] = found if many else (found[0] if found else {})
    return rows


def _urls(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        # Objects name their URL as url (a zaaktype list: zaaktype); every row iwerk renders has one.
        return [
            cast(str, v.get("url") or v.get("zaaktype")) if isinstance(v, dict) else v
            for v in value
            if v
        ]
    return []


def expand_rows(
    request: HttpRequest, rows: list[dict], prefix: str, resource: str, expand: str | None
) -> list[dict]:
    """apply() for an `expand` query value: parse (400 on what cannot be expanded), then embed."""
    return apply(request, rows, prefix, resource, parse(expand, prefix, resource))
