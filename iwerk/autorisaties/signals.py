"""Cache invalidation: every change that can alter what a client may do bumps the generation."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from iwerk.autorisaties.models import (
    Applicatie,
    ApplicatieClient,
    Autorisatie,
    CatalogusAutorisatie,
    JWTSecret,
)
from iwerk.catalogi.models import BesluitType, InformatieObjectType, ZaakType
from iwerk.core import generations

GENERATIE = "autorisaties"


def bump_generation(**_kwargs) -> None:
    generations.bump(GENERATIE)


for model in (Applicatie, ApplicatieClient, Autorisatie, CatalogusAutorisatie, JWTSecret):
    post_save.connect(bump_generation, sender=model, dispatch_uid=f"bump-save-{model.__name__}")
    post_delete.connect(bump_generation, sender=model, dispatch_uid=f"bump-delete-{model.__name__}")
m2m_changed.connect(
    bump_generation, sender=Applicatie.gemeenten.through, dispatch_uid="bump-gemeenten"
)


def _type_created_or_deleted(sender, created: bool = True, **kwargs) -> None:
    # Autorisaties may name a type URL before the type exists; resolve again when it appears.
    if created:
        bump_generation()


for model in (ZaakType, InformatieObjectType, BesluitType):
    post_save.connect(
        _type_created_or_deleted, sender=model, dispatch_uid=f"bump-type-save-{model.__name__}"
    )
    post_delete.connect(
        _type_created_or_deleted, sender=model, dispatch_uid=f"bump-type-delete-{model.__name__}"
    )
