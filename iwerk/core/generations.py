"""Generation counters for cache invalidation across processes (see core.models.Generatie)."""

from __future__ import annotations

from django.db.models import F

from iwerk.core.models import Generatie


def current(naam: str) -> int:
    return Generatie.objects.filter(naam=naam).values_list("waarde", flat=True).first() or 0


def bump(naam: str) -> None:
    """Increment within the caller's transaction: readers see the new value only after commit."""
    if not Generatie.objects.filter(naam=naam).update(waarde=F("waarde") + 1):
        Generatie.objects.get_or_create(naam=naam, defaults={"waarde": 1})
