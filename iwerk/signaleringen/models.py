"""Signals to staff: something was assigned to them or their team, added to their zaak, a
deadline comes near or passed, an approval waits (ADR 0057).

Every signal is derived from a service's event (iwerk/verbindingen.py) or, for deadlines, from an
indexed day range; its ``sleutel`` makes it once per event and person.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from iwerk.core.models import Gemeente


class Soort(models.TextChoices):
    zaak_toegewezen = "zaak_toegewezen", "Zaak aan u toegewezen"
    zaak_team = "zaak_team", "Zaak in de wachtrij van uw team"
    taak_toegewezen = "taak_toegewezen", "Taak voor u of uw team"
    document_toegevoegd = "document_toegevoegd", "Document toegevoegd aan uw zaak"
    bericht_ontvangen = "bericht_ontvangen", "Bericht van de aanvrager"
    termijn_nadert = "termijn_nadert", "Termijn nadert"
    termijn_verstreken = "termijn_verstreken", "Termijn verstreken"
    goedkeuring_gevraagd = "goedkeuring_gevraagd", "Goedkeuring gevraagd"
    goedkeuring_beslist = "goedkeuring_beslist", "Goedkeuring beslist"


class Signalering(models.Model):
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+")
    soort = models.CharField(max_length=30, choices=Soort.choices)
    tekst = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    zaak = models.ForeignKey(
        "zaken.Zaak", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    taak = models.ForeignKey(
        "werkverdeling.Taak", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # For whom it was meant when that person is away (their team receives it instead).
    namens = models.CharField(max_length=150, blank=True)
    # One signal per event and person: e.g. "taak:<uuid>:toegewezen" or "termijn:<zaak>:<day>".
    sleutel = models.CharField(max_length=200)
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    gelezen_op = models.DateTimeField(null=True, blank=True)
    gemaild_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "signalering"
        verbose_name_plural = "signaleringen"
        constraints = [
            models.UniqueConstraint(fields=["gebruiker", "sleutel"], name="unique_signalering")
        ]
        indexes = [
            models.Index(
                fields=["gebruiker", "gemeente", "-aangemaakt_op"], name="signalering_lijst_idx"
            ),
            models.Index(
                fields=["gebruiker", "gemeente"],
                condition=models.Q(gelezen_op__isnull=True),
                name="signalering_ongelezen_idx",
            ),
            models.Index(
                fields=["aangemaakt_op"],
                condition=models.Q(gemaild_op__isnull=True),
                name="signalering_te_mailen_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.tekst


class Mailvoorkeur(models.TextChoices):
    direct = "direct", "Direct per e-mail"
    dagelijks = "dagelijks", "Eén keer per dag een overzicht"
    nooit = "nooit", "Geen e-mail, alleen in de werkplek"


class Instelling(models.Model):
    gebruiker = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    email = models.CharField(
        "e-mail over signaleringen",
        max_length=20,
        choices=Mailvoorkeur.choices,
        default=Mailvoorkeur.dagelijks,
    )

    class Meta:
        verbose_name = "signaleringsinstelling"
        verbose_name_plural = "signaleringsinstellingen"

    def __str__(self) -> str:
        return f"{self.gebruiker}: {self.get_email_display()}"


class Samenvatting(models.Model):
    """The daily digest sent to one person for one day: the unique row makes it once."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    datum = models.DateField()
    verstuurd_op = models.DateTimeField(default=timezone.now)
    aantal = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "dagelijkse samenvatting"
        verbose_name_plural = "dagelijkse samenvattingen"
        constraints = [
            models.UniqueConstraint(fields=["gebruiker", "datum"], name="unique_samenvatting")
        ]

    def __str__(self) -> str:
        return f"{self.gebruiker} {self.datum:%d-%m-%Y}"
