"""Which statuses have a checklist anywhere: a status change elsewhere costs no statement."""

from __future__ import annotations

from django.core.cache import cache

from iwerk.core import generations
from iwerk.werkverdeling.models import Taaksjabloon

# Bumped by every change of a checklist task (services.taken): the cached set follows at once.
GENERATIE = "werkverdeling-taken"
_SECONDEN = 300


def statussen_met_taken() -> frozenset[str]:
    """The statustype omschrijvingen that some active checklist task of any gemeente names,
    cached per checklist generation (read with the request's other generations): reaching any
    other status makes no tasks and needs no query (services.taken.status_bereikt)."""
    key = f"iwerk:werkverdeling:statussen:{generations.current(GENERATIE)}"
    result = cache.get(key)
    if result is None:
        result = frozenset(
            Taaksjabloon.objects.filter(actief=True)
            .order_by()
            .values_list("statustype_omschrijving", flat=True)
            .distinct()
        )
        cache.set(key, result, _SECONDEN)
    return result
