"""Cached werkplek contexts follow changes to roles, teams and catalogi; SSO sign-ins count as 2FA."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from iwerk.catalogi.models import Catalogus
from iwerk.core import generations
from iwerk.werkplek.actor import GENERATION
from iwerk.werkplek.models import Roltoewijzing, Team


@receiver([post_save, post_delete], sender=Roltoewijzing)
@receiver([post_save, post_delete], sender=Team)
@receiver([post_save, post_delete], sender=Catalogus)
def _bump(**kwargs) -> None:
    generations.bump(GENERATION)


@receiver(user_logged_in)
def _remember_sso(sender, request, user, **kwargs) -> None:
    # The municipal identity provider enforces its own multi-factor sign-in (docs/adr/0018).
    if request is not None and getattr(user, "backend", "").endswith("WerkplekOIDCBackend"):
        request.session["iwerk_mfa"] = "sso"
