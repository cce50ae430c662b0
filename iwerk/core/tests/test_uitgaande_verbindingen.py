"""Every outgoing connection iwerk opens waits a bounded time (ADR 0031), through one HTTP client
(ADR 0036).

Read from the source, so a new call site without a timeout fails here before it hangs a web
thread: http.client, sockets and SMTP pass `timeout=`; HTTP requests go through requests
(`core.http`), the libraries that make calls for us (Django's SMTP backend, Authlib in
`core.oidc` for portaal and werkplek, tested there) get one through their settings. urllib.request
is not used outside the tests; a module that starts using requests or httpx must be looked at and
listed.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

from django.conf import settings

PACKAGE = Path(__file__).resolve().parents[2]
CONNECTING = {
    "urlopen",
    "HTTPConnection",
    "HTTPSConnection",
    "create_connection",
    "SMTP",
    "SMTP_SSL",
}
HTTP_LIBRARIES = {"requests", "httpx", "urllib3", "aiohttp"}
LIBRARY_CALLS = {"get", "post", "put", "patch", "delete", "head", "options", "request", "stream"}
LIBRARY_CALLS |= {"Client", "AsyncClient", "PoolManager"}
# Modules that use requests/httpx, and why each is bounded.
REVIEWED = {
    "core/http.py": "the one HTTP client: every request gets timeout=IWERK_EXTERNAL_TIMEOUT",
    "core/oidc.py": "Authlib sessions with default_timeout (portaal and werkplek); only errors",
    "portaal/oidc.py": "Authlib sessions from core.oidc; the test IdP in process",
    "demo/management/commands/demo_gereed.py": "polls the demo's own /health, timeout=2",
    "migratie/zgw/bron.py": "the ZGW copier's one Session per run (kept alive, rate-limited): "
    "timeout= on every GET (--timeout, default 30 s), content streamed in chunks",
    "basisregistraties/clients/verzoek.py": "BRP, BAG and KvK through core.http with the "
    "koppeling's (connect, read) time-outs; requests only for its exception types",
}
# Converted from urllib.request to core.http (ADR 0036), each bounded by IWERK_EXTERNAL_TIMEOUT
# to connect and per read, and reading at most a set number of bytes of the answer:
CONVERTED = {
    "core/external.py": "fetch_json: another register's object, 1 MiB at most",
    "notificaties/services/abonnementen.py": "check_callback: the subscriber's answer to a test message",
    "referentielijsten/selectors.py": "_fetch: a configured Referentielijsten API, 1 MiB at most",
    "berichten/services/providers.py": "NotifyNL's sms API, IWERK_NOTIFYNL_TIMEOUT, 1 MiB at most",
}


@cache
def _sources() -> tuple[tuple[str, ast.Module], ...]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if "/tests/" in f"/{relative}" or relative.startswith(("core/testing/", "migrations/")):
            continue
        found.append((relative, ast.parse(path.read_text(encoding="utf-8"))))
    return tuple(found)


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def test_every_outgoing_call_site_passes_a_timeout():
    missing, unreviewed = [], []
    for relative, tree in _sources():
        # Names bound to a connection class (`factory = HTTPSConnection if … else HTTPConnection`).
        aliases = {
            target.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            and {_name(n) for n in ast.walk(node.value)} & CONNECTING
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                modules = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                )
                if (
                    any(m.split(".")[0] in HTTP_LIBRARIES for m in modules)
                    and relative not in REVIEWED
                ):
                    unreviewed.append(f"{relative}:{node.lineno}")
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func)
            library = (
                isinstance(node.func, ast.Attribute)
                and _name(node.func.value) in HTTP_LIBRARIES
                and name in LIBRARY_CALLS
            )
            if (name in CONNECTING | aliases or library) and not any(
                k.arg == "timeout" for k in node.keywords
            ):
                missing.append(f"{relative}:{node.lineno} {name}()")
    assert missing == [], "outgoing calls without timeout="
    assert unreviewed == [], "new users of an HTTP library: bound their calls and list them above"


def _imports(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield node, [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            yield node, [module, *(f"{module}.{a.name}" for a in node.names)]


def test_urllib_request_is_not_used_outside_the_tests():
    """One HTTP client (core.http, requests); urllib.request and urlopen are for tests only."""
    found = [
        f"{relative}:{node.lineno}"
        for relative, tree in _sources()
        for node, modules in _imports(tree)
        if any(m == "urllib.request" or m.startswith("urllib.request.") for m in modules)
    ]
    found += [  # `import urllib` and then `urllib.request.…`
        f"{relative}:{node.lineno}"
        for relative, tree in _sources()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr == "request"
        and _name(node.value) == "urllib"
    ]
    assert found == [], "call out through iwerk.core.http, not urllib.request"


def test_the_converted_modules_use_the_one_client():
    sources = dict(_sources())
    for relative in CONVERTED:
        modules = {m for _, names in _imports(sources[relative]) for m in names}
        assert "iwerk.core.http" in modules, relative
    for relative in REVIEWED:  # the list stays true: each still uses an HTTP library
        modules = {m.split(".")[0] for _, names in _imports(sources[relative]) for m in names}
        assert modules & HTTP_LIBRARIES, f"{relative} no longer needs to be listed"


def test_the_libraries_that_call_out_for_us_have_a_timeout():
    assert settings.OIDC_TIMEOUT and settings.OIDC_TIMEOUT <= 30  # werkplek SSO
    assert settings.EMAIL_TIMEOUT and settings.EMAIL_TIMEOUT <= 30  # mail to citizens and staff
    assert settings.IWERK_CLAMAV_TIMEOUT and settings.IWERK_NOTIFICATIES_TIMEOUT
