"""Cache invalidation: every change to an abonnement or kanaal moves the abonnementen generation.

The outbox caches the filter groups per kanaal within a request, keyed on this generation
(outbox.filtergroepen). Announcing catalogi types and applicaties is not done here: their
services publish events (iwerk/verbindingen.py, ADR 0037).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from iwerk.core import generations
from iwerk.notificaties.models import Abonnement, AbonnementKanaal, Kanaal
from iwerk.notificaties.services import outbox


def _abonnementen_changed(sender, **kwargs) -> None:
    """Cached filter groups (outbox.filtergroepen) are keyed on this generation."""
    generations.bump(outbox.ABONNEMENTEN)


def connect() -> None:
    for model in (Abonnement, AbonnementKanaal, Kanaal):
        for signal in (post_save, post_delete):
            signal.connect(
                _abonnementen_changed, sender=model, dispatch_uid=f"abonnementen-{model.__name__}"
            )
