"""iwerk as OpenID Connect relying party: one library (Authlib) for werkplek and portaal (ADR 0036).

Authlib does the protocol: the authorization code flow with state, nonce and PKCE (S256), the
token request and the id_token's signature (against the provider's keys) and claims (issuer when
known, audience, expiry, nonce). What each channel adds is its own: the portaal its brokers per
means and the assurance level (`portaal.oidc`), the werkplek the municipal identity provider and
the account a claim names (`werkplek.sso`).
"""

from __future__ import annotations

import base64
from typing import Any

from authlib.integrations.base_client import OAuthError
from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from joserfc.errors import JoseError
from requests import RequestException

# Everything a failed sign-in can raise once the provider has been asked: an error answer
# (OAuthError, also for a state that is not this session's), no answer (RequestException), an
# id_token whose signature or claims do not hold (JoseError), a malformed answer (ValueError).
MISLUKT = (OAuthError, RequestException, JoseError, ValueError)


def client_kwargs(*, timeout: float, scope: str = "openid") -> dict[str, Any]:
    # Authlib's requests session knows `default_timeout`; a plain `timeout` here is silently kept
    # as client metadata and every request then waits forever (ADR 0031).
    return {"scope": scope, "code_challenge_method": "S256", "default_timeout": timeout}


def relying_party(
    name: str,
    *,
    client_id: str,
    client_secret: str,
    timeout: float,
    scope: str = "openid",
    token_endpoint_auth_method: str | None = None,
    **provider: Any,
) -> DjangoOAuth2App:
    """An Authlib client for one provider: `server_metadata_url` (discovery), or its endpoints
    (`authorize_url`, `access_token_url`, `userinfo_endpoint`, `jwks_uri` or `jwks`) given."""
    session = client_kwargs(timeout=timeout, scope=scope)
    if token_endpoint_auth_method:  # else Authlib's default, client_secret_basic
        session["token_endpoint_auth_method"] = token_endpoint_auth_method
    return OAuth().register(
        name=name,
        client_id=client_id,
        client_secret=client_secret,
        client_kwargs=session,
        **provider,
    )


def symmetric_jwks(secret: str) -> dict:
    """The key set for id_tokens signed with the client secret (HS256, RFC 7518 3.2)."""
    key = base64.urlsafe_b64encode(secret.encode()).rstrip(b"=").decode()
    return {"keys": [{"kty": "oct", "k": key}]}
