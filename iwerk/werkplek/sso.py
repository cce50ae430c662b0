"""Single sign-on with the municipalities' identity provider (Azure AD, ADFS, Keycloak) via OIDC.

Only existing werkplek accounts may sign in: the claim IWERK_OIDC_USERNAME_CLAIM must equal
an iwerk user name (roles are given out in iwerk, docs/adr/0018).
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.urls import path
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView


class WerkplekOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        username = claims.get(settings.IWERK_OIDC_USERNAME_CLAIM)
        if not username:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(username__iexact=username, is_active=True)

    def verify_claims(self, claims) -> bool:
        return bool(claims.get(settings.IWERK_OIDC_USERNAME_CLAIM))


def _only_when_enabled(view):
    def guarded(request, *args, **kwargs):
        if not settings.IWERK_OIDC_ENABLED:
            raise Http404("Single sign-on is niet ingesteld.")
        return view(request, *args, **kwargs)

    return guarded


urlpatterns = [
    path(
        "oidc/authenticate/",
        _only_when_enabled(OIDCAuthenticationRequestView.as_view()),
        name="oidc_authentication_init",
    ),
    path(
        "oidc/callback/",
        _only_when_enabled(OIDCAuthenticationCallbackView.as_view()),
        name="oidc_authentication_callback",
    ),
]
