"""SSO sign-ins count as the second factor in the werkplek.

The cache invalidation of staff contexts (roles, teams, catalogi) moved with the roles to
iwerk.medewerkers.signals.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in)
def _remember_sso(sender, request, user, **kwargs) -> None:
    # The municipal identity provider enforces its own multi-factor sign-in (docs/adr/0018).
    if request is not None and getattr(user, "backend", "").endswith("WerkplekOIDCBackend"):
        request.session["iwerk_mfa"] = "sso"
