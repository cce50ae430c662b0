"""Writing through iwerk's own API handlers, in-process (ADR 0063, point 1).

The copier does not call services directly: it builds the request an outside migration client
would send, with the migrating actor (every scope of the four APIs and their `*.migreren` scope,
for this gemeente only) and hands it to the handler Django's URL resolver finds, just as
`core.api.endpoint.route` does after authenticating. So the same validation and the same
migration rules apply as for a supplier's own tool. A refusal (`ApiError`) becomes `Geweigerd`,
with the API's Dutch reasons.
"""

from __future__ import annotations

import io
import secrets
from typing import Any
from urllib.parse import urlsplit

import orjson
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponseBase
from django.urls import Resolver404, resolve

from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import ApiError, ValidationFailed
from iwerk.core.api.references import ApiUrls, request_base


class Geweigerd(Exception):
    """iwerk's API refused a write; `reden` is its Dutch explanation, `code` its error code."""

    def __init__(self, status: int, code: str, reden: str) -> None:
        super().__init__(reden)
        self.status = status
        self.code = code
        self.reden = reden


def _reden(error: ApiError) -> str:
    if isinstance(error, ValidationFailed) and error.params:
        return "; ".join(f"{p.name}: {p.reason}" for p in error.params)
    return error.detail


def _reden_json(data: Any, status: int) -> tuple[str, str]:
    if not isinstance(data, dict):
        return "error", f"HTTP {status}"
    params = data.get("invalidParams") or []
    if params:
        tekst = "; ".join(f"{p.get('name')}: {p.get('reason')}" for p in params)
    else:
        tekst = str(data.get("detail") or data.get("title") or f"HTTP {status}")
    return str(data.get("code") or "error"), tekst


class Schrijver:
    """Sends requests to iwerk's API handlers in-process as `actor`, on iwerk's own base URL."""

    def __init__(self, actor: Actor, basis: str) -> None:
        self.actor = actor
        delen = urlsplit(basis)
        self.scheme = delen.scheme or "http"
        self.host = delen.netloc
        self.aantal = 0  # writes sent

    def post(self, url: str, body: Any = None) -> Any:
        return self.verzoek("POST", url, body)

    def put(self, url: str, body: Any) -> Any:
        return self.verzoek("PUT", url, body)

    def patch(self, url: str, body: Any) -> Any:
        return self.verzoek("PATCH", url, body)

    def delete(self, url: str) -> Any:
        return self.verzoek("DELETE", url, None)

    def bestandsdeel(self, url: str, lock: str, data: bytes) -> Any:
        """PUT one bestandsdeel as the Documenten API takes it: multipart/form-data with the
        lock and the part as `inhoud`."""
        grens = f"iwerk-migratie-{secrets.token_hex(8)}"
        inhoud = b"".join(
            (
                f'--{grens}\r\nContent-Disposition: form-data; name="lock"\r\n\r\n{lock}\r\n'.encode(),
                f'--{grens}\r\nContent-Disposition: form-data; name="inhoud"; '
                f'filename="bestandsdeel"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode(),
                data,
                f"\r\n--{grens}--\r\n".encode(),
            )
        )
        return self.verzoek(
            "PUT", url, None, inhoud=inhoud, soort=f"multipart/form-data; boundary={grens}"
        )

    def verzoek(
        self,
        methode: str,
        url: str,
        body: Any,
        *,
        inhoud: bytes | None = None,
        soort: str = "application/json",
    ) -> Any:
        """Send one request to the handler of url (an iwerk URL or path); its JSON answer.
        Raises Geweigerd when the API refuses."""
        delen = urlsplit(url)
        pad = delen.path
        if inhoud is None:
            inhoud = b"" if body is None else orjson.dumps(body)
        environ = {
            "REQUEST_METHOD": methode,
            "PATH_INFO": pad,
            "SCRIPT_NAME": "",
            "QUERY_STRING": delen.query,
            "SERVER_NAME": self.host.split(":")[0],
            "SERVER_PORT": self.host.split(":")[1] if ":" in self.host else "80",
            "HTTP_HOST": self.host,
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": self.scheme,
            "wsgi.input": io.BytesIO(inhoud),
            "CONTENT_LENGTH": str(len(inhoud)),
            "CONTENT_TYPE": soort,
            "HTTP_ACCEPT_CRS": "EPSG:4326",
            "HTTP_CONTENT_CRS": "EPSG:4326",
        }
        request = WSGIRequest(environ)
        try:
            match = resolve(pad)
        except Resolver404 as exc:
            raise Geweigerd(404, "not-found", f"iwerk kent het adres {pad} niet.") from exc
        handlers = getattr(match.func, "handlers", None)
        handler = (handlers or {}).get(methode.lower())
        if handler is None:
            raise Geweigerd(405, "method-not-allowed", f"{methode} {pad} bestaat niet in iwerk.")
        # What `core.api.endpoint.route` sets before it calls a handler.
        request.urls = ApiUrls(request_base(request))  # type: ignore[attr-defined]
        request.actor = self.actor  # type: ignore[attr-defined]
        self.aantal += 1
        try:
            response: HttpResponseBase = handler(request, **match.kwargs)
        except ApiError as error:
            raise Geweigerd(error.status, error.code, _reden(error)) from error
        content = getattr(response, "content", b"")
        data = orjson.loads(content) if content else None
        if response.status_code >= 400:
            code, tekst = _reden_json(data, response.status_code)
            raise Geweigerd(response.status_code, code, tekst)
        return data
