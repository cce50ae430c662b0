"""Cache invalidation: a change of a Toegang or Token holds from the next request on
(selectors.toegang caches what a key may do under the generation "klantinteracties-toegang")."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from iwerk.core import generations
from iwerk.klantinteracties.models import Toegang, Token
from iwerk.klantinteracties.selectors.toegang import GENERATIE


def bump_generation(**_kwargs) -> None:
    generations.bump(GENERATIE)


for model in (Toegang, Token):
    post_save.connect(bump_generation, sender=model, dispatch_uid=f"ki-save-{model.__name__}")
    post_delete.connect(bump_generation, sender=model, dispatch_uid=f"ki-delete-{model.__name__}")
