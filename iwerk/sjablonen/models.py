"""Letter and message templates per gemeente and zaaktype, versioned, with merge fields from the
zaak, its betrokkenen, the besluit and the handler; and the letters made from them (ADR 0058).
A template of soort "email" is the text of the handler's message to the aanvrager in Mijn zaken
(ADR 0062): no document, so no documenttype.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from iwerk.core.choices import Vertrouwelijkheidaanduiding
from iwerk.core.models import Gemeente


class Sjabloonsoort(models.TextChoices):
    ontvangstbevestiging = "ontvangstbevestiging", "Ontvangstbevestiging"
    uitnodiging = "uitnodiging", "Uitnodiging"
    beschikking = "beschikking", "Beschikking"
    besluitbrief = "besluitbrief", "Besluitbrief"
    # The value stays "email" (stored rows keep it); the text is the handler's message in Mijn
    # zaken, which the aanvrager is only pointed to, never sent by e-mail (ADR 0055, 0062).
    email = "email", "Bericht aan aanvrager"
    overig = "overig", "Overige brief"


BERICHT = Sjabloonsoort.email


class Sjabloon(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+")
    naam = models.CharField(max_length=100)
    soort = models.CharField(max_length=30, choices=Sjabloonsoort.choices)
    zaaktype_identificatie = models.CharField(
        "zaaktype",
        max_length=50,
        blank=True,
        help_text="Leeg: voor alle zaaktypen van de gemeente.",
    )
    informatieobjecttype_omschrijving = models.CharField(
        "documenttype",
        max_length=80,
        blank=True,  # required for letters; a message to the aanvrager is no document
        help_text="Het informatieobjecttype waarmee de brief als document bij de zaak komt; "
        "leeg bij een bericht aan de aanvrager.",
    )
    vertrouwelijkheidaanduiding = models.CharField(
        max_length=20,
        choices=Vertrouwelijkheidaanduiding.choices,
        default=Vertrouwelijkheidaanduiding.zaakvertrouwelijk,
    )
    ook_docx = models.BooleanField(
        "ook als Word-bestand",
        default=False,
        help_text="Naast de PDF ook een DOCX om verder te bewerken.",
    )
    bewerkbaar = models.BooleanField(
        "tekst aanpasbaar",
        default=True,
        help_text="De behandelaar mag de tekst vóór opslaan aanpassen.",
    )
    actief = models.BooleanField(default=True)

    class Meta:
        verbose_name = "sjabloon"
        verbose_name_plural = "sjablonen"
        ordering = ["gemeente", "naam"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "naam"], name="unique_sjabloon_naam")
        ]

    def __str__(self) -> str:
        return self.naam

    @property
    def is_bericht(self) -> bool:
        """A message to the aanvrager (no document), not a letter."""
        return self.soort == BERICHT


class SjabloonVersie(models.Model):
    """One text of a template; a change makes a new version, the old ones stay (letters made
    from them name their version)."""

    sjabloon = models.ForeignKey(Sjabloon, on_delete=models.CASCADE, related_name="versies")
    versie = models.PositiveIntegerField()
    onderwerp = models.CharField(max_length=200)
    tekst = models.TextField()
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    aangemaakt_door = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = "sjabloonversie"
        verbose_name_plural = "sjabloonversies"
        ordering = ["sjabloon", "-versie"]
        constraints = [
            models.UniqueConstraint(fields=["sjabloon", "versie"], name="unique_sjabloonversie")
        ]

    def __str__(self) -> str:
        return f"{self.sjabloon} v{self.versie}"


class Brief(models.Model):
    """A letter made from a template version and stored as a document of the zaak."""

    zaak = models.ForeignKey("zaken.Zaak", on_delete=models.CASCADE, related_name="+")
    versie = models.ForeignKey(SjabloonVersie, on_delete=models.PROTECT, related_name="+")
    informatieobject_uuid = models.UUIDField()
    docx_uuid = models.UUIDField(null=True, blank=True)
    tekst_aangepast = models.BooleanField(default=False)
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    aangemaakt_door = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = "brief"
        verbose_name_plural = "brieven"
        indexes = [models.Index(fields=["zaak", "-aangemaakt_op"], name="brief_zaak_idx")]

    def __str__(self) -> str:
        return f"{self.versie} bij zaak {self.zaak_id}"
