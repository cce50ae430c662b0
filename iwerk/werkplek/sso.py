"""Single sign-on with the municipalities' identity provider (Azure AD, ADFS, Keycloak) via OIDC.

Only existing werkplek accounts may sign in: the claim IWERK_OIDC_USERNAME_CLAIM must equal
an iwerk user name (roles are given out in iwerk, docs/adr/0018). The protocol is Authlib's, as
in the portaal (`core.oidc`, ADR 0036): authorization code flow with state, nonce and PKCE, the
id_token checked against the provider's keys (its JWKS, or the client secret for HS256), then
the account's claims from the userinfo endpoint.
"""

from __future__ import annotations

import logging

from authlib.integrations.django_client import DjangoOAuth2App
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model, login, logout
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET
from joserfc import jwt
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from iwerk.core import oidc

logger = logging.getLogger(__name__)
NAAM = "werkplek-sso"  # Authlib keeps a sign-in's state, nonce and PKCE verifier under this name
SESSION_VOLGENDE = "iwerk_sso_volgende"


class WerkplekOIDCBackend(ModelBackend):
    """The account the identity provider's claims name: existing, active, exactly one."""

    def authenticate(self, request, oidc_claims: dict | None = None, **kwargs):
        username = (oidc_claims or {}).get(settings.IWERK_OIDC_USERNAME_CLAIM)
        if not username:
            return None
        users = list(get_user_model().objects.filter(username__iexact=username, is_active=True)[:2])
        return users[0] if len(users) == 1 else None


def _client() -> DjangoOAuth2App:
    algo = settings.OIDC_RP_SIGN_ALGO
    if algo.startswith("HS") and settings.OIDC_RP_CLIENT_SECRET:
        sleutels = {"jwks": oidc.symmetric_jwks(settings.OIDC_RP_CLIENT_SECRET)}
    elif settings.OIDC_OP_JWKS_ENDPOINT:
        sleutels = {"jwks_uri": settings.OIDC_OP_JWKS_ENDPOINT}
    else:
        needs = "IWERK_OIDC_CLIENT_SECRET" if algo.startswith("HS") else "IWERK_OIDC_JWKS_ENDPOINT"
        raise ImproperlyConfigured(f"IWERK_OIDC_SIGN_ALGO {algo} needs {needs}.")
    return oidc.relying_party(
        NAAM,
        client_id=settings.OIDC_RP_CLIENT_ID,
        client_secret=settings.OIDC_RP_CLIENT_SECRET,
        timeout=settings.OIDC_TIMEOUT,
        scope=settings.OIDC_RP_SCOPES,
        # The client secret in the form, as the werkplek has always sent it.
        token_endpoint_auth_method="client_secret_post",
        authorize_url=settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
        access_token_url=settings.OIDC_OP_TOKEN_ENDPOINT,
        userinfo_endpoint=settings.OIDC_OP_USER_ENDPOINT,
        id_token_signing_alg_values_supported=[algo],  # no other algorithm is accepted
        **sleutels,
    )


def _only_when_enabled(view):
    def guarded(request, *args, **kwargs):
        if not settings.IWERK_OIDC_ENABLED:
            raise Http404("Single sign-on is niet ingesteld.")
        return view(request, *args, **kwargs)

    return guarded


@require_GET
def starten(request):
    """To the identity provider, remembering where the user wanted to go (`?next=`, this host)."""
    volgende = request.GET.get("next")
    if volgende and not url_has_allowed_host_and_scheme(
        volgende, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        volgende = None
    request.session[SESSION_VOLGENDE] = volgende
    terug = request.build_absolute_uri(reverse("oidc_authentication_callback"))
    return _client().authorize_redirect(request, terug)


@require_GET
def terug(request):
    """The provider sends the user back with a code; Authlib checks state, PKCE and id_token."""
    client = _client()
    state = request.GET.get("state")
    if request.GET.get("error"):
        if state:
            client.framework.clear_state_data(request.session, state)
        if request.user.is_authenticated:
            logout(request)
        return _mislukt()
    if not request.GET.get("code") or not state or not _poging_loopt(request):
        return _mislukt()  # e.g. the session ended while the user was at the provider
    if client.framework.get_state_data(request.session, state) is None:
        raise SuspiciousOperation("OIDC callback with a state this session did not hand out")
    try:
        token = client.authorize_access_token(request)
        claims = _claims(client, token)
    except oidc.MISLUKT as exc:
        logger.warning("Werkplek SSO failed: %r", exc)
        return _mislukt()
    user = authenticate(request, oidc_claims=claims)
    if user is None or not user.is_active:
        return _mislukt()
    volgende = request.session.pop(SESSION_VOLGENDE, None)
    if not request.user.is_authenticated or request.user != user:
        login(request, user)
    return HttpResponseRedirect(volgende or resolve_url(settings.LOGIN_REDIRECT_URL))


def _poging_loopt(request) -> bool:
    keys = request.session.keys()  # a session itself is not iterable
    return any(key.startswith(f"_state_{NAAM}_") for key in keys)


def _claims(client: DjangoOAuth2App, token: dict) -> dict:
    """The userinfo endpoint's claims about the user the (checked) id_token is about."""
    id_token = token.get("userinfo")
    if not id_token:
        raise ValueError("the token answer has no id_token")
    if not settings.OIDC_OP_USER_ENDPOINT:
        return dict(id_token)
    response = client.get(settings.OIDC_OP_USER_ENDPOINT, token=token)
    response.raise_for_status()
    if response.headers.get("Content-Type", "").lower().startswith("application/jwt"):
        claims = jwt.decode(
            response.text,
            KeySet.import_key_set(client.fetch_jwk_set()),
            registry=JWSRegistry(algorithms=[settings.OIDC_RP_SIGN_ALGO]),
        ).claims
    else:
        claims = response.json()
    if not isinstance(claims, dict) or claims.get("sub") != id_token.get("sub"):
        raise ValueError("the userinfo is about another subject than the id_token")
    return claims


def _mislukt():
    return HttpResponseRedirect(settings.LOGIN_REDIRECT_URL_FAILURE)


urlpatterns = [
    path(
        "oidc/authenticate/",
        _only_when_enabled(starten),
        name="oidc_authentication_init",
    ),
    path(
        "oidc/callback/",
        _only_when_enabled(terug),
        name="oidc_authentication_callback",
    ),
]
