"""Validate real responses against an official VNG OpenAPI document (openapi-core).

A recording wrapper around ApiClient validates every response it receives and
remembers which (method, path template) operations were exercised, so a test can
assert both "zero violations" and "every operation covered".
"""

from __future__ import annotations

import copy
import re
from functools import cache

import orjson
from jsonschema_path import SchemaPath
from jsonschema_path.handlers import default_handlers
from openapi_core import Config, OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from iwerk.core.api.docs import load_spec, spec_path
from iwerk.core.testing.api import ApiClient

_METHODS = ("get", "post", "put", "patch", "delete", "head")

# Operations whose documented 200 body contradicts the standard's own text and every
# implementation; iwerk follows the text (docs/adr/0006-known-spec-defects.md).
KNOWN_SPEC_DEFECTS = {
    # "Het antwoord bevat de applicatie": one object, while the OAS says an array.
    ("GET", "/applicaties/consumer", 200),
    # drc-008 and drc-004: a refused delete "MOET … antwoorden met een HTTP 400"; the OAS lists no 400.
    ("DELETE", "/enkelvoudiginformatieobjecten/{uuid}", 400),
    ("DELETE", "/objectinformatieobjecten/{uuid}", 400),
}


@cache
def openapi_for(app_module: str, prefix: str) -> OpenAPI:
    spec = copy.deepcopy(load_spec(app_module))
    # The official document names VNG's test server; point it at this test host.
    spec["servers"] = [{"url": f"http://testserver{prefix}"}]
    # EmptyObject ("Leeg object", returned for a null relation) accepts any object as written,
    # which makes every oneOf [XExpanded, EmptyObject] fail; validate it as the empty object it
    # describes (docs/adr/0006-known-spec-defects.md).
    _nullable_refs(spec)
    _open_ended_one_of(spec)
    schemas = spec.get("components", {}).get("schemas", {})
    if "EmptyObject" in schemas:
        schemas["EmptyObject"] = {**schemas["EmptyObject"], "maxProperties": 0}
    config = Config(
        extra_media_type_deserializers={"application/problem+json": orjson.loads},
        # Cross-file $refs (Zaken -> Catalogi, …) resolve relative to the document's own place.
        spec_base_uri=spec_path(app_module).resolve().as_uri(),
    )
    # The base URI must reach the schema path itself: Config's spec_base_uri alone left every
    # cross-file $ref unresolvable (then silently a non-match inside oneOf).
    return OpenAPI(
        SchemaPath.from_dict(
            spec,
            base_uri=spec_path(app_module).resolve().as_uri(),
            # Documents reached by cross-file $refs get the same readings as the root document.
            handlers={**default_handlers, "file": _patched_document},
        ),
        config=config,
    )


def _patched_document(uri: str) -> dict:
    document = copy.deepcopy(_load_file(uri))
    _nullable_refs(document)
    _open_ended_one_of(document)
    schemas = document.get("components", {}).get("schemas", {})
    if "EmptyObject" in schemas:
        schemas["EmptyObject"] = {**schemas["EmptyObject"], "maxProperties": 0}
    return document


@cache
def _load_file(uri: str) -> dict:
    return default_handlers["file"](uri)


def _nullable_refs(node) -> None:
    """`nullable: true` beside `allOf: [$ref]` has no effect in OpenAPI 3.0, though every such field
    is meant to be null when absent (docs/adr/0006, item 6): validate it as "the object, or null"."""
    if isinstance(node, dict):
        if node.get("nullable") is True and "allOf" in node and "type" not in node:
            node["anyOf"] = [{"allOf": node.pop("allOf")}, {"enum": [None]}]
            node.pop("nullable")
        for value in node.values():
            _nullable_refs(value)
    elif isinstance(node, list):
        for value in node:
            _nullable_refs(value)


def _open_ended_one_of(node) -> None:
    """`oneOf: [X, {type: object}]` ("a nested expansion of another API") matches an X twice, so a
    correct X fails oneOf; validate it as anyOf, which is what the text describes (docs/adr/0006)."""
    if isinstance(node, dict):
        options = node.get("oneOf")
        if isinstance(options, list) and any(
            isinstance(o, dict)
            and o.get("type") == "object"
            and "properties" not in o
            and "$ref" not in o
            for o in options
        ):
            node["anyOf"] = node.pop("oneOf")
        for value in node.values():
            _open_ended_one_of(value)
    elif isinstance(node, list):
        for value in node:
            _open_ended_one_of(value)


def operations(app_module: str) -> set[tuple[str, str]]:
    spec = load_spec(app_module)
    return {
        (m.upper(), path) for path, item in spec["paths"].items() for m in _METHODS if m in item
    }


def _template(spec_paths: list[str], path: str) -> str | None:
    for template in spec_paths:
        pattern = "^" + re.sub(r"\{[^}]+\}", r"[^/]+", template) + "$"
        if re.match(pattern, path):
            return template
    return None


# Every operation any recorder exercised in this test process, per API module: iwerk/conftest.py
# sums them over all processes and checks them against the specs at the end of `make test`.
COVERED: dict[str, set[tuple[str, str]]] = {}


class ConformanceRecorder:
    def __init__(self, client: ApiClient, app_module: str, prefix: str) -> None:
        self.client = client
        self.prefix = prefix
        self.app_module = app_module
        self.openapi = openapi_for(app_module, prefix)
        self.paths = sorted(load_spec(app_module)["paths"], key=lambda p: p.count("{"))
        self.violations: list[str] = []
        self.covered: set[tuple[str, str]] = set()
        self.server_errors: list[str] = []
        self.responses = 0

    def _record(self, method: str, response):
        request = response.wsgi_request
        path = request.path[len(self.prefix) :]
        template = _template(self.paths, path)
        self.responses += 1
        if response.status_code >= 500:
            self.server_errors.append(f"{method} {request.path}: {response.status_code}")
        if template:
            self.covered.add((method, template))
            if response.status_code < 500:
                COVERED.setdefault(self.app_module, set()).add((method, template))
        if method == "HEAD" or response.status_code == 304:
            return response  # no body to validate
        if (method, template, response.status_code) in KNOWN_SPEC_DEFECTS:
            return response
        if not hasattr(request, "_body"):
            # A streamed upload (bestandsdelen) was consumed by the view; the response is what counts.
            request._body = b""
        try:
            self.openapi.validate_response(
                DjangoOpenAPIRequest(request), DjangoOpenAPIResponse(response)
            )
        except Exception as exc:  # noqa: BLE001 - every kind of violation is collected and reported
            detail = getattr(exc, "__cause__", None) or exc
            self.violations.append(
                f"{method} {request.get_full_path()} -> {response.status_code}: {exc}: {detail}"
            )
        return response

    def get(self, path, data=None, **extra):
        return self._record("GET", self.client.get(path, data, **extra))

    def head(self, path, **extra):
        return self._record("HEAD", self.client.head(path, **extra))

    def post(self, path, body=None, **extra):
        return self._record("POST", self.client.post(path, body, **extra))

    def put(self, path, body, **extra):
        return self._record("PUT", self.client.put(path, body, **extra))

    def patch(self, path, body, **extra):
        return self._record("PATCH", self.client.patch(path, body, **extra))

    def delete(self, path, **extra):
        return self._record("DELETE", self.client.delete(path, **extra))

    def missing_operations(self) -> set[tuple[str, str]]:
        return operations(self.app_module) - self.covered
