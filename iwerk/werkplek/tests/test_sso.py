"""Single sign-on against a real OpenID Connect provider on loopback (token, userinfo endpoints)."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from django.test import Client
from joserfc import jwt as jose_jwt
from joserfc.jwk import RSAKey

from iwerk.werkplek import sso

pytestmark = pytest.mark.django_db

SECRET = "sso-test-secret-that-is-long-enough-for-hs256"


class _Provider:
    """A minimal OIDC provider: issues an id_token for the code it handed out."""

    def __init__(self, username: str):
        self.username = username
        self.nonce = ""
        self.token_form: dict = {}  # the last token request, as the provider received it
        self.rsa_key: RSAKey | None = None  # set: id_tokens are RS256, keys at /jwks
        self.published_key: RSAKey | None = None  # the key at /jwks, when not rsa_key
        self.signing_secret = SECRET
        self.userinfo_sub = "abc"
        self.userinfo_as_jwt = False  # signed userinfo (application/jwt), as some providers send
        self.userinfo_secret = ""  # signs that userinfo, when not signing_secret
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
                provider.token_form = form
                if form.get("code") != ["goede-code"] or form.get("client_secret") != [SECRET]:
                    return self._json({"error": "invalid_grant"}, 400)
                now = int(time.time())
                claims = {
                    "iss": provider.url,
                    "sub": "abc",
                    "aud": "iwerk",
                    "iat": now,
                    "exp": now + 300,
                    "nonce": provider.nonce,
                }
                if provider.rsa_key is not None:
                    header = {"alg": "RS256", "kid": provider.rsa_key.kid}
                    id_token = jose_jwt.encode(header, claims, provider.rsa_key)
                else:
                    id_token = jwt.encode(claims, provider.signing_secret, algorithm="HS256")
                return self._json(
                    {"access_token": "toegang", "id_token": id_token, "token_type": "Bearer"}
                )

            def do_GET(self):  # userinfo endpoint (and the keys, when they are RSA)
                if self.path == "/jwks" and provider.rsa_key is not None:
                    key = provider.published_key or provider.rsa_key
                    return self._json({"keys": [key.as_dict(private=False)]})
                if self.headers.get("Authorization") != "Bearer toegang":
                    return self._json({"error": "invalid_token"}, 401)
                info = {
                    "sub": provider.userinfo_sub,
                    "preferred_username": provider.username,
                    "email": "x@example.nl",
                }
                if provider.userinfo_as_jwt:
                    secret = provider.userinfo_secret or provider.signing_secret
                    body = jwt.encode(info, secret, algorithm="HS256").encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/jwt")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    return self.wfile.write(body)
                return self._json(info)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

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


def test_sso_signs_in_an_existing_account_without_a_second_totp(demo_staf, provider):
    client = Client()
    state = _start(client, provider)
    response = client.get("/oidc/callback/", {"code": "goede-code", "state": state})
    assert response.status_code == 302 and response["Location"] == "/werkplek/"
    page = client.get("/werkplek/")
    assert page.status_code == 200
    assert "Ruud Meijer" in page.content.decode()


def test_sso_refuses_unknown_accounts(demo_staf, provider):
    provider.username = "onbekend"
    client = Client()
    state = _start(client, provider)
    response = client.get("/oidc/callback/", {"code": "goede-code", "state": state})
    assert response["Location"].startswith("/werkplek/inloggen/")
    assert client.get("/werkplek/").status_code == 302


def test_sso_refuses_a_forged_state(demo_staf, provider):
    client = Client()
    _start(client, provider)
    response = client.get("/oidc/callback/", {"code": "goede-code", "state": "vervalst"})
    assert response.status_code in (302, 400)
    assert client.get("/werkplek/").status_code == 302


def test_sso_is_off_unless_configured(demo_staf):
    assert Client().get("/oidc/authenticate/").status_code == 404


@pytest.fixture
def account(django_user_model):
    """Only the account the provider names: these tests need no demo world."""
    return django_user_model.objects.create_user("rmeijer")


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session and client.session.get("iwerk_mfa") == "sso"


def test_sso_uses_pkce_and_sends_the_verifier_with_the_code(account, provider):
    client = Client()
    response = client.get("/oidc/authenticate/")
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["redirect_uri"] == ["http://testserver/oidc/callback/"]
    provider.nonce = query["nonce"][0]
    client.get("/oidc/callback/", {"code": "goede-code", "state": query["state"][0]})
    verifier = provider.token_form["code_verifier"][0]
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    assert challenge.rstrip(b"=").decode() == query["code_challenge"][0]
    assert _signed_in(client)


def test_sso_checks_an_rs256_id_token_against_the_providers_keys(account, provider, settings):
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider.url}/jwks"
    provider.rsa_key = RSAKey.generate_key(2048, parameters={"kid": "sleutel-1"})
    client = Client()
    client.get("/oidc/callback/", {"code": "goede-code", "state": _start(client, provider)})
    assert _signed_in(client)
    # Signed with another key under the same kid: the signature does not hold.
    provider.published_key = provider.rsa_key
    provider.rsa_key = RSAKey.generate_key(2048, parameters={"kid": "sleutel-1"})
    other = Client()
    state = _start(other, provider)
    response = other.get("/oidc/callback/", {"code": "goede-code", "state": state})
    assert response["Location"] == "/werkplek/inloggen/?sso=mislukt"
    assert not _signed_in(other)


@pytest.mark.parametrize(
    "bederf",
    ["signing_secret", "nonce", "userinfo_sub"],
)
def test_sso_refuses_an_id_token_that_does_not_hold(account, provider, bederf):
    client = Client()
    state = _start(client, provider)
    setattr(provider, bederf, "iets-anders-dat-lang-genoeg-is-voor-een-hs256-sleutel")
    response = client.get("/oidc/callback/", {"code": "goede-code", "state": state})
    assert response.status_code == 302
    assert response["Location"] == "/werkplek/inloggen/?sso=mislukt"
    assert not _signed_in(client)


def test_sso_reads_a_signed_userinfo_and_checks_its_signature(account, provider):
    provider.userinfo_as_jwt = True
    client = Client()
    client.get("/oidc/callback/", {"code": "goede-code", "state": _start(client, provider)})
    assert _signed_in(client)
    other = Client()
    state = _start(other, provider)
    provider.userinfo_secret = "een-ander-geheim-dat-lang-genoeg-is-voor-hs256-ondertekening"
    response = other.get("/oidc/callback/", {"code": "goede-code", "state": state})
    assert response["Location"] == "/werkplek/inloggen/?sso=mislukt"
    assert not _signed_in(other)


def test_sso_with_the_provider_unreachable_returns_to_the_sign_in_page(account, provider, settings):
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/token"  # nobody listens on port 9
    client = Client()
    state = _start(client, provider)
    response = client.get("/oidc/callback/", {"code": "goede-code", "state": state})
    assert response["Location"] == "/werkplek/inloggen/?sso=mislukt"
    assert not _signed_in(client)


def test_sso_returns_to_the_page_asked_for_on_this_site_only(account, provider):
    for volgende, landing in (("/werkplek/zoeken/", "/werkplek/zoeken/"),
                              ("https://elders.example/", "/werkplek/")):  # fmt: skip
        client = Client()
        response = client.get("/oidc/authenticate/", {"next": volgende})
        query = parse_qs(urlsplit(response["Location"]).query)
        provider.nonce = query["nonce"][0]
        response = client.get("/oidc/callback/", {"code": "goede-code", "state": query["state"][0]})
        assert response["Location"] == landing


def test_sso_waits_a_bounded_time_for_the_provider(provider, settings):
    settings.OIDC_TIMEOUT = 7
    with sso._client()._get_session() as session:
        assert session.default_timeout == 7
