"""How many destruction lists wait for one person's review, for the werkvoorraad's notice.

The werkvoorraad is the page everyone opens first, so the count costs no query there: it is kept
in the cache per person and per value of the `archief` generation, which every change to a list's
review bumps (services.lijsten and services.beoordeling). The generation counters are read once
per request anyway (core.generations), so a cached count is free.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.cache import cache

from iwerk.archief.selectors.lijsten import open_stappen_van
from iwerk.core import generations

GENERATIE = "archief"


def aantal_te_beoordelen(gebruiker: User) -> int:
    """The review steps waiting for this person now, in every gemeente."""
    key = f"archief:te-beoordelen:{gebruiker.pk}:{generations.current(GENERATIE)}"
    aantal = cache.get(key)
    if aantal is None:
        aantal = len(open_stappen_van(gebruiker))
        cache.set(key, aantal, 24 * 3600)
    return int(aantal)
