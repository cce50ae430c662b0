"""The API fast path's URL table (core.api.routing) answers exactly what django.urls.resolve does:
every pattern of every API, with sample paths around it, and URLconfs where a pattern before an
API include or an include of another shape must win or be left to Django."""

from __future__ import annotations

import re
import uuid

import pytest
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, include, path, re_path
from django.urls import resolve as django_resolve
from django.urls.exceptions import Resolver404

from iwerk.core.api import routing
from iwerk.core.middleware import API_PREFIXES
from iwerk.core.testing.api import register_client

FIELDS = (
    "func",
    "args",
    "kwargs",
    "url_name",
    "route",
    "app_names",
    "app_name",
    "namespaces",
    "namespace",
    "view_name",
    "captured_kwargs",
    "extra_kwargs",
    "_func_path",
)
SAMPLES = {"uuid": None, "int": "12", "str": "abc", "slug": "a-b", "path": "a/b"}
_CONVERTER = re.compile(r"<(?:(\w+):)?\w+>")


def _sample(route: str) -> str:
    def value(match: re.Match) -> str:
        return SAMPLES.get(match.group(1) or "str") or str(uuid.uuid4())

    return _CONVERTER.sub(value, route.removeprefix("^"))


def _api_routes() -> list[str]:
    """Every route under an API prefix, with its include's prefix."""
    routes = []
    for child in get_resolver().url_patterns:
        prefix = str(child.pattern)
        if isinstance(child, URLResolver) and f"/{prefix}".startswith(API_PREFIXES):
            routes += [prefix + str(pattern.pattern) for pattern in child.url_patterns]
    return routes


def _answer(resolve, path: str):
    try:
        match = resolve(path)
    except Resolver404:
        return "404"
    return {field: getattr(match, field) for field in FIELDS}


def _same(path: str) -> dict | str:
    expected = _answer(django_resolve, path)
    assert _answer(routing.resolve, path) == expected, path
    return expected


def test_every_api_route_resolves_as_django_resolves_it():
    routes = _api_routes()
    assert len(routes) > 100  # all seven APIs
    for route in routes:
        sample = "/" + _sample(route)
        assert _same(sample) != "404", sample
        some_uuid = str(uuid.uuid4())
        for variant in (
            sample + "/",
            sample.rstrip("/") + "x",
            sample + "/extra",
            sample.upper(),
            sample.replace(some_uuid[:8], "zzzzzzzz"),
            re.sub(r"[0-9a-f]{8}-", "ABCDEF12-", sample, count=1),
            re.sub(r"[0-9a-f]{8}-", "not-a-uuid-", sample, count=1),
            "/" + sample,
            sample.rsplit("/", 1)[0] + "/",
        ):
            _same(variant)


def test_paths_under_an_api_prefix_that_no_pattern_answers_resolve_as_django_resolves_them():
    for path_ in (
        "/zaken/api/v1",
        "/zaken/api/v2/zaken",
        "/zaken/api/v1//zaken",
        "/zaken/api/v1/zaken?x",
        "/zaken/api/v1/onbekend",
        "/catalogi/api/v1/zaaktypen/123",
        "/zaken/api/",
        "/zaken/",
        "/werkplek/",
        "/admin/werkplek/team/5/",
        "/health",
        "/",
        "",
        "zaken/api/v1/zaken",
    ):
        _same(path_)


def test_api_routes_are_answered_from_the_table_without_django_walking_the_patterns(
    monkeypatch,
):
    def walk(path_: str):
        raise AssertionError(f"{path_} went to django.urls.resolve")

    routes = _api_routes()
    expected = {route: _answer(django_resolve, "/" + _sample(route)) for route in routes}
    monkeypatch.setattr(routing, "django_resolve", walk)
    for route in routes:
        match = routing.resolve("/" + _sample(route))
        assert match.route == expected[route]["route"], route


@pytest.mark.django_db
def test_the_api_fast_path_sets_the_same_resolver_match_on_the_request():
    zaak_uuid = uuid.uuid4()
    response = register_client("routing-test", alle=True).get(f"/zaken/api/v1/zaken/{zaak_uuid}")
    match = response.wsgi_request.resolver_match
    assert match.route == "zaken/api/v1/zaken/<uuid:uuid>"
    assert match.kwargs == {"uuid": zaak_uuid}


# A URLconf of its own (pytest.mark.urls): patterns before an include that do match some of its
# paths, defaults, namespaces, and an include with a nested include (left to Django).


def _view(name: str):
    def view(request, **kwargs):
        return HttpResponse(name)

    view.__name__ = name
    return view


nested = [path("b", _view("nested_b"))]
urlpatterns: list[URLPattern | URLResolver] = [
    re_path(r"^zaken/api/v1/zaken/(?P<naam>speciaal|bijzonder)$", _view("regex_first")),
    path("<slug:api>/api/v1/rollen", _view("slug_first")),
    path("zaken/api/v1/statussen", _view("endpoint_first")),
    path(
        "zaken/api/v1/",
        include(
            (
                [
                    path("zaken", _view("zaken"), name="zaken"),
                    path("zaken/<uuid:uuid>", _view("zaak"), {"extra": 1}, name="zaak"),
                    path("zaken/<str:naam>", _view("zaak_naam")),
                    path("zaken/<uuid:uuid>", _view("never")),
                    path("rollen", _view("rollen")),
                    path("statussen", _view("statussen")),
                    path("", _view("root")),
                ],
                "zakenapp",
            ),
            namespace="zaken",
        ),
        {"api": "zaken"},
    ),
    path("documenten/api/v1/", include([path("a", _view("a")), path("n/", include(nested))])),
    path("<slug:x>/", _view("catch_all")),
]


@pytest.mark.urls(__name__)
def test_patterns_before_an_include_and_the_order_within_it_win_as_in_django():
    answers = {
        "/zaken/api/v1/zaken/speciaal": "regex_first",
        "/zaken/api/v1/zaken/anders": "zaak_naam",
        f"/zaken/api/v1/zaken/{uuid.uuid4()}": "zaak",
        "/zaken/api/v1/zaken": "zaken",
        "/zaken/api/v1/rollen": "slug_first",
        "/zaken/api/v1/statussen": "endpoint_first",
        "/zaken/api/v1/": "root",
        "/documenten/api/v1/a": "a",
        "/documenten/api/v1/n/b": "nested_b",
        "/zaken/": "catch_all",
    }
    for path_, view in answers.items():
        assert _same(path_)["func"].__name__ == view, path_
    assert _same(f"/zaken/api/v1/zaken/{uuid.uuid4()}")["kwargs"]["extra"] == 1
    assert _same("/zaken/api/v1/zaken")["view_name"] == "zaken:zaken"
    for path_ in ("/zaken/api/v1/onbekend", "/documenten/api/v1/n/c", "/zaken/api/v1/zaken/"):
        assert _same(path_) == "404", path_
    table = routing._table(get_resolver())
    assert [include.prefix for include in table["zaken"]] == ["zaken/api/v1/"]
    assert len(table["zaken"][0].guards) == 3  # the regex, the slug route and the statussen one
    assert "documenten" not in table  # a nested include: Django resolves it
