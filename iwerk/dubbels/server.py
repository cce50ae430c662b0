"""One HTTP server for the test doubles of the BRP, the BAG, the KvK and NotifyNL (ADR 0050, 0053).

A WSGI application with a routing table: each route names its register, method, path and
handler; the handlers live in `brp`, `bag` and `kvk`, and NotifyNL's sms API (`notifynl`), which
remembers what it sent, answers on the server's `notifynl_dienst`. Around every handler the
server keeps a log of what each register received (`verzoeken`, `wis`), checks the API key when
it was started with one, and can play a register that is down, broken or slow (`storing`). It imports nothing
of iwerk: the tests start it in a thread, `iwerk registerdubbels` as a process.
"""

from __future__ import annotations

import json
import re
import socketserver
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from iwerk.dubbels import bag, brp, kvk, notifynl
from iwerk.dubbels.antwoord import Antwoord, Verzoek

REGISTERS = ("brp", "bag", "kvk", "notifynl")
# Where each register lives on the server; iwerk's settings name these base URLs.
PREFIXEN = {
    "brp": "/haalcentraal/api/brp",
    "bag": "/lvbag/individuelebevragingen/v2",
    "kvk": "/kvk",
    "notifynl": notifynl.PREFIX,
}
# The header each register reads its API key from (BRP: the Haal Centraal proefomgeving);
# NotifyNL checks a JWT signed with its key instead (notifynl.controleer_token).
SLEUTELHEADERS = {"brp": "x-api-key", "bag": "x-api-key", "kvk": "apikey"}
STORINGEN = ("503", "500", "traag", "onzin")
TRAAG_SECONDEN = 3.0
FOUTEN: dict[str, Callable[..., Antwoord]] = {
    "brp": brp.fout,
    "bag": bag.fout,
    "kvk": kvk.fout,
    "notifynl": notifynl.fout,
}

Handler = Callable[[Verzoek, dict[str, str]], Antwoord]

ROUTES: list[tuple[str, str, str, Handler]] = [
    ("brp", "POST", r"/haalcentraal/api/brp/personen", brp.personen),
    ("bag", "GET", r"/lvbag/individuelebevragingen/v2/adressen", bag.adressen),
    ("bag", "GET", r"/lvbag/individuelebevragingen/v2/adressen/(?P<id>[^/]*)", bag.adres),
    (
        "bag",
        "GET",
        r"/lvbag/individuelebevragingen/v2/adresseerbareobjecten/(?P<id>[^/]*)",
        bag.adresseerbaar_object,
    ),
    ("kvk", "GET", r"/kvk/api/v2/zoeken", kvk.zoeken),
    ("kvk", "GET", r"/kvk/api/v1/basisprofielen/(?P<kvk_nummer>[^/]*)", kvk.basisprofiel),
    ("kvk", "GET", r"/kvk/api/v1/vestigingsprofielen/(?P<nummer>[^/]*)", kvk.vestigingsprofiel),
]
_ROUTES = [(register, method, re.compile(f"{pad}$"), h) for register, method, pad, h in ROUTES]


@dataclass
class Registerdubbels:
    """The doubles of the three registers behind one address.

    sleutels: an API key per register ("bag": "…"); a register with a key refuses requests
    without it. storingen_via_http: `POST /_dubbels/storing` may set a storing (a running demo).
    """

    host: str = "127.0.0.1"
    port: int = 0
    sleutels: dict[str, str] = field(default_factory=dict)
    storingen_via_http: bool = False
    traag_seconden: float = TRAAG_SECONDEN
    _storingen: dict[str, str] = field(default_factory=dict, init=False)
    _log: dict[str, list[Verzoek]] = field(init=False)
    _slot: threading.Lock = field(default_factory=threading.Lock, init=False)
    _server: WSGIServer | None = field(default=None, init=False)
    notifynl_dienst: notifynl.NotifyNL = field(default_factory=notifynl.NotifyNL, init=False)

    def __post_init__(self) -> None:
        self._log = {register: [] for register in REGISTERS}

    # --- addresses -----------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def brp_url(self) -> str:
        return self.url + PREFIXEN["brp"]

    @property
    def bag_url(self) -> str:
        return self.url + PREFIXEN["bag"]

    @property
    def kvk_url(self) -> str:
        return self.url + PREFIXEN["kvk"]

    @property
    def notifynl_url(self) -> str:
        return self.url + PREFIXEN["notifynl"]

    # --- what tests and demos steer --------------------------------------------------------
    def storing(self, register: str, soort: str | None) -> None:
        """Let a register answer 503, 500, slowly ("traag") or with no JSON ("onzin"); None: well."""
        if register not in REGISTERS:
            raise ValueError(f"Onbekend register: {register!r}")
        if soort is not None and soort not in STORINGEN:
            raise ValueError(f"Onbekende storing: {soort!r}")
        with self._slot:
            if soort is None:
                self._storingen.pop(register, None)
            else:
                self._storingen[register] = soort

    def verzoeken(self, register: str) -> list[Verzoek]:
        """Every request the register received since the last `wis()`, oldest first."""
        with self._slot:
            return list(self._log[register])

    def wis(self) -> None:
        """Forget the received requests."""
        with self._slot:
            for verzoeken in self._log.values():
                verzoeken.clear()

    def herstel(self) -> None:
        """Every register well again, at the default delay of "traag"."""
        with self._slot:
            self._storingen.clear()
        self.traag_seconden = TRAAG_SECONDEN

    # --- running ---------------------------------------------------------------------------
    def start(self) -> Registerdubbels:
        """Listen and serve in a daemon thread; `port` 0 takes a free port."""
        server = self.luister()._server
        assert server is not None
        # A short poll interval: `stop()` waits for one.
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def luister(self) -> Registerdubbels:
        """Bind the address (`port` 0: a free one, read back into `port`); serving comes after."""
        if self._server is None:
            self._server = make_server(
                self.host, self.port, self, server_class=_Server, handler_class=_StilleHandler
            )
            self.port = self._server.server_address[1]
        return self

    def serve_forever(self) -> None:
        """Serve in this thread until interrupted."""
        server = self.luister()._server
        assert server is not None
        try:
            server.serve_forever()
        finally:
            server.server_close()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # --- the WSGI application --------------------------------------------------------------
    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        verzoek = _lees(environ)
        antwoord = self._beantwoord(verzoek)
        body = antwoord.inhoud()
        headers = [("Content-Type", antwoord.content_type), ("Content-Length", str(len(body)))]
        headers += list(antwoord.headers.items())
        start_response(f"{antwoord.status} {_REDENEN.get(antwoord.status, 'Status')}", headers)
        return [body]

    def _beantwoord(self, verzoek: Verzoek) -> Antwoord:
        if verzoek.path == "/_dubbels/storing" and verzoek.method == "POST":
            return self._storing_via_http(verzoek)
        register = next(
            (r for r, prefix in PREFIXEN.items() if verzoek.path.startswith(prefix + "/")), None
        )
        if register is None:
            return Antwoord(404, {"detail": "Geen register op dit pad."})
        with self._slot:
            self._log[register].append(verzoek)
            storing = self._storingen.get(register)
        fout = FOUTEN[register]
        if storing == "503":
            return fout(verzoek, 503)
        if storing == "500":
            return fout(verzoek, 500)
        if storing == "onzin":
            return Antwoord(200, b"<html>Storing: dit is geen JSON</html>", "text/html")
        if storing == "traag":
            time.sleep(self.traag_seconden)
        sleutel = self.sleutels.get(register)
        if register == "notifynl":
            geweigerd = notifynl.controleer_token(verzoek, sleutel) if sleutel else None
            return geweigerd or self.notifynl_dienst.beantwoord(verzoek)
        if sleutel:
            gegeven = verzoek.headers.get(SLEUTELHEADERS[register], "")
            if not gegeven:
                return fout(verzoek, 401)
            if gegeven != sleutel:
                return fout(verzoek, 403)
        bestaat = False
        for route_register, method, patroon, handler in _ROUTES:
            if route_register != register or not (gevonden := patroon.match(verzoek.path)):
                continue
            if method == verzoek.method:
                return handler(verzoek, gevonden.groupdict())
            bestaat = True
        return fout(verzoek, 405 if bestaat else 404)

    def _storing_via_http(self, verzoek: Verzoek) -> Antwoord:
        if not self.storingen_via_http:
            return Antwoord(403, {"detail": "Gestart zonder --storingen."})
        body = verzoek.body if isinstance(verzoek.body, dict) else {}
        try:
            self.storing(str(body.get("register")), body.get("soort"))
        except ValueError as e:
            return Antwoord(400, {"detail": str(e)})
        return Antwoord(200, {"register": body["register"], "soort": body.get("soort")})


def _lees(environ: dict[str, Any]) -> Verzoek:
    headers = {
        key[5:].replace("_", "-").lower(): value
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = environ["CONTENT_TYPE"]
    lengte = int(environ.get("CONTENT_LENGTH") or 0)
    ruw = environ["wsgi.input"].read(lengte) if lengte else b""
    try:
        body: Any = json.loads(ruw) if ruw else None
    except ValueError:
        body = ruw.decode("utf-8", "replace")
    # wsgiref decodes the path as latin-1 (PEP 3333); the clients send UTF-8.
    path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace")
    return Verzoek(
        method=environ["REQUEST_METHOD"],
        path=path,
        query=dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)),
        headers=headers,
        body=body,
        ruwe_body=ruw,
        host=environ.get("HTTP_HOST") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}",
    )


class _Server(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _StilleHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass


_REDENEN = {
    200: "OK",
    201: "Created",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    412: "Precondition Failed",
    415: "Unsupported Media Type",
    429: "Too Many Requests",
    500: "Internal Server Error",
    501: "Not Implemented",
    503: "Service Unavailable",
}
