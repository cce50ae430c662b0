"""ZGW JWT (HS256, shared secret per client_id) verification."""

from __future__ import annotations

import time

import jwt
from django.conf import settings

from iwerk.core.api.problems import NotAuthenticated


def client_id_of(token: str) -> str:
    """The client_id claim (falling back to iss) of a token, before its signature is checked."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise NotAuthenticated("Het JWT kon niet gelezen worden.") from exc
    client_id = claims.get("client_id") or claims.get("iss")
    if not isinstance(client_id, str) or not client_id:
        raise NotAuthenticated("Het JWT bevat geen client_id (of iss) claim.")
    return client_id


def verify(token: str, secret: str, *, now: float | None = None) -> dict:
    """Check signature and age of a token; return its claims.

    Tokens are refused when iat is older than IWERK_JWT_EXPIRY or lies further in the
    future than IWERK_JWT_LEEWAY (clients' clocks drift by minutes).
    """
    leeway = settings.IWERK_JWT_LEEWAY
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=["HS256"],
            leeway=leeway,
            options={"require": ["iat"], "verify_iat": False},
        )
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
    return claims
