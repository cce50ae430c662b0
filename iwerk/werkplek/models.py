"""What the werkplek keeps of its own: saved werkvoorraad filters.

Staff, teams and roles live in iwerk.medewerkers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from iwerk.core.models import Gemeente


class OpgeslagenFilter(models.Model):
    """A werkvoorraad filter a user saved under a name, per gemeente."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+")
    naam = models.CharField(max_length=60)
    querystring = models.CharField(max_length=1000)

    class Meta:
        verbose_name = "opgeslagen filter"
        verbose_name_plural = "opgeslagen filters"
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["gebruiker", "gemeente", "naam"], name="unique_filter_naam"
            )
        ]

    def __str__(self) -> str:
        return self.naam
