"""The one HTTP client (core.http): bounded in time and in what it reads, failures in plain words."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from iwerk.core import http


class _Groot(BaseHTTPRequestHandler):
    """Answers 2 MiB, more than any caller accepts."""

    def do_GET(self):  # noqa: N802 - http.server's naming
        body = b"x" * (2 * 1024 * 1024)
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def groot():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Groot)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def zwijgend():
    """Accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()


def test_a_body_is_read_only_up_to_the_limit(groot):
    with http.request("GET", f"{groot}/") as response:
        assert response.status_code == 200
        assert len(http.body(response, 1024 * 1024 + 1)) == 1024 * 1024 + 1


def test_a_server_that_does_not_answer_is_given_up_on(zwijgend, settings):
    settings.IWERK_EXTERNAL_TIMEOUT = 0.2
    with pytest.raises(http.Fout) as caught, http.request("GET", f"{zwijgend}/"):
        pass
    assert http.reden(caught.value) == "timed out"


def test_a_refused_connection_is_reported_in_the_sockets_words():
    with socket.socket() as sock:  # a port that was free a moment ago: nobody listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(http.Fout) as caught, http.request("GET", f"http://127.0.0.1:{port}/"):
        pass
    assert http.reden(caught.value) == "[Errno 111] Connection refused"
