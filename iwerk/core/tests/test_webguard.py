"""The slow-client guard of `iwerk serve` (iwerk.core.webguard, ADR 0033): a body that trickles in
holds no application thread and is cut off; one address cannot take every connection.

The latency of a probe under 50 slow connections against a real `iwerk serve` is measured by
ops/slow_clients.py (CI)."""

from __future__ import annotations

import asyncio
import json
import threading

from iwerk import cli
from iwerk.core.webguard import SlowClientGuard


class App:
    """A WSGI application that records what it was given."""

    def __init__(self) -> None:
        self.calls: list[dict] = []
        self.threads: set[str] = set()

    def __call__(self, environ, start_response):
        body = environ["wsgi.input"].read()
        self.calls.append({"path": environ["PATH_INFO"], "body": body,
                           "length": environ.get("CONTENT_LENGTH")})  # fmt: skip
        self.threads.add(threading.current_thread().name)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok:" + body]


def _guard(app, **options) -> SlowClientGuard:
    settings = {"threads": 1, "body_grace": 0.3, "body_min_rate": 1000, "max_body": 100,
                "max_per_address": 0, **options}  # fmt: skip
    return SlowClientGuard(app, **settings)


def _scope(path: str = "/health", client: str = "10.0.0.1",
           headers=((b"transfer-encoding", b"chunked"),)) -> dict:  # fmt: skip
    return {"type": "http", "method": "POST", "path": path, "query_string": b"",
            "headers": list(headers), "client": (client, 50000), "server": ("127.0.0.1", 8000),
            "scheme": "http", "http_version": "1.1"}  # fmt: skip


def _body(*chunks: bytes):
    """receive(): these chunks, the last one ending the body."""
    messages = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
                for i, c in enumerate(chunks)]  # fmt: skip

    async def receive():
        return messages.pop(0)

    return receive


def _trickle(started: asyncio.Event | None = None):
    """receive(): one byte, then nothing more (a client sending a byte now and then)."""
    sent = []

    async def receive():
        if not sent:
            sent.append(1)
            if started:
                started.set()
            return {"type": "http.request", "body": b"a", "more_body": True}
        await asyncio.sleep(3600)

    return receive


class Answer:
    def __init__(self) -> None:
        self.status = None
        self.body = b""

    async def __call__(self, message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
        else:
            self.body += message.get("body", b"")


def test_a_trickling_body_holds_no_thread_and_ends_in_408():
    app = App()
    guard = _guard(app)

    async def scenario():
        slow, fast = Answer(), Answer()
        started = asyncio.Event()
        attack = asyncio.create_task(guard(_scope("/slow"), _trickle(started), slow))
        await started.wait()
        # The only thread is free: a complete request is answered while the slow one waits.
        await guard(_scope("/fast"), _body(b"x"), fast)
        assert (fast.status, fast.body) == (200, b"ok:x")
        assert not attack.done()
        await attack
        return slow

    slow = asyncio.run(scenario())
    assert slow.status == 408
    assert json.loads(slow.body)["status"] == 408
    assert [c["path"] for c in app.calls] == ["/fast"]  # the slow request never reached the app
    assert app.threads and all(name.startswith("iwerk-web") for name in app.threads)


def test_a_chunked_body_arrives_whole_and_counted():
    app = App()
    answer = Answer()
    asyncio.run(_guard(app)(_scope(headers=[(b"transfer-encoding", b"chunked")]),
                            _body(b"ab", b"cd", b"e"), answer))  # fmt: skip
    assert answer.status == 200
    assert app.calls == [{"path": "/health", "body": b"abcde", "length": "5"}]


def test_a_body_larger_than_any_endpoint_accepts_is_413():
    app = App()
    answer = Answer()
    asyncio.run(_guard(app, max_body=10)(_scope(), _body(b"x" * 6, b"x" * 6), answer))
    assert answer.status == 413
    assert app.calls == []


def test_one_address_has_a_limited_number_of_requests_in_progress():
    app = App()
    guard = _guard(app, max_per_address=2, body_grace=60)

    async def scenario():
        events = [asyncio.Event(), asyncio.Event()]
        holding = [asyncio.create_task(guard(_scope(), _trickle(e), Answer())) for e in events]
        for e in events:
            await e.wait()
        refused, other = Answer(), Answer()
        await guard(_scope(), _body(b"x"), refused)
        await guard(_scope(client="10.0.0.2"), _body(b"y"), other)
        for task in holding:
            task.cancel()
        await asyncio.gather(*holding, return_exceptions=True)
        return refused, other

    refused, other = asyncio.run(scenario())
    assert refused.status == 429
    assert (
        json.loads(refused.body)["detail"] == "Te veel gelijktijdige verbindingen vanaf dit adres."
    )
    assert other.status == 200
    assert guard.in_progress == {}  # cancelled requests gave their place back


def test_iwerk_serve_runs_the_guard_with_a_header_timeout(monkeypatch, tmp_path):
    started = []
    monkeypatch.setenv("IWERK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("IWERK_PORT", "0")
    # What _serve exports for granian, restored after the test.
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "metrics"))
    monkeypatch.setenv("IWERK_SERVE_PID", "0")
    monkeypatch.setattr(cli.os, "execv", lambda path, args: started.append(args))
    cli._serve([])
    args = started[0]
    assert args[args.index("--interface") + 1] == "asginl"
    assert "iwerk.asgi:application" in args
    assert args[args.index("--http1-header-read-timeout") + 1] == "10000"
    # Behind a proxy that buffers bodies the guard can be switched off: plain WSGI mode.
    monkeypatch.setenv("IWERK_WEB_GUARD", "uit")
    cli._serve([])
    assert started[1][started[1].index("--interface") + 1] == "wsgi"
    assert "iwerk.wsgi:application" in started[1]


def test_the_defaults_of_the_guard(monkeypatch):
    monkeypatch.delenv("IWERK_BEHIND_PROXY", raising=False)
    guard = SlowClientGuard.from_environment(App())
    assert (guard.body_grace, guard.body_min_rate, guard.max_per_address) == (10, 1024, 32)
    monkeypatch.setenv("IWERK_BEHIND_PROXY", "true")  # every request comes from the balancer
    assert SlowClientGuard.from_environment(App()).max_per_address == 0


def test_a_streamed_answer_is_sent_chunk_by_chunk():
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "application/octet-stream")])
        return iter([b"een ", b"", b"twee"])  # as FileResponse/StreamingHttpResponse iterate

    chunks = []

    async def send(message):
        chunks.append(message)

    asyncio.run(_guard(app)(_scope(headers=()), _body(b""), send))
    assert chunks[0]["status"] == 200
    assert [m.get("body") for m in chunks[1:]] == [b"een ", b"twee", b""]
