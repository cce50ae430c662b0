"""The portaal as OpenID Connect relying party of DigiD and eHerkenning (through a broker).

Authlib does the protocol (`core.oidc`, shared with the werkplek's single sign-on, ADR 0036):
discovery, state, nonce, PKCE, the token request and the id_token's signature and claims. What
is ours: which broker per means, the claims that hold the BSN or KvK-nummer and — with DigiD
Machtigen or eHerkenning bewindvoering/ketenmachtiging — the represented citizen and the services
the authorisation covers, and checking that the assurance level (acr) meets what the product
asks. Name and address claims are ignored unless IWERK_PORTAAL_PREFILL_UIT_CLAIMS (ADR 0051).
"""

from __future__ import annotations

import io
from functools import cache
from urllib.parse import urlsplit

import requests
from authlib.integrations.requests_client import OAuth2Session
from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.http import Http404, HttpResponseNotFound
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from iwerk.core import oidc
from iwerk.core.validators import is_valid_rsin
from iwerk.portaal import testidp
from iwerk.portaal.identiteit import MACHTIGINGEN, NIVEAU_VAN_ACR, Identiteit

MIDDELEN = ("digid", "eherkenning")


class NietIngericht(Exception):
    """No broker configured for this means, and the test IdP is not allowed here."""


@cache
def _geconfigureerd(middel: str):
    conf = settings.IWERK_PORTAAL_OIDC[middel]
    return oidc.relying_party(
        f"portaal-{middel}",
        client_id=conf["client_id"],
        client_secret=conf["client_secret"],
        timeout=settings.IWERK_EXTERNAL_TIMEOUT,
        server_metadata_url=conf["discovery"],
    )


def client(request, middel: str):
    """The OIDC client for DigiD or eHerkenning: the configured broker, else the demo's test IdP."""
    if settings.IWERK_PORTAAL_OIDC[middel]["discovery"]:
        return _geconfigureerd(middel)
    if not settings.IWERK_TESTIDP:
        raise NietIngericht(middel)
    # The test IdP lives in this installation, at whatever address the request came in on. Its
    # discovery document, keys and token answer come from its views in this process: a request
    # must never wait on its own server (one thread per worker would wait forever, ADR 0031).
    client = oidc.relying_party(
        f"portaal-{middel}",
        client_id=testidp.CLIENT_ID,
        client_secret=testidp.client_secret(),
        timeout=settings.IWERK_EXTERNAL_TIMEOUT,
        server_metadata_url=request.build_absolute_uri("/testidp/.well-known/openid-configuration"),
    )
    client.client_cls = _sessie_met_testidp_in_proces(request.build_absolute_uri("/testidp/"))
    return client


def _sessie_met_testidp_in_proces(prefix: str) -> type[OAuth2Session]:
    class Sessie(OAuth2Session):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.mount(prefix, InProcesTestIdp())

    return Sessie


class InProcesTestIdp(BaseAdapter):
    """A requests transport that answers the test IdP's back-channel URLs (discovery, JWKS,
    token) by calling its views directly, without a socket and without middleware (they need
    none: they read the host, the form and the Authorization header)."""

    VIEWS = {
        "/testidp/.well-known/openid-configuration": testidp.configuratie,
        "/testidp/jwks": testidp.jwks,
        "/testidp/token": testidp.token,
    }

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        parts = urlsplit(request.url)
        body = request.body or b""
        body = body.encode() if isinstance(body, str) else body
        environ = {
            "REQUEST_METHOD": request.method,
            "SCRIPT_NAME": "",
            "PATH_INFO": parts.path,
            "QUERY_STRING": parts.query,
            "SERVER_NAME": parts.hostname or "",
            "SERVER_PORT": str(parts.port or (443 if parts.scheme == "https" else 80)),
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": parts.netloc,
            "wsgi.url_scheme": parts.scheme,
            "wsgi.input": io.BytesIO(body),
            "CONTENT_LENGTH": str(len(body)),
        }
        for name, value in request.headers.items():
            key = name.upper().replace("-", "_")
            if key == "CONTENT_TYPE":
                environ["CONTENT_TYPE"] = value
            elif key != "CONTENT_LENGTH":
                environ[f"HTTP_{key}"] = value
        view = self.VIEWS.get(parts.path)
        try:
            answer = view(WSGIRequest(environ)) if view else HttpResponseNotFound()
        except Http404:
            answer = HttpResponseNotFound()
        response = requests.Response()
        response.status_code = answer.status_code
        response.reason = answer.reason_phrase
        response.headers = CaseInsensitiveDict(answer.items())
        response._content = answer.content
        response.encoding = answer.charset
        response.url = request.url
        response.request = request
        return response

    def close(self) -> None:
        pass


def claim(middel: str) -> str:
    return settings.IWERK_PORTAAL_OIDC[middel]["claim"]


def waarde(claims: dict, naam: str) -> object:
    """A claim by name; a dotted name that is not a claim itself is a path into nested claims
    ("aanvrager.bsn"). None when absent."""
    if naam in claims:
        return claims[naam]
    value: object = claims
    for deel in naam.split("."):
        if not isinstance(value, dict) or deel not in value:
            return None
        value = value[deel]
    return value


class OngeldigeClaims(Exception):
    """The broker's answer names no usable person, business or authorisation."""


def identiteit(middel: str, claims: dict) -> Identiteit:
    """Who signed in, from the id_token's claims. Raises OngeldigeClaims."""
    namen = settings.IWERK_PORTAAL_MACHTIGEN_CLAIMS
    vertegenwoordigde = str(waarde(claims, namen["vertegenwoordigde"]) or "")
    nummer = str(waarde(claims, claim(middel)) or "")
    machtiging = ""
    diensten: tuple[str, ...] = ()
    if vertegenwoordigde:
        if not is_valid_rsin(vertegenwoordigde):  # a BSN passes the same elfproef
            raise OngeldigeClaims("vertegenwoordigde")
        if middel == "digid":
            machtiging = "digid_machtigen"
            nummer = str(waarde(claims, namen["gemachtigde"]) or nummer)
        else:
            soort = str(waarde(claims, namen["soort"]) or "bewindvoering")
            machtiging = soort if soort in MACHTIGINGEN and soort != "digid_machtigen" else ""
            if not machtiging:
                raise OngeldigeClaims("machtiging")
        gegeven = waarde(claims, namen["diensten"])
        if isinstance(gegeven, str):
            gegeven = gegeven.split()
        if isinstance(gegeven, list | tuple):
            diensten = tuple(str(d) for d in gegeven if d)
        if nummer == vertegenwoordigde:
            raise OngeldigeClaims("zichzelf")
    if not nummer:
        raise OngeldigeClaims("nummer")
    uit_claims = settings.IWERK_PORTAAL_PREFILL_UIT_CLAIMS
    return Identiteit(
        middel=middel,
        nummer=nummer,
        niveau=NIVEAU_VAN_ACR.get(claims.get("acr", ""), ""),
        naam=(claims.get("name") or "") if uit_claims else "",
        adres=_adres(claims["address"]) if uit_claims and claims.get("address") else {},
        vertegenwoordigde=vertegenwoordigde,
        machtiging=machtiging,
        diensten=diensten,
    )


def _adres(address: dict) -> dict:
    return {
        "straat": address.get("straat", ""),
        "huisnummer": address.get("huisnummer", ""),
        "postcode": address.get("postal_code", ""),
        "woonplaats": address.get("locality", ""),
    }


def is_test(middel: str) -> bool:
    return not settings.IWERK_PORTAAL_OIDC[middel]["discovery"]
