"""Support for test_fuzzing: sending schemathesis cases through Django's test client, the OpenAPI
links the official documents lack, and the tally (the seeded world is in fuzz_world).

The ZGW documents define no OpenAPI `links`, so `add_links` writes them into a copy of each
document, derived from its paths (no hand list to drift):

- a create (`POST /x`) or a list (`GET /x`) links to every operation under `/x/{uuid}` (detail,
  update, delete, HEAD, actions such as publish/lock/unlock/download, sub-collections such as
  `/zaken/{zaak_uuid}/zaakeigenschappen` and their details), each path parameter read from the
  answer's `url`; a list links only to reading and updating operations, so it never deletes or
  publishes the seeded world out from under the other scenarios;
- a PUT on such a target gets the answer's whole representation as its body (the round trip a
  real client makes), a PATCH the answer's fields merged into a generated body;
- a create links to every other create whose body names it (`zaak`, `informatieobject`,
  `besluit`, `zaaktype`, `catalogus`, …), so a new zaak gets statussen, rollen, resultaten; in
  the Klantinteracties document a body names an object as `{"uuid": …}` (a property whose schema
  is `<X>ForeignKey`, X the create's own body schema: `hadKlantcontact`, `wasPartij`,
  `toegewezenAanActoren`, …), read from the answer's `uuid`.

Creates need references iwerk can resolve (a published zaaktype, a document, a valid RSIN); the
generated body keeps its own values except for the fields `fuzz_world.World.templates` fills in,
and except for links to other hosts (always refused, and covered by the stateless part).
"""

from __future__ import annotations

import logging
import os
import re
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import orjson
from django.db import transaction
from schemathesis.core import NotSet
from schemathesis.core.parameters import ParameterLocation

HOST = "http://testserver"
PREFIX = {
    "iwerk.catalogi": "/catalogi/api/v1",
    "iwerk.autorisaties": "/autorisaties/api/v1",
    "iwerk.referentielijsten": "/referentielijsten/api/v1",
    "iwerk.zaken": "/zaken/api/v1",
    "iwerk.documenten": "/documenten/api/v1",
    "iwerk.besluiten": "/besluiten/api/v1",
    "iwerk.klantinteracties": "/klantinteracties/api/v1",
    "iwerk.notificaties": "/notificaties/api/v1",
}
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
DEBUG = os.environ.get("IWERK_FUZZ_DEBUG", "")
_PARAM = re.compile(r"\{[^}]+\}")

# Body property -> the collection whose objects it names (per API document, so per path).
RELATIONS = {
    "zaak": "/zaken",
    "hoofdzaak": "/zaken",
    "gerelateerdAan": "/zaken",
    "informatieobject": "/enkelvoudiginformatieobjecten",
    "besluit": "/besluiten",
    "catalogus": "/catalogussen",
    "zaaktype": "/zaaktypen",
    "informatieobjecttype": "/informatieobjecttypen",
    "besluittype": "/besluittypen",
    "statustype": "/statustypen",
    "resultaattype": "/resultaattypen",
    "roltype": "/roltypen",
    "eigenschap": "/eigenschappen",
}
# Operations a list may link to (a list's first object is seeded or another scenario's).
_FROM_LIST = {"get", "head", "put", "patch"}


def operations(spec: dict) -> list[tuple[str, str]]:
    return [(m, p) for p, item in spec["paths"].items() for m in item if m in METHODS]


def _norm(path: str) -> str:
    return _PARAM.sub("{}", path)


def _params(path: str) -> list[str]:
    return [p[1:-1] for p in _PARAM.findall(path)]


def _url_regex(object_path: str, index: int) -> str:
    """A regex capturing the index-th path parameter of object_path from an absolute URL (no
    braces: the runtime expression lexer reads those as an embedded expression)."""
    pieces = _PARAM.split(object_path)
    regex = re.escape(pieces[0])
    for n, piece in enumerate(pieces[1:]):
        regex += ("([^/]+)" if n == index else "[^/]+") + re.escape(piece)
    return regex + "$"


def _body_schema(spec: dict, operation: dict) -> dict:
    content = (operation.get("requestBody") or {}).get("content") or {}
    for media in content.values():
        schema = media.get("schema") or {}
        if "$ref" in schema:
            schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        return schema
    return {}


def add_links(spec: dict) -> dict[str, set[str]]:
    """Write OpenAPI links (see the module docstring) into spec. Returns the groups the
    stateful part runs one by one: per top-level collection, the labels of its (and its nested
    collections') creates and lists and of every operation they link to."""
    paths = spec["paths"]
    by_norm = {_norm(p): p for p in paths}
    by_id = {
        op["operationId"]: f"{m.upper()} {p}"
        for p, item in paths.items()
        for m, op in item.items()
        if m in METHODS
    }
    groups: dict[str, set[str]] = {}

    def link(source: dict, name: str, definition: dict) -> None:
        label = by_id[source["operationId"]]
        # Grouped by top-level collection: /zaken/{zaak_uuid}/audittrail goes with /zaken, whose
        # creates give it real zaken (on its own it would only have random UUIDs).
        group = groups.setdefault("/" + label.split(" ", 1)[1].split("/")[1], set())
        group.update((label, by_id[definition["operationId"]]))
        response = source["responses"].setdefault(
            "2XX", {"description": "Gelukt (links voor de fuzzing)."}
        )
        response.setdefault("links", {})[name] = definition

    for collection, item in paths.items():
        if collection.endswith("}") or "_zoek" in collection:
            continue
        detail = by_norm.get(_norm(collection) + "/{}")
        if detail is None:
            continue
        sources = []
        if "post" in item:
            sources.append(("post", "#/url"))
        if "get" in item and "post" not in item:
            # A list's first object: only where nothing creates one (with generated filters a
            # list is mostly empty, and its link then sends a random UUID).
            first = "#/results/0" if _paginated(spec, item["get"]) else "#/0"
            sources.append(("get", first + ("/url" if _items_have_url(spec, item["get"]) else "")))
        for target_path, target_item in paths.items():
            if not _norm(target_path).startswith(_norm(detail)):
                continue
            names = _params(target_path)[: len(_params(detail))]
            for method in target_item:
                if method not in METHODS:
                    continue
                for source_method, pointer in sources:
                    if source_method == "get" and (
                        method not in _FROM_LIST or target_path.count("{") > len(names)
                    ):
                        continue
                    definition = {
                        "operationId": target_item[method]["operationId"],
                        "parameters": {
                            f"path.{name}": _expression(pointer, detail, n, collection)
                            for n, name in enumerate(names)
                        },
                    }
                    if target_path == detail and method == "put" and source_method == "post":
                        definition["requestBody"] = "$response.body"
                        definition["x-schemathesis"] = {"merge_body": False}
                    elif target_path == detail and method == "patch" and source_method == "post":
                        definition["requestBody"] = "$response.body"
                    link(
                        item[source_method],
                        f"{method.upper()} {target_path} ({source_method})",
                        definition,
                    )
        # A create links to the creates whose body names what it made.
        if "post" not in item:
            continue
        made = _body_ref(item["post"]).lower()
        for target_path, target_item in paths.items():
            target = target_item.get("post")
            if target is None or target_path == collection or "_zoek" in target_path:
                continue
            properties = _body_schema(spec, target).get("properties", {})
            # Each body property that names what the create made -> the value linked into it.
            named: dict[str, object] = {
                prop: "$response.body#/url"
                for prop, related in RELATIONS.items()
                if related == collection and prop in properties
            }
            for prop, schema in properties.items():
                if made and not schema.get("readOnly"):
                    reference, many = _foreign_key(schema)
                    if reference.lower().startswith(f"{made}foreignkey"):  # …ForeignkeyBase
                        named[prop] = [_BY_UUID] if many else _BY_UUID
            for prop, value in named.items():
                link(
                    item["post"],
                    f"{prop} of POST {target_path}",
                    {"operationId": target["operationId"], "requestBody": {prop: value}},
                )
    return groups


_BY_UUID = {"uuid": "$response.body#/uuid"}


def _body_ref(operation: dict) -> str:
    """The name of the components schema an operation's body is (empty if none or inline)."""
    for media in ((operation.get("requestBody") or {}).get("content") or {}).values():
        return str((media.get("schema") or {}).get("$ref", "")).rsplit("/", 1)[-1]
    return ""


def _foreign_key(schema: dict) -> tuple[str, bool]:
    """The schema name a property refers to (directly, through allOf, or as the items of a
    list), and whether it is a list."""
    many = schema.get("type") == "array"
    if many:
        schema = schema.get("items") or {}
    for option in [schema, *schema.get("allOf", [])]:
        if "$ref" in option:
            return option["$ref"].rsplit("/", 1)[-1], many
    return "", many


def _expression(pointer: str, detail: str, index: int, collection: str) -> str:
    """The runtime expression for the index-th path parameter of detail, read from an answer at
    pointer: from its `url`, or (items without one, such as audittrail entries) its `uuid` and
    the list request's own path parameters."""
    if pointer.endswith("/url"):
        return f"$response.body{pointer}#regex:{_url_regex(detail, index)}"
    own = _params(collection)
    if index < len(own):
        return f"$request.path.{own[index]}"
    return f"$response.body{pointer}/uuid"


def _items_have_url(spec: dict, operation: dict) -> bool:
    for media in (operation["responses"].get("200") or {}).get("content", {}).values():
        schema = media.get("schema") or {}
        if "$ref" in schema:
            schema = spec["components"]["schemas"].get(schema["$ref"].rsplit("/", 1)[-1], {})
        schema = schema.get("properties", {}).get("results", schema)
        items = schema.get("items") or {}
        if "$ref" in items:
            items = spec["components"]["schemas"].get(items["$ref"].rsplit("/", 1)[-1], {})
        return "url" in items.get("properties", {}) or not items
    return True


def _paginated(spec: dict, operation: dict) -> bool:
    schema = (operation["responses"].get("200") or {}).get("content", {})
    for media in schema.values():
        ref = (media.get("schema") or {}).get("$ref", "")
        resolved = (
            spec["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
            if ref
            else media.get("schema", {})
        )
        return "results" in resolved.get("properties", {})
    return False


# --- sending a case ---------------------------------------------------------------------------


def headers(case, token: str, scheme: str = "Bearer") -> dict:
    result = {
        f"HTTP_{k.upper().replace('-', '_')}": str(v)
        for k, v in (case.headers or {}).items()
        if k.lower() not in ("authorization", "content-type", "content-length", "host")
    }
    result["HTTP_AUTHORIZATION"] = f"{scheme} {token}"
    return result


def body(case, callback: str) -> bytes:
    if isinstance(case.body, NotSet) or case.body is None:
        return b""
    if isinstance(case.body, dict) and "callbackUrl" in case.body:
        # An abonnement's callback is called to check it: never at random hosts on the internet.
        case.body["callbackUrl"] = callback
    try:
        return orjson.dumps(case.body)
    except TypeError:
        return str(case.body).encode()


def query_string(case) -> str:
    # Percent-encoded, as every HTTP client sends a query string.
    return urlencode(
        {k: v for k, v in (case.query or {}).items() if not isinstance(v, dict)}, doseq=True
    )


@dataclass
class Fault:
    """One cause of 5xx (the last iwerk frame and the exception type): the operations it broke
    and the first request that showed it."""

    operations: set[str]
    request: str
    status: int
    frames: list[str]

    def __str__(self) -> str:
        return (
            f"{', '.join(sorted(self.operations))} → {self.status}\n    {self.request}\n"
            + "\n".join(f"    {frame}" for frame in self.frames)
        )


class _Tracebacks(logging.Handler):
    """Keeps the exceptions iwerk logs while answering a 5xx."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            self.records.append(record)


def _frames(record: logging.LogRecord | None) -> list[str]:
    if record is None or not record.exc_info:
        return ["(no traceback logged)"]
    _, error, tb = record.exc_info
    frames = [
        f"{frame.filename.split('/work/main/')[-1]}:{frame.lineno} in {frame.name}"
        for frame in traceback.extract_tb(tb)
        if "/iwerk/" in frame.filename
    ]
    return [*frames[-3:], f"{type(error).__name__}: {str(error)[:200]!r}"]


@dataclass
class Tally:
    """Requests per operation and per outcome for one API, every 5xx with its traceback, and
    every 2xx answer that breaks the API's document (when the Sender checks them)."""

    app: str
    cases: Counter = field(default_factory=Counter)
    ok: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    seconds: Counter = field(default_factory=Counter)
    faults: dict = field(default_factory=dict)
    violations: dict = field(default_factory=dict)

    @property
    def requests(self) -> int:
        return sum(self.cases.values())

    @property
    def successes(self) -> int:
        return sum(self.ok.values())

    def report(self) -> list[str]:
        return [str(fault) for fault in self.faults.values()] + [
            f"{key[0]} → {key[1]} breaks the document:\n    {request}\n    {message}"
            for key, (request, message) in self.violations.items()
        ]


def conformance(app: str) -> Callable[[Any], str | None]:
    """A check of a 2xx answer against app's OpenAPI document (the readings of
    core.testing.conformance): the violation as text, or None."""
    from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

    from iwerk.core.testing.conformance import openapi_for

    openapi = openapi_for(app, PREFIX[app])

    def check(response: Any) -> str | None:
        if response.streaming or response.wsgi_request.method == "HEAD":
            return None
        try:
            openapi.validate_response(
                DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
            )
        except Exception as exc:  # noqa: BLE001 - every kind of violation is reported
            errors = getattr(exc.__cause__, "schema_errors", None) or [exc.__cause__ or exc]
            return f"{exc}: " + "; ".join(str(e).split("\n", 1)[0][:300] for e in errors[:3])
        return None

    return check


class Sender:
    """Sends cases of one API through Django's test client and tallies the answers; with
    `check`, also whether each 2xx answer conforms to the document."""

    def __init__(
        self, app: str, http, token, tally: Tally, callback: str, *, scheme="Bearer", check=None
    ) -> None:
        self.app = app
        self.http = http
        self.token = token
        self.tally = tally
        self.callback = callback
        self.scheme = scheme
        self.check = check
        self.tracebacks = _Tracebacks()

    def __enter__(self) -> Sender:
        for name in ("iwerk", "django.request"):
            logging.getLogger(name).addHandler(self.tracebacks)
        return self

    def __exit__(self, *exc) -> None:
        for name in ("iwerk", "django.request"):
            logging.getLogger(name).removeHandler(self.tracebacks)

    def send(self, case):
        operation = f"{case.method.upper()} {case.operation.path}"
        self.tally.cases[operation] += 1
        data = body(case, self.callback)
        path = PREFIX[self.app] + case.formatted_path
        query = query_string(case)
        self.tracebacks.records.clear()
        started = time.perf_counter()
        response = self.http.generic(
            case.method,
            path,
            data=data,
            content_type="application/json",
            QUERY_STRING=query,
            **headers(case, self.token(), self.scheme),
        )
        self.tally.seconds[operation] += time.perf_counter() - started
        self.tally.statuses[response.status_code] += 1
        if 200 <= response.status_code < 300:
            self.tally.ok[operation] += 1
            violation = self.check(response) if self.check else None
            if violation:
                self.tally.violations.setdefault(
                    (operation, response.status_code, violation),
                    (f"{case.method.upper()} {path}{'?' + query if query else ''} "
                     f"body={data[:400]!r}", violation),
                )  # fmt: skip
        if response.status_code >= 500:
            frames = _frames(self.tracebacks.records[-1] if self.tracebacks.records else None)
            key = (frames[-2] if len(frames) > 1 else operation, frames[-1].split(":", 1)[0])
            fault = self.tally.faults.setdefault(
                key,
                Fault(
                    set(),
                    f"{case.method.upper()} {path}{'?' + query if query else ''} body={data[:400]!r}",
                    response.status_code,
                    frames,
                ),
            )
            fault.operations.add(operation)
        return response


def schemathesis_response(response, case, path: str):
    """Django's answer as the Response schemathesis links read."""
    import requests
    from schemathesis.core.transport import Response

    # Django's test client closes a streaming response when its content is consumed, with the
    # close_old_connections handler held off; closing it again here would fire that handler and
    # drop the test's PostgreSQL connection (SQLite ignores the close of an in-memory db).
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return Response(
        status_code=response.status_code,
        headers={k.lower(): [v] for k, v in response.items()},
        content=content,
        request=requests.Request(method=case.method.upper(), url=HOST + path).prepare(),
        elapsed=0.0,
        verify=False,
        message=response.reason_phrase,
    )


# --- the stateful run ---------------------------------------------------------------------------


def state_machine(schema, sender: Sender, templates: dict):
    """The schemathesis state machine of schema, sending through sender; creates get the
    template's fields unless a link supplied them."""
    from schemathesis.generation.stateful.state_machine import StepOutput

    base = schema.as_state_machine()

    class Fuzz(base):  # type: ignore[misc, valid-type]
        # Every scenario starts from the seeded world: what one scenario made or deleted must not
        # change what the next one finds, or hypothesis sees its own replays go differently.
        def setup(self) -> None:
            self._savepoint = transaction.savepoint()

        def teardown(self) -> None:
            transaction.savepoint_rollback(self._savepoint)

        def step(self, input):  # noqa: A002 - schemathesis' name
            case = input.case
            linked = {
                name
                for location, name in input.applied_parameters
                if location == ParameterLocation.BODY
            }
            fill(case, templates.get((case.method.upper(), case.operation.path)), linked)
            response = sender.send(case)
            if (
                DEBUG
                and 400 <= response.status_code < 500
                and (case.method.upper() != "GET" or DEBUG == "all")
            ):
                print("  ", case.method.upper(), case.formatted_path, response.status_code,
                      body(case, "")[:300], response.content[:400])  # fmt: skip
            output = schemathesis_response(response, case, PREFIX[sender.app] + case.formatted_path)
            self.after_call(output, case)
            return StepOutput(output, case)

        def validate_response(self, *args, **kwargs) -> None:
            """Only 5xx count (the sender collects them); conformance has its own tests."""

    return Fuzz


def fill(case, template: dict | None, linked: set) -> None:
    """Make a generated body one iwerk can accept: NUL characters out (always refused), links
    to other hosts out (always refused), the template's fields in unless a link gave them, and
    a nested create's parent (`/zaken/{zaak_uuid}/…`) the one in its path."""
    if not isinstance(case.body, dict):
        return
    case.body = _without_nul(case.body)
    for key, value in list(case.body.items()):
        if key in linked:
            continue
        if isinstance(value, str) and "://" in value and not value.startswith(HOST):
            del case.body[key]
    for key, value in (template or {}).items():
        if key not in linked:
            case.body[key] = value
    parent = (case.path_parameters or {}).get("zaak_uuid")
    if parent and "zaak" in (template or {}):
        case.body["zaak"] = f"{HOST}{PREFIX['iwerk.zaken']}/zaken/{parent}"


def _without_nul(value):
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    return value


def summary(tally: Tally, phase: str, operation_count: int) -> str:
    detail_ok = sum(n for op, n in tally.ok.items() if "{" in op)
    return (
        f"fuzz {phase} {tally.app.rsplit('.', 1)[-1]}: {tally.requests} requests over "
        f"{len(tally.cases)}/{operation_count} operations, {tally.successes} 2xx "
        f"({detail_ok} on existing objects, {len([op for op in tally.ok if '{' in op])} such operations), "
        f"{len(tally.faults)} distinct 5xx; statuses {dict(sorted(tally.statuses.items()))}"
    )


def per_operation(tally: Tally) -> dict[str, list[int]]:
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for op, n in tally.cases.items():
        table[op][0] = n
    for op, n in tally.ok.items():
        table[op][1] = n
    return dict(table)
