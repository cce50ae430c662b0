"""The portaal as OpenID Connect relying party of DigiD and eHerkenning (through a broker).

Authlib does the protocol: discovery, state, nonce, PKCE, the token request and the id_token's
signature and claims. What is ours: which broker per means, the claim that holds the BSN or
KvK-nummer, and checking that the assurance level (acr) meets what the product asks.
"""

from __future__ import annotations

from functools import cache

from authlib.integrations.django_client import OAuth
from django.conf import settings

from iwerk.portaal import testidp

MIDDELEN = ("digid", "eherkenning")


class NietIngericht(Exception):
    """No broker configured for this means, and the test IdP is not allowed here."""


@cache
def _geconfigureerd(middel: str):
    conf = settings.IWERK_PORTAAL_OIDC[middel]
    return OAuth().register(
        name=f"portaal-{middel}",
        client_id=conf["client_id"],
        client_secret=conf["client_secret"],
        server_metadata_url=conf["discovery"],
        client_kwargs={"scope": "openid", "code_challenge_method": "S256", "timeout": 10},
    )


def client(request, middel: str):
    """The OIDC client for DigiD or eHerkenning: the configured broker, else the demo's test IdP."""
    if settings.IWERK_PORTAAL_OIDC[middel]["discovery"]:
        return _geconfigureerd(middel)
    if not settings.IWERK_TESTIDP:
        raise NietIngericht(middel)
    # The test IdP lives in this installation, at whatever address the request came in on.
    return OAuth().register(
        name=f"portaal-{middel}",
        client_id=testidp.CLIENT_ID,
        client_secret=testidp.client_secret(),
        server_metadata_url=request.build_absolute_uri("/testidp/.well-known/openid-configuration"),
        client_kwargs={"scope": "openid", "code_challenge_method": "S256", "timeout": 10},
    )


def claim(middel: str) -> str:
    return settings.IWERK_PORTAAL_OIDC[middel]["claim"]


def is_test(middel: str) -> bool:
    return not settings.IWERK_PORTAAL_OIDC[middel]["discovery"]
