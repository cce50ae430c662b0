"""ZGW JWT (HS256, shared secret per client_id) verification.

A client sends the same token for as long as it is valid, so a verified token is remembered in a
small in-process LRU, keyed on the token string (ADR 0042): the next request with it skips both
decodes (base64, JSON, HMAC), ~0.1 ms. An entry holds the secret it was verified with and is used
only while the client's current secret (from the actor resolver, which follows the autorisatie
generation) is still that secret, so a rotated secret refuses the token on the very next request.
The checks that depend on the clock (exp, nbf, iat age and the iat leeway) run on every request.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

import jwt
from django.conf import settings

from iwerk.core.api.problems import NotAuthenticated

CACHE_SIZE = 1024
CACHE_MAX_TOKEN = 4096  # characters; a longer token is verified on every request


@dataclass(frozen=True, slots=True)
class _Verified:
    client_id: str
    secret: str
    claims: dict


class _VerifiedTokens:
    """A bounded LRU of verified tokens, shared by the threads of a worker."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[str, _Verified] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, token: str) -> _Verified | None:
        with self._lock:
            entry = self._entries.get(token)
            if entry is not None:
                self._entries.move_to_end(token)
            return entry

    def put(self, token: str, entry: _Verified) -> None:
        if len(token) > CACHE_MAX_TOKEN:
            return
        with self._lock:
            self._entries[token] = entry
            self._entries.move_to_end(token)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def discard(self, token: str) -> None:
        with self._lock:
            self._entries.pop(token, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


verified_tokens = _VerifiedTokens(CACHE_SIZE)


def _client_id_claim(claims: dict) -> str:
    client_id = claims.get("client_id") or claims.get("iss")
    if not isinstance(client_id, str) or not client_id:
        raise NotAuthenticated("Het JWT bevat geen client_id (of iss) claim.")
    return client_id


def client_id_of(token: str) -> str:
    """The client_id claim (falling back to iss) of a token, before its signature is checked."""
    remembered = verified_tokens.get(token)
    if remembered is not None:
        return remembered.client_id
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise NotAuthenticated("Het JWT kon niet gelezen worden.") from exc
    return _client_id_claim(claims)


def _signed_claims(token: str, secret: str, leeway: float) -> dict:
    """The claims of a token signed with secret, its exp and nbf checked now (PyJWT's rules).

    From the cache when this token was verified with this secret before: every check that does
    not depend on the clock (signature, format, required iat, aud) gave the same answer then; the
    clock checks run again, with the leeway of now. Otherwise decoded in full and remembered.
    """
    remembered = verified_tokens.get(token)
    # Both secrets are the server's own (the token only chooses the entry): a plain comparison.
    if remembered is not None and remembered.secret == secret:
        claims = remembered.claims
        now = time.time()
        if "nbf" in claims and int(claims["nbf"]) > now + leeway:
            raise jwt.ImmatureSignatureError("The token is not yet valid (nbf)")
        if "exp" in claims and int(claims["exp"]) <= now - leeway:
            raise jwt.ExpiredSignatureError("Signature has expired")
        return claims
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=["HS256"],
            leeway=leeway,
            options={"require": ["iat"], "verify_iat": False},
        )
    except jwt.PyJWTError:
        verified_tokens.discard(token)  # e.g. verified with the secret before it was rotated
        raise
    client_id = claims.get("client_id") or claims.get("iss")
    if isinstance(client_id, str) and client_id:
        verified_tokens.put(token, _Verified(client_id, secret, claims))
    return claims


def verify(token: str, secret: str, *, now: float | None = None) -> dict:
    """Check signature and age of a token; return its claims.

    Tokens are refused when iat is older than IWERK_JWT_EXPIRY or lies further in the
    future than IWERK_JWT_LEEWAY (clients' clocks drift by minutes).
    """
    leeway = settings.IWERK_JWT_LEEWAY
    try:
        claims = _signed_claims(token, secret, leeway)
    except jwt.ExpiredSignatureError as exc:
        raise NotAuthenticated("Het JWT is verlopen.", code="jwt-expired") from exc
    except jwt.MissingRequiredClaimError as exc:
        raise NotAuthenticated(
            "Het JWT mist de verplichte claim 'iat'.", code="jwt-missing-iat"
        ) from exc
    except jwt.InvalidSignatureError as exc:
        raise NotAuthenticated(
            "De handtekening van het JWT is ongeldig.", code="jwt-invalid-signature"
        ) from exc
    except jwt.PyJWTError as exc:
        raise NotAuthenticated(f"Het JWT is ongeldig: {exc}.", code="jwt-invalid") from exc

    iat = claims.get("iat")
    if not isinstance(iat, int | float) or isinstance(iat, bool):
        raise NotAuthenticated("De claim 'iat' moet een tijdstempel zijn.", code="jwt-invalid")
    current = time.time() if now is None else now
    if iat > current + leeway:
        raise NotAuthenticated("Het JWT is uitgegeven in de toekomst (iat).", code="jwt-immature")
    if current - iat > settings.IWERK_JWT_EXPIRY + leeway:
        raise NotAuthenticated("Het JWT is verlopen.", code="jwt-expired")
    return dict(claims)  # a copy: the remembered claims stay as verified
