"""Cache invalidation: a cached staff context (medewerkers.actor) follows every change of roles,
teams and catalogi at once.

These stay signals (docs/architecture.md): they keep a cache, not a rule, and a role given in
functioneel beheer (the admin) must reach the running werkplek without any service in between.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from iwerk.catalogi.models import Catalogus
from iwerk.core import generations
from iwerk.medewerkers.actor import GENERATION
from iwerk.medewerkers.models import Roltoewijzing, Team


@receiver([post_save, post_delete], sender=Roltoewijzing)
@receiver([post_save, post_delete], sender=Team)
@receiver([post_save, post_delete], sender=Catalogus)
def _bump(**kwargs: Any) -> None:
    generations.bump(GENERATION)
