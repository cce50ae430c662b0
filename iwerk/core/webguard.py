"""What `iwerk serve` runs in every granian worker: slow clients cost the attacker, not the users.

granian's WSGI mode hands a request to a blocking thread as soon as its headers are in, and the
thread then waits on `wsgi.input` for as long as the client takes to send the body: nine clients
sending one byte a second held all 2 x 4 threads and `/health` waited until they stopped. granian
has a timeout for headers (`--http1-header-read-timeout`, set by `iwerk serve`) but none for
bodies and no per-address limit. So `iwerk serve` runs granian in ASGI mode with this small
adapter in front of the unchanged WSGI application (ADR 0033):

- the body is received on the worker's event loop, where a waiting client costs a coroutine and a
  socket, and only a complete request goes to one of `IWERK_WEB_THREADS` threads;
- a body must keep up `IWERK_WEB_BODY_MIN_RATE` bytes/s after `IWERK_WEB_BODY_GRACE` seconds, or
  the request ends with 408; a body larger than any endpoint accepts ends with 413;
- one address has at most `IWERK_WEB_MAX_PER_ADDRESS` requests in progress per worker (429
  beyond); off behind a proxy, where every request comes from the balancer's address.

The threads keep the WSGI semantics the application was written for (one persistent database
connection per thread, `wsgi.input`, `REMOTE_ADDR`).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import io
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from typing import IO, Any

import orjson

from iwerk.core.env import env_bool, env_int

SPOOL_IN_MEMORY = 1024 * 1024  # larger bodies are buffered in a temporary file
PR_SET_PDEATHSIG = 1

# ASGI (the server's side) and WSGI (the application's side), as far as this adapter uses them.
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Headers = list[tuple[bytes, bytes]]
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def die_with_master() -> None:
    """In a granian worker of `iwerk serve`: die when the master process dies (ADR 0033).

    Without it a SIGKILLed master leaves its workers answering on the port, and a restarted
    `iwerk serve` runs beside them. `iwerk serve` exports its pid (which the master keeps, being
    exec'ed into it); the worker asks the kernel for SIGKILL when its parent goes, and exits at
    once if the master is already gone. granian spawns its workers from its main thread, so the
    signal is not sent early when some other thread of the master ends.
    """
    master = os.environ.get("IWERK_SERVE_PID")
    if not master or not sys.platform.startswith("linux") or os.getpid() == int(master):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != int(master):  # the master died before the signal was armed
        os._exit(1)


def _problem(status: int, title: str, detail: str) -> tuple[int, Headers, bytes]:
    body = orjson.dumps({"type": f"https://httpstatuses.io/{status}", "title": title,
                         "status": status, "detail": detail})  # fmt: skip
    headers = [(b"content-type", b"application/problem+json"), (b"connection", b"close"),
               (b"content-length", str(len(body)).encode())]  # fmt: skip
    return status, headers, body


class TooSlow(Exception):
    pass


class TooLarge(Exception):
    pass


class Disconnected(Exception):
    pass


class SlowClientGuard:
    """An ASGI application that receives each request whole, then runs a WSGI application on a
    fixed pool of threads."""

    def __init__(self, wsgi_app: WsgiApp, *, threads: int, body_grace: float, body_min_rate: int,
                 max_body: int, max_per_address: int) -> None:  # fmt: skip
        self.app = wsgi_app
        self.pool = ThreadPoolExecutor(max(1, threads), thread_name_prefix="iwerk-web")
        self.body_grace = body_grace
        self.body_min_rate = body_min_rate
        self.max_body = max_body
        self.max_per_address = max_per_address
        self.in_progress: Counter[str] = Counter()

    @classmethod
    def from_environment(cls, wsgi_app: WsgiApp) -> SlowClientGuard:
        from django.conf import settings

        behind_proxy = env_bool("IWERK_BEHIND_PROXY", False)
        return cls(
            wsgi_app,
            threads=env_int("IWERK_WEB_THREADS", 1),
            body_grace=env_int("IWERK_WEB_BODY_GRACE", 10),
            body_min_rate=env_int("IWERK_WEB_BODY_MIN_RATE", 1024),
            # The largest body an endpoint accepts (documents), plus room for multipart framing.
            max_body=max(settings.IWERK_DOCUMENT_MAX_BODY, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
            + 1024 * 1024,
            max_per_address=env_int("IWERK_WEB_MAX_PER_ADDRESS", 0 if behind_proxy else 32),
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":  # granian's asginl interface sends none; be polite
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        if scope["type"] != "http":
            return
        address = (scope.get("client") or ("", 0))[0]
        if self.max_per_address and self.in_progress[address] >= self.max_per_address:
            await self._send(send, *_problem(429, "Te veel verzoeken",
                             "Te veel gelijktijdige verbindingen vanaf dit adres."))  # fmt: skip
            return
        self.in_progress[address] += 1
        try:
            await self._handle(scope, receive, send)
        finally:
            self.in_progress[address] -= 1
            if not self.in_progress[address]:
                del self.in_progress[address]

    async def _handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        body: IO[bytes]
        try:
            if _has_body(scope):
                body, length = await self._receive_body(receive)
            else:  # most requests: nothing to wait for
                body, length = io.BytesIO(), 0
        except TooSlow:
            await self._send(send, *_problem(408, "Verzoek te traag",
                             "De request body kwam te langzaam binnen."))  # fmt: skip
            return
        except TooLarge:
            await self._send(send, *_problem(413, "Verzoek te groot",
                             f"De request body is groter dan {self.max_body} bytes."))  # fmt: skip
            return
        except Disconnected:
            return
        environ = _environ(scope, body, length)
        loop = asyncio.get_running_loop()
        try:
            whole = await loop.run_in_executor(self.pool, self._run_wsgi, environ, send, loop)
        finally:
            body.close()
        if whole is not None:
            await self._send(send, *whole)

    async def _receive_body(self, receive: Receive) -> tuple[IO[bytes], int]:
        body = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 - closed by _handle
        received = 0
        start = time.monotonic()
        try:
            while True:
                # The deadline moves with what arrived: grace + received / minimum rate.
                deadline = start + self.body_grace + received / self.body_min_rate
                try:
                    message = await asyncio.wait_for(
                        receive(), max(0.0, deadline - time.monotonic())
                    )
                except TimeoutError:
                    raise TooSlow from None
                if message["type"] == "http.disconnect":
                    raise Disconnected
                chunk = message.get("body", b"")
                received += len(chunk)
                if received > self.max_body:
                    raise TooLarge
                body.write(chunk)
                if not message.get("more_body", False):
                    body.seek(0)
                    return body, received
        except BaseException:
            body.close()
            raise

    def _run_wsgi(
        self, environ: dict[str, Any], send: Send, loop: asyncio.AbstractEventLoop
    ) -> tuple[int, Headers, bytes] | None:
        """In a pool thread: the WSGI application. A whole answer (Django's HttpResponse) is
        returned for the event loop to send; a streamed one is sent from here, chunk by chunk."""
        started: list[Any] = []

        def start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> None:
            if exc_info and started:
                raise exc_info[1].with_traceback(exc_info[2])
            started[:] = [int(status.split(" ", 1)[0]),
                          [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers]]  # fmt: skip

        async def sending(message: Message) -> None:
            await send(message)

        def call(message: Message) -> None:
            asyncio.run_coroutine_threadsafe(sending(message), loop).result()

        result = self.app(environ, start_response)
        try:
            # Django's HttpResponse (not streaming) and plain lists: one start, one body.
            if isinstance(result, list | tuple) or getattr(result, "streaming", None) is False:
                return started[0], started[1], b"".join(result)
            header_sent = False
            for chunk in result:  # streaming and file responses
                if not header_sent:
                    call(
                        {"type": "http.response.start", "status": started[0], "headers": started[1]}
                    )
                    header_sent = True
                if chunk:
                    call({"type": "http.response.body", "body": chunk, "more_body": True})
            if not header_sent:
                call({"type": "http.response.start", "status": started[0], "headers": started[1]})
            call({"type": "http.response.body", "body": b""})
            return None
        finally:
            if hasattr(result, "close"):
                with contextlib.suppress(Exception):
                    result.close()

    @staticmethod
    async def _send(send: Send, status: int, headers: Headers, body: bytes) -> None:
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _has_body(scope: Scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"transfer-encoding" or (name == b"content-length" and value.strip() != b"0"):
            return True
    return False


def _environ(scope: Scope, body: IO[bytes], length: int) -> dict[str, Any]:
    """The PEP 3333 environ of an ASGI HTTP scope (as granian's WSGI mode builds it)."""
    server = scope.get("server") or ("127.0.0.1", 80)
    client = scope.get("client") or ("", 0)
    environ = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": scope.get("root_path", ""),
        "PATH_INFO": scope["path"].encode("utf-8").decode("latin-1"),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1]),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "REMOTE_ADDR": client[0],
        "REMOTE_PORT": str(client[1]),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": body,
        "wsgi.input_terminated": True,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    for raw_name, raw_value in scope.get("headers", []):
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        value = raw_value.decode("latin-1")
        key = name if name in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{name}"
        if key in environ:  # a repeated header; cookies are joined as one Cookie header
            value = f"{environ[key]}{'; ' if key == 'HTTP_COOKIE' else ','}{value}"
        environ[key] = value
    if length and "CONTENT_LENGTH" not in environ:  # a chunked body, now counted
        environ["CONTENT_LENGTH"] = str(length)
    return environ
