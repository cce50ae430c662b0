"""A real notification subscriber on loopback (the `receiver` fixture of the root conftest)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver(BaseHTTPRequestHandler):
    """A subscriber: 204 on /ok, 500 on /stuk, 2 s silence on /traag; records what it got.
    On /nrc it plays an external Notificaties API: 200 for POST …/notificaties."""

    received: list[tuple[str, str, dict]] = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append((self.path, self.headers.get("Authorization", ""), body))
        if self.path.startswith("/traag"):
            time.sleep(2)  # longer than the attempt timeout in the test
        if self.path.startswith("/nrc"):
            self.send_response(200 if self.path.endswith("/notificaties") else 404)
        else:
            self.send_response(204 if self.path.startswith("/ok") else 500)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@contextmanager
def serve() -> Iterator[str]:
    """Run the subscriber on a free port; yields its base URL. What it got: Receiver.received."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Receiver.received = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
