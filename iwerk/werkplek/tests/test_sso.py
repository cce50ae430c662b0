"""Single sign-on against a real OpenID Connect provider on loopback (token, userinfo endpoints)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

SECRET = "sso-test-secret-that-is-long-enough-for-hs256"


class _Provider:
    """A minimal OIDC provider: issues an id_token for the code it handed out."""

    def __init__(self, username: str):
        self.username = username
        self.nonce = ""
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, data, status=200):
                body = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):  # token endpoint
                form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
                if form.get("code") != ["goede-code"] or form.get("client_secret") != [SECRET]:
                    return self._json({"error": "invalid_grant"}, 400)
                now = int(time.time())
                id_token = jwt.encode(
                    {
                        "iss": provider.url,
                        "sub": "abc",
                        "aud": "iwerk",
                        "iat": now,
                        "exp": now + 300,
                        "nonce": provider.nonce,
                    },
                    SECRET,
                    algorithm="HS256",
                )
                return self._json(
                    {"access_token": "toegang", "id_token": id_token, "token_type": "Bearer"}
                )

            def do_GET(self):  # userinfo endpoint
                if self.headers.get("Authorization") != "Bearer toegang":
                    return self._json({"error": "invalid_token"}, 401)
                return self._json(
                    {"sub": "abc", "preferred_username": provider.username, "email": "x@example.nl"}
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def provider(settings):
    provider = _Provider("rmeijer")
    settings.IWERK_OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "iwerk.werkplek.sso.WerkplekOIDCBackend",
    ]
    settings.OIDC_RP_CLIENT_ID = "iwerk"
    settings.OIDC_RP_CLIENT_SECRET = SECRET
    settings.OIDC_RP_SIGN_ALGO = "HS256"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider.url}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider.url}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider.url}/userinfo"
    settings.OIDC_CREATE_USER = False
    settings.LOGIN_REDIRECT_URL = "/werkplek/"
    settings.LOGIN_REDIRECT_URL_FAILURE = "/werkplek/inloggen/?sso=mislukt"
    yield provider
    provider.close()


def _start(client: Client, provider: _Provider) -> str:
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{provider.url}/authorize"
    query = parse_qs(location.query)
    provider.nonce = query["nonce"][0]
    return query["state"][0]


def test_sso_signs_in_an_existing_account_without_a_second_totp(demo, provider):
    client = Client()
    state = _start(client, provider)
    response = client.get("/oidc/callback/", {"code": "goede-code", "state": state})
    assert response.status_code == 302 and response["Location"] == "/werkplek/"
    page = client.get("/werkplek/")
    assert page.status_code == 200
    assert "Ruud Meijer" in page.content.decode()


def test_sso_refuses_unknown_accounts(demo, provider):
    provider.username = "onbekend"
    client = Client()
    state = _start(client, provider)
    response = client.get("/oidc/callback/", {"code": "goede-code", "state": state})
    assert response["Location"].startswith("/werkplek/inloggen/")
    assert client.get("/werkplek/").status_code == 302


def test_sso_refuses_a_forged_state(demo, provider):
    client = Client()
    _start(client, provider)
    response = client.get("/oidc/callback/", {"code": "goede-code", "state": "vervalst"})
    assert response.status_code in (302, 400)
    assert client.get("/werkplek/").status_code == 302


def test_sso_is_off_unless_configured(demo):
    assert Client().get("/oidc/authenticate/").status_code == 404
