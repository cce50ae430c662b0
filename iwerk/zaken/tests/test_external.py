"""URLs to other registers: fetched only when allowed, against a real local HTTP server."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from iwerk.core.testing import catalogus as build
from iwerk.zaken.tests.test_api import CRS, zaak_body

pytestmark = pytest.mark.django_db
BASE = "http://testserver/zaken/api/v1"


class _Register(BaseHTTPRequestHandler):
    """Another installation: answers JSON for /api/v1/…/ok-*, 404 for anything else."""

    seen: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's naming
        type(self).seen.append(self.path)
        if "/ok-" in self.path:
            body = json.dumps({"url": f"http://{self.headers['Host']}{self.path}"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
        else:
            body = b"not found"
            self.send_response(404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def register():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Register)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Register.seen = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def zaak(superuser_client, catalogus):
    zt = build.complete_zaaktype(catalogus)
    zt.concept = False
    zt.save()
    return superuser_client.post(f"{BASE}/zaken", zaak_body(zt), **CRS).json()


def test_not_allowed_means_no_request_leaves(superuser_client, zaak, register, settings):
    settings.IWERK_ALLOW_EXTERNAL_REGISTERS = False
    missing = f"{register}/klantinteracties/api/v1/contactmomenten/gone-1"
    response = superuser_client.post(
        f"{BASE}/zaakcontactmomenten", {"zaak": zaak["url"], "contactmoment": missing}
    )
    assert response.status_code == 201  # a register iwerk does not host: kept as given
    refused = superuser_client.patch(
        zaak["url"],
        {
            "relevanteAndereZaken": [
                {"url": f"{register}/zaken/api/v1/zaken/ok-1", "aardRelatie": "vervolg"}
            ]
        },
        **CRS,
    )
    assert refused.json()["invalidParams"][0]["code"] == "bad-url"
    assert _Register.seen == []


def test_allowed_urls_are_fetched_and_must_answer(superuser_client, zaak, register, settings):
    settings.IWERK_ALLOW_EXTERNAL_REGISTERS = True
    ok = f"{register}/klantinteracties/api/v1/contactmomenten/ok-1"
    gone = f"{register}/klantinteracties/api/v1/contactmomenten/gone-1"
    assert (
        superuser_client.post(
            f"{BASE}/zaakcontactmomenten", {"zaak": zaak["url"], "contactmoment": ok}
        ).status_code
        == 201
    )
    refused = superuser_client.post(
        f"{BASE}/zaakcontactmomenten", {"zaak": zaak["url"], "contactmoment": gone}
    )
    assert refused.status_code == 400
    assert refused.json()["invalidParams"][0] == {
        "name": "contactmoment",
        "code": "bad-url",
        "reason": refused.json()["invalidParams"][0]["reason"],
    }
    other_zaak = f"{register}/zaken/api/v1/zaken/ok-2"
    changed = superuser_client.patch(
        zaak["url"],
        {"relevanteAndereZaken": [{"url": other_zaak, "aardRelatie": "vervolg"}]},
        **CRS,
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["relevanteAndereZaken"][0]["url"] == other_zaak
    assert _Register.seen == [
        "/klantinteracties/api/v1/contactmomenten/ok-1",
        "/klantinteracties/api/v1/contactmomenten/gone-1",
        "/zaken/api/v1/zaken/ok-2",
    ]
