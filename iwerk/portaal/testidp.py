"""TEST identity provider for the demo and the tests: an OpenID Connect provider that issues a
BSN (as DigiD would) or a KvK-nummer (as eHerkenning would) for a person you pick or type —
and, to simulate DigiD Machtigen or eHerkenning bewindvoering/ketenmachtiging, the BSN of the
citizen they act for with the services the authorisation covers, in the claims the portaal is
configured to read (IWERK_PORTAAL_MACHTIGEN_CLAIMS). Like a real broker it sends no name or
address unless asked to (ADR 0051).

It answers only when IWERK_TESTIDP is on (demo mode or the test run) — in production every view
here is a 404, and the portaal refuses to use it (iwerk.portaal.oidc). The flow is the real one:
authorization code with PKCE and nonce, client authentication at the token endpoint, an RS256
id_token verified by the relying party against the published JWKS. Why it is written here and
not taken from an OAuth server package: ADR 0019.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from collections.abc import Mapping
from functools import cache, wraps
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core import signing
from django.core.cache import cache as django_cache
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from joserfc import jwt
from joserfc.jwk import RSAKey

from iwerk.core.validators import is_valid_rsin
from iwerk.portaal.identiteit import ACR, NIVEAU_VAN_ACR
from iwerk.portaal.models import Betrouwbaarheidsniveau

CLIENT_ID = "iwerk-portaal"
CODE_TTL = 120
# Test people and businesses, as the register test doubles know them (the BSNs pass the elfproef
# in the 99999xxxx test range). A real broker sends the BSN or KvK-nummer and the acr, not a name
# or an address: the portaal asks the BRP or the KvK for those. Name and address are shown here
# to pick a person, and sent only when asked for ("met_naw": a broker that releases them, for the
# fallback IWERK_PORTAAL_PREFILL_UIT_CLAIMS).
PERSONEN = (
    {"bsn": "999990007", "naam": "Suzanne Moulin", "straat": "Brink", "huisnummer": 12,
     "postcode": "7411BS", "woonplaats": "Deventer"},
    {"bsn": "999990056", "naam": "Pieter de Boer", "straat": "Grotestraat", "huisnummer": 3,
     "postcode": "8101CZ", "woonplaats": "Raalte"},
    {"bsn": "999990214", "naam": "Fatima el Amrani", "straat": "Langstraat", "huisnummer": 41,
     "postcode": "8131BA", "woonplaats": "Wijhe"},
)  # fmt: skip
BEDRIJVEN = (
    {"kvk": "68750110", "naam": "Evenementenbureau IJsselvallei B.V.", "straat": "Keizerstraat",
     "huisnummer": 7, "postcode": "7411HE", "woonplaats": "Deventer"},
    {"kvk": "69599084", "naam": "Sallands Bouwbedrijf", "straat": "Kanaalstraat",
     "huisnummer": 20, "postcode": "8102EE", "woonplaats": "Raalte"},
)  # fmt: skip


def client_secret() -> str:
    return (
        settings.IWERK_DEMO_SECRET
        or "demo-testidp-" + hashlib.sha256(settings.SECRET_KEY.encode()).hexdigest()[:16]
    )


def alleen_in_demo(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.IWERK_TESTIDP:
            raise Http404("Er is hier geen testinlogvoorziening.")
        return view(request, *args, **kwargs)

    return wrapper


@cache
def _sleutel() -> RSAKey:
    """One RSA key per data directory, shared by every web process (created once, atomically)."""
    path = settings.DATA_DIR / "testidp-sleutel.json"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = RSAKey.generate_key(2048, parameters={"kid": secrets.token_hex(8)})
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(key.as_dict(private=True)))
        try:
            os.link(tmp, path)  # fails when another process won the race: use its key
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return RSAKey.import_key(json.loads(path.read_text()))


def _issuer(request) -> str:
    return request.build_absolute_uri("/testidp")


@alleen_in_demo
def configuratie(request):
    issuer = _issuer(request)
    return JsonResponse(
        {
            "issuer": issuer,
            "authorization_endpoint": f"{issuer}/authorize",
            "token_endpoint": f"{issuer}/token",
            "jwks_uri": f"{issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "acr_values_supported": list(ACR.values()),
            "claims_supported": [
                "sub",
                "bsn",
                "kvk",
                "acr",
                "name",
                "address",
                *(n.split(".")[0] for n in settings.IWERK_PORTAAL_MACHTIGEN_CLAIMS.values()),
            ],
        }
    )


@alleen_in_demo
def jwks(request):
    return JsonResponse({"keys": [_sleutel().as_dict(private=False)]})


def _error(request, redirect_uri: str, state: str, error: str, description: str):
    query = urlencode({"error": error, "error_description": description, "state": state})
    return HttpResponseRedirect(f"{redirect_uri}?{query}")


def _redirect_ok(request, redirect_uri: str) -> bool:
    """Only back to this installation: the test IdP must not be an open redirector."""
    parts = urlsplit(redirect_uri)
    return f"{parts.scheme}://{parts.netloc}" == request.build_absolute_uri("/").rstrip("/")


@alleen_in_demo
def authorize(request):
    params = request.POST if request.method == "POST" else request.GET
    redirect_uri = params.get("redirect_uri", "")
    state = params.get("state", "")
    if params.get("client_id") != CLIENT_ID or not _redirect_ok(request, redirect_uri):
        return render(
            request,
            "portaal/testidp.html",
            {"fout": "Onbekende applicatie of terugkeeradres."},
            status=400,
        )
    if params.get("response_type") != "code" or "openid" not in params.get("scope", "").split():
        return _error(request, redirect_uri, state, "invalid_request", "code flow with openid")
    acr = (params.get("acr_values") or "").split()
    niveau = NIVEAU_VAN_ACR.get(acr[0] if acr else "", "digid_midden")
    middel = niveau.split("_")[0]
    fout = ""
    if request.method == "POST":
        if "annuleren" in request.POST:
            return _error(request, redirect_uri, state, "access_denied", "Inloggen geannuleerd")
        gekozen, fout = _gekozen(middel, request.POST)
        if gekozen is not None:
            code = signing.dumps(
                {
                    "claims": gekozen,
                    "niveau": niveau,
                    "redirect_uri": redirect_uri,
                    "nonce": params.get("nonce", ""),
                    "challenge": params.get("code_challenge", ""),
                },
                salt="testidp-code",
                compress=True,
            )
            query = urlencode({"code": code, "state": state})
            return HttpResponseRedirect(f"{redirect_uri}?{query}")
    return render(
        request,
        "portaal/testidp.html",
        {
            "middel": middel,
            "niveau": Betrouwbaarheidsniveau(niveau).label,
            "keuzes": BEDRIJVEN if middel == "eherkenning" else PERSONEN,
            "personen": PERSONEN,
            "post": request.POST,
            "params": {
                k: params.get(k, "")
                for k in (
                    "client_id",
                    "redirect_uri",
                    "state",
                    "nonce",
                    "scope",
                    "response_type",
                    "acr_values",
                    "code_challenge",
                    "code_challenge_method",
                )
            },
            "fout": fout,
            "eigen": request.POST.get("eigen", ""),
        },
        status=400 if fout else 200,
    )


def _gekozen(middel: str, post: Mapping[str, str]) -> tuple[dict | None, str]:
    """The claims for what was picked, or None and why not."""
    keuze = post.get("keuze", "")
    eigen = post.get("eigen", "").strip().replace(" ", "")
    if middel == "eherkenning":
        record = next((b for b in BEDRIJVEN if b["kvk"] == keuze), None)
        if record is None and not (len(eigen) == 8 and eigen.isdigit()):
            return None, "Vul een geldig KvK-nummer in (8 cijfers)."
        nummer = record["kvk"] if record else eigen
        claims: dict = {"kvk": nummer}
    else:
        record = next((p for p in PERSONEN if p["bsn"] == keuze), None)
        if record is None and not is_valid_rsin(eigen):
            return None, "Vul een geldig BSN in (9 cijfers die de elfproef doorstaan)."
        nummer = record["bsn"] if record else eigen
        claims = {"bsn": nummer}
    if post.get("met_naw"):
        claims.update(_naw(record or {"naam": ""}))
    namens = post.get("namens", "")
    if namens == "eigen":
        namens = post.get("namens_eigen", "").strip().replace(" ", "")
    if not namens:
        return claims, ""
    if not is_valid_rsin(namens) or namens == nummer:
        return None, "Vul een geldig BSN in van de persoon namens wie u handelt."
    namen = settings.IWERK_PORTAAL_MACHTIGEN_CLAIMS
    _zet(claims, namen["vertegenwoordigde"], namens)
    if middel == "digid":
        # DigiD Machtigen names both persons in their own claims, the acting one as gemachtigde.
        del claims["bsn"]
        claims["sub"] = nummer
        _zet(claims, namen["gemachtigde"], nummer)
    else:
        soort = post.get("soort", "bewindvoering")
        _zet(claims, namen["soort"], "ketenmachtiging" if soort == "ketenmachtiging" else soort)
    diensten = post.get("diensten", "").replace(",", " ").split()
    _zet(claims, namen["diensten"], diensten)
    return claims, ""


def _zet(claims: dict, naam: str, value: object) -> None:
    """Set a claim; a dotted name becomes nested claims, as brokers send them."""
    *pad, laatste = naam.split(".")
    for deel in pad:
        claims = claims.setdefault(deel, {})
    claims[laatste] = value


def _naw(record: dict) -> dict:
    if not record.get("straat"):
        return {"name": record.get("naam", "")}
    return {
        "name": record["naam"],
        "address": {
            "street_address": f"{record['straat']} {record['huisnummer']}",
            "straat": record["straat"],
            "huisnummer": record["huisnummer"],
            "postal_code": record["postcode"],
            "locality": record["woonplaats"],
        },
    }


def _client_ok(request) -> bool:
    client_id, secret = request.POST.get("client_id", ""), request.POST.get("client_secret", "")
    header = request.headers.get("Authorization", "")
    if header.startswith("Basic "):
        try:
            client_id, secret = base64.b64decode(header[6:]).decode().split(":", 1)
        except ValueError:
            return False
    return client_id == CLIENT_ID and hmac.compare_digest(secret, client_secret())


def _token_error(error: str, description: str, status: int = 400):
    return JsonResponse({"error": error, "error_description": description}, status=status)


@csrf_exempt  # a back-channel call of the relying party, authenticated by its client secret
@require_POST
@alleen_in_demo
def token(request):
    if not _client_ok(request):
        return _token_error("invalid_client", "client authentication failed", 401)
    if request.POST.get("grant_type") != "authorization_code":
        return _token_error("unsupported_grant_type", "authorization_code only")
    code = request.POST.get("code", "")
    try:
        data = signing.loads(code, salt="testidp-code", max_age=CODE_TTL)
    except signing.BadSignature:
        return _token_error("invalid_grant", "unknown or expired code")
    # A code is used once (per cache; the demo's processes share the signed code, not the cache).
    if not django_cache.add("testidp:" + hashlib.sha256(code.encode()).hexdigest(), 1, CODE_TTL):
        return _token_error("invalid_grant", "code already used")
    if request.POST.get("redirect_uri") != data["redirect_uri"]:
        return _token_error("invalid_grant", "redirect_uri does not match")
    if data["challenge"]:
        verifier = request.POST.get("code_verifier", "")
        digest = hashlib.sha256(verifier.encode()).digest()
        expected = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        if not hmac.compare_digest(expected, data["challenge"]):
            return _token_error("invalid_grant", "PKCE verification failed")
    now = int(time.time())
    claims = {
        "iss": _issuer(request),
        "aud": CLIENT_ID,
        "sub": data["claims"].get("bsn") or data["claims"].get("kvk") or "",
        "iat": now,
        "exp": now + 300,
        "acr": ACR[data["niveau"]],
        **({"nonce": data["nonce"]} if data["nonce"] else {}),
        **data["claims"],
    }
    key = _sleutel()
    id_token = jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)
    return JsonResponse(
        {
            "access_token": secrets.token_urlsafe(24),
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        },
        headers={"Cache-Control": "no-store"},
    )
