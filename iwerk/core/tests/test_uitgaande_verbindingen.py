"""Every outgoing connection iwerk opens waits a bounded time (ADR 0031).

Read from the source, so a new call site without a timeout fails here before it hangs a web
thread: urllib, http.client, sockets and SMTP pass `timeout=`; the libraries that make calls for
us (Django's SMTP backend, mozilla-django-oidc, Authlib in `portaal.oidc`, tested there) get one
through their settings. A module that starts using requests or httpx must be looked at and listed.
"""

from __future__ import annotations

import ast
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
    "portaal/oidc.py": "Authlib sessions with default_timeout; the test IdP in process",
    "portaal/views/inloggen.py": "only catches RequestException",
}


def _sources():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if "/tests/" in f"/{relative}" or relative.startswith(("core/testing/", "migrations/")):
            continue
        yield relative, ast.parse(path.read_text(encoding="utf-8"))


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


def test_the_libraries_that_call_out_for_us_have_a_timeout():
    assert settings.OIDC_TIMEOUT and settings.OIDC_TIMEOUT <= 30  # werkplek SSO
    assert settings.EMAIL_TIMEOUT and settings.EMAIL_TIMEOUT <= 30  # mail to citizens and staff
    assert settings.IWERK_CLAMAV_TIMEOUT and settings.IWERK_NOTIFICATIES_TIMEOUT
