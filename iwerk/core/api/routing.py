"""URL resolution for the ZGW APIs without walking the URL patterns of every app.

Django's `resolve()` tries the root patterns in order (the werkplek's, the admin's, one include per
API), then every pattern of the include that matches in order, and builds a ResolverMatch at each
level: ~60 µs for an API read. A ZGW API path needs one include and, within it, only the patterns
that start with the path's next segment (`zaken`, `zaaktypen`, …). The table for that is built once
per URLconf from Django's own pattern objects, and each candidate is matched by its own
`pattern.match` (the same regex and converters), so the answer is Django's.

Only what provably answers the same goes into the table: an include with a plain prefix whose
patterns are all endpoints with a plain first segment; a root pattern before it whose route does
not rule out its prefix (the admin's redirect regex) is tried first, and when it matches, Django
resolves the path. Anything the table has no answer for (a 404, a pattern of another shape) is
resolved by Django as before, so which view answers which path never changes. The ResolverMatch
is the same in every field but `tried` (the patterns Django tried before the match, read only by
the debug 404 page): it is None.
`iwerk/core/tests/test_api_routing.py` walks every pattern of every API and compares.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls import resolve as django_resolve
from django.urls.resolvers import RegexPattern, ResolverMatch, RoutePattern


@dataclass(frozen=True, slots=True)
class _Endpoint:
    """One URL pattern of an API with what the enclosing resolvers add to its match, computed
    once as `URLResolver.resolve` computes it on every request."""

    match: Callable[[str], tuple[str, tuple, dict[str, Any]] | None]
    callback: Callable[..., Any]
    url_name: str | None
    route: str
    app_names: list[str | None]
    namespaces: list[str | None]
    outer_defaults: dict[str, Any]  # the resolvers' default kwargs (a capture overrides them)
    own_defaults: dict[str, Any]  # the pattern's own (they override a capture)

    def resolve(self, rest: str) -> ResolverMatch | None:
        found = self.match(rest)
        if found is None:
            return None
        _, args, captured = found
        kwargs = {**self.outer_defaults, **captured, **self.own_defaults}
        return ResolverMatch(
            self.callback,
            args,
            kwargs,
            self.url_name,
            self.app_names,
            self.namespaces,
            self.route,
            None,
            captured_kwargs=captured,
            extra_kwargs={**self.outer_defaults, **self.own_defaults},
        )


@dataclass(frozen=True, slots=True)
class _Include:
    """An API include ("zaken/api/v1/"): its endpoints by their first path segment, and the root
    patterns before it whose route does not rule out a path under its prefix (here the admin's
    redirect regex): when one of those matches the path, Django resolves it."""

    prefix: str
    buckets: dict[str, tuple[_Endpoint, ...]]
    guards: tuple[Callable[[str], Any], ...]


def resolve(path: str) -> ResolverMatch:
    """What `django.urls.resolve(path)` answers (but `tried`) in the middleware, faster for a ZGW
    API path. Raises Resolver404 as Django does.

    Against ROOT_URLCONF, without asking for the thread's urlconf (asgiref's Local costs ~4 µs):
    Django's handler sets ROOT_URLCONF as the thread's urlconf at the start of every request and
    applies a request's own `urlconf` only after the middleware."""
    if path.startswith("/"):
        rest = path[1:]
        for include in _table(get_resolver()).get(_segment(rest), ()):
            if rest.startswith(include.prefix):
                if not any(guard(rest) for guard in include.guards):
                    tail = rest[len(include.prefix) :]
                    for endpoint in include.buckets.get(_segment(tail), ()):
                        if match := endpoint.resolve(tail):
                            return match
                break
    return django_resolve(path)


def _segment(path: str) -> str:
    return path.partition("/")[0]


@functools.lru_cache(maxsize=4)
def _table(root: URLResolver) -> dict[str, tuple[_Include, ...]]:
    """The includes that can be dispatched to by their prefix, by the prefix's first segment."""
    table: dict[str, list[_Include]] = {}
    if not isinstance(root.pattern, RegexPattern) or str(root.pattern.regex.pattern) != "^/":
        return {}
    earlier: list[URLPattern | URLResolver] = []
    for child in root.url_patterns:
        prefix = _literal_include(child)
        if prefix is not None and isinstance(child, URLResolver):
            buckets = _buckets(root, child, prefix)
            if buckets is not None:
                guards = tuple(p.pattern.match for p in earlier if not _excluded(p, prefix))
                table.setdefault(_segment(prefix), []).append(_Include(prefix, buckets, guards))
        earlier.append(child)
    return {segment: tuple(includes) for segment, includes in table.items()}


def _literal_include(child: URLPattern | URLResolver) -> str | None:
    """The prefix of an include with a plain route ("zaken/api/v1/"), else None."""
    route = _plain_route(child) if isinstance(child, URLResolver) else None
    if route is None or "<" in route or not route.endswith("/"):
        return None
    return route


def _plain_route(pattern: URLPattern | URLResolver) -> str | None:
    """The route of a `path()` pattern, when it is a plain string (not a lazily translated one,
    whose regex depends on the active language)."""
    if not isinstance(pattern.pattern, RoutePattern):
        return None
    route = getattr(pattern.pattern, "_route", None)  # as given to path(); not in django-stubs
    return route if isinstance(route, str) else None


def _excluded(pattern: URLPattern | URLResolver, prefix: str) -> bool:
    """Whether `pattern` (tried before an include) can match no path that starts with the
    include's prefix, told from the literal start of its route (Django escapes a route's literal
    parts, so a path it matches starts with them). Patterns of another kind are not excluded."""
    route = _plain_route(pattern)
    if route is None:
        return False
    literal = route.partition("<")[0]
    if isinstance(pattern, URLPattern) and literal == route:
        return not route.startswith(prefix)  # an endpoint without converters: only itself
    return not (literal.startswith(prefix) or prefix.startswith(literal))


def _buckets(
    root: URLResolver, include: URLResolver, prefix: str
) -> dict[str, tuple[_Endpoint, ...]] | None:
    """The include's endpoints by first segment, in their order; None when one of them is not an
    endpoint with a plain first segment (then Django resolves the whole include)."""
    buckets: dict[str, list[_Endpoint]] = {}
    for pattern in include.url_patterns:
        if not isinstance(pattern, URLPattern) or not isinstance(pattern.pattern, RoutePattern):
            return None
        route = _plain_route(pattern)
        if route is None or "<" in _segment(route):
            return None
        endpoint = _Endpoint(
            match=pattern.pattern.match,
            callback=pattern.callback,
            url_name=pattern.pattern.name,
            route=prefix + route.removeprefix("^"),
            app_names=[root.app_name, include.app_name],
            namespaces=[root.namespace, include.namespace],
            outer_defaults={**root.default_kwargs, **include.default_kwargs},
            own_defaults=pattern.default_args,
        )
        buckets.setdefault(_segment(route), []).append(endpoint)
    return {segment: tuple(endpoints) for segment, endpoints in buckets.items()}
